#!/usr/bin/env python3
"""National-round benchmark: `piao run` on N enti vs an openpyxl + XlsxWriter peer.

This is a benchmark harness, not a test: it exits 0 whenever it managed to
measure, whatever the figures (use --strict to exit 1 when piao's outputs
differ between --jobs 1 and 2, a score disagrees, or the speed target is missed).

    python3 bench/national_bench.py [--enti N] [--quick] [--repeat K] [--json OUT]

Standard library only; the conventions are those of bench/reader_bench.py
(whose helpers it imports): the venv .build-bench/venv with the pinned peers of
bench/requirements.txt, the rusage launcher bench/tools/rusage_run.c for the
peak RSS of the measured process itself, a table on stdout.

  * generates once, with `.build/release/piao-bench national --enti N`, the
    round under .build-bench/national-N/ (and the N/10 round used for the
    memory check), cached until --regen;
  * for each timed run starts from a clean state (every enti/*/out removed,
    then sync) and runs, round-robin: piao --jobs 1, piao --jobs 2, the peer
    in one process, the peer with 2 processes;
  * checks piao's outputs are byte-identical between --jobs 1 and --jobs 2
    (SHA-256 of every file under enti/*/out except storico.sqlite*), and that
    the peer's ente and settore scores are those piao prints;
  * prints the table, the speed-ups and ratios, the memory check and an
    extrapolation to an 80,000-workbook round.

See bench/README.md, "National round", for what the columns mean.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reader_bench as rb  # noqa: E402  (venv, launcher, run_once, machine_info, fmt_rate)

ROOT = rb.ROOT
WORK = rb.WORK
PIAO = ROOT / ".build" / "release" / "piao"
PIAO_BENCH = ROOT / ".build" / "release" / "piao-bench"
PEER = ROOT / "bench" / "peers" / "consolidate_openpyxl.py"

NATIONAL_FILES = 80_000          # the extrapolation: workbooks in a national round
TARGET_PEER_OVER_PIAO = 10.0     # issue 7's target, withdrawn by issue 16: shown for reference only
# Issue 16's targets (distance to the floor, so that they hold on any machine):
TARGET_OVER_FLOOR = 1.3          # a full first night, 1 job, <= 1.3 x the writer floor
TARGET_QUIET_SHARE = 0.03        # a night with nothing new <= 3 % of a first night
TARGET_NATIONAL_MIN = 6.0        # an 80,000-workbook round, 2 jobs, <= 6 min (extrapolated)
FLOOR_SRC = ROOT / "bench" / "tools" / "writer_floor.c"
FLOOR_BIN = WORK / "writer-floor"
QUICK_ENTI = 50

# Two like-for-like pairs, each timed with 1 and 2 workers:
#   "all outputs":  piao run with every output on  vs  the peer --outputs all
#   "consolidated": piao run with only the consolidated workbooks (pipeline.json
#                   "uscite")  vs  the peer --outputs consolidated
# (history and archive are always kept by piao; the peer keeps them only in "all").
PIAO_1 = "piao --jobs 1"
PIAO_2 = "piao --jobs 2"
PEER_1 = "peer all, 1 process"
PEER_2 = "peer all, 2 processes"
PIAO_C1 = "piao consolidato --jobs 1"
PIAO_C2 = "piao consolidato --jobs 2"
PEER_C1 = "peer consolidated, 1 process"
PEER_C2 = "peer consolidated, 2 processes"
PEER_S1 = "peer summary, 1 process"
PIAO_DRY = "piao --jobs 1 --dry-run"
PIAO_RERUN = "piao --jobs 1, re-run"
FLOOR = "writer floor (C, 1 thread)"
PAIRS = [("all outputs", PIAO_1, PEER_1), ("all outputs", PIAO_2, PEER_2),
         ("consolidated only", PIAO_C1, PEER_C1), ("consolidated only", PIAO_C2, PEER_C2)]
CONSOLIDATED_ONLY = {"oiv": False, "esiti": False, "opendata": False, "modelli": False}

log = rb.log


# --------------------------------------------------------------------------
# The round
# --------------------------------------------------------------------------

def binary_id(path: Path) -> dict:
    """What was measured: the binary's mtime and a short SHA-256."""
    h = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    st = path.stat()
    return {"sha256": h, "mtime": datetime.datetime.fromtimestamp(st.st_mtime).isoformat(timespec="seconds"),
            "mtime_ns": st.st_mtime_ns}


def round_dir(enti: int) -> Path:
    return WORK / f"national-{enti}"


def ensure_round(enti: int, regen: bool) -> dict:
    """Generate once with `piao-bench national` and cache; return the manifest."""
    path = round_dir(enti)
    manifest = path / "manifest.json"
    if manifest.exists() and not regen:
        if PIAO_BENCH.stat().st_mtime > manifest.stat().st_mtime:
            log(f"bench: note: {PIAO_BENCH.relative_to(ROOT)} is newer than the cached round "
                f"{path.relative_to(ROOT)}; pass --regen if the generator changed")
        return json.loads(manifest.read_text())
    partial = path.with_name(path.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    cmd = [str(PIAO_BENCH), "national", "--enti", str(enti), "--out", str(partial)]
    log(f"bench: generating {path.relative_to(ROOT)} ({enti} enti) ...")
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL)
    if r.returncode != 0 or not (partial / "manifest.json").exists():
        sys.exit(f"bench: generator failed ({' '.join(cmd)})")
    shutil.rmtree(path, ignore_errors=True)
    partial.replace(path)
    m = json.loads(manifest.read_text())
    log(f"bench:   done in {time.perf_counter() - t0:.1f} s: {m['files']} workbooks, "
        f"{m['cells']} cells, {m['bad']} bad")
    return m


def ensure_floor() -> Path:
    """bench/tools/writer_floor.c built once (libxlsxwriter and libzip, as piao links them)."""
    if FLOOR_BIN.exists() and FLOOR_BIN.stat().st_mtime >= FLOOR_SRC.stat().st_mtime:
        return FLOOR_BIN
    cc = shutil.which("cc") or shutil.which("clang") or shutil.which("gcc")
    if cc is None:
        sys.exit("bench: a C compiler (cc) is needed for the writer floor")
    WORK.mkdir(parents=True, exist_ok=True)
    r = subprocess.run([cc, "-O2", "-o", str(FLOOR_BIN), str(FLOOR_SRC), "-lxlsxwriter", "-lzip"])
    if r.returncode != 0:
        sys.exit("bench: cannot build bench/tools/writer_floor.c")
    return FLOOR_BIN


def ensure_tape(enti: int) -> Path:
    """The round's night recorded once (`piao-bench tape`): every libxlsxwriter call and input workbook.
    Recorded again when piao-bench (which holds the writers) is newer than the tape."""
    base = round_dir(enti)
    tape = WORK / f"national-{enti}.tape"
    if tape.exists() and tape.stat().st_mtime >= PIAO_BENCH.stat().st_mtime \
            and tape.stat().st_mtime >= (base / "manifest.json").stat().st_mtime:
        return tape
    log(f"bench: recording the writer tape of national-{enti} ...")
    clean(base)
    partial = tape.with_name(tape.name + ".partial")
    r = subprocess.run([str(PIAO_BENCH), "tape", "--config", str(base / "pipeline.json"), "--out", str(partial)],
                       stdout=subprocess.DEVNULL)
    clean(base)
    if r.returncode != 0:
        sys.exit("bench: piao-bench tape failed")
    partial.replace(tape)
    log(f"bench:   {tape.stat().st_size / 2**20:.0f} MiB")
    return tape


def compare_floor(base: Path, stash: Path) -> dict:
    """The floor's workbooks against piao's reference run: the same bytes, or it is not the same work."""
    same = differ = missing = 0
    examples = []
    for ref in sorted(stash.rglob("*.xlsx")):
        rel = ref.relative_to(stash)  # X/... for enti/X/out/...
        if "archivio" in rel.parts or "quarantena" in rel.parts:
            continue  # copies of the inputs, not written by libxlsxwriter
        ours = base / "enti" / rel.parts[0] / "out" / Path(*rel.parts[1:])
        if not ours.exists():
            missing += 1
        elif ours.read_bytes() == ref.read_bytes():
            same += 1
        else:
            differ += 1
            if len(examples) < 3:
                examples.append(str(rel))
    return {"same": same, "differ": differ, "missing": missing, "examples": examples}


def ente_dirs(base: Path) -> list[Path]:
    return sorted(p for p in (base / "enti").iterdir() if p.is_dir())


def clean(base: Path) -> None:
    """The clean state: no enti/*/out (outputs, archive, quarantine, history)."""
    for d in ente_dirs(base):
        shutil.rmtree(d / "out", ignore_errors=True)
    os.sync()


def drop_listing(base: Path) -> int:
    return sum(1 for d in ente_dirs(base) for _ in (d / "drop").iterdir())


def hash_outputs(base: Path) -> dict[str, str]:
    """SHA-256 of every file under enti/*/out except storico.sqlite*."""
    out: dict[str, str] = {}
    for d in ente_dirs(base):
        root = d / "out"
        if not root.exists():
            continue
        for dirpath, _, files in os.walk(root):
            for name in files:
                if name.startswith("storico.sqlite"):
                    continue
                p = Path(dirpath) / name
                h = hashlib.sha256()
                with open(p, "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        h.update(chunk)
                out[str(p.relative_to(base))] = h.hexdigest()
    return out


def stash_outputs(base: Path, stash: Path) -> None:
    """Move every enti/X/out to stash/X (a rename: the reference tree for later diffs)."""
    shutil.rmtree(stash, ignore_errors=True)
    stash.mkdir(parents=True)
    for d in ente_dirs(base):
        if (d / "out").exists():
            os.rename(d / "out", stash / d.name)


def zip_parts_differing(a: Path, b: Path) -> list[str]:
    """Names of the zip members whose bytes differ (or exist on one side only)."""
    try:
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            na, nb = set(za.namelist()), set(zb.namelist())
            out = sorted(na ^ nb)
            out += [n for n in sorted(na & nb) if za.read(n) != zb.read(n)]
            return out
    except (zipfile.BadZipFile, OSError):
        return ["(not a zip)"]


def compare_outputs(base: Path, stash: Path, ref: dict[str, str], now: dict[str, str]) -> dict:
    """Files under enti/*/out differing from the reference run, and in which zip parts."""
    differ = sorted(k for k in set(ref) | set(now) if ref.get(k) != now.get(k))
    parts: dict[str, int] = {}
    for k in differ:
        if k in ref and k in now and k.endswith(".xlsx"):
            ente, _, rest = k.split("/", 3)[1:]
            for part in zip_parts_differing(stash / ente / rest, base / k):
                parts[part] = parts.get(part, 0) + 1
        else:
            what = "(only in one run)" if (k in ref) != (k in now) else "(whole file)"
            parts[what] = parts.get(what, 0) + 1
    return {"files": len(ref), "differ": len(differ), "identical": not differ,
            "examples": differ[:5], "parts": parts}


# --------------------------------------------------------------------------
# Parsing the tools' outputs
# --------------------------------------------------------------------------

RE_HEAD = re.compile(r"^piao run — (.+), anno \d{4}(?: — .*)?$")
RE_ENTE = re.compile(r"^Punteggi al \d\d/\d\d/\d{4} \(finale\): ente ([\d.,]+)%")
RE_SETT = re.compile(r"^\s+settore (\S+) .*?\s([\d.,]+)% \(")
RE_SUMMARY = re.compile(r"^Riepilogo: (\d+) file nuovi \((\d+) accettati, (\d+) rifiutati\)")


def it_number(s: str) -> float:
    return float(s.replace(".", "").replace(",", "."))


def parse_piao(stdout: str) -> dict:
    """Per-ente final scores (percent) and the rejected-file count from piao's report."""
    scores: dict[str, dict] = {}
    current = None
    in_final = False
    files = rejected = 0
    for line in stdout.splitlines():
        m = RE_HEAD.match(line)
        if m:
            current = scores.setdefault(m.group(1), {"ente": None, "settori": {}})
            in_final = False
            continue
        m = RE_ENTE.match(line)
        if m and current is not None:
            current["ente"] = it_number(m.group(1))
            in_final = True
            continue
        if in_final and current is not None:
            m = RE_SETT.match(line)
            if m:
                current["settori"][m.group(1)] = it_number(m.group(2))
                continue
            in_final = False
        m = RE_SUMMARY.match(line)
        if m:
            files += int(m.group(1))
            rejected += int(m.group(3))
    return {"scores": scores, "files": files, "rejected": rejected}


def compare_scores(piao: dict, peer: dict) -> dict:
    """Peer's ratios vs piao's printed percentages (2 decimals, minimal form)."""
    tol = 0.005 + 1e-6
    enti = mismatches = 0
    examples = []
    for ente, p in piao.items():
        q = peer.get(ente)
        if q is None:
            mismatches += 1
            examples.append(f"{ente}: missing in the peer")
            continue
        enti += 1
        pairs = [("ente", p["ente"], q["ente"])] + \
                [(f"settore {s}", v, q["settori"].get(s)) for s, v in p["settori"].items()]
        for what, pv, qv in pairs:
            qv = None if qv is None else qv * 100
            if (pv is None) != (qv is None) or (pv is not None and abs(pv - qv) > tol):
                mismatches += 1
                if len(examples) < 5:
                    examples.append(f"{ente} {what}: piao {pv} %, peer {qv} %")
    return {"enti_compared": enti, "mismatches": mismatches, "examples": examples,
            "peer_enti": len(peer)}


# --------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------

def consolidated_only_config(base: Path) -> Path:
    """The round's pipeline.json with only the consolidated workbooks as outputs."""
    cfg = json.loads((base / "pipeline.json").read_text())
    cfg["uscite"] = CONSOLIDATED_ONLY
    path = base / "pipeline-consolidato.json"
    path.write_text(json.dumps(cfg, indent=1) + "\n")
    return path


def tools_for(base: Path, scores_file: Path, dry_run: bool, summary_peer: bool, floor: list[str]) -> list[dict]:
    py = str(rb.venv_python())
    cfg = str(base / "pipeline.json")
    only = str(consolidated_only_config(base))

    def peer(name, workers, mode):
        return {"name": name, "kind": "peer", "workers": workers,
                "argv": [py, str(PEER), str(base), "--jobs", str(workers), "--outputs", mode,
                         "--scores", str(scores_file)]}
    tools = [
        {"name": PIAO_1, "kind": "piao", "workers": 1,
         "argv": [str(PIAO), "run", "--config", cfg, "--jobs", "1"]},
        # the same workbooks from precomputed calls, the same inputs inflated: nothing else
        {"name": FLOOR, "kind": "floor", "workers": 1, "argv": floor},
        {"name": PIAO_2, "kind": "piao", "workers": 2,
         "argv": [str(PIAO), "run", "--config", cfg, "--jobs", "2"]},
        # the next night with nothing new: over the outputs, history and archive of the run above
        {"name": PIAO_RERUN, "kind": "piao", "workers": 1, "keep": True, "only": True,
         "argv": [str(PIAO), "run", "--config", cfg, "--jobs", "1"]},
        peer(PEER_1, 1, "all"), peer(PEER_2, 2, "all"),
        {"name": PIAO_C1, "kind": "piao", "workers": 1, "only": True,
         "argv": [str(PIAO), "run", "--config", only, "--jobs", "1"]},
        {"name": PIAO_C2, "kind": "piao", "workers": 2, "only": True,
         "argv": [str(PIAO), "run", "--config", only, "--jobs", "2"]},
        peer(PEER_C1, 1, "consolidated"), peer(PEER_C2, 2, "consolidated"),
    ]
    if summary_peer:
        tools.append(peer(PEER_S1, 1, "summary"))
    if dry_run:
        tools.append({"name": PIAO_DRY, "kind": "piao", "workers": 1, "dry": True,
                      "argv": [str(PIAO), "run", "--config", cfg, "--jobs", "1", "--dry-run"]})
    return tools


def bench_round(enti: int, manifest: dict, launcher, repeat: int, timeout: float,
                dry_run: bool, summary_peer: bool) -> dict:
    base = round_dir(enti)
    scores_file = WORK / f"national-{enti}.peer-scores.json"
    floor = [str(ensure_floor()), str(ensure_tape(enti))]
    tools = tools_for(base, scores_file, dry_run, summary_peer, floor)
    floor_check = None
    for t in tools:
        t["runs"], t["errors"] = [], []
    drop_before = drop_listing(base)
    stash = WORK / f"national-{enti}.ref-out"
    shutil.rmtree(stash, ignore_errors=True)       # left over by an interrupted run
    ref_hashes: dict[str, str] | None = None
    comparisons: list[dict] = []
    piao_scores = peer_scores = None

    log(f"bench: national-{enti}: {repeat} timed run(s) per tool "
        f"({manifest['files']} workbooks, {manifest['bad']} bad)")
    for i in range(repeat):
        for t in tools:
            if not t.get("keep"):
                clean(base)
            res = rb.run_once(t["argv"], launcher, capture=True, timeout=timeout)
            entry = {"wall_s": res["wall_s"], "maxrss_kib": res["maxrss_kib"], "exit": res["exit"]}
            ok = not res["timed_out"]
            if t["kind"] == "piao":
                # 0 = all good, 1 = some files rejected (expected when the round has bad files)
                ok = ok and res["exit"] in ((0,) if t.get("keep") else (0, 1))
                parsed = parse_piao(res["stdout"])
                entry["rejected"] = parsed["rejected"]
                entry["files_reported"] = parsed["files"]
                if ok and not t.get("dry") and not t.get("only"):
                    if piao_scores is None and parsed["scores"]:
                        piao_scores = parsed["scores"]
                    # outputs: the first --jobs 1 run is the reference, every later run is compared
                    h = hash_outputs(base)
                    if ref_hashes is None and t["name"] == PIAO_1:
                        ref_hashes = h
                        stash_outputs(base, stash)
                    elif ref_hashes is not None:
                        c = compare_outputs(base, stash, ref_hashes, h)
                        c.update(run=t["name"], repeat=i + 1)
                        comparisons.append(c)
            elif t["kind"] == "floor":
                ok = ok and res["exit"] == 0
                parsed = rb.parse_json_line(res["stdout"], keys=("seconds",))
                if parsed:
                    entry.update(inproc_s=parsed["seconds"])
                if ok and floor_check is None and stash.exists():
                    floor_check = compare_floor(base, stash)
            else:
                ok = ok and res["exit"] == 0
                parsed = rb.parse_json_line(res["stdout"], keys=("seconds",))
                if parsed is None:
                    ok = False
                    res["stderr"] += '\n(no {"enti":E,"files":F,"rejected":R,"seconds":S} line on stdout)'
                else:
                    entry.update(inproc_s=parsed["seconds"], rejected=parsed["rejected"],
                                 files_reported=parsed["files"], enti=parsed["enti"],
                                 rss_sum_kib=parsed.get("rss_sum_kib"))
                    if peer_scores is None and scores_file.exists():
                        peer_scores = json.loads(scores_file.read_text())
            if ok:
                t["runs"].append(entry)
            else:
                why = "timed out" if res["timed_out"] else f"exit {res['exit']}"
                tail = "\n".join(res["stderr"].strip().splitlines()[-5:])
                t["errors"].append(f"{why}: {tail}")
            log(f"bench:   {t['name']:<24} {res['wall_s']:8.2f} s  "
                f"{res['maxrss_kib'] / 1024:6.1f} MiB  exit {res['exit']}")
        log(f"bench:   round {i + 1}/{repeat} done")
    clean(base)
    shutil.rmtree(stash, ignore_errors=True)
    drop_after = drop_listing(base)

    summaries = []
    for t in tools:
        runs = t["runs"]
        walls = [r["wall_s"] for r in runs]
        s = {"name": t["name"], "kind": t["kind"], "workers": t["workers"], "argv": t["argv"],
             "dry_run": bool(t.get("dry")), "runs": runs, "errors": t["errors"],
             "median_wall_s": statistics.median(walls) if walls else None,
             "min_wall_s": min(walls) if walls else None,
             "max_wall_s": max(walls) if walls else None,
             "peak_rss_kib": max(r["maxrss_kib"] for r in runs) if runs else None,
             "exits": sorted({r["exit"] for r in runs}),
             "rejected": sorted({r.get("rejected") for r in runs if r.get("rejected") is not None})}
        if runs and t["kind"] == "floor":
            s["median_inproc_s"] = statistics.median(r["inproc_s"] for r in runs if "inproc_s" in r)
        if runs and t["kind"] == "peer":
            s["median_inproc_s"] = statistics.median(r["inproc_s"] for r in runs)
            sums = [r["rss_sum_kib"] for r in runs if r.get("rss_sum_kib")]
            s["rss_sum_kib"] = max(sums) if sums else None
        if s["median_wall_s"]:
            s["files_per_s"] = manifest["files"] / s["median_wall_s"]
            s["cells_per_s"] = manifest["cells"] / s["median_wall_s"]
        summaries.append(s)

    by = {s["name"]: s for s in summaries}
    for _, piao_name, peer_name in PAIRS:
        p, q = by.get(piao_name), by.get(peer_name)
        if p and q and p["median_wall_s"] and q["median_wall_s"]:
            q["over_piao"] = q["median_wall_s"] / p["median_wall_s"]

    j2 = [c for c in comparisons if c["run"] == PIAO_2]
    identical = None
    if j2:
        identical = {"files": ref_hashes and len(ref_hashes), "runs": len(j2),
                     "identical": all(c["identical"] for c in j2)}
    scores = compare_scores(piao_scores, peer_scores) if piao_scores and peer_scores else None

    return {"enti": enti, "dir": str(base.relative_to(ROOT)), "manifest": manifest,
            "tools": summaries, "outputs_jobs1_vs_jobs2": identical,
            "output_comparisons": comparisons, "scores": scores, "floor_check": floor_check,
            "drop_files_before": drop_before, "drop_files_after": drop_after}


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def render_table(rounds: list[dict]) -> str:
    header = ["round", "tool", "exit", "rejected", "median s", "min-max s", "in-proc s",
              "files/s", "cells/s", "peak RSS MiB", "peer/piao"]
    rows = []
    for rd in rounds:
        m = rd["manifest"]
        label = f"{rd['enti']} enti ({m['files']} wb, {rb.fmt_rate(m['cells'])} cells)"
        for i, s in enumerate(rd["tools"]):
            lab = label if i == 0 else ""
            if s["median_wall_s"] is None:
                rows.append([lab, s["name"], "FAILED"] + ["-"] * 8)
                continue
            rows.append([
                lab, s["name"], ",".join(map(str, s["exits"])),
                ",".join(map(str, s["rejected"])) or "-",
                f"{s['median_wall_s']:.2f}",
                f"{s['min_wall_s']:.2f}-{s['max_wall_s']:.2f}",
                "-" if s.get("median_inproc_s") is None else f"{s['median_inproc_s']:.2f}",
                f"{s['files_per_s']:.1f}", rb.fmt_rate(s["cells_per_s"]),
                f"{s['peak_rss_kib'] / 1024:.1f}",
                "-" if s.get("over_piao") is None else f"{s['over_piao']:.2f}",
            ])
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    right = set(range(2, len(header)))

    def line(r):
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    return "\n".join([line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


def hm(seconds: float) -> str:
    m = round(seconds / 60)
    return f"{m // 60} h {m % 60:02d} min" if m >= 60 else f"{seconds / 60:.1f} min"


def summary_lines(main: dict, small: dict | None) -> tuple[list[str], dict]:
    by = {s["name"]: s for s in main["tools"]}
    out, facts = [], {}

    def med(name):
        return by[name]["median_wall_s"] if name in by else None

    p1, p2, q1 = med(PIAO_1), med(PIAO_2), med(PEER_1)
    for a, b, what in ((PIAO_1, PIAO_2, "piao"), (PIAO_C1, PIAO_C2, "piao consolidato"),
                       (PEER_1, PEER_2, "peer all"), (PEER_C1, PEER_C2, "peer consolidated")):
        if med(a) and med(b):
            facts[f"speedup_2_workers: {what}"] = med(a) / med(b)
            out.append(f"{what} speed-up, 2 workers vs 1: {med(a):.2f} s / {med(b):.2f} s = {med(a) / med(b):.2f}x")
    facts["peer_over_piao"] = {}
    for pair, p_name, q_name in PAIRS:
        p, q = med(p_name), med(q_name)
        if p and q:
            r = q / p
            facts["peer_over_piao"][f"{pair}: {q_name} / {p_name}"] = r
            out.append(f"{pair}: {q_name} / {p_name} = {q:.2f} s / {p:.2f} s = {r:.2f}x "
                       f"(for reference: issue 16 replaced the {TARGET_PEER_OVER_PIAO:.0f}x target by the floor's)")
    facts["targets"] = {}
    fl = med(FLOOR)
    if fl and p1:
        r = p1 / fl
        facts["targets"]["first night / writer floor"] = [r, TARGET_OVER_FLOOR, r <= TARGET_OVER_FLOOR]
        out.append(f"TARGET full first night / writer floor, 1 job: {p1:.2f} s / {fl:.2f} s = {r:.2f}x "
                   f"(target <= {TARGET_OVER_FLOOR}x: {'PASS' if r <= TARGET_OVER_FLOOR else 'MISS'})")
    fc = main.get("floor_check")
    if fc:
        out.append(f"writer floor's workbooks vs piao's: {fc['same']} byte-identical, {fc['differ']} differ, "
                   f"{fc['missing']} missing" + (f" (e.g. {', '.join(fc['examples'])})" if fc["examples"] else ""))
    if med(PIAO_RERUN) and p1:
        share = med(PIAO_RERUN) / p1
        facts["targets"]["quiet night share"] = [share, TARGET_QUIET_SHARE, share <= TARGET_QUIET_SHARE]
        out.append(f"TARGET a night with nothing new, --jobs 1: {med(PIAO_RERUN):.2f} s = {share:.1%} of the first night "
                   f"(target <= {TARGET_QUIET_SHARE:.0%}: {'PASS' if share <= TARGET_QUIET_SHARE else 'MISS'})")
    if med(PEER_S1) and p1:
        out.append(f"for reference, the summary-only peer (2 small sheets per ente, no other output) "
                   f"/ piao with every output = {med(PEER_S1):.2f} s / {p1:.2f} s = {med(PEER_S1) / p1:.2f}x")
    dry = med(PIAO_DRY)
    if dry and p1:
        out.append(f"piao --dry-run (read, check, score; no writes) --jobs 1: {dry:.2f} s "
                   f"= {dry / p1:.0%} of the full run; peer 1 process / dry-run = {q1 / dry:.2f}x"
                   if q1 else f"piao --dry-run --jobs 1: {dry:.2f} s")

    files = main["manifest"]["files"]
    extr = {}
    for name in (PIAO_2, PEER_2, PIAO_C2, PEER_C2):
        m = med(name)
        if m:
            extr[name] = NATIONAL_FILES / (files / m)
    if extr:
        facts["extrapolation_80k_s"] = extr
        parts = [f"{n} {hm(s)}" for n, s in extr.items()]
        out.append(f"extrapolated {NATIONAL_FILES:,}-workbook round (this machine, linear in files): "
                   + "; ".join(parts))
        if PIAO_2 in extr:
            minutes = extr[PIAO_2] / 60
            facts["targets"]["80k round minutes, 2 jobs"] = [minutes, TARGET_NATIONAL_MIN, minutes <= TARGET_NATIONAL_MIN]
            out.append(f"TARGET {NATIONAL_FILES:,}-workbook round, piao --jobs 2: {minutes:.1f} min "
                       f"(target <= {TARGET_NATIONAL_MIN:.0f} min: {'PASS' if minutes <= TARGET_NATIONAL_MIN else 'MISS'})")

    ident = main["outputs_jobs1_vs_jobs2"]
    if ident is None:
        out.append("piao outputs --jobs 1 vs --jobs 2: not compared (a run failed)")
    else:
        verdict = "byte-identical" if ident["identical"] else "NOT byte-identical"
        out.append(f"piao outputs --jobs 1 vs --jobs 2: {verdict} ({ident['files']} files under "
                   f"enti/*/out, storico.sqlite* excluded; reference = the first --jobs 1 run)")
    for c in main["output_comparisons"]:
        if c["identical"]:
            out.append(f"  {c['run']} (run {c['repeat']}): identical")
        else:
            parts = ", ".join(f"{p} x{n}" for p, n in sorted(c["parts"].items(), key=lambda x: -x[1]))
            out.append(f"  {c['run']} (run {c['repeat']}): {c['differ']} files differ "
                       f"(differing parts: {parts}), e.g. {c['examples'][0]}")
    sc = main["scores"]
    if sc is None:
        out.append("scores peer vs piao: not compared (a run failed)")
    elif sc["mismatches"] == 0:
        out.append(f"scores peer vs piao: agree on all {sc['enti_compared']} enti "
                   f"(ente and 9 settori, to 0.01 percentage point)")
    else:
        out.append(f"scores peer vs piao: {sc['mismatches']} mismatches, e.g. "
                   + "; ".join(sc["examples"]))
    bad = main["manifest"]["bad"]
    for s in main["tools"]:
        if s["name"] == PIAO_RERUN:
            continue  # a re-run reads no file: it rejects none
        if s["rejected"] and s["rejected"] != [bad]:
            out.append(f"WARNING: {s['name']} rejected {s['rejected']} files, the manifest says {bad} are bad")
        if s["kind"] == "piao" and not s["dry_run"] and s["exits"] and bad == 0 and 1 in s["exits"]:
            out.append(f"WARNING: {s['name']} exited 1 although the round has no bad file")
    if main["drop_files_before"] != main["drop_files_after"]:
        out.append(f"WARNING: the drop folders changed ({main['drop_files_before']} -> "
                   f"{main['drop_files_after']} files)")

    if small is not None:
        sb = {s["name"]: s for s in small["tools"]}
        parts = []
        for name in (PIAO_1, PIAO_2, PEER_1, PEER_2):
            a, b = by.get(name), sb.get(name)
            if a and b and a["peak_rss_kib"] and b["peak_rss_kib"]:
                parts.append(f"{name} {b['peak_rss_kib'] / 1024:.1f} -> {a['peak_rss_kib'] / 1024:.1f} MiB")
        facts["rss_small_vs_main"] = {
            n: [sb[n]["peak_rss_kib"], by[n]["peak_rss_kib"]] for n in (PIAO_1, PIAO_2, PEER_1, PEER_2)
            if n in by and n in sb and by[n]["peak_rss_kib"] and sb[n]["peak_rss_kib"]}
        out.append(f"peak RSS, {small['manifest']['files']} -> {files} workbooks "
                   f"({small['enti']} -> {main['enti']} enti): " + "; ".join(parts))
    if PEER_2 in by and by[PEER_2].get("rss_sum_kib"):
        out.append(f"peer 2 processes: the table shows the largest single process; the sum of the "
                   f"peaks of parent + workers is {by[PEER_2]['rss_sum_kib'] / 1024:.1f} MiB (upper bound)")
    for rd in [main] + ([small] if small else []):
        for s in rd["tools"]:
            for e in s["errors"][:1]:
                out.append(f"ERROR: {s['name']} on {rd['enti']} enti: {e}")
    return out, facts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--enti", type=int, default=1000, help="enti in the round (default 1000)")
    ap.add_argument("--quick", action="store_true", help=f"a {QUICK_ENTI}-ente round")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per tool (default 1); median shown")
    ap.add_argument("--json", metavar="OUT", help="also write every run and the summary as JSON")
    ap.add_argument("--regen", action="store_true", help="regenerate the cached round(s)")
    ap.add_argument("--no-small", action="store_true", help="skip the N/10 round (memory check)")
    ap.add_argument("--no-dry-run", action="store_true", help="skip the piao --dry-run row")
    ap.add_argument("--summary-peer", action="store_true",
                    help="also time the summary-only peer (2 small sheets per ente), for reference")
    ap.add_argument("--no-launcher", action="store_true",
                    help="measure RSS with wait4 on direct children (inflated; see README)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per run (default 3600)")
    ap.add_argument("--strict", action="store_true",
                    help="exit 1 on differing outputs, disagreeing scores, a floor that is not the same work, or a missed target")
    args = ap.parse_args()
    enti = QUICK_ENTI if args.quick else args.enti
    if enti < 1 or args.repeat < 1:
        ap.error("--enti and --repeat must be >= 1")

    missing = [p for p in (PIAO, PIAO_BENCH) if not (p.exists() and os.access(p, os.X_OK))]
    if missing:
        sys.exit("bench: " + ", ".join(str(p.relative_to(ROOT)) for p in missing) + " not found; build with\n"
                 "  swift build -c release --product piao && swift build -c release --product piao-bench\n"
                 "or run `make bench-national`, which builds them first.")

    rb.ensure_venv()
    probe = ("import json, sys, importlib.metadata as m;"
             "print(json.dumps({'python': sys.version.split()[0],"
             "'openpyxl': m.version('openpyxl'), 'XlsxWriter': m.version('XlsxWriter')}))")
    r = subprocess.run([str(rb.venv_python()), "-c", probe], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"bench: XlsxWriter missing from the venv; delete {rb.VENV} and retry\n{r.stderr}")
    versions = json.loads(r.stdout)
    launcher = rb.ensure_launcher(args.no_launcher)
    floor = rb.spawn_floor_kib(launcher)

    piao_id = binary_id(PIAO)
    small_n = max(1, enti // 10)
    manifest = ensure_round(enti, args.regen)
    small_manifest = None if args.no_small or small_n == enti else ensure_round(small_n, args.regen)

    main_round = bench_round(enti, manifest, launcher, args.repeat, args.timeout, not args.no_dry_run,
                             args.summary_peer)
    small_round = None
    if small_manifest is not None:
        small_round = bench_round(small_n, small_manifest, launcher, args.repeat, args.timeout,
                                  not args.no_dry_run, False)

    piao_after = binary_id(PIAO)
    info = rb.machine_info()
    print()
    print(f"piao national-round benchmark  {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"machine: {info['cpu']}, {info['nproc']} cores, Linux {info['kernel']}")
    print(f"piao: {PIAO.relative_to(ROOT)} (sha256 {piao_id['sha256']}…, built {piao_id['mtime']})")
    print(f"peer: {PEER.relative_to(ROOT)} (python {versions['python']}, "
          f"openpyxl {versions['openpyxl']}, XlsxWriter {versions['XlsxWriter']})")
    rss_method = "launcher (grandchild wait4)" if launcher else "direct wait4"
    print(f"runs: {args.repeat} timed per tool, each from a clean state (enti/*/out removed); "
          f"RSS via {rss_method}, spawn floor {floor / 1024:.1f} MiB")
    if piao_after["sha256"] != piao_id["sha256"]:
        print(f"WARNING: {PIAO.relative_to(ROOT)} was rebuilt during the benchmark "
              f"({piao_id['sha256']} -> {piao_after['sha256']}): the figures mix two binaries; run again")
    print()
    rounds = [main_round] + ([small_round] if small_round else [])
    print(render_table(rounds))
    print()
    lines, facts = summary_lines(main_round, small_round)
    for line in lines:
        print(line)

    if args.json:
        doc = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "machine": info,
               "piao": piao_id, "piao_after": piao_after,
               "versions": versions, "repeat": args.repeat, "rss_method": rss_method,
               "spawn_floor_kib": floor, "rounds": rounds, "summary": facts, "lines": lines}
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n")
        log(f"bench: wrote {args.json}")

    ident = main_round["outputs_jobs1_vs_jobs2"]
    sc = main_round["scores"]
    targets = facts.get("targets", {})
    fc = main_round.get("floor_check")
    failed = (ident is None or not ident["identical"] or sc is None or sc["mismatches"] > 0
              or fc is None or fc["differ"] or fc["missing"]
              or len(targets) < 3 or not all(ok for _, _, ok in targets.values()))
    return 1 if (args.strict and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
