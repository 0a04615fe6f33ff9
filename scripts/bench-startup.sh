#!/usr/bin/env bash
# Startup time and memory of the release app on the large portfolio, beside a
# hello-world Tauri window built the same way (bench/hello-window).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_TARGET_DIR:=$PWD/target}"
export CARGO_TARGET_DIR
RUNS="${RUNS:-11}"

cargo build --release --locked -p signalbox-desktop -p signalbox-cli
cp Cargo.lock bench/hello-window/Cargo.lock
(cd bench/hello-window && cargo build --release)

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
"$CARGO_TARGET_DIR/release/signalbox" --workspace "$data/workspace.signalbox" whoami "Bench" >/dev/null
"$CARGO_TARGET_DIR/release/signalbox" --workspace "$data/workspace.signalbox" demo --size large --seed 1

xvfb-run -a -s "-screen 0 1400x900x24" python3 scripts/bench_startup.py \
  "$CARGO_TARGET_DIR/release/signalbox-app" "$CARGO_TARGET_DIR/release/hello-window" "$data" "$RUNS"
