//! The least SQLite needs to store the large sample's 2,000,000 runs, with
//! no Rust in the way: the workspace's own schema (its migrations), rows
//! shaped like the sample's (same columns, similar lengths) made by SQLite
//! itself in one `INSERT … SELECT`, the runs table's indexes built after the
//! rows, foreign keys off. Once in the settings every workspace has (WAL,
//! 4 KiB pages) with the sample's 512 MiB cache, and once in the fastest
//! settings SQLite has (16 KiB pages, no journal, no syncing).
//!
//! `cargo bench -p signalbox-store --bench runs_floor` (docs/benchmarks.md, "demo").

// A bench binary: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use signalbox_store::Db;

const RUNS: u32 = 2_000_000;

const INSERT: &str = "
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1)
    INSERT INTO runs (connection_id, kind, source, external_id, attempt, name, environment,
                      raw_status, status, sha, git_ref, url, actor, created_s, started_s,
                      finished_s, updated_s, service_id, environment_id)
    SELECT '01a20460-5783-74ec-ab3f-204f72119d2' || (i % 2), 'deployment',
           'acme/checkout-wallet-proxy-' || (i / 400), CAST(i % 400 AS TEXT), 1, 'deploy', 'prod',
           'deployment:success', 'succeeded', lower(hex(randomblob(20))), 'main',
           'https://github.example.com/acme/checkout-wallet-proxy-' || (i / 400) || '/deployments',
           'release-bot', 1780076802 + i, 1780076802 + i, 1780077582 + i, 1780077582 + i,
           '01a20460-5783-74ec-ab3f-1f5f7997f' || (i / 400), '01a20460-5783-74ec-ab3f-1f575d62475b'
    FROM n";

struct Times {
    rows: Duration,
    indexes: Duration,
    commit: Duration,
}

fn load(fastest: bool) -> Times {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.signalbox");
    let mut db = Db::open(&path).unwrap();
    let conn = db.conn_mut();
    if fastest {
        // The schema is all there is yet: rewriting it in bigger pages is instant.
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA page_size = 16384; VACUUM;
             PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;",
        )
        .unwrap();
    }
    conn.execute_batch("PRAGMA cache_size = -524288; PRAGMA foreign_keys = OFF;")
        .unwrap();
    let tx = conn.transaction().unwrap();
    let indexes: Vec<(String, String)> = tx
        .prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND tbl_name = 'runs' AND sql IS NOT NULL",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (name, _) in &indexes {
        tx.execute_batch(&format!("DROP INDEX \"{name}\"")).unwrap();
    }
    let started = Instant::now();
    tx.execute(INSERT, [RUNS]).unwrap();
    let rows = started.elapsed();
    let started = Instant::now();
    for (_, create) in &indexes {
        tx.execute_batch(create).unwrap();
    }
    let indexes = started.elapsed();
    let started = Instant::now();
    tx.commit().unwrap();
    let commit = started.elapsed();
    Times {
        rows,
        indexes,
        commit,
    }
}

fn main() {
    // `cargo test --benches` runs bench binaries once as a smoke test; the
    // floor takes seconds, so only `cargo bench` (which passes --bench) runs it.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    for (label, fastest) in [
        ("workspace settings (WAL, 4 KiB pages)", false),
        ("fastest settings (no journal, 16 KiB pages)", true),
    ] {
        let t = load(fastest);
        println!(
            "{RUNS} runs, {label}: rows {:.2} s + indexes {:.2} s + commit {:.2} s = {:.2} s",
            t.rows.as_secs_f64(),
            t.indexes.as_secs_f64(),
            t.commit.as_secs_f64(),
            (t.rows + t.indexes + t.commit).as_secs_f64()
        );
    }
}
