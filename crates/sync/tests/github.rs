//! The GitHub connector against a fake GitHub on loopback: Link paging, the
//! 1,000-result cap split into smaller windows, a free 304 on re-sync,
//! rate limits (429 with retry-after, 403 with a spent quota and a reset
//! time), a server error retried, a truncated body, a refused token, and
//! status values old and new.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use signalbox_fakes::policy;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use signalbox_domain::calendar::DeployStatus;
use signalbox_domain::sync::{StatusTable, SyncedRun};
use signalbox_fakes::github::{run, start, Failure, TOKEN};
use signalbox_sync::github::{Etags, GitHub, Window};
use signalbox_sync::http::Http;
use signalbox_sync::{SyncError, SyncReport};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap()
}

fn november() -> Window {
    Window {
        from: t0(),
        to: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
    }
}

/// `n` successful runs of `acme/shop`, one every `step` seconds from t0.
fn seed(server: &signalbox_fakes::github::Server, n: u64, step: i64) {
    let runs = (1..=n)
        .map(|i| {
            run(
                i,
                t0() + chrono::Duration::seconds(step * i as i64),
                "completed",
                Some("success"),
            )
        })
        .collect();
    server
        .fake
        .lock()
        .unwrap()
        .runs
        .insert("acme/shop".into(), runs);
}

async fn sync(
    base: &str,
    token: &str,
    window: Window,
    etags: &mut Etags,
) -> (Result<(), SyncError>, Vec<SyncedRun>, SyncReport) {
    let table = StatusTable::defaults();
    let gh = GitHub::new(base, token, &table).unwrap();
    let mut http = Http::new(policy()).unwrap();
    let mut report = SyncReport::new();
    let mut got = Vec::new();
    let result = gh
        .runs(
            &mut http,
            "acme/shop",
            window,
            etags,
            &mut report,
            &mut |page| {
                got.extend(page);
                Ok(())
            },
        )
        .await;
    (result, got, report)
}

#[tokio::test]
async fn pages_follow_the_link_header_and_every_run_is_read_once() {
    let server = start().await;
    seed(&server, 250, 60);
    let (result, runs, report) = sync(&server.base, TOKEN, november(), &mut Etags::new()).await;
    result.unwrap();
    assert_eq!(runs.len(), 250);
    let ids: HashSet<&str> = runs.iter().map(|r| r.external_id.as_str()).collect();
    assert_eq!(ids.len(), 250);
    assert_eq!((report.pages, report.items, report.requests), (3, 250, 3));
    assert!(report.complete);
    assert_eq!(report.quota.remaining, Some(4997));
    let r = &runs[0];
    assert_eq!(r.status, DeployStatus::Succeeded);
    assert_eq!(r.raw_status, "completed:success");
    assert_eq!(r.source, "acme/shop");
    assert_eq!(r.actor.as_deref(), Some("octocat"));
    assert!(r.finished_at.is_some());
    // Pages after the first were asked for with the URLs GitHub sent.
    let asked = server.fake.lock().unwrap().requests.clone();
    assert!(
        asked[1].0.contains("page=2") && asked[2].0.contains("page=3"),
        "{asked:?}"
    );
}

#[tokio::test]
async fn a_window_past_the_1000_cap_is_split_until_every_half_fits() {
    let server = start().await;
    // 2,600 runs in November: one query would list only 1,000 of them.
    seed(&server, 2600, 900);
    let (result, runs, report) = sync(&server.base, TOKEN, november(), &mut Etags::new()).await;
    result.unwrap();
    let ids: HashSet<&str> = runs.iter().map(|r| r.external_id.as_str()).collect();
    assert_eq!(runs.len(), 2600, "every run once");
    assert_eq!(ids.len(), 2600);
    assert!(report.complete, "{:?}", report.gaps);
    // No request ever went past the cap.
    let asked = server.fake.lock().unwrap().requests.clone();
    assert!(
        asked.iter().all(|(q, _)| !q.contains("page=11")),
        "{asked:?}"
    );
}

#[tokio::test]
async fn more_runs_in_one_second_than_github_lists_is_reported_incomplete() {
    let server = start().await;
    seed(&server, 1200, 0);
    let second = Window {
        from: t0(),
        to: t0() + chrono::Duration::seconds(1),
    };
    let (result, runs, report) = sync(&server.base, TOKEN, second, &mut Etags::new()).await;
    result.unwrap();
    assert_eq!(runs.len(), 1000);
    assert!(!report.complete);
    assert!(
        report.gaps[0].contains("1200 runs created in the second"),
        "{:?}",
        report.gaps
    );
}

#[tokio::test]
async fn a_resync_with_nothing_new_is_one_free_304() {
    let server = start().await;
    seed(&server, 150, 60);
    let mut etags = Etags::new();
    let (first, _, _) = sync(&server.base, TOKEN, november(), &mut etags).await;
    first.unwrap();
    assert_eq!(etags.len(), 1);
    let (again, runs, report) = sync(&server.base, TOKEN, november(), &mut etags).await;
    again.unwrap();
    assert!(runs.is_empty());
    assert_eq!(
        (report.requests, report.not_modified, report.pages),
        (1, 1, 0)
    );
    // The quota is what the first sync left.
    assert_eq!(report.quota.remaining, Some(4998));
    let asked = server.fake.lock().unwrap().requests.clone();
    assert!(asked.last().unwrap().1, "the re-sync sent If-None-Match");

    // A new run changes the first page: it is read again.
    server
        .fake
        .lock()
        .unwrap()
        .runs
        .get_mut("acme/shop")
        .unwrap()
        .push(run(
            999,
            t0() + chrono::Duration::days(20),
            "in_progress",
            None,
        ));
    let (_, runs, report) = sync(&server.base, TOKEN, november(), &mut etags).await;
    assert_eq!(runs.len(), 151);
    assert_eq!(report.not_modified, 0);
}

#[tokio::test]
async fn rate_limits_are_waited_out_as_the_headers_say() {
    let server = start().await;
    seed(&server, 10, 60);
    server.fake.lock().unwrap().failures.extend([
        Failure::TooMany { retry_after_s: 1 },
        Failure::QuotaSpent { reset_in_s: 1 },
    ]);
    let started = Instant::now();
    let (result, runs, report) = sync(&server.base, TOKEN, november(), &mut Etags::new()).await;
    result.unwrap();
    assert_eq!(runs.len(), 10);
    assert_eq!(report.requests, 3);
    // One second for retry-after, then until the reset (a second, plus slack).
    assert!(
        started.elapsed() >= Duration::from_millis(2000),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_rate_limit_longer_than_the_policy_allows_ends_the_sync_plainly() {
    let server = start().await;
    seed(&server, 10, 60);
    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::TooMany {
            retry_after_s: 3600,
        });
    let (result, runs, _) = sync(&server.base, TOKEN, november(), &mut Etags::new()).await;
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            SyncError::RateLimited {
                retry_after_s: 3600,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("try again after 3600 s"), "{err}");
    assert!(runs.is_empty());
}

#[tokio::test]
async fn a_server_error_is_retried_and_a_truncated_body_named() {
    let server = start().await;
    seed(&server, 10, 60);
    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::ServerError);
    let (result, runs, report) = sync(&server.base, TOKEN, november(), &mut Etags::new()).await;
    result.unwrap();
    assert_eq!((runs.len(), report.requests), (10, 2));

    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::Truncated);
    let mut etags = Etags::new();
    let (result, runs, _) = sync(&server.base, TOKEN, november(), &mut etags).await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("actions/runs") && err.contains("not a list of workflow runs"),
        "{err}"
    );
    assert!(runs.is_empty());
    assert!(etags.is_empty(), "an incomplete read leaves no ETag behind");

    for _ in 0..4 {
        server
            .fake
            .lock()
            .unwrap()
            .failures
            .push_back(Failure::ServerError);
    }
    let (result, _, _) = sync(&server.base, TOKEN, november(), &mut Etags::new()).await;
    let err = result.unwrap_err().to_string();
    assert!(err.contains("the server failed (500) 4 times"), "{err}");
}

#[tokio::test]
async fn a_refused_token_says_so_and_an_unreachable_host_too() {
    let server = start().await;
    seed(&server, 10, 60);
    let (result, _, _) = sync(&server.base, "ghp_wrong", november(), &mut Etags::new()).await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("401 the token was refused") && err.contains("Bad credentials"),
        "{err}"
    );
    assert!(
        !err.contains("ghp_wrong"),
        "the token never shows in a message"
    );

    // A port nobody listens on.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let (result, _, _) = sync(
        &format!("http://{closed}"),
        TOKEN,
        november(),
        &mut Etags::new(),
    )
    .await;
    let err = result.unwrap_err().to_string();
    assert!(err.contains("no answer (could not connect)"), "{err}");
}

#[tokio::test]
async fn new_and_odd_status_values_are_kept_raw_and_mapped_by_the_table() {
    let server = start().await;
    let at = |m| t0() + chrono::Duration::minutes(m);
    server.fake.lock().unwrap().runs.insert(
        "acme/shop".into(),
        vec![
            run(1, at(1), "completed", Some("startup_failure")),
            run(2, at(2), "waiting", None),
            run(3, at(3), "completed", Some("quantum_flux")),
            run(4, at(4), "in_progress", None),
            run(5, at(5), "requested", None),
        ],
    );
    let (result, runs, _) = sync(&server.base, TOKEN, november(), &mut Etags::new()).await;
    result.unwrap();
    let by_id = |id: &str| runs.iter().find(|r| r.external_id == id).unwrap();
    assert_eq!(by_id("1").status, DeployStatus::Failed);
    assert_eq!(by_id("2").status, DeployStatus::Blocked);
    assert_eq!(by_id("3").status, DeployStatus::Unknown);
    assert_eq!(by_id("3").raw_status, "completed:quantum_flux");
    assert_eq!(by_id("4").status, DeployStatus::InProgress);
    assert!(by_id("4").finished_at.is_none());
    assert_eq!(by_id("5").status, DeployStatus::Queued);
}

#[test]
fn an_enterprise_base_url_keeps_its_path_and_a_bad_one_is_refused() {
    let table = StatusTable::defaults();
    assert!(GitHub::new("https://ghe.example.com/api/v3", "t", &table).is_ok());
    let err = GitHub::new("ftp://example.com", "t", &table)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("must start with https://"), "{err}");
    let err = GitHub::new("not a url", "t", &table)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("is not a URL"), "{err}");
}
