# balena-api-key-wasm. Every target runs the idempotent set-up first.
SHELL := /bin/bash
.DEFAULT_GOAL := build
.PHONY: setup build emulator lint test test-native test-wasm test-js demo bench fuzz clean

CARGO_WASM_TEST := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	cargo test --target wasm32-unknown-unknown --test wasm

setup:
	@bash scripts/setup.sh

# The npm package in pkg/ (wasm + glue in pkg/dist).
build: setup
	node scripts/build.mjs

# The local balena API emulator (target/release/api-emulator).
emulator: setup
	cargo build --release -p api-emulator

test: build emulator
	$(MAKE) --no-print-directory lint test-native test-wasm test-js

# The hygiene gate: formatting, and clippy with warnings as errors on every
# crate and target natively and on the package's two no_std wasm builds
# (without and with `extras`).
lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --release --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings
	cargo clippy --release --target wasm32-unknown-unknown --lib --no-default-features --features extras -- -D warnings

# Rust unit and vector tests, natively.
test-native:
	cargo test --workspace

# The Rust-side pieces compiled to wasm, in Node and in headless Chromium
# (driven by Playwright: see tests/browser/wasm-test-runner.mjs).
test-wasm:
	$(CARGO_WASM_TEST)
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="node tests/browser/wasm-test-runner.mjs" \
		cargo test --target wasm32-unknown-unknown --test wasm

# JS tests (node:test) on the built package and against the emulator.
test-js:
	node --test --test-reporter=spec tests/js/

demo: build emulator
	node scripts/demo.mjs

bench: build
	node bench/run.mjs

# Longer runs of the fuzz tests (pine compile and merge, string-literal
# injection, the emulator's OData parser): FUZZ_SCALE times the cases that
# `make test` runs (default 100: about 5 minutes here; FUZZ_SEED picks another
# seed, FUZZ_SEED=… FUZZ_ONLY=<case> replays a reported case), optimised
# without LTO in a target directory of their own. Needs only cargo.
fuzz:
	FUZZ_SCALE=$${FUZZ_SCALE:-100} CARGO_TARGET_DIR=target/fuzz \
	CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=3 \
		cargo test --release -p api-emulator --test fuzz_compile --test fuzz_injection --test fuzz_parser -- --nocapture

clean:
	cargo clean
	rm -rf pkg/dist node_modules
