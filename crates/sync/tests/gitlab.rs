//! The GitLab connector against a fake GitLab on loopback: 10,250 pipelines
//! paged without totals, `updated_after` and the cursor, `x-next-page`
//! without `Link`, a run updated while the list is paged, deployments by
//! environment (and the 400 GitLab gives without `order_by=updated_at`),
//! rate limits (429 with `Retry-After` and a plain-text body), a server error
//! retried, a truncated body, a refused token, an unknown project, status
//! values old and new, and a project path encoded as one segment.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use signalbox_fakes::policy;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use signalbox_domain::calendar::DeployStatus;
use signalbox_domain::sync::{RunKind, StatusTable, SyncedRun};
use signalbox_fakes::gitlab::{
    start, Deployment, Failure, Pipeline, Server, Touch, PROJECT_ID, PROJECT_PATH, TOKEN,
};
use signalbox_sync::gitlab::GitLab;
use signalbox_sync::http::Http;
use signalbox_sync::{SyncError, SyncReport};

type Outcome = (
    Result<Option<DateTime<Utc>>, SyncError>,
    Vec<SyncedRun>,
    SyncReport,
);

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap()
}

/// `m` minutes and 200 ms after t0: GitLab's stamps carry milliseconds.
fn at(m: i64) -> DateTime<Utc> {
    t0() + chrono::Duration::minutes(m) + chrono::Duration::milliseconds(200)
}

/// `n` pipelines of the project, pipeline `i` updated `i` minutes after t0.
fn seed(server: &Server, n: u64, status: &str) {
    let pipelines = (1..=n)
        .map(|i| Pipeline {
            id: i,
            status: status.into(),
            created_at: at(i as i64) - chrono::Duration::minutes(5),
            updated_at: at(i as i64),
        })
        .collect();
    let mut f = server.fake.lock().unwrap();
    f.pipelines.insert(PROJECT_ID, pipelines);
}

async fn pipelines(base: &str, token: &str, project: &str, after: DateTime<Utc>) -> Outcome {
    let table = StatusTable::defaults();
    let gl = GitLab::new(base, token, &table).unwrap();
    let mut http = Http::new(policy()).unwrap();
    let mut report = SyncReport::new();
    let mut got = Vec::new();
    let result = gl
        .pipelines(&mut http, project, after, &mut report, &mut |page| {
            got.extend(page);
            Ok(())
        })
        .await;
    (result, got, report)
}

async fn deployments(server: &Server, environment: Option<&str>, after: DateTime<Utc>) -> Outcome {
    let table = StatusTable::defaults();
    let gl = GitLab::new(&server.base, TOKEN, &table).unwrap();
    let mut http = Http::new(policy()).unwrap();
    let mut report = SyncReport::new();
    let mut got = Vec::new();
    let result = gl
        .deployments(
            &mut http,
            "42",
            environment,
            after,
            &mut report,
            &mut |page| {
                got.extend(page);
                Ok(())
            },
        )
        .await;
    (result, got, report)
}

fn asked(server: &Server) -> Vec<String> {
    server.fake.lock().unwrap().requests.clone()
}

#[tokio::test]
async fn ten_thousand_two_hundred_fifty_pipelines_are_read_whole_without_totals() {
    let server = start().await;
    seed(&server, 10_250, "success");

    // The fake, like GitLab, sends no totals for this many records.
    let first = reqwest::Client::new()
        .get(format!(
            "{}/api/v4/projects/42/pipelines?per_page=100",
            server.base
        ))
        .header("PRIVATE-TOKEN", TOKEN)
        .send()
        .await
        .unwrap();
    let h = first.headers();
    assert!(!h.contains_key("x-total") && !h.contains_key("x-total-pages"));
    assert_eq!(h["x-next-page"], "2");
    assert!(!h["link"].to_str().unwrap().contains("rel=\"last\""));
    server.fake.lock().unwrap().requests.clear();

    let started = Instant::now();
    let (result, runs, report) = pipelines(&server.base, TOKEN, "42", t0()).await;
    let cursor = result.unwrap();
    assert_eq!(runs.len(), 10_250);
    let ids: HashSet<&str> = runs.iter().map(|r| r.external_id.as_str()).collect();
    assert_eq!(ids.len(), 10_250, "every pipeline once");
    assert_eq!(
        (report.pages, report.items, report.requests),
        (103, 10_250, 103)
    );
    assert!(report.complete, "{:?}", report.gaps);
    assert_eq!(cursor, Some(at(10_250)));
    assert_eq!(report.quota.limit, Some(2000));
    assert_eq!(report.quota.remaining, Some(2000 - 1 - 103));
    // Oldest update first, the last page short.
    assert_eq!(runs[0].external_id, "1");
    assert_eq!(runs[10_249].external_id, "10250");
    let last = asked(&server).pop().unwrap();
    assert!(last.contains("page=103"), "{last}");
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[tokio::test]
async fn updated_after_is_honoured_and_the_cursor_is_the_newest_update() {
    let server = start().await;
    seed(&server, 250, "success");
    let (result, runs, report) = pipelines(&server.base, TOKEN, "42", at(100)).await;
    // Inclusive, as GitLab's filter is: pipelines 100 to 250.
    assert_eq!(result.unwrap(), Some(at(250)));
    assert_eq!((runs.len(), report.pages), (151, 2));
    assert_eq!(runs[0].external_id, "100");
    let first = &asked(&server)[0];
    for part in [
        "/api/v4/projects/42/pipelines?",
        "updated_after=2026-11-01T01%3A40%3A00.200Z",
        "order_by=updated_at",
        "sort=asc",
        "per_page=100",
    ] {
        assert!(first.contains(part), "{part} missing from {first}");
    }
    let r = &runs[0];
    assert_eq!(
        (r.kind, r.status, r.raw_status.as_str()),
        (RunKind::Pipeline, DeployStatus::Succeeded, "success")
    );
    assert_eq!((r.source.as_str(), r.attempt), ("42", 1));
    assert_eq!(r.finished_at, Some(at(100)));
    assert_eq!(r.git_ref.as_deref(), Some("main"));
    assert!(r.url.as_deref().unwrap().ends_with("/-/pipelines/100"));

    // Nothing updated since the cursor's instant but the runs at it.
    let (result, runs, _) = pipelines(&server.base, TOKEN, "42", at(250)).await;
    assert_eq!((result.unwrap(), runs.len()), (Some(at(250)), 1));
    let (result, runs, report) = pipelines(&server.base, TOKEN, "42", at(251)).await;
    assert_eq!((result.unwrap(), runs.len(), report.pages), (None, 0, 1));
}

#[tokio::test]
async fn without_a_link_header_x_next_page_is_followed() {
    let server = start().await;
    seed(&server, 230, "running");
    server.fake.lock().unwrap().links = false;
    let (result, runs, report) = pipelines(&server.base, TOKEN, "42", t0()).await;
    result.unwrap();
    assert_eq!((runs.len(), report.pages), (230, 3));
    assert!(runs.iter().all(|r| r.finished_at.is_none()));
    let asked = asked(&server);
    assert!(asked[2].contains("page=3") && asked[2].contains("order_by=updated_at"));
}

#[tokio::test]
async fn a_pipeline_updated_while_the_list_is_paged_sets_the_cursor_back() {
    let server = start().await;
    seed(&server, 250, "running");
    // Pipeline 5 (read on page 1) finishes before page 2 is asked for: it
    // moves to the end, and pipeline 101 slides onto page 1, already read.
    server.fake.lock().unwrap().touch = Some(Touch {
        id: 5,
        status: "success".into(),
        updated_at: at(1000),
    });
    let (result, runs, report) = pipelines(&server.base, TOKEN, "42", t0()).await;
    let cursor = result.unwrap();
    let ids: HashSet<&str> = runs.iter().map(|r| r.external_id.as_str()).collect();
    assert_eq!((runs.len(), ids.len()), (250, 249));
    assert!(!ids.contains("101"), "offset paging skipped it");
    assert!(!report.complete);
    assert!(
        report.gaps[0].contains("1 of the pipelines read changed"),
        "{:?}",
        report.gaps
    );
    assert_eq!(
        cursor,
        Some(at(5)),
        "back to where pipeline 5 was first read"
    );

    let (result, runs, report) = pipelines(&server.base, TOKEN, "42", cursor.unwrap()).await;
    assert_eq!(result.unwrap(), Some(at(1000)));
    assert!(runs.iter().any(|r| r.external_id == "101"));
    let five = runs.iter().find(|r| r.external_id == "5").unwrap();
    assert_eq!(five.status, DeployStatus::Succeeded);
    assert!(report.complete);
}

#[tokio::test]
async fn deployments_are_read_by_environment_with_order_by_updated_at() {
    let server = start().await;
    let list = (1..=30u64)
        .map(|i| Deployment {
            id: i,
            status: if i == 30 { "running" } else { "success" }.into(),
            environment: if i % 3 == 0 { "production" } else { "staging" }.into(),
            pipeline_id: 500 + i,
            created_at: at(i as i64),
            updated_at: at(i as i64 + 2),
            finished_at: (i != 30).then(|| at(i as i64 + 1)),
        })
        .collect();
    server
        .fake
        .lock()
        .unwrap()
        .deployments
        .insert(PROJECT_ID, list);

    let (result, runs, report) = deployments(&server, Some("production"), t0()).await;
    assert_eq!(result.unwrap(), Some(at(32)));
    assert_eq!((runs.len(), report.pages, report.items), (10, 1, 10));
    let r = runs.iter().find(|r| r.external_id == "3").unwrap();
    assert_eq!(r.kind, RunKind::Deployment);
    assert_eq!(r.environment.as_deref(), Some("production"));
    assert_eq!(
        (r.raw_status.as_str(), r.status),
        ("deployment:success", DeployStatus::Succeeded)
    );
    assert_eq!(r.actor.as_deref(), Some("ada"));
    assert_eq!(r.sha.as_deref(), Some(format!("{:040x}", 503).as_str()));
    assert_eq!((r.started_at, r.finished_at), (Some(at(3)), Some(at(4))));
    assert!(r.url.as_deref().unwrap().ends_with("/-/jobs/30"));
    let running = runs.iter().find(|r| r.external_id == "30").unwrap();
    assert_eq!(running.status, DeployStatus::InProgress);
    assert!(running.finished_at.is_none());
    let first = &asked(&server)[0];
    assert!(
        first.contains("/api/v4/projects/42/deployments?")
            && first.contains("order_by=updated_at")
            && first.contains("environment=production"),
        "{first}"
    );

    let (result, runs, _) = deployments(&server, None, at(20)).await;
    assert_eq!((result.unwrap(), runs.len()), (Some(at(32)), 13));

    // GitLab, and the fake, refuse `updated_after` without that order.
    let bare = reqwest::Client::new()
        .get(format!(
            "{}/api/v4/projects/42/deployments?updated_after=2026-11-01T00:00:00Z",
            server.base
        ))
        .header("PRIVATE-TOKEN", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), 400);
    let body = bare.text().await.unwrap();
    assert!(
        body.contains("`updated_at` filter requires `updated_at` sort"),
        "{body}"
    );
}

#[tokio::test]
async fn a_429_is_waited_out_as_retry_after_says() {
    let server = start().await;
    seed(&server, 10, "success");
    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::TooMany { retry_after_s: 1 });
    let started = Instant::now();
    let (result, runs, report) = pipelines(&server.base, TOKEN, "42", t0()).await;
    result.unwrap();
    assert_eq!((runs.len(), report.requests), (10, 2));
    assert!(started.elapsed() >= Duration::from_millis(1000));
    assert_eq!(report.quota.remaining, Some(1999));

    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::TooMany {
            retry_after_s: 3600,
        });
    let (result, _, _) = pipelines(&server.base, TOKEN, "42", t0()).await;
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
}

#[tokio::test]
async fn a_server_error_is_retried_and_a_truncated_body_named_with_its_url() {
    let server = start().await;
    seed(&server, 10, "success");
    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::ServerError);
    let (result, runs, report) = pipelines(&server.base, TOKEN, "42", t0()).await;
    result.unwrap();
    assert_eq!((runs.len(), report.requests), (10, 2));

    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::Truncated);
    let (result, runs, _) = pipelines(&server.base, TOKEN, "42", t0()).await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("/api/v4/projects/42/pipelines?updated_after=")
            && err.contains("not a list of pipelines"),
        "{err}"
    );
    assert!(runs.is_empty());

    server
        .fake
        .lock()
        .unwrap()
        .failures
        .extend(std::iter::repeat_n(Failure::ServerError, 4));
    let (result, _, _) = pipelines(&server.base, TOKEN, "42", t0()).await;
    let err = result.unwrap_err().to_string();
    assert!(err.contains("the server failed (500) 4 times"), "{err}");
}

#[tokio::test]
async fn a_refused_token_and_an_unknown_project_say_so() {
    let server = start().await;
    seed(&server, 10, "success");
    let (result, _, _) = pipelines(&server.base, "glpat-wrong", "42", t0()).await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("401 the token was refused") && err.contains("401 Unauthorized"),
        "{err}"
    );
    assert!(!err.contains("glpat-wrong"), "the token never shows");

    let (result, _, _) = pipelines(&server.base, TOKEN, "acme/nowhere", t0()).await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("404 not found") && err.contains("404 Project Not Found"),
        "{err}"
    );
}

#[tokio::test]
async fn new_status_values_are_kept_raw_and_mapped_by_the_table() {
    let server = start().await;
    let statuses = [
        "waiting_for_callback",
        "running",
        "canceled",
        "manual",
        "skipped",
    ];
    let list = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| Pipeline {
            id: i as u64 + 1,
            status: (*s).into(),
            created_at: at(i as i64),
            updated_at: at(i as i64 + 1),
        })
        .collect();
    {
        let mut f = server.fake.lock().unwrap();
        f.pipelines.insert(PROJECT_ID, list);
        f.failures.push_back(Failure::NewStatus("quantum".into()));
    }
    let (result, runs, _) = pipelines(&server.base, TOKEN, "42", t0()).await;
    result.unwrap();
    let by_id = |id: &str| runs.iter().find(|r| r.external_id == id).unwrap();
    // Pipeline 1 came as `quantum`, a value nobody has mapped.
    assert_eq!(
        (by_id("1").status, by_id("1").raw_status.as_str()),
        (DeployStatus::Unknown, "quantum")
    );
    assert!(by_id("1").finished_at.is_none());
    assert_eq!(by_id("2").status, DeployStatus::InProgress);
    assert_eq!(by_id("3").status, DeployStatus::Cancelled);
    assert_eq!(by_id("3").finished_at, Some(at(3)));
    assert_eq!(by_id("4").status, DeployStatus::Blocked);
    assert_eq!(by_id("5").status, DeployStatus::Cancelled);

    // And `waiting_for_callback`, GitLab's newest, is in the table.
    let (_, runs, _) = pipelines(&server.base, TOKEN, "42", t0()).await;
    let first = runs.iter().find(|r| r.external_id == "1").unwrap();
    assert_eq!(
        (first.raw_status.as_str(), first.status),
        ("waiting_for_callback", DeployStatus::Blocked)
    );
}

#[tokio::test]
async fn a_project_path_goes_as_one_encoded_segment_through_every_page() {
    let server = start().await;
    seed(&server, 150, "success");
    let (result, runs, report) = pipelines(&server.base, TOKEN, PROJECT_PATH, t0()).await;
    result.unwrap();
    assert_eq!((runs.len(), report.pages), (150, 2));
    assert!(runs.iter().all(|r| r.source == PROJECT_PATH));
    let asked = asked(&server);
    assert_eq!(asked.len(), 2);
    for a in &asked {
        assert!(
            a.starts_with("/api/v4/projects/acme%2Fplatform%2Fshop/pipelines?"),
            "{a}"
        );
    }
}

#[test]
fn a_base_url_keeps_its_path_and_a_bad_one_is_refused() {
    let table = StatusTable::defaults();
    for ok in [
        "https://gitlab.com",
        "https://git.example.com/gitlab/",
        "https://gitlab.com/api/v4",
    ] {
        assert!(GitLab::new(ok, "t", &table).is_ok(), "{ok}");
    }
    let err = GitLab::new("ftp://example.com", "t", &table)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("must start with https://"), "{err}");
    let err = GitLab::new("not a url", "t", &table)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("is not a URL"), "{err}");
}

#[tokio::test]
async fn a_base_ending_in_api_v4_and_an_empty_project_are_handled() {
    let server = start().await;
    seed(&server, 3, "success");
    // A base ending in /api/v4 is not given a second one.
    let (result, runs, _) = pipelines(&format!("{}/api/v4/", server.base), TOKEN, "42", t0()).await;
    assert_eq!((result.unwrap(), runs.len()), (Some(at(3)), 3));
    let (result, _, _) = pipelines(&server.base, TOKEN, " ", t0()).await;
    let err = result.unwrap_err().to_string();
    assert!(err.contains("needs its id or its path"), "{err}");
    assert_eq!(asked(&server).len(), 1);
}
