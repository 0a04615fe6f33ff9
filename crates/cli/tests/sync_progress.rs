//! `signalbox sync` on a terminal shows a live count of pages and runs
//! (run here under `script`, which gives it a pseudo-terminal); with its
//! output going to a pipe it prints none, so logs and `--json` stay clean.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use chrono::{Duration as Span, Utc};
use signalbox_fakes::github;

#[test]
fn sync_counts_pages_live_on_a_terminal_and_stays_quiet_in_a_pipe() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(github::start());
    let start = Utc::now() - Span::days(10);
    server.fake.lock().unwrap().runs.insert(
        "acme/shop".into(),
        (1..=250)
            .map(|i| {
                github::run(
                    i,
                    start + Span::minutes(i as i64),
                    "completed",
                    Some("success"),
                )
            })
            .collect(),
    );
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    common::add_github(&ws, "shop", &server.base, "acme/shop");
    let bin = env!("CARGO_BIN_EXE_signalbox");
    let line = format!(
        "{bin} --workspace {} sync --token-env TEST_TOKEN",
        ws.display()
    );
    let on_terminal = common::no_proxy(&mut Command::new("script"))
        .args(["-qec", &line, "/dev/null"])
        .env("TEST_TOKEN", github::TOKEN)
        .output()
        .expect("script (bsdutils) runs a command on a pseudo-terminal");
    let text = String::from_utf8_lossy(&on_terminal.stdout);
    assert!(on_terminal.status.success(), "{text}");
    assert!(text.contains("syncing shop: 1 page,"), "{text}");
    assert!(
        text.contains("syncing shop: 3 pages, 250 runs read"),
        "{text}"
    );

    let piped = common::command(&ws)
        .args(["sync", "--token-env", "TEST_TOKEN"])
        .env("TEST_TOKEN", github::TOKEN)
        .output()
        .unwrap();
    assert!(piped.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&piped.stdout),
        String::from_utf8_lossy(&piped.stderr)
    );
    assert!(!all.contains("syncing shop"), "{all}");
}
