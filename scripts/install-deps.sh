#!/usr/bin/env bash
# Installs whatever Signalbox needs to build, run and test that is missing on a
# Debian/Ubuntu machine: system packages (apt), the UI's npm packages, and
# tauri-driver for the end-to-end tests. Safe to run again: it only installs
# what is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  # Tauri 2 on Linux
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libayatana-appindicator3-dev librsvg2-dev
  libssl-dev libxdo-dev build-essential file pkg-config curl
  # End-to-end tests: a virtual display, WebKit's WebDriver, screenshots, a session bus
  xvfb webkit2gtk-driver imagemagick dbus-x11 gnome-keyring
  # …and xclip, to read what the app put on the clipboard
  xclip
  # Connection tokens in the OS keyring: libdbus to build the keyring crate's Secret
  # Service client; dbus-run-session, gnome-keyring (above) and secret-tool for the
  # real Secret Service its tests run against (scripts/with-keyring.sh)
  libdbus-1-dev dbus libsecret-tools
  # UI toolchain (only used when node is absent)
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "error: Node.js 20 or newer is needed to build the UI (found $(node --version))." >&2
  exit 1
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "error: cargo (Rust) is needed; install it with rustup." >&2
  exit 1
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> installing tauri-driver (WebDriver for Tauri, from crates.io)"
  cargo install tauri-driver --version '^2' --locked
fi

# npm ci only when the lock file changed since the last install.
stamp=ui/node_modules/.signalbox-lock
if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
  echo "==> installing UI packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund)
  cp ui/package-lock.json "$stamp"
fi
