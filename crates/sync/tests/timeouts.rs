//! A server that does not answer within the client's timeout, for each
//! provider whose fake can be slowed (Jenkins has its own test): the sync
//! ends naming the request and "timed out", after the policy's retries; one
//! slow answer is only a retry.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use chrono::{TimeZone, Utc};
use signalbox_domain::sync::StatusTable;
use signalbox_fakes::{argocd, github, gitlab, policy};
use signalbox_sync::argocd::ArgoCd;
use signalbox_sync::github::{Etags, GitHub, Window};
use signalbox_sync::gitlab::GitLab;
use signalbox_sync::http::{Http, Policy};
use signalbox_sync::{SyncError, SyncReport};

fn quick() -> Policy {
    Policy {
        attempts: 2,
        timeout: Duration::from_millis(200),
        ..policy()
    }
}

fn timed_out(result: Result<(), SyncError>, path: &str) {
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains(path) && err.contains("no answer (timed out)"),
        "{err}"
    );
}

async fn github_read(server: &github::Server) -> (Result<(), SyncError>, u64) {
    let table = StatusTable::defaults();
    let gh = GitHub::new(&server.base, github::TOKEN, &table).unwrap();
    let mut http = Http::new(quick()).unwrap();
    let mut report = SyncReport::new();
    let window = Window {
        from: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        to: Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap(),
    };
    let result = gh
        .runs(
            &mut http,
            "acme/shop",
            window,
            &mut Etags::new(),
            &mut report,
            &mut |_| Ok(()),
        )
        .await;
    (result, http.requests)
}

#[tokio::test]
async fn github_too_slow_times_out_and_a_prompt_answer_reads() {
    let server = github::start().await;
    {
        let mut f = server.fake.lock().unwrap();
        f.runs.insert("acme/shop".into(), Vec::new());
        f.delay = Duration::from_secs(2);
    }
    let (result, requests) = github_read(&server).await;
    timed_out(result, "/repos/acme/shop/actions/runs");
    assert_eq!(requests, 2, "tried as often as the policy says");
    server.fake.lock().unwrap().delay = Duration::ZERO;
    let (result, _) = github_read(&server).await;
    result.unwrap();
}

#[tokio::test]
async fn gitlab_too_slow_times_out() {
    let server = gitlab::start().await;
    server.fake.lock().unwrap().delay = Duration::from_secs(2);
    let table = StatusTable::defaults();
    let gl = GitLab::new(&server.base, gitlab::TOKEN, &table).unwrap();
    let mut http = Http::new(quick()).unwrap();
    let mut report = SyncReport::new();
    let after = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    let result = gl
        .pipelines(
            &mut http,
            gitlab::PROJECT_PATH,
            after,
            &mut report,
            &mut |_| Ok(()),
        )
        .await
        .map(|_| ());
    timed_out(result, "/pipelines");
    assert_eq!(http.requests, 2);
}

#[tokio::test]
async fn argocd_too_slow_times_out() {
    let server = argocd::start().await;
    server.fake.lock().unwrap().delay = Duration::from_secs(2);
    let table = StatusTable::defaults();
    let argo = ArgoCd::new(&server.base, argocd::TOKEN, &table).unwrap();
    let mut http = Http::new(quick()).unwrap();
    let mut report = SyncReport::new();
    let result = argo
        .applications(&mut http, None, &mut report, &mut |_| Ok(()))
        .await;
    timed_out(result, "/api/v1/applications");
    assert_eq!(http.requests, 2);
}
