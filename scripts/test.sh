#!/usr/bin/env bash
# Runs every check of the repository, the way CI does: formatting, clippy with warnings denied,
# the workspace's tests, and the end-to-end tests against a real `openledger-node --dev`.
# Everything builds in the release profile, so the SDK is compiled once for the node and the
# tests (clippy adds a check pass).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
if rustup run nightly rustfmt --version >/dev/null 2>&1; then
	# .rustfmt.toml uses nightly-only options (import granularity, comment wrapping).
	cargo +nightly fmt --all -- --check
else
	cargo fmt --all -- --check
fi

step "cargo clippy (release, all targets, -D warnings)"
SKIP_WASM_BUILD=1 cargo clippy --release --locked --workspace --all-targets -- -D warnings

step "cargo test (release)"
cargo test --release --locked --workspace

step "pallet benchmarks, run as tests (release, --features runtime-benchmarks)"
cargo test --release --locked -p pallet-datanets -p pallet-models -p pallet-inference \
	-p pallet-attribution --features runtime-benchmarks benchmarking

step "cargo build --release --workspace (the node and the attributor tool)"
# The whole workspace, so features unify as in the test step and nothing is compiled twice.
cargo build --release --locked --workspace

step "end-to-end tests (scripts/e2e: @polkadot/api, and the dashboard in Chromium, against the real node)"
for dir in scripts dashboard; do
	if [ ! -d $dir/node_modules ] || [ $dir/package-lock.json -nt $dir/node_modules ]; then
		(cd $dir && npm ci --no-audit --no-fund)
	fi
done
# The dashboard's browser tests drive Debian's Chromium (a test tool cannot download its own).
if ! command -v chromium >/dev/null 2>&1; then
	sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
	sudo_if_needed apt-get update -qq
	sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
OPENLEDGER_NODE=$(scripts/node-path.sh) npm --prefix scripts run --silent e2e
