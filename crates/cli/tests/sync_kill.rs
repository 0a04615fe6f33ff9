//! A real `signalbox sync` process killed (SIGKILL, no chance to clean up)
//! at random points while it reads a slow fake GitHub, again and again, then
//! left to finish: every run is stored exactly once, and a further sync
//! finds nothing new. Cursors only move in the transaction that stores what
//! they cover, so no kill can skip runs or make them count twice.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashSet;
use std::process::Stdio;
use std::time::Duration;

use chrono::{Duration as Span, Utc};
use common::ok;
use signalbox_fakes::github;

const RUNS: u64 = 900;

fn stored(ws: &std::path::Path) -> Vec<String> {
    let listed = ok(
        ws,
        &[
            "runs",
            "list",
            "--source",
            "acme/shop",
            "--limit",
            "1000",
            "--json",
        ],
    );
    let runs: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    runs.iter()
        .map(|r| r["external_id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_sync_killed_at_random_points_resumes_with_nothing_lost_or_doubled() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(github::start());
    {
        let mut fake = server.fake.lock().unwrap();
        // Spread over the last three weeks: the window before yesterday
        // needs nine pages of 100.
        let start = Utc::now() - Span::days(21);
        let runs = (1..=RUNS)
            .map(|i| {
                github::run(
                    i,
                    start + Span::minutes(i as i64 * 20),
                    "completed",
                    Some("success"),
                )
            })
            .collect();
        fake.runs.insert("acme/shop".into(), runs);
        fake.delay = Duration::from_millis(60);
    }
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    common::add_github(&ws, "shop", &server.base, "acme/shop");
    let sync = || {
        let mut cmd = common::command(&ws);
        cmd.args(["sync", "--token-env", "TEST_TOKEN"])
            .env("TEST_TOKEN", github::TOKEN);
        cmd
    };

    // Kill it at spread-out moments: early, mid-page, between pages, late.
    let mut partial = 0;
    let mut seen = Vec::new();
    for wait_ms in [90u64, 170, 260, 330, 410, 520, 610] {
        let mut child = sync()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait_ms));
        let _ = child.kill();
        let _ = child.wait();
        let ids = stored(&ws);
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "no run stored twice");
        if !ids.is_empty() && ids.len() < RUNS as usize {
            partial += 1;
        }
        seen.push(ids.len());
    }
    println!("runs stored after each kill: {seen:?}");
    assert!(
        partial > 0,
        "no kill landed mid-sync ({seen:?}): the test proves nothing"
    );

    // Left alone, it finishes: every run, once.
    let status = sync().status().unwrap();
    assert!(status.success());
    let ids = stored(&ws);
    let unique: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(unique.len(), RUNS as usize, "after kills at {seen:?}");
    assert_eq!(ids.len(), RUNS as usize);
    let expected: HashSet<String> = (1..=RUNS).map(|i| i.to_string()).collect();
    assert_eq!(unique, expected);

    // And a sync after that stores nothing new.
    let again = sync().arg("--json").output().unwrap();
    assert!(again.status.success());
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report[0]["stored"], 0, "{report}");
    assert_eq!(stored(&ws).len(), RUNS as usize);
}
