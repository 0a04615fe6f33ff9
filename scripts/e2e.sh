#!/usr/bin/env bash
# Builds the app and drives the real window under Xvfb through WebDriver
# (tauri-driver + WebKitWebDriver). Screenshots land in target/e2e-screenshots/.
# Arguments go to cargo test: `bash scripts/e2e.sh --test catalog` runs one file.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_TARGET_DIR:=$PWD/target}"
export CARGO_TARGET_DIR

cargo build --locked -p signalbox-desktop -p signalbox-cli
export SIGNALBOX_APP="$CARGO_TARGET_DIR/debug/signalbox-app"
export SIGNALBOX_CLI="$CARGO_TARGET_DIR/debug/signalbox"
export SIGNALBOX_E2E_SCREENSHOTS="$PWD/target/e2e-screenshots"
mkdir -p "$SIGNALBOX_E2E_SCREENSHOTS"
# One window at a time: each test starts its own driver and app on a fresh data dir.
# The whole suite takes about a minute; a stuck WebDriver call must fail the
# run, not hold CI until its own limit.
cargo build --locked -p signalbox-e2e --tests
# Inside a private D-Bus session with its own Secret Service, so connection
# tokens the tests add go to a real keyring that is not the user's. Every test
# file runs even after one fails, so a CI log names all the failures at once.
timeout --kill-after=30 900 bash scripts/with-keyring.sh \
  xvfb-run -a -s "-screen 0 1400x900x24" \
  cargo test --locked --no-fail-fast -p signalbox-e2e "$@" -- --test-threads=1
