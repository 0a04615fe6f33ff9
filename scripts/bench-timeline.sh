#!/usr/bin/env bash
# Frame times while scrolling the calendar's timeline over a quarter of the
# large portfolio, in the real (release) window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_TARGET_DIR:=$PWD/target}"
export CARGO_TARGET_DIR

cargo build --release --locked -p signalbox-desktop -p signalbox-cli
cargo build --locked -p signalbox-e2e --example timeline_scroll
export SIGNALBOX_APP="$CARGO_TARGET_DIR/release/signalbox-app"
export SIGNALBOX_CLI="$CARGO_TARGET_DIR/release/signalbox"
export SIGNALBOX_E2E_SCREENSHOTS="$PWD/target/e2e-screenshots"
# Measure what users get: the app's own painting choice (see src-tauri/rendering.rs).
export SIGNALBOX_KEEP_COMPOSITING=0
xvfb-run -a -s "-screen 0 1920x1200x24" "$CARGO_TARGET_DIR/debug/examples/timeline_scroll"
