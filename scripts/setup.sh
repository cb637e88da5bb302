#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine that has only rustup to build and run the OpenLedger
# chain: system packages, the Rust toolchain the repo pins (with the WASM targets and rust-src),
# the scripts' npm dependencies, and the release build of the node. Idempotent: run it again at
# any time; it only does what is missing (cargo rebuilds only what changed).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/install.sh

# 1. System packages: protoc (libp2p's protobufs), clang (bindgen), a C toolchain, OpenSSL's
#    headers (the node links the system's libssl), Node.js, and Chromium for the dashboard's
#    browser tests.
need=()
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || need+=(clang libclang-dev)
command -v cc >/dev/null 2>&1 || need+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists openssl 2>/dev/null || need+=(libssl-dev)
command -v git >/dev/null 2>&1 || need+=(git)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
	echo "==> installing system packages: ${need[*]}"
	apt_install "${need[@]}"
fi

# 2. The Rust toolchain of rust-toolchain.toml, with its targets and components.
echo "==> rust toolchain"
rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
toolchain=$(rustup show active-toolchain | cut -d' ' -f1)
for t in wasm32v1-none wasm32-unknown-unknown; do
	rustup target list --toolchain "$toolchain" --installed | grep -qx "$t" ||
		rustup target add --toolchain "$toolchain" "$t"
done
for c in rust-src rustfmt clippy; do
	rustup component list --toolchain "$toolchain" --installed | grep -q "^$c" ||
		rustup component add --toolchain "$toolchain" "$c"
done

# 3. The npm dependencies of the scripts (@polkadot/api, playwright-core) and of the dashboard,
#    exactly as locked.
npm_install

# 4. The node, in release mode (the first build compiles the SDK: about 25 minutes on 2 cores).
echo "==> cargo build --release --workspace (the node and the attributor tool)"
cargo build --release --locked --workspace

echo "==> ready: $(scripts/node-path.sh)"
