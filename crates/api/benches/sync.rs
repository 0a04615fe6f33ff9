//! Sync benchmarks against the fake GitHub on loopback (`crates/fakes`), through
//! `Workspace::sync_connection` into a workspace file, as the app and the CLI run it:
//!
//! 1. **Ingest**: one repository with 100,000 workflow runs over a month, read
//!    in full on a first sync (HTTP + parse + map + store). GitHub lists at
//!    most 1,000 runs per query, so the 31-day window is split in halves until
//!    each fits. Reports runs per second, pages, requests and resident memory
//!    while it runs (sampled every 5 ms), to show whether memory stays flat
//!    across pages.
//! 2. **Re-sync of 50 unchanged repositories**: one connection over 50
//!    repositories; after the first sync and the one after it (whose window
//!    starts at the moved cursor, a new query), every request must be a 304
//!    and spend no quota. Then the clock moves a day on, to show what the
//!    moving window costs.
//!
//! `cargo bench -p signalbox-api --bench sync`; figures go in docs/benchmarks.md.
//!
//! A plain `main` (harness = false), not criterion: one ingest takes seconds,
//! needs a fresh workspace each time, and what matters beside its time is the
//! memory over its course, which criterion's sampling loop would hide.
//! `SYNC_BENCH_ROUNDS` (default 3) sets how many ingests are timed.

// A benchmark, like a test, should stop loudly on a failed setup.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use signalbox_api::domain::sync::{ConnectionInput, MappingRules, Provider};
use signalbox_api::sync::http::Policy;
use signalbox_api::syncing::SyncOutcome;
use signalbox_api::Workspace;
use signalbox_fakes::github::{run, start, Server, TOKEN};

/// The workspace clock: the first sync reads from 30 days before this day's
/// midnight (2026-10-31) to the next midnight (2026-12-01).
fn clock() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

/// The seeded month: November 2026, inside the first sync's window.
fn month_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap()
}

const MONTH_S: i64 = 30 * 24 * 3600;
const INGEST_RUNS: u64 = 100_000;
const REPOS: usize = 50;
const RUNS_PER_REPO: u64 = 300;

/// The fake GitHub on its own thread, with its own runtime.
fn fake_github() -> Server {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("fake-github".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                tx.send(start().await).unwrap();
                std::future::pending::<()>().await;
            });
        })
        .unwrap();
    rx.recv().unwrap()
}

/// `n` finished runs of `repo`, ids from `first_id`, spread evenly over the month.
fn seed(server: &Server, repo: &str, first_id: u64, n: u64) {
    let runs = (0..n)
        .map(|i| {
            let at = month_start() + chrono::Duration::seconds(i as i64 * MONTH_S / n as i64);
            let conclusion = if i % 10 == 9 { "failure" } else { "success" };
            run(first_id + i, at, "completed", Some(conclusion))
        })
        .collect();
    server.fake.lock().unwrap().runs.insert(repo.into(), runs);
}

/// A workspace file with one GitHub connection to the fake over `scope`.
fn workspace(server: &Server, scope: Vec<String>) -> (tempfile::TempDir, Workspace, uuid::Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("bench.signalbox")).unwrap();
    ws.set_clock(clock);
    ws.set_display_name("Bench").unwrap();
    let c = ws
        .create_connection(&ConnectionInput {
            name: "fake github".into(),
            provider: Provider::Github,
            base_url: server.base.clone(),
            scope,
            poll_interval_s: 300,
            username: None,
            rules: MappingRules::default(),
        })
        .unwrap();
    (dir, ws, c.id)
}

/// A field of /proc/self/status, in KiB.
fn status_kib(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Resident memory sampled every 5 ms on a thread of its own, until stopped.
struct Sampler {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Vec<(Duration, u64)>>,
}

impl Sampler {
    fn start() -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let t0 = Instant::now();
            let mut samples = Vec::new();
            while !flag.load(Ordering::Relaxed) {
                samples.push((t0.elapsed(), status_kib("VmRSS")));
                std::thread::sleep(Duration::from_millis(5));
            }
            samples
        });
        Sampler { stop, thread }
    }

    fn finish(self) -> Vec<(Duration, u64)> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap()
    }
}

struct Ingest {
    outcome: SyncOutcome,
    elapsed: Duration,
    rss_before: u64,
    hwm_growth: u64,
    samples: Vec<(Duration, u64)>,
}

/// A first sync of `repo` (holding `expected` runs) into a fresh workspace file.
fn ingest(server: &Server, repo: &str, expected: u64) -> Ingest {
    {
        let mut f = server.fake.lock().unwrap();
        f.remaining = 5000;
        f.requests.clear();
    }
    let (_dir, mut ws, id) = workspace(server, vec![repo.into()]);
    let rss_before = status_kib("VmRSS");
    // Resets VmHWM to the current RSS (Linux 4.0+), so it is this ingest's peak.
    let hwm_reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let sampler = Sampler::start();
    let started = Instant::now();
    let outcome = ws
        .sync_connection(id, TOKEN, Policy::default())
        .expect("the ingest");
    let elapsed = started.elapsed();
    let samples = sampler.finish();
    let sampled_peak = samples.iter().map(|s| s.1).max().unwrap_or(0);
    let peak = if hwm_reset {
        status_kib("VmHWM").max(sampled_peak)
    } else {
        sampled_peak
    };
    assert_eq!(outcome.stored, expected, "every run stored once");
    assert_eq!(outcome.report.items, expected);
    assert!(outcome.report.complete, "{:?}", outcome.report.gaps);
    assert_eq!(
        outcome.report.requests,
        server.fake.lock().unwrap().requests.len() as u64
    );
    Ingest {
        outcome,
        elapsed,
        rss_before,
        hwm_growth: peak.saturating_sub(rss_before),
        samples,
    }
}

/// The sampled RSS at `fraction` of the run.
fn rss_at(samples: &[(Duration, u64)], fraction: f64) -> u64 {
    let Some(last) = samples.last() else { return 0 };
    let t = last.0.mul_f64(fraction);
    samples.iter().find(|s| s.0 >= t).map_or(last.1, |s| s.1)
}

fn print_ingest(label: &str, i: &Ingest) {
    let r = &i.outcome.report;
    let secs = i.elapsed.as_secs_f64();
    println!(
        "{label}: {} runs in {:.2} s = {:.0} runs/s; {} pages, {} requests ({} split a window), quota {} -> {}",
        i.outcome.stored,
        secs,
        i.outcome.stored as f64 / secs,
        r.pages,
        r.requests,
        r.requests - r.pages,
        5000,
        r.quota.remaining.unwrap_or(0),
    );
    let s = &i.samples;
    println!(
        "    RSS before {:.1} MiB; peak growth {:.1} MiB; rise from 10% to 100% of the ingest {:+.1} MiB; sampled at 10/25/50/75/100%: {:.1} / {:.1} / {:.1} / {:.1} / {:.1} MiB",
        mib(i.rss_before),
        mib(i.hwm_growth),
        mib(rss_at(s, 1.0)) - mib(rss_at(s, 0.10)),
        mib(rss_at(s, 0.10)),
        mib(rss_at(s, 0.25)),
        mib(rss_at(s, 0.50)),
        mib(rss_at(s, 0.75)),
        mib(rss_at(s, 1.0)),
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ingest_bench(server: &Server) {
    let started = Instant::now();
    seed(server, "acme/shop", 1, INGEST_RUNS);
    println!(
        "seeded the fake: {INGEST_RUNS} runs in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let rounds: usize = std::env::var("SYNC_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    // The first ingest also builds the fake's index and grows the heap once:
    // shown (its memory is the cold figure) but not counted in the median.
    let cold = ingest(server, "acme/shop", INGEST_RUNS);
    print_ingest("ingest 0 (cold, not counted)", &cold);
    let mut rates = Vec::new();
    for round in 1..=rounds {
        let i = ingest(server, "acme/shop", INGEST_RUNS);
        rates.push(i.outcome.stored as f64 / i.elapsed.as_secs_f64());
        print_ingest(&format!("ingest {round}/{rounds}"), &i);
    }
    println!(
        "ingest median: {:.0} runs/s (target >= 20,000)",
        median(rates)
    );
}

/// One sync of connection `id`, printed: the outcome, its time, the quota it spent.
fn timed_sync(
    server: &Server,
    ws: &mut Workspace,
    id: uuid::Uuid,
    what: &str,
) -> (SyncOutcome, Duration, u64) {
    let quota = || server.fake.lock().unwrap().remaining;
    let before = quota();
    let started = Instant::now();
    let o = ws.sync_connection(id, TOKEN, Policy::default()).unwrap();
    let elapsed = started.elapsed();
    let after = quota();
    let r = &o.report;
    println!(
        "{what}: {:.1} ms, {} requests, {} answered 304, {} runs stored, quota spent {} ({} -> {})",
        elapsed.as_secs_f64() * 1000.0,
        r.requests,
        r.not_modified,
        o.stored,
        before - after,
        before,
        after
    );
    assert_eq!(r.quota.remaining, Some(after));
    (o, elapsed, before - after)
}

fn resync_bench(server: &Server) {
    let repos: Vec<String> = (0..REPOS).map(|i| format!("acme/svc-{i:02}")).collect();
    for (i, repo) in repos.iter().enumerate() {
        seed(
            server,
            repo,
            20_000_000 + i as u64 * 1_000_000,
            RUNS_PER_REPO,
        );
    }
    server.fake.lock().unwrap().remaining = 5000;
    let (_dir, mut ws, id) = workspace(server, repos);
    let ws = &mut ws;
    let what = "re-sync setup, first sync of 50 repositories";
    let (first, _, _) = timed_sync(server, ws, id, what);
    assert_eq!(first.stored, REPOS as u64 * RUNS_PER_REPO);
    // The cursor moves from 30 days back to yesterday: the next window is a
    // new query, with no ETag yet.
    let what = "re-sync setup, second sync (the window now starts yesterday)";
    timed_sync(server, ws, id, what);
    let mut times = Vec::new();
    for _ in 0..10 {
        let what = "re-sync of 50 unchanged repositories";
        let (o, elapsed, spent) = timed_sync(server, ws, id, what);
        assert_eq!(
            o.report.not_modified, o.report.requests,
            "every request a 304"
        );
        // Per repository: its runs since yesterday, and its deployments.
        assert_eq!(o.report.requests, 2 * REPOS as u64);
        assert_eq!((o.stored, o.report.pages), (0, 0));
        assert_eq!(spent, 0, "no quota spent");
        times.push(elapsed.as_secs_f64() * 1000.0);
    }
    println!(
        "re-sync of 50 unchanged repositories: median {:.1} ms over {} runs, every request a 304, no quota spent",
        median(times.clone()),
        times.len()
    );
    // The next day, nothing new: what the moving window costs.
    ws.set_clock(|| clock() + chrono::Duration::days(1));
    for n in 1..=3 {
        timed_sync(server, ws, id, &format!("next day, sync {n}"));
    }
}

fn main() {
    // `cargo test --benches` runs this binary without `--bench`: build-check only.
    if !std::env::args().any(|a| a == "--bench") {
        println!("sync bench: run it with `cargo bench -p signalbox-api --bench sync`");
        return;
    }
    let server = fake_github();
    ingest_bench(&server);
    resync_bench(&server);
}
