#!/usr/bin/env bash
# Runs every check of the repository, the way CI does: formatting, clippy with warnings denied,
# the workspace's tests, and the end-to-end tests against a real `openledger-node --dev`.
# Everything builds in the release profile, so the SDK is compiled once for the node and the
# tests (clippy adds a check pass).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

source scripts/lib/install.sh
# The npm packages of the scripts (the end-to-end tests' client, taplo) and of the dashboard.
npm_install

step "cargo fmt --check"
# The rustfmt of the toolchain pinned in rust-toolchain.toml; .rustfmt.toml has stable options only.
cargo fmt --all -- --check

step "taplo fmt --check (every TOML file, as .config/taplo.toml says)"
scripts/node_modules/.bin/taplo fmt --check --config .config/taplo.toml

step "zepter: std, runtime-benchmarks and try-runtime reach every dependency that has them"
ZEPTER_VERSION=1.88.2
if [ "$(zepter --version 2>/dev/null)" != "zepter $ZEPTER_VERSION" ]; then
	cargo install zepter --locked --version "$ZEPTER_VERSION"
fi
# Dev-dependencies build with std anyway; crates outside the workspace are not ours to fix.
zepter lint propagate-feature --features std,runtime-benchmarks,try-runtime \
	--left-side-feature-missing=ignore --left-side-outside-workspace=ignore \
	--dep-kinds normal:check,dev:ignore,build:check --offline --locked

step "cargo clippy (release, all targets, -D warnings)"
SKIP_WASM_BUILD=1 cargo clippy --release --locked --workspace --all-targets -- -D warnings

step "cargo clippy of the code behind features (runtime-benchmarks, try-runtime)"
# Benchmarks, try-runtime hooks and APIs, and the node's benchmark commands are code we ship too.
# try-runtime is a feature of the runtime and its pallets only: the SDK's try-runtime does not
# build in the node's graph (the benchmarking CLI pulls in pallet-staking without it).
SKIP_WASM_BUILD=1 cargo clippy --release --locked --all-targets --features runtime-benchmarks,try-runtime \
	-p openledger-runtime -p openledger-primitives -p pallet-datanets -p pallet-models \
	-p pallet-inference -p pallet-attribution -- -D warnings
SKIP_WASM_BUILD=1 cargo clippy --release --locked --all-targets -p openledger-node \
	--features runtime-benchmarks -- -D warnings

step "cargo test (release)"
cargo test --release --locked --workspace

step "pallet benchmarks, run as tests (release, --features runtime-benchmarks)"
cargo test --release --locked -p pallet-datanets -p pallet-models -p pallet-inference \
	-p pallet-attribution --features runtime-benchmarks benchmarking

step "cargo build --release --workspace (the node and the attributor tool)"
# The whole workspace, so features unify as in the test step and nothing is compiled twice.
cargo build --release --locked --workspace

step "end-to-end tests (scripts/e2e: @polkadot/api, and the dashboard in Chromium, against the real node)"
# The dashboard's browser tests drive Debian's Chromium (a test tool cannot download its own).
if ! command -v chromium >/dev/null 2>&1; then
	apt_install chromium
fi
OPENLEDGER_NODE=$(scripts/node-path.sh) npm --prefix scripts run --silent e2e
