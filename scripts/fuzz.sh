#!/usr/bin/env bash
# Fuzz the XLSX reader with libFuzzer (+ AddressSanitizer).
#   scripts/fuzz.sh [SECONDS]      default 600
# The committed seed corpus is Fuzz/corpus; new inputs go to Fuzz/work-corpus
# (git-ignored), crashes to Fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
out=.build-fuzz
mkdir -p "$out" Fuzz/work-corpus Fuzz/artifacts
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
  -module-name XLSXReaderFuzz \
  -I Sources/CLibZip \
  $(find Sources/XLSXReader -name '*.swift' | sort) Fuzz/FuzzReader.swift \
  -o "$out/fuzz-reader"
# FUZZ_JOBS=N runs N parallel workers (their output goes to fuzz-N.log).
jobs="${FUZZ_JOBS:-}"
"$out/fuzz-reader" Fuzz/work-corpus Fuzz/corpus \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix=Fuzz/artifacts/ -print_final_stats=1 ${jobs:+-jobs=$jobs -workers=$jobs} 2>&1 | grep -v "ld.gold" | tail -n 40
