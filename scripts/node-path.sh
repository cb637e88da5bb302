#!/usr/bin/env bash
# Prints the path of the release `openledger-node` binary in cargo's target directory
# (`$CARGO_TARGET_DIR`, cargo's `build.target-dir`, or `./target`).
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=$(cargo metadata --format-version 1 --no-deps |
	node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
echo "$target_dir/release/openledger-node"
