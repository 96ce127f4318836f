#!/usr/bin/env python3
"""Reader benchmark: piao's streaming XLSX reader vs python-calamine and openpyxl.

This is a benchmark harness, not a test: it always exits 0 when it managed to
measure, whatever the verdict (use --strict to exit 1 on a failed target).

    python3 bench/reader_bench.py [--repeat N] [--quick] [--json OUT]

Standard library only. It
  * creates/reuses the venv .build-bench/venv with the pinned peers of
    bench/requirements.txt (pip install only when the pins changed);
  * generates, once, the workbooks under .build-bench/data/ with
    `.build/release/piao-bench generate` (100,000 x 10 and 10,000 x 10);
  * runs every tool N times as separate processes, round-robin, after a
    warm-up run, measuring wall time outside the process and peak RSS
    (ru_maxrss from wait4);
  * prints a table, a cell-count cross-check and a verdict against the targets.

See bench/README.md for what the columns mean.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import posixpath
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_SRC = ROOT / "bench"
WORK = ROOT / ".build-bench"
VENV = WORK / "venv"
DATA = WORK / "data"
REQUIREMENTS = BENCH_SRC / "requirements.txt"
PIAO_BENCH = ROOT / ".build" / "release" / "piao-bench"
LAUNCHER_SRC = BENCH_SRC / "tools" / "rusage_run.c"
LAUNCHER = WORK / "rusage-run"

# (label, rows, cols); cells = (rows + 1 header row) * cols.
FILES = [
    ("1M", 100_000, 10),
    ("100k", 10_000, 10),
]
BIG_LABEL = "1M"

OURS = "piao"
CALAMINE = "python-calamine"
OPENPYXL = "openpyxl (read_only)"
INFLATE = "inflate only"

# Issue 16's targets: distance to the floor (holds on any machine), then the peer and memory.
TARGET_FLOOR_RATIO = 1.25  # ours median <= 1.25 x inflate-only median on the 1M file
TARGET_SPEED_RATIO = 0.25  # ours median <= 0.25 x calamine median on the 1M file
TARGET_RSS_MIB = 30.0      # ours peak RSS <= 30 MiB on every file


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Environment: venv, launcher, input files
# --------------------------------------------------------------------------

def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> dict:
    """Create/reuse the venv and make sure the pinned peers are installed."""
    py = venv_python()
    if not py.exists():
        log(f"bench: creating venv {VENV.relative_to(ROOT)}")
        WORK.mkdir(parents=True, exist_ok=True)
        r = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
        if r.returncode != 0 or not py.exists():
            sys.exit("bench: could not create the venv (on Debian: apt-get install python3-venv)")
    stamp = VENV / ".bench-requirements"
    wanted = REQUIREMENTS.read_text()
    if not stamp.exists() or stamp.read_text() != wanted:
        log("bench: installing pinned peers (pip install -r bench/requirements.txt)")
        r = subprocess.run([str(py), "-m", "pip", "install", "--disable-pip-version-check",
                            "-q", "-r", str(REQUIREMENTS)])
        if r.returncode != 0:
            sys.exit("bench: pip install failed")
        stamp.write_text(wanted)
    probe = ("import json, sys, importlib.metadata as m;"
             "print(json.dumps({'python': sys.version.split()[0],"
             "'python-calamine': m.version('python-calamine'),"
             "'openpyxl': m.version('openpyxl')}))")
    r = subprocess.run([str(py), "-c", probe], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"bench: venv is broken, delete {VENV} and retry\n{r.stderr}")
    return json.loads(r.stdout)


def ensure_launcher(disabled: bool) -> Path | None:
    """Build the tiny fork/exec/wait4 launcher (see bench/tools/rusage_run.c)."""
    if disabled:
        return None
    if LAUNCHER.exists() and LAUNCHER.stat().st_mtime >= LAUNCHER_SRC.stat().st_mtime:
        return LAUNCHER
    WORK.mkdir(parents=True, exist_ok=True)
    candidates = [os.environ.get("CC"), "cc", "gcc", "clang"]
    for cc in [c for c in candidates if c]:
        if shutil.which(cc) is None:
            continue
        r = subprocess.run([cc, "-O2", "-o", str(LAUNCHER), str(LAUNCHER_SRC)],
                           capture_output=True, text=True)
        if r.returncode == 0:
            return LAUNCHER
        log(f"bench: {cc} failed to build the launcher:\n{r.stderr}")
    log("bench: WARNING: no C compiler; measuring RSS with wait4 on direct children, "
        "whose ru_maxrss is never below the driver's own RSS (see 'spawn floor').")
    return None


def first_sheet_part(path: Path) -> str:
    """Zip member of the first worksheet (for the inflate-only floor)."""
    ns_main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    ns_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ns_pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    try:
        with zipfile.ZipFile(path) as zf:
            wb = ET.fromstring(zf.read("xl/workbook.xml"))
            sheet = wb.find(f"{{{ns_main}}}sheets/{{{ns_main}}}sheet")
            rid = sheet.get(f"{{{ns_rel}}}id")
            rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            for rel in rels.findall(f"{{{ns_pkg}}}Relationship"):
                if rel.get("Id") == rid:
                    target = rel.get("Target")
                    if target.startswith("/"):
                        return target[1:]
                    return posixpath.normpath(posixpath.join("xl", target))
    except (KeyError, AttributeError, ET.ParseError, zipfile.BadZipFile):
        pass
    return "xl/worksheets/sheet1.xml"


def ensure_file(label: str, rows: int, cols: int, regen: bool) -> Path:
    """Generate once with `piao-bench generate` and cache."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"piao-{rows}x{cols}.xlsx"
    if path.exists() and not regen:
        return path
    partial = path.with_name(path.stem + ".partial.xlsx")
    cmd = [str(PIAO_BENCH), "generate", "--rows", str(rows), "--cols", str(cols), str(partial)]
    log(f"bench: generating {path.relative_to(ROOT)} ({rows} x {cols}) ...")
    t0 = time.perf_counter()
    r = subprocess.run(cmd)
    if r.returncode != 0 or not partial.exists():
        sys.exit(f"bench: generator failed ({' '.join(cmd)})")
    partial.replace(path)
    log(f"bench:   done in {time.perf_counter() - t0:.1f} s, {path.stat().st_size / 1e6:.1f} MB")
    return path


# --------------------------------------------------------------------------
# Running one process
# --------------------------------------------------------------------------

def run_once(argv: list[str], launcher: Path | None, capture: bool, timeout: float) -> dict:
    """Run argv once; return wall seconds, peak RSS (KiB), exit code, stdout, stderr.

    With the launcher: wall time and ru_maxrss come from the launcher's wait4 on
    its own child (a grandchild of this driver). Without it: wall time is taken
    around Popen..os.wait4 here and ru_maxrss is that of our direct child.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdout = out if capture else subprocess.DEVNULL
        report_r = report_w = None
        cmd = argv
        pass_fds: tuple[int, ...] = ()
        if launcher is not None:
            report_r, report_w = os.pipe()
            cmd = [str(launcher), str(report_w)] + argv
            pass_fds = (report_w,)
        timed_out = []

        def kill_group() -> None:
            timed_out.append(True)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=err,
                                pass_fds=pass_fds, start_new_session=True)
        if report_w is not None:
            os.close(report_w)
        timer = threading.Timer(timeout, kill_group)
        timer.start()
        try:
            _, status, ru = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        maxrss = ru.ru_maxrss
        if report_r is not None:
            with os.fdopen(report_r, "rb") as fh:
                report = fh.read().decode().split()
            if len(report) == 3:
                maxrss, wall = int(report[0]), int(report[1]) / 1e9
        out.seek(0)
        err.seek(0)
        return {
            "wall_s": wall,
            "maxrss_kib": maxrss,
            "exit": proc.returncode,
            "timed_out": bool(timed_out),
            "stdout": out.read().decode(errors="replace"),
            "stderr": err.read().decode(errors="replace"),
        }


def parse_json_line(stdout: str, keys=("cells", "seconds")) -> dict | None:
    """The last JSON object line of a tool's stdout, when it has all `keys`."""
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                obj = json.loads(line)
            except ValueError:
                return None
            if isinstance(obj, dict) and all(k in obj for k in keys):
                return obj
            return None
    return None


def spawn_floor_kib(launcher: Path | None) -> int:
    """ru_maxrss reported for /bin/true: the smallest figure this method can show."""
    true = shutil.which("true") or "/bin/true"
    return min(run_once([true], launcher, capture=False, timeout=10)["maxrss_kib"]
               for _ in range(3))


# --------------------------------------------------------------------------
# Benchmark
# --------------------------------------------------------------------------

def tools_for(path: Path) -> list[dict]:
    py = str(venv_python())
    return [
        {"name": OURS, "argv": [str(PIAO_BENCH), "read", str(path)], "reads_cells": True},
        {"name": CALAMINE, "argv": [py, str(BENCH_SRC / "peers" / "read_calamine.py"), str(path)],
         "reads_cells": True},
        {"name": OPENPYXL, "argv": [py, str(BENCH_SRC / "peers" / "read_openpyxl.py"), str(path)],
         "reads_cells": True},
        {"name": INFLATE, "argv": ["unzip", "-p", str(path), first_sheet_part(path)],
         "reads_cells": False},
    ]


def bench_file(label: str, rows: int, cols: int, path: Path,
               launcher: Path | None, repeat: int, warmup: int, timeout: float) -> dict:
    tools = tools_for(path)
    for t in tools:
        t["runs"] = []
        t["errors"] = []

    def one(t: dict, record: bool) -> None:
        if t["errors"] and not record:
            return
        res = run_once(t["argv"], launcher, capture=t["reads_cells"], timeout=timeout)
        entry = {"wall_s": res["wall_s"], "maxrss_kib": res["maxrss_kib"]}
        ok = res["exit"] == 0 and not res["timed_out"]
        if t["reads_cells"] and ok:
            parsed = parse_json_line(res["stdout"])
            if parsed is None:
                ok = False
                res["stderr"] += "\n(no {\"cells\":N,\"seconds\":S} line on stdout)"
            else:
                entry["cells"] = int(parsed["cells"])
                entry["inproc_s"] = float(parsed["seconds"])
        if not ok:
            why = "timed out" if res["timed_out"] else f"exit {res['exit']}"
            tail = "\n".join(res["stderr"].strip().splitlines()[-5:])
            t["errors"].append(f"{why}: {tail}")
            return
        if record:
            t["runs"].append(entry)

    log(f"bench: {label} ({rows} x {cols}): {warmup} warm-up + {repeat} timed runs per tool")
    for _ in range(warmup):
        for t in tools:
            one(t, record=False)
    for i in range(repeat):
        for t in tools:
            if not t["errors"]:
                one(t, record=True)
        log(f"bench:   round {i + 1}/{repeat} done")

    result_tools = []
    for t in tools:
        runs = t["runs"]
        walls = [r["wall_s"] for r in runs]
        summary = {
            "name": t["name"],
            "argv": t["argv"],
            "runs": runs,
            "errors": t["errors"],
            "median_wall_s": statistics.median(walls) if walls else None,
            "min_wall_s": min(walls) if walls else None,
            "max_wall_s": max(walls) if walls else None,
            "peak_rss_kib": max(r["maxrss_kib"] for r in runs) if runs else None,
        }
        if t["reads_cells"] and runs:
            summary["median_inproc_s"] = statistics.median(r["inproc_s"] for r in runs)
            counts = sorted({r["cells"] for r in runs})
            summary["cells"] = counts[0] if len(counts) == 1 else counts
        result_tools.append(summary)

    by_name = {t["name"]: t for t in result_tools}
    ours = by_name[OURS]
    for t in result_tools:
        if t["name"] != OURS and ours["median_wall_s"] and t["median_wall_s"]:
            t["ours_over_this"] = ours["median_wall_s"] / t["median_wall_s"]
            if ours.get("median_inproc_s") and t.get("median_inproc_s"):
                t["ours_over_this_inproc"] = ours["median_inproc_s"] / t["median_inproc_s"]

    counts = {t["name"]: t.get("cells") for t in result_tools if t["name"] != INFLATE}
    known = [c for c in counts.values() if isinstance(c, int)]
    agree = len(set(known)) == 1 and len(known) == len(counts)
    return {
        "label": label,
        "rows": rows,
        "cols": cols,
        "expected_cells": (rows + 1) * cols,
        "path": str(path.relative_to(ROOT)),
        "size_bytes": path.stat().st_size,
        "sheet_part": first_sheet_part(path),
        "tools": result_tools,
        "cell_counts": counts,
        "counts_agree": agree,
    }


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def fmt_rate(x: float) -> str:
    if x >= 1e6:
        return f"{x / 1e6:.2f}M"
    if x >= 1e3:
        return f"{x / 1e3:.1f}k"
    return f"{x:.0f}"


def render_table(files: list[dict]) -> str:
    header = ["file", "tool", "cells", "median s", "min-max s", "in-proc s",
              "cells/s", "peak RSS MiB", "ours/this"]
    rows = []
    for f in files:
        consensus = f["cell_counts"].get(OURS)
        if not isinstance(consensus, int):
            consensus = f["expected_cells"]
        first = True
        for t in f["tools"]:
            name = t["name"]
            label = f"{f['label']} ({f['rows']}x{f['cols']})" if first else ""
            first = False
            if t["median_wall_s"] is None:
                rows.append([label, name, "FAILED", "-", "-", "-", "-", "-", "-"])
                continue
            cells = t.get("cells")
            cells_s = "-" if name == INFLATE else (str(cells) if isinstance(cells, int) else "varies")
            med = t["median_wall_s"]
            inproc = t.get("median_inproc_s")
            ratio = t.get("ours_over_this")
            rate = fmt_rate(consensus / med)
            if name == INFLATE:
                rate = f"({rate})"
            rows.append([
                label, name, cells_s, f"{med:.3f}",
                f"{t['min_wall_s']:.3f}-{t['max_wall_s']:.3f}",
                "-" if inproc is None else f"{inproc:.3f}",
                rate, f"{t['peak_rss_kib'] / 1024:.1f}",
                "-" if ratio is None else f"{ratio:.2f}",
            ])
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    right = {2, 3, 4, 5, 6, 7, 8}

    def line(r):
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), sep] + [line(r) for r in rows])


def verdict(files: list[dict]) -> dict:
    out: dict = {}
    big = next((f for f in files if f["label"] == BIG_LABEL), None)
    if big is None:
        out["speed"] = {"status": "n/a", "why": f"{BIG_LABEL} file not run with --quick"}
    else:
        t = {x["name"]: x for x in big["tools"]}
        ours, cal = t[OURS]["median_wall_s"], t[CALAMINE]["median_wall_s"]
        if ours is None or cal is None:
            out["speed"] = {"status": "FAIL" if ours is None else "n/a",
                            "why": "ours failed" if ours is None else "calamine failed"}
        else:
            ratio = ours / cal
            out["speed"] = {"status": "PASS" if ratio <= TARGET_SPEED_RATIO else "FAIL",
                            "ours_s": ours, "calamine_s": cal, "ratio": ratio,
                            "target": TARGET_SPEED_RATIO,
                            "ratio_inproc": t[CALAMINE].get("ours_over_this_inproc")}
        floor = t.get(INFLATE, {}).get("median_wall_s")
        if ours is not None and floor:
            r = ours / floor
            out["floor"] = {"status": "PASS" if r <= TARGET_FLOOR_RATIO else "FAIL", "ours_s": ours,
                            "inflate_s": floor, "ratio": r, "target": TARGET_FLOOR_RATIO}
    peaks = [next(x for x in f["tools"] if x["name"] == OURS)["peak_rss_kib"] for f in files]
    if any(p is None for p in peaks):
        out["memory"] = {"status": "FAIL", "why": "ours failed"}
    else:
        peak = max(peaks) / 1024
        out["memory"] = {"status": "PASS" if peak <= TARGET_RSS_MIB else "FAIL",
                         "ours_peak_mib": peak, "target_mib": TARGET_RSS_MIB}
    return out


def render_verdict(v: dict) -> str:
    s, m = v["speed"], v["memory"]
    if "ratio" in s:
        speed = (f"speed {s['status']}: ours {s['ours_s']:.3f} s / calamine {s['calamine_s']:.3f} s"
                 f" = {s['ratio']:.2f}x on {BIG_LABEL} (target <= {s['target']:.2f}x")
        if s.get("ratio_inproc") is not None:
            speed += f"; in-process {s['ratio_inproc']:.2f}x"
        speed += ")"
    else:
        speed = f"speed {s['status']} ({s['why']})"
    if "ours_peak_mib" in m:
        mem = (f"memory {m['status']}: ours peak RSS {m['ours_peak_mib']:.1f} MiB"
               f" (target <= {m['target_mib']:.0f} MiB)")
    else:
        mem = f"memory {m['status']} ({m['why']})"
    f = v.get("floor")
    floor = (f"floor {f['status']}: ours {f['ours_s']:.3f} s / inflate only {f['inflate_s']:.3f} s = {f['ratio']:.2f}x "
             f"on {BIG_LABEL} (target <= {f['target']:.2f}x); " if f else "")
    return f"verdict: {floor}{speed}; {mem}"


def machine_info() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "nproc": os.cpu_count(), "kernel": platform.release(),
            "machine": platform.machine()}


PIAO = ROOT / ".build" / "release" / "piao"
TALL_ROWS = 200_000
TALL_RSS_TARGET_MIB = 100


def bench_tall_night(launcher: Path | None, timeout: float) -> dict:
    """`piao run` (the whole night: read, check, score, store, every output)
    over one monitoring workbook with 200,000 rows of unknown indicators:
    peak RSS must stay flat (target <= 100 MiB) and the receipt bounded."""
    if not (PIAO.exists() and os.access(PIAO, os.X_OK)):
        return {"status": "SKIP", "why": f"{PIAO.relative_to(ROOT)} not built (make bench builds it)"}
    work = Path(tempfile.mkdtemp(prefix="piao-tall-"))
    try:
        (work / "drop").mkdir()
        shutil.copy(ROOT / "Inputs/piano/piano-2024.xlsx", work / "piano.xlsx")
        subprocess.run([str(PIAO_BENCH), "tall-sheet", "--rows", str(TALL_ROWS), str(work / "drop/alto.xlsx")], check=True)
        (work / "pipeline.json").write_text(json.dumps({
            "ente": "Comune di Cassano d'Adda", "anno": 2024, "piano": "piano.xlsx",
            "cartelle": {"monitoraggio": "drop", "output": "out"},
            "archiviazione": {"modalita": "copia", "attesaSecondi": 0}}))
        res = run_once([str(PIAO), "run", "--config", str(work / "pipeline.json")], launcher, capture=False, timeout=timeout)
        receipts = sorted((work / "out/esiti").glob("*.txt"))
        receipt_bytes = receipts[0].stat().st_size if receipts else None
        mib = res["maxrss_kib"] / 1024
        return {"rows": TALL_ROWS, "wall_s": res["wall_s"], "peak_rss_mib": mib, "receipt_bytes": receipt_bytes,
                "status": "PASS" if mib <= TALL_RSS_TARGET_MIB and receipt_bytes and receipt_bytes < 200_000 else "FAIL"}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def render_tall(t: dict) -> str:
    if t["status"] == "SKIP":
        return f"nightly run, {TALL_ROWS:,}-row sheet: skipped ({t['why']})"
    return (f"nightly run, {t['rows']:,}-row sheet (all outputs): {t['wall_s']:.2f} s, peak RSS {t['peak_rss_mib']:.1f} MiB "
            f"(target <= {TALL_RSS_TARGET_MIB} MiB), e-mail receipt {t['receipt_bytes']:,} bytes: {t['status']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per tool and file (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    ap.add_argument("--quick", action="store_true", help="only the small (100k-cell) file")
    ap.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    ap.add_argument("--regen", action="store_true", help="regenerate the cached workbooks")
    ap.add_argument("--no-launcher", action="store_true",
                    help="measure RSS with wait4 on direct children (inflated; see README)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per run (default 600)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")

    if not (PIAO_BENCH.exists() and os.access(PIAO_BENCH, os.X_OK)):
        sys.exit(f"bench: {PIAO_BENCH.relative_to(ROOT)} not found; build it with\n"
                 "  swift build -c release --product piao-bench\n"
                 "or run `make bench`, which builds it first.")
    if shutil.which("unzip") is None:
        sys.exit("bench: unzip not found (apt-get install unzip)")

    versions = ensure_venv()
    launcher = ensure_launcher(args.no_launcher)
    floor = spawn_floor_kib(launcher)

    plan = [f for f in FILES if not args.quick or f[0] != BIG_LABEL]
    paths = {label: ensure_file(label, rows, cols, args.regen) for label, rows, cols in plan}

    results = [bench_file(label, rows, cols, paths[label], launcher,
                          args.repeat, args.warmup, args.timeout)
               for label, rows, cols in plan]
    v = verdict(results)

    info = machine_info()
    print()
    print(f"piao reader benchmark  {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"machine: {info['cpu']}, {info['nproc']} cores, Linux {info['kernel']}")
    print(f"ours: {PIAO_BENCH.relative_to(ROOT)}"
          f"; peers: python {versions['python']}, python-calamine {versions['python-calamine']},"
          f" openpyxl {versions['openpyxl']}")
    rss_method = "launcher (grandchild wait4)" if launcher else "direct wait4"
    print(f"runs: {args.warmup} warm-up + {args.repeat} timed per tool; RSS via {rss_method},"
          f" spawn floor {floor / 1024:.1f} MiB")
    print()
    print(render_table(results))
    print()
    for f in results:
        if not f["counts_agree"]:
            detail = ", ".join(f"{k}={'failed' if c is None else c}"
                               for k, c in f["cell_counts"].items())
            print(f"WARNING: cell counts disagree on {f['label']}: {detail}")
        for t in f["tools"]:
            for e in t["errors"][:1]:
                print(f"ERROR: {t['name']} on {f['label']}: {e}")
    if all(f["counts_agree"] for f in results):
        print("cell counts: all tools agree")
    print(render_verdict(v))

    if args.json:
        doc = {
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "machine": info,
            "ours": str(PIAO_BENCH.relative_to(ROOT)),
            "versions": versions,
            "repeat": args.repeat,
            "warmup": args.warmup,
            "rss_method": rss_method,
            "spawn_floor_kib": floor,
            "files": results,
            "verdict": v,
        }
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n")
        log(f"bench: wrote {args.json}")

    tall = bench_tall_night(launcher, args.timeout)
    print(render_tall(tall))
    if args.json:
        doc = json.loads(Path(args.json).read_text())
        doc["tall_night"] = tall
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n")

    failed = any(x["status"] == "FAIL" for x in v.values()) or tall["status"] == "FAIL"
    return 1 if (args.strict and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
