#!/usr/bin/env bash
# Runs a command against a real Secret Service of its own:
#
#   bash scripts/with-keyring.sh cargo test -p signalbox-api --test keyring
#
# A private D-Bus session bus (dbus-run-session) carries gnome-keyring-daemon
# with a throwaway "login" keyring, created and unlocked with a fixed password
# in a temporary folder, and made the default collection, so storing a token
# needs no prompt. The user's own keyring and session bus are never touched;
# the bus, the daemon and the folder go away when the command ends, and the
# command's exit status is this script's.
#
# The command sees SIGNALBOX_TEST_KEYRING_BUS set to the private bus's address:
# the keyring tests check it before they store anything.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: bash scripts/with-keyring.sh COMMAND [ARGS...]" >&2
  exit 64
fi

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool is missing: run scripts/install-deps.sh (it installs dbus and gnome-keyring)." >&2
    exit 1
  fi
done

# Outside: start the private session bus and come back in inside it.
if [ "${1:-}" != "--inside-private-bus" ]; then
  exec dbus-run-session -- bash "$0" --inside-private-bus "$@"
fi
shift

dir=$(mktemp -d "${TMPDIR:-/tmp}/signalbox-keyring.XXXXXX")
daemon=""
cleanup() {
  if [ -n "$daemon" ]; then
    kill "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
mkdir -p "$dir/data" "$dir/runtime"
chmod 700 "$dir/data" "$dir/runtime"

# The keyring files and the daemon's control socket live in $dir, not in the
# user's ~/.local/share/keyrings or $XDG_RUNTIME_DIR. --unlock reads the
# password from standard input and creates the login keyring with it.
printf 'signalbox-test-keyring' |
  XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/runtime" \
    gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$dir/daemon.log" 2>&1 &
daemon=$!

secrets() { # PATH METHOD ARGS...: a call to the Secret Service; prints the reply, or nothing
  dbus-send --session --print-reply=literal --reply-timeout=2000 \
    --dest=org.freedesktop.secrets "$@" 2>/dev/null || true
}
login=/org/freedesktop/secrets/collection/login
ready=""
for _ in $(seq 100); do
  if ! kill -0 "$daemon" 2>/dev/null; then
    break
  fi
  # Ask the bus first: a call to the Secret Service itself before the daemon
  # owns its name would have the bus start another one from its .service file.
  owned=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
    string:org.freedesktop.secrets 2>/dev/null || true)
  if [[ "$owned" == *true* ]]; then
    locked=$(secrets "$login" org.freedesktop.DBus.Properties.Get \
      string:org.freedesktop.Secret.Collection string:Locked)
    if [[ "$locked" == *"boolean false"* ]]; then
      ready=yes
      break
    fi
  fi
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "error: gnome-keyring-daemon did not open an unlocked login keyring on the private bus:" >&2
  cat "$dir/daemon.log" >&2
  exit 1
fi
# Items without a named collection go to the "default" alias: make it the login keyring.
alias=$(secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.ReadAlias string:default)
if [[ "$alias" != *"$login"* ]]; then
  secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.SetAlias \
    string:default "objpath:$login" >/dev/null
  alias=$(secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.ReadAlias string:default)
  if [[ "$alias" != *"$login"* ]]; then
    echo "error: could not make the login keyring the default collection (alias: $alias)" >&2
    exit 1
  fi
fi

export SIGNALBOX_TEST_KEYRING_BUS="$DBUS_SESSION_BUS_ADDRESS"
status=0
"$@" || status=$?
exit "$status"
