//! What the benchmarks share: the large sample (seed 1) in a real workspace
//! file, with the clock pinned so every run measures the same data.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use signalbox_api::{DemoSize, Workspace};

/// The pinned "now": 2026-11-20 12:00 UTC.
pub fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

/// A new workspace file holding the large sample, generated at `anchor`;
/// prints how long it took.
pub fn large_sample() -> (tempfile::TempDir, PathBuf, Workspace) {
    large_sample_at(anchor)
}

/// [`large_sample`], generated and measured at `now`.
pub fn large_sample_at(now: fn() -> DateTime<Utc>) -> (tempfile::TempDir, PathBuf, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.signalbox");
    let mut ws = Workspace::open(&path).unwrap();
    ws.set_clock(now);
    ws.set_display_name("Bench").unwrap();
    let started = Instant::now();
    ws.load_sample(DemoSize::Large, 1).unwrap();
    println!("load_sample(large): {:?}", started.elapsed());
    (dir, path, ws)
}

/// The workspace at `path` opened afresh, as the app opens it, clock pinned.
pub fn reopen(path: &Path) -> Workspace {
    let mut ws = Workspace::open(path).unwrap();
    ws.set_clock(anchor);
    ws
}
