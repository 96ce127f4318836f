# piao — developer entry points. The README's two commands are
# scripts/run and scripts/test; these targets wrap them and add the rest.
#
#   make run                        the nightly job on Inputs/ with pipeline.json
#   make test                       the test suite (what CI runs)
#   make bench                      reader benchmark vs python-calamine / openpyxl
#   make bench BENCH_ARGS=--quick   only the 100k-cell file
#   (also: --repeat N, --json OUT; see bench/README.md)
#   make bench-national             piao run on a synthetic 1000-ente round vs an openpyxl peer
#   make bench-national NATIONAL_ARGS=--quick   a 50-ente round
#   make fuzz [FUZZ_SECONDS=600] [FUZZ_TARGET=reader|ingest|plan]   libFuzzer (scripts/fuzz.sh)
#   make pdf                        every workbook in Outputs/ printed to PDF by LibreOffice (Outputs/pdf/)
#   make pages                      the main printed pages, as PNG, into docs/pagine/ (scripts/render-pages)

SWIFT        ?= swift
PYTHON       ?= python3
BENCH_ARGS   ?=
NATIONAL_ARGS ?=
FUZZ_SECONDS ?= 600
FUZZ_TARGET  ?= reader

.PHONY: run test bench bench-national fuzz pdf pages

run:
	scripts/run

test:
	scripts/test

bench:
	scripts/ensure-deps
	$(SWIFT) build -c release --product piao
	$(SWIFT) build -c release --product piao-bench
	$(PYTHON) bench/reader_bench.py $(BENCH_ARGS)

bench-national:
	scripts/ensure-deps
	$(SWIFT) build -c release --product piao
	$(SWIFT) build -c release --product piao-bench
	$(PYTHON) bench/national_bench.py $(NATIONAL_ARGS)

fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGET)

pdf:
	mkdir -p Outputs/pdf
	find Outputs -name '*.xlsx' -not -path 'Outputs/archivio/*' -not -path 'Outputs/quarantena/*' -print0 \
	  | xargs -0 soffice --headless --norestore --convert-to pdf --outdir Outputs/pdf >/dev/null
	@ls Outputs/pdf

pages:
	scripts/render-pages
