#!/usr/bin/env bash
# The dependency map's graph view on the large portfolio, in the real
# (release) window under Xvfb: first draw, a filtered redraw, and frame times
# while panning and zooming.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_TARGET_DIR:=$PWD/target}"
export CARGO_TARGET_DIR

cargo build --release --locked -p signalbox-desktop -p signalbox-cli
cargo build --locked -p signalbox-e2e --example map_view
export SIGNALBOX_APP="$CARGO_TARGET_DIR/release/signalbox-app"
export SIGNALBOX_CLI="$CARGO_TARGET_DIR/release/signalbox"
xvfb-run -a -s "-screen 0 1920x1200x24" "$CARGO_TARGET_DIR/debug/examples/map_view"
