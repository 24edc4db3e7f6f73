#!/usr/bin/env bash
# Fuzzes the parser for SECONDS (default 600), seeded with our challenges and, when present, the
# corpus beside the project; then the decoding of the workers' frames (`wire`) as long. Needs a
# nightly toolchain and cargo-fuzz. `cargo test` runs a brief, seeded fuzz of the frames too
# (run::wire's `mangled_frames_are_errors_not_panics`), so CI covers them without either.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
mkdir -p corpus/parse
seeds=(../challenges)
[ -d ../../shared/corpus/freecodecamp ] && seeds+=(../../shared/corpus/freecodecamp/english)
# libFuzzer reads seed folders one level deep, so gather the files first.
seed_dir=$(mktemp -d)
trap 'rm -rf "$seed_dir"' EXIT
find "${seeds[@]}" -name '*.md' -exec cp {} "$seed_dir"/ \; 2>/dev/null || true
cargo +nightly fuzz run parse corpus/parse "$seed_dir" -- -max_total_time="$seconds" -max_len=65536
mkdir -p corpus/wire
cargo +nightly fuzz run wire corpus/wire -- -max_total_time="$seconds" -max_len=65536
