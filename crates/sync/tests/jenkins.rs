//! The Jenkins connector against a fake Jenkins on loopback: `allBuilds`
//! paged by `{M,N}` ranges, the build-number cursor held back by builds
//! still running, folders and multibranch names in the job path, epoch
//! milliseconds, the status table (UNSTABLE remapped by a user), refused
//! credentials, a server error retried, a timeout, a truncated body, and
//! results old and new.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use signalbox_fakes::policy;

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use signalbox_domain::calendar::DeployStatus;
use signalbox_domain::sync::{Provider, RunKind, StatusRule, StatusTable, SyncedRun};
use signalbox_fakes::jenkins::{build, start, Failure, Server, TOKEN, USER};
use signalbox_sync::http::{Http, Policy};
use signalbox_sync::jenkins::Jenkins;
use signalbox_sync::{SyncError, SyncReport};

/// 2026-01-01T00:00:00Z in epoch milliseconds.
const T0_MS: i64 = 1_767_225_600_000;

/// Builds `1..=n` of `job`, one a minute from T0; `result` says each one's.
fn seed(server: &Server, job: &str, n: u64, result: impl Fn(u64) -> Option<&'static str>) {
    let builds = (1..=n)
        .map(|i| build(i, T0_MS + 60_000 * i as i64, result(i)))
        .collect();
    server.fake.lock().unwrap().jobs.insert(job.into(), builds);
}

type Outcome = (Result<Option<u64>, SyncError>, Vec<SyncedRun>, SyncReport);

async fn sync_with(
    server: &Server,
    token: &str,
    table: &StatusTable,
    policy: Policy,
    job: &str,
    since: Option<u64>,
) -> Outcome {
    let jenkins = Jenkins::new(&server.base, USER, token, table).unwrap();
    let mut http = Http::new(policy).unwrap();
    let mut report = SyncReport::new();
    let mut got = Vec::new();
    let result = jenkins
        .builds(&mut http, job, since, &mut report, &mut |page| {
            got.extend(page);
            Ok(())
        })
        .await;
    (result, got, report)
}

async fn sync(server: &Server, job: &str, since: Option<u64>) -> Outcome {
    sync_with(
        server,
        TOKEN,
        &StatusTable::defaults(),
        policy(),
        job,
        since,
    )
    .await
}

fn by_id<'a>(runs: &'a [SyncedRun], id: &str) -> &'a SyncedRun {
    runs.iter().find(|r| r.external_id == id).unwrap()
}

fn asked(server: &Server) -> Vec<(String, String)> {
    server.fake.lock().unwrap().requests.clone()
}

#[tokio::test]
async fn all_builds_are_paged_by_range_and_every_build_read_once() {
    let server = start().await;
    seed(&server, "deploy", 350, |_| Some("SUCCESS"));
    let (result, runs, report) = sync(&server, "deploy", None).await;
    assert_eq!(result.unwrap(), Some(350), "the newest finished build");
    assert_eq!(runs.len(), 350);
    let ids: HashSet<&str> = runs.iter().map(|r| r.external_id.as_str()).collect();
    assert_eq!(ids.len(), 350);
    assert_eq!((report.pages, report.items, report.requests), (4, 350, 4));
    assert!(report.complete);
    let trees: Vec<String> = asked(&server).into_iter().map(|(_, t)| t).collect();
    for (tree, range) in trees
        .iter()
        .zip(["{0,100}", "{100,200}", "{200,300}", "{300,400}"])
    {
        assert!(
            tree.starts_with("allBuilds[number,url,building,result,timestamp,duration,actions[")
                && tree.ends_with(range),
            "{tree}"
        );
    }
    let r = by_id(&runs, "350");
    assert_eq!((r.provider, r.kind), (Provider::Jenkins, RunKind::Build));
    assert_eq!(
        (r.status, r.raw_status.as_str()),
        (DeployStatus::Succeeded, "SUCCESS")
    );
    assert_eq!(r.source, "deploy");
    assert_eq!(r.attempt, 1);
    assert_eq!(r.sha.as_deref(), Some(format!("{:040x}", 350).as_str()));
    assert_eq!(r.git_ref.as_deref(), Some("main"));
    assert_eq!(r.actor.as_deref(), Some(USER));
    assert!(
        r.url.as_deref().unwrap().ends_with("/job/deploy/350/"),
        "{:?}",
        r.url
    );
    assert!(r.finished_at.is_some());
}

#[tokio::test]
async fn builds_still_running_are_in_progress_and_hold_the_cursor_back() {
    let server = start().await;
    seed(&server, "deploy", 120, |i| {
        if i == 118 || i == 120 {
            None
        } else {
            Some("SUCCESS")
        }
    });
    let (result, runs, report) = sync(&server, "deploy", None).await;
    assert_eq!(result.unwrap(), Some(118), "the oldest build still running");
    assert_eq!((runs.len(), report.pages), (120, 2));
    let r = by_id(&runs, "118");
    assert_eq!(
        (r.status, r.raw_status.as_str()),
        (DeployStatus::InProgress, "building")
    );
    assert!(r.finished_at.is_none());
    assert_eq!(r.updated_at, r.started_at.unwrap());

    // 118 and 120 finish, 121 starts: from the cursor, one page is enough.
    {
        let mut f = server.fake.lock().unwrap();
        let builds = f.jobs.get_mut("deploy").unwrap();
        for b in builds.iter_mut() {
            if b["building"] == json!(true) {
                b["building"] = json!(false);
                b["result"] = json!("FAILURE");
                b["duration"] = json!(30_000);
            }
        }
        builds.push(build(121, T0_MS + 60_000 * 121, None));
    }
    let (result, runs, report) = sync(&server, "deploy", Some(118)).await;
    assert_eq!(result.unwrap(), Some(121));
    let mut ids: Vec<&str> = runs.iter().map(|r| r.external_id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["118", "119", "120", "121"],
        "the cursor's build is read again"
    );
    assert_eq!((report.pages, report.requests), (1, 1));
    assert_eq!(by_id(&runs, "118").status, DeployStatus::Failed);

    // Nothing new: the cursor stays, and only its build is read again.
    let (result, runs, _) = sync(&server, "deploy", Some(121)).await;
    assert_eq!(result.unwrap(), Some(121));
    assert_eq!(runs.len(), 1);

    // The job was recreated: its builds start from 1 again, and all are read.
    seed(&server, "deploy", 3, |_| Some("SUCCESS"));
    let (result, runs, _) = sync(&server, "deploy", Some(121)).await;
    assert_eq!(result.unwrap(), Some(3));
    assert_eq!(runs.len(), 3);

    // A job with no builds yet keeps the cursor it was given.
    seed(&server, "empty", 0, |_| None);
    let (result, runs, report) = sync(&server, "empty", Some(7)).await;
    assert_eq!((result.unwrap(), runs.len(), report.pages), (Some(7), 0, 1));
}

#[tokio::test]
async fn unstable_is_failed_by_default_and_succeeded_in_a_table_that_says_so() {
    let server = start().await;
    seed(&server, "deploy", 3, |i| {
        Some(["SUCCESS", "UNSTABLE", "ABORTED"][i as usize - 1])
    });
    let (result, runs, _) = sync(&server, "deploy", None).await;
    result.unwrap();
    assert_eq!(by_id(&runs, "2").status, DeployStatus::Failed);
    assert_eq!(by_id(&runs, "2").raw_status, "UNSTABLE");
    assert_eq!(by_id(&runs, "3").status, DeployStatus::Cancelled);

    let mut rules = StatusTable::defaults().rules;
    rules.retain(|r| !(r.provider == Provider::Jenkins && r.raw == "UNSTABLE"));
    rules.push(StatusRule {
        provider: Provider::Jenkins,
        raw: "UNSTABLE".into(),
        status: DeployStatus::Succeeded,
    });
    let table = StatusTable::from_rules(rules).unwrap();
    let (result, runs, _) = sync_with(&server, TOKEN, &table, policy(), "deploy", None).await;
    result.unwrap();
    assert_eq!(by_id(&runs, "2").status, DeployStatus::Succeeded);
    assert_eq!(by_id(&runs, "2").raw_status, "UNSTABLE");
}

#[tokio::test]
async fn epoch_milliseconds_become_exact_utc_instants() {
    let server = start().await;
    let mut b = build(1, T0_MS + 123, Some("SUCCESS"));
    b["duration"] = json!(61_500);
    server
        .fake
        .lock()
        .unwrap()
        .jobs
        .insert("deploy".into(), vec![b]);
    let (result, runs, _) = sync(&server, "deploy", None).await;
    result.unwrap();
    let r = &runs[0];
    let at = |h, m, s, ms| {
        Utc.with_ymd_and_hms(2026, 1, 1, h, m, s).unwrap() + chrono::Duration::milliseconds(ms)
    };
    assert_eq!(r.created_at, at(0, 0, 0, 123));
    assert_eq!(r.started_at, Some(at(0, 0, 0, 123)));
    assert_eq!(r.finished_at, Some(at(0, 1, 1, 623)));
    assert_eq!(r.updated_at, at(0, 1, 1, 623));
    assert_eq!(
        r.finished_at.unwrap().to_rfc3339(),
        "2026-01-01T00:01:01.623+00:00"
    );
}

#[tokio::test]
async fn a_job_in_folders_is_asked_for_through_each_folder() {
    let server = start().await;
    seed(&server, "team/app/deploy", 2, |_| Some("SUCCESS"));
    seed(&server, "team/shop/feature%2Fpay", 1, |_| Some("SUCCESS"));
    let (result, runs, _) = sync(&server, "team/app/deploy", None).await;
    result.unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].source, "team/app/deploy");
    assert!(
        runs[0]
            .url
            .as_deref()
            .unwrap()
            .contains("/job/team/job/app/job/deploy/2/"),
        "{:?}",
        runs[0].url
    );
    // A multibranch job's name is encoded once more, as Jenkins links it.
    let (result, runs, _) = sync(&server, "team/shop/feature%2Fpay", None).await;
    result.unwrap();
    assert_eq!(runs.len(), 1);
    let paths: Vec<String> = asked(&server).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        paths,
        [
            "/job/team/job/app/job/deploy/api/json",
            "/job/team/job/shop/job/feature%252Fpay/api/json"
        ]
    );

    // A folder has no builds: said plainly.
    let (result, _, _) = sync(&server, "team/app", None).await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("team/app is a com.cloudbees.hudson.plugins.folder.Folder, not a job"),
        "{err}"
    );
    // Stray slashes are no part of the job's name.
    let (result, runs, _) = sync(&server, "/team/app/deploy/", None).await;
    result.unwrap();
    assert_eq!(runs[0].source, "team/app/deploy");
    let (result, _, _) = sync(&server, "/", None).await;
    assert!(result
        .unwrap_err()
        .to_string()
        .contains("no Jenkins job named"));
}

#[tokio::test]
async fn refused_credentials_say_why_without_markup_or_the_token() {
    let server = start().await;
    seed(&server, "deploy", 2, |_| Some("SUCCESS"));
    let table = StatusTable::defaults();
    let (result, runs, _) =
        sync_with(&server, "wrong-token", &table, policy(), "deploy", None).await;
    let err = result.unwrap_err();
    assert!(
        matches!(err, SyncError::Refused { status: 401, .. }),
        "{err}"
    );
    let err = err.to_string();
    assert!(
        err.contains("401 the token was refused")
            && err.contains("Invalid password/token for user: alice"),
        "{err}"
    );
    assert!(!err.contains('<'), "no HTML in the message: {err}");
    assert!(!err.contains("wrong-token"), "{err}");
    assert!(runs.is_empty());
    assert_eq!(asked(&server).len(), 1, "a refusal is not retried");
}

#[tokio::test]
async fn a_server_error_is_retried_and_a_truncated_body_named_with_its_url() {
    let server = start().await;
    seed(&server, "deploy", 10, |_| Some("SUCCESS"));
    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::ServerError);
    let (result, runs, report) = sync(&server, "deploy", None).await;
    assert_eq!(result.unwrap(), Some(10));
    assert_eq!((runs.len(), report.requests), (10, 2));

    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::Truncated);
    let (result, runs, _) = sync(&server, "deploy", None).await;
    let err = result.unwrap_err();
    assert!(matches!(err, SyncError::Malformed { .. }), "{err}");
    let err = err.to_string();
    assert!(
        err.contains(&format!("{}/job/deploy/api/json?tree=", server.base))
            && err.contains("not a list of builds"),
        "{err}"
    );
    assert!(runs.is_empty());
}

#[tokio::test]
async fn a_server_that_never_answers_in_time_is_reported_as_timed_out() {
    let server = start().await;
    seed(&server, "deploy", 10, |_| Some("SUCCESS"));
    let quick = Policy {
        attempts: 2,
        timeout: Duration::from_millis(200),
        ..policy()
    };
    server.fake.lock().unwrap().failures.extend([
        Failure::Slow(Duration::from_secs(2)),
        Failure::Slow(Duration::from_secs(2)),
    ]);
    let table = StatusTable::defaults();
    let (result, runs, _) = sync_with(&server, TOKEN, &table, quick, "deploy", None).await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("/job/deploy/api/json") && err.contains("no answer (timed out)"),
        "{err}"
    );
    assert!(runs.is_empty());

    // One slow answer is only a retry.
    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::Slow(Duration::from_secs(2)));
    let (result, runs, report) = sync_with(&server, TOKEN, &table, quick, "deploy", None).await;
    assert_eq!(result.unwrap(), Some(10));
    assert_eq!((runs.len(), report.requests), (10, 2));
}

#[tokio::test]
async fn results_jenkins_adds_later_are_unknown_with_their_words_kept() {
    let server = start().await;
    let mut odd: Vec<Value> = vec![
        build(1, T0_MS, Some("NOT_BUILT")),
        build(2, T0_MS, Some("SKIPPED_BY_POLICY")),
        build(3, T0_MS, Some("FAILURE")),
        build(4, T0_MS, None),
    ];
    // Not building, and yet no result.
    odd[3]["building"] = json!(false);
    // A build started by a timer has no user.
    odd[2]["actions"] = json!([{ "_class": "hudson.model.CauseAction", "causes": [
        { "_class": "hudson.triggers.TimerTrigger$TimerTriggerCause" }
    ] }]);
    server
        .fake
        .lock()
        .unwrap()
        .jobs
        .insert("deploy".into(), odd);
    let (result, runs, _) = sync(&server, "deploy", None).await;
    assert_eq!(result.unwrap(), Some(4));
    assert_eq!(by_id(&runs, "1").status, DeployStatus::Unknown);
    assert_eq!(by_id(&runs, "2").status, DeployStatus::Unknown);
    assert_eq!(by_id(&runs, "2").raw_status, "SKIPPED_BY_POLICY");
    assert_eq!(by_id(&runs, "3").status, DeployStatus::Failed);
    assert_eq!(by_id(&runs, "3").actor, None);
    assert_eq!(by_id(&runs, "3").sha, None);
    assert_eq!(by_id(&runs, "4").raw_status, "unknown");
    assert_eq!(by_id(&runs, "4").status, DeployStatus::Unknown);
    let at: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(by_id(&runs, "4").finished_at, Some(at));
}

#[test]
fn a_base_url_keeps_its_path_and_a_bad_one_is_refused() {
    let table = StatusTable::defaults();
    assert!(Jenkins::new("https://example.com/jenkins", USER, TOKEN, &table).is_ok());
    let err = Jenkins::new("ftp://example.com", USER, TOKEN, &table)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("must start with https://"), "{err}");
    let err = Jenkins::new("not a url", USER, TOKEN, &table)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("is not a URL"), "{err}");
}
