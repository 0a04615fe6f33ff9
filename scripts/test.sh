#!/usr/bin/env bash
# Every check and test suite, in the order that fails fastest. Any failure
# stops the run with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "rustfmt"
cargo fmt --all --check

step "UI: type check, lint, unit tests, build"
(cd ui && npm run check && npm run lint && npm test && npm run build)

step "clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

# Inside a private D-Bus session with a real Secret Service (gnome-keyring), so
# the keyring tests store, read and delete tokens for real, never in the
# user's own keyring.
step "Rust tests (with a private Secret Service)"
bash scripts/with-keyring.sh cargo test --workspace --locked --exclude signalbox-e2e

step "End-to-end tests of the real app"
bash scripts/e2e.sh
