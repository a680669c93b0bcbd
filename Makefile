# Developer commands. `make help` lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

.PHONY: help demo test test-rust test-c test-python test-browser lint package bench bench-peers fuzz fuzz-smoke

# Seconds each fuzz target runs: `make fuzz FUZZ_TIME=600`, `make fuzz-smoke`.
FUZZ_TIME ?= 60
FUZZ_SMOKE_TIME ?= 10

help: ## list the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

demo: ## the main job: the 2010 annual report of the sample ledger, written to informe-2010.html (the seguimiento command)
	cargo run -q --release -p seguimiento-cli -- annual --year 2010 --out informe-2010.html

test: lint test-rust test-c test-python test-browser package fuzz-smoke ## every test: Rust, C, Python, the reports in a browser, the crate package and a fuzz smoke run (what CI runs)
	@echo "all tests passed"

lint: ## formatting, clippy and rustdoc, warnings are errors
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p seguimiento -p seguimiento-report -p seguimiento-arrow

test-rust: ## Rust unit, integration, property and doc tests
	cargo test --workspace

test-c: ## the C library: header drift, C tests on shared and static libraries, valgrind
	bash scripts/test-c.sh

test-python: ## the abi3 manylinux wheel (maturin --zig) in a fresh virtual environment: pytest, stubs, notebooks, sdist
	bash scripts/test-python.sh

test-browser: ## the annual report and the evaluation in headless Chromium: screenshot, A4 PDF (page count, no blank page), axe-core
	bash scripts/test-browser.sh

package: ## cargo package the publishable crate (seguimiento) and build it from the package alone
	cargo package -p seguimiento

fuzz: ## every fuzz target, one at a time, FUZZ_TIME seconds each (nightly, cargo-fuzz; fuzz/README.md)
	bash scripts/fuzz.sh $(FUZZ_TIME)

fuzz-smoke: ## every fuzz target on its corpus, then FUZZ_SMOKE_TIME seconds each (CI)
	bash scripts/fuzz.sh --smoke $(FUZZ_SMOKE_TIME)

bench: ## criterion benchmarks (figures go in the README)
	cargo bench -p seguimiento-benches

bench-peers: ## the project against pandas and polars on one 10-million-row file (BENCH_ROWS=N for fewer)
	bash scripts/bench-peers.sh
