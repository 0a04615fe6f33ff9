#!/usr/bin/env python3
"""Startup and memory of Signalbox beside a hello-world Tauri window.

RUNS rounds, each starting hello-world and then Signalbox once. Each start:
launch it under the current DISPLAY, time from spawn to the line `signalbox-ready-ms N` (printed when the page has shown
data and called back), wait for things to settle, then add up the RSS of
the app and all its descendants (the WebKit web and network processes).
Prints medians and the ratios. Signalbox opens the large portfolio.

Usage: bench_startup.py SIGNALBOX_APP HELLO_APP DATA_DIR [RUNS]
"""
import os
import statistics
import subprocess
import sys
import time

SETTLE_S = 2.0


def descendants(pid: int) -> list[int]:
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def rss_kib(pid: int) -> int:
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def one_run(binary: str, env: dict) -> tuple[float, int]:
    start = time.monotonic()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("signalbox-ready-ms"):
                elapsed = (time.monotonic() - start) * 1000
                break
        else:
            raise SystemExit(f"{binary} exited before it was ready")
        time.sleep(SETTLE_S)
        return elapsed, rss_kib(proc.pid)
    finally:
        proc.kill()
        proc.wait()


def report(name: str, times: list[float], mems: list[int]) -> tuple[float, float]:
    t, m = statistics.median(times), statistics.median(mems) / 1024
    print(f"{name:<12} startup median {t:7.0f} ms   (runs: {', '.join(f'{x:.0f}' for x in times)})")
    print(f"{name:<12} memory  median {m:7.1f} MiB RSS, app + WebKit processes")
    return t, m


def main() -> None:
    app, hello, data_dir = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    env = dict(os.environ, SIGNALBOX_STARTUP_PROBE="1", SIGNALBOX_DATA_DIR=data_dir)
    apps = {"hello-world": hello, "signalbox": app}
    results = {name: ([], []) for name in apps}
    for binary in apps.values():
        one_run(binary, env)  # warm the page cache
    # Alternate the two apps so that whatever else the machine is doing
    # falls on both alike.
    for _ in range(runs):
        for name, binary in apps.items():
            t, m = one_run(binary, env)
            results[name][0].append(t)
            results[name][1].append(m)
    ht, hm = report("hello-world", *results["hello-world"])
    st, sm = report("signalbox", *results["signalbox"])
    print(f"ratio        startup {st / ht:.2f}x   memory {sm / hm:.2f}x   (target: both within 1.3x)")


if __name__ == "__main__":
    main()
