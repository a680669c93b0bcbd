# Developer commands. `make help` lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

.PHONY: help demo test test-rust test-c test-python lint package bench bench-peers

help: ## list the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

demo: ## the main job: score the embedded plan on the sample ledger
	cargo run -q --release --example report

test: lint test-rust test-c test-python package ## every test: Rust, C, Python and the crate package (what CI runs)
	@echo "all tests passed"

lint: ## formatting, clippy and rustdoc, warnings are errors
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p seguimiento -p seguimiento-report

test-rust: ## Rust unit, integration, property and doc tests
	cargo test --workspace

test-c: ## the C library: header drift, C tests on shared and static libraries, valgrind
	bash scripts/test-c.sh

test-python: ## the abi3 manylinux wheel (maturin --zig) in a fresh virtual environment: pytest, stubs, notebooks, sdist
	bash scripts/test-python.sh

package: ## cargo package the publishable crate (seguimiento) and build it from the package alone
	cargo package -p seguimiento

bench: ## criterion benchmarks (figures go in the README)
	cargo bench -p seguimiento-benches

bench-peers: ## the project against pandas and polars on one 10-million-row file (BENCH_ROWS=N for fewer)
	bash scripts/bench-peers.sh
