#!/usr/bin/env bash
# Fuzz with libFuzzer (+ AddressSanitizer).
#   scripts/fuzz.sh [SECONDS] [TARGET]      default 600 s, target reader
# Targets:
#   reader  the XLSX reader alone (Fuzz/FuzzReader.swift; seeds Fuzz/corpus)
#   ingest  the monitoring normaliser with the real plan, then scoring
#           (Fuzz/FuzzIngest.swift; seeds Inputs/monitoraggio)
#   plan    the plan reader and its checks, then scoring an empty round
#           (Fuzz/FuzzPlan.swift; seeds the real plan and Tests/Fixtures/plans)
# New inputs go to Fuzz/work-corpus[-TARGET] (git-ignored), crashes to Fuzz/artifacts/.
# FUZZ_JOBS=N runs N parallel workers (their output goes to fuzz-N.log).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
target="${2:-reader}"
out=.build-fuzz
mkdir -p "$out" Fuzz/artifacts
flags=(-sanitize=fuzzer,address -parse-as-library -O -g)

# One static library per module, each instrumented, as SwiftPM would lay them out.
module() {
  local name=$1; shift
  swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" \
    -emit-library -static -o "$out/lib$name.a" -I "$out" -I Sources/CLibZip "$@"
}

# Italian system error texts: a module of its own, imported by the reader.
module SystemText $(find Sources/SystemText -name '*.swift' | sort)

case "$target" in
  reader)
    swiftc "${flags[@]}" -module-name XLSXReaderFuzz -I Sources/CLibZip -I "$out" -L "$out" -lSystemText \
      $(find Sources/XLSXReader -name '*.swift' | sort) Fuzz/FuzzReader.swift -o "$out/fuzz-reader"
    corpus=(Fuzz/work-corpus Fuzz/corpus)
    max_len=65536
    ;;
  ingest|plan)
    module XLSXReader $(find Sources/XLSXReader -name '*.swift' | sort)
    module PerformanceModel $(find Sources/PerformanceModel -name '*.swift' | sort)
    module Scoring $(find Sources/Scoring -name '*.swift' | sort)
    module Ingest $(find Sources/Ingest -name '*.swift' | sort)
    source=Fuzz/FuzzIngest.swift
    [ "$target" = plan ] && source=Fuzz/FuzzPlan.swift
    swiftc "${flags[@]}" -module-name "Fuzz${target^}" -I "$out" -I Sources/CLibZip -L "$out" \
      -lIngest -lScoring -lPerformanceModel -lXLSXReader -lSystemText -lzip "$source" -o "$out/fuzz-$target"
    if [ "$target" = ingest ]; then
      corpus=(Fuzz/work-corpus-ingest Inputs/monitoraggio)
    else
      mkdir -p Fuzz/work-corpus-plan/seeds
      cp Inputs/piano/piano-2024.xlsx Tests/Fixtures/plans/*.xlsx Fuzz/work-corpus-plan/seeds/
      corpus=(Fuzz/work-corpus-plan Fuzz/work-corpus-plan/seeds)
    fi
    max_len=131072
    ;;
  *) echo "fuzz: unknown target «$target» (reader, ingest, plan)" >&2; exit 64 ;;
esac
mkdir -p "${corpus[0]}"
jobs="${FUZZ_JOBS:-}"
"$out/fuzz-$target" "${corpus[@]}" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
  -artifact_prefix=Fuzz/artifacts/ -print_final_stats=1 ${jobs:+-jobs=$jobs -workers=$jobs} 2>&1 | grep -v "ld.gold" | tail -n 40
