//! Syncing connections into a real workspace file against the fake providers
//! on loopback: runs stored once however often they are read, a re-sync
//! that costs nothing, a sync that dies half-way and resumes with nothing
//! lost or doubled, each provider end to end through the API, and
//! deployments moving the planned changes they carry out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use signalbox_api::domain::calendar::DeployStatus;
use signalbox_api::domain::sync::{ConnectionInput, MappingRules, Provider};
use signalbox_api::{ErrorCode, Workspace};
use signalbox_fakes::{argocd, github, gitlab, jenkins, policy};

/// The workspace clock: mid-November, so a first sync reads from mid-October.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 15, 12, 0, 0).unwrap()
}

fn workspace(dir: &tempfile::TempDir) -> Workspace {
    let mut ws = Workspace::open(&dir.path().join("w.signalbox")).unwrap();
    ws.set_display_name("Sync Tester").unwrap();
    ws.set_clock(now);
    ws
}

fn connection(ws: &mut Workspace, provider: Provider, base: &str, scope: &[&str]) -> uuid::Uuid {
    ws.create_connection(&ConnectionInput {
        name: provider.as_str().into(),
        provider,
        base_url: base.into(),
        scope: scope.iter().map(|s| s.to_string()).collect(),
        poll_interval_s: 300,
        username: (provider == Provider::Jenkins).then(|| jenkins::USER.to_owned()),
        rules: MappingRules::default(),
    })
    .unwrap()
    .id
}

fn seed_github(server: &github::Server, n: u64) {
    let start = now() - Duration::days(3);
    let runs = (1..=n)
        .map(|i| {
            github::run(
                i,
                start + Duration::minutes(i as i64),
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

#[tokio::test(flavor = "multi_thread")]
async fn github_runs_are_stored_once_and_an_unchanged_resync_is_free() {
    let server = github::start().await;
    seed_github(&server, 250);
    let dir = tempfile::tempdir().unwrap();
    let base = server.base.clone();
    let (first, second, listed) = tokio::task::spawn_blocking(move || {
        let mut ws = workspace(&dir);
        let id = connection(&mut ws, Provider::Github, &base, &["acme/shop"]);
        // Two windows: before yesterday (these runs, 3 pages) and since
        // yesterday (an empty page).
        let first = ws.sync_connection(id, github::TOKEN, policy()).unwrap();
        // The cursor is now yesterday: only the second query is asked
        // again, the same all day, and it costs nothing; so does the list of
        // deployments.
        let second = ws.sync_connection(id, github::TOKEN, policy()).unwrap();
        (
            first,
            second,
            ws.list_runs(Some("acme/shop"), 1000).unwrap(),
        )
    })
    .await
    .unwrap();
    // Plus one page of deployments (none: this repository never deployed).
    assert_eq!(
        (first.stored, first.report.items, first.report.pages),
        (250, 250, 5)
    );
    assert!(first.report.complete);
    assert_eq!(listed.len(), 250);
    assert!(listed.iter().all(|r| r.status == DeployStatus::Succeeded));
    assert_eq!(
        (
            second.report.requests,
            second.report.not_modified,
            second.stored
        ),
        (2, 2, 0)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sync_that_dies_half_way_resumes_with_nothing_lost_or_doubled() {
    let server = github::start().await;
    seed_github(&server, 250);
    // Pages 1 and 2 arrive, page 3 is cut off.
    server.fake.lock().unwrap().failures.extend([
        github::Failure::Pass,
        github::Failure::Pass,
        github::Failure::Truncated,
    ]);
    let dir = tempfile::tempdir().unwrap();
    let base = server.base.clone();
    let (failed, stored_after_failure, again, stored) = tokio::task::spawn_blocking(move || {
        let mut ws = workspace(&dir);
        let id = connection(&mut ws, Provider::Github, &base, &["acme/shop"]);
        let failed = ws.sync_connection(id, github::TOKEN, policy()).unwrap_err();
        let after = ws.list_runs(None, 1000).unwrap().len();
        let again = ws.sync_connection(id, github::TOKEN, policy()).unwrap();
        let stored = ws.list_runs(None, 1000).unwrap();
        (failed, after, again, stored)
    })
    .await
    .unwrap();
    let payload = failed.payload();
    assert_eq!(payload.code, ErrorCode::SyncFailed);
    assert!(
        payload.message.starts_with("github: ")
            && payload.message.contains("not a list of workflow runs"),
        "{}",
        payload.message
    );
    assert_eq!(
        stored_after_failure, 200,
        "what was read before the failure is kept"
    );
    // The cursor had not moved: the whole window is read again (no 304),
    // and every run is there exactly once.
    assert_eq!(again.report.not_modified, 0);
    assert_eq!(stored.len(), 250);
    let mut ids: Vec<&str> = stored.iter().map(|r| r.external_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 250);
}

#[tokio::test(flavor = "multi_thread")]
async fn gitlab_jenkins_and_argo_cd_sync_through_the_api() {
    let gl = gitlab::start().await;
    {
        let mut f = gl.fake.lock().unwrap();
        let t = now() - Duration::days(2);
        f.pipelines.insert(
            gitlab::PROJECT_ID,
            (1..=120)
                .map(|i| gitlab::Pipeline {
                    id: i,
                    status: if i == 120 {
                        "running".into()
                    } else {
                        "success".into()
                    },
                    created_at: t + Duration::minutes(i as i64),
                    updated_at: t + Duration::minutes(i as i64),
                })
                .collect(),
        );
    }
    let jk = jenkins::start().await;
    {
        let t = (now() - Duration::days(1)).timestamp_millis();
        let builds = (1..=30u64)
            .rev()
            .map(|n| {
                jenkins::build(
                    n,
                    t + n as i64 * 60_000,
                    if n == 30 { None } else { Some("SUCCESS") },
                )
            })
            .collect();
        jk.fake.lock().unwrap().jobs.insert("deploy".into(), builds);
    }
    let argo = argocd::start().await;
    argo.fake.lock().unwrap().apps = vec![
        argocd::app("shop", "payments", "shop-prod", "a1b2c3", "Healthy"),
        argocd::app("ledger", "payments", "ledger-prod", "d4e5f6", "Degraded"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let (gl_base, jk_base, argo_base) = (gl.base.clone(), jk.base.clone(), argo.base.clone());
    let (outcomes, runs) = tokio::task::spawn_blocking(move || {
        let mut ws = workspace(&dir);
        let g = connection(&mut ws, Provider::Gitlab, &gl_base, &[gitlab::PROJECT_PATH]);
        let j = connection(&mut ws, Provider::Jenkins, &jk_base, &["deploy"]);
        let a = connection(&mut ws, Provider::Argocd, &argo_base, &["payments"]);
        let outcomes = vec![
            ws.sync_connection(g, gitlab::TOKEN, policy()).unwrap(),
            ws.sync_connection(j, jenkins::TOKEN, policy()).unwrap(),
            ws.sync_connection(a, argocd::TOKEN, policy()).unwrap(),
            // Again: stored once, the running pipeline and building build re-read.
            ws.sync_connection(g, gitlab::TOKEN, policy()).unwrap(),
            ws.sync_connection(j, jenkins::TOKEN, policy()).unwrap(),
        ];
        (outcomes, ws.list_runs(None, 1000).unwrap())
    })
    .await
    .unwrap();
    assert!(outcomes.iter().all(|o| o.report.complete), "{outcomes:?}");
    let count = |source: &str| runs.iter().filter(|r| r.source == source).count();
    assert_eq!(count(gitlab::PROJECT_PATH), 120);
    assert_eq!(count("deploy"), 30);
    assert!(count("shop") >= 1 && count("ledger") >= 1, "{runs:?}");
    let building = runs
        .iter()
        .find(|r| r.source == "deploy" && r.external_id == "30")
        .unwrap();
    assert_eq!(building.status, DeployStatus::InProgress);
    let ledger = runs
        .iter()
        .find(|r| r.source == "ledger" && r.raw_status.contains("Degraded"));
    assert_eq!(
        ledger.map(|r| r.status),
        Some(DeployStatus::Failed),
        "{runs:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn deployments_move_their_planned_changes_along_each_step_audited() {
    use signalbox_api::domain::sync::{EnvironmentRule, ServiceRule};
    use signalbox_api::domain::{AuditAction, EntityKind};
    let server = github::start().await;
    let day = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
    server.fake.lock().unwrap().runs.insert(
        "acme/ledger".into(),
        vec![
            // Carries out the 10:00 change: finished.
            github::run(
                1,
                day + Duration::minutes(10 * 60 + 5),
                "completed",
                Some("success"),
            ),
            // Carries out the 14:00 change: still going.
            github::run(2, day + Duration::minutes(14 * 60 + 3), "in_progress", None),
            // Nothing planned at 20:00: stored, linked to nothing.
            github::run(3, day + Duration::hours(20), "completed", Some("failure")),
        ],
    );
    let base = server.base.clone();
    let (outcome, statuses, events) = tokio::task::spawn_blocking(move || {
        let mut f = common::fixture();
        f.ws.set_clock(move || day + Duration::hours(22));
        let morning =
            f.ws.create_change(&common::change(
                &f,
                "Ledger 4.1",
                f.staging,
                day + Duration::hours(10),
                60,
            ))
            .unwrap();
        let afternoon =
            f.ws.create_change(&common::change(
                &f,
                "Ledger 4.2",
                f.staging,
                day + Duration::hours(14),
                60,
            ))
            .unwrap();
        let id =
            f.ws.create_connection(&ConnectionInput {
                name: "github".into(),
                provider: Provider::Github,
                base_url: base,
                scope: vec!["acme/ledger".into()],
                poll_interval_s: 300,
                username: None,
                rules: MappingRules {
                    deployment_names: vec!["deploy*".into()],
                    // Workflow runs name no environment: "" is the default.
                    environments: vec![EnvironmentRule {
                        provider_environment: String::new(),
                        environment_id: f.staging,
                    }],
                    services: vec![ServiceRule {
                        source: "acme/ledger".into(),
                        service_id: f.ledger,
                    }],
                    stall_after_min: None,
                },
            })
            .unwrap()
            .id;
        let outcome = f.ws.sync_connection(id, github::TOKEN, policy()).unwrap();
        let statuses = (
            f.ws.get_change(morning.id).unwrap().status,
            f.ws.get_change(afternoon.id).unwrap().status,
        );
        let events =
            f.ws.list_audit(&signalbox_api::audit::AuditQuery {
                entity_id: Some(morning.id),
                before_seq: None,
                limit: Some(10),
            })
            .unwrap()
            .items;
        (outcome, statuses, events)
    })
    .await
    .unwrap();
    assert_eq!(
        statuses,
        (DeployStatus::Succeeded, DeployStatus::InProgress)
    );
    assert_eq!(
        outcome.advanced,
        vec![
            "Ledger 4.1: planned → in progress → succeeded".to_owned(),
            "Ledger 4.2: planned → in progress".to_owned()
        ]
    );
    let moves: Vec<_> = events
        .iter()
        .filter(|e| e.entity == EntityKind::Change && e.action == AuditAction::StatusChanged)
        .collect();
    assert_eq!(moves.len(), 2);
    assert!(
        moves
            .iter()
            .all(|e| e.after.as_deref().unwrap_or("").contains("GitHub run 1")),
        "{moves:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn testing_a_connection_says_per_source_what_works_and_what_failed() {
    let gh = github::start().await;
    seed_github(&gh, 3);
    let gl = gitlab::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (gh_base, gl_base) = (gh.base.clone(), gl.base.clone());
    let (good, wrong, mixed, unsaved) = tokio::task::spawn_blocking(move || {
        let mut ws = workspace(&dir);
        // Settings still being filled in are tested the same way, saving nothing.
        let unsaved = ws
            .test_settings(
                &ConnectionInput {
                    name: "draft".into(),
                    provider: Provider::Github,
                    base_url: gh_base.clone(),
                    scope: vec!["acme/shop".into(), "acme/gone".into()],
                    poll_interval_s: 300,
                    username: None,
                    rules: MappingRules::default(),
                },
                github::TOKEN,
                policy(),
            )
            .unwrap();
        assert!(ws.list_connections().unwrap().is_empty());
        let g = connection(&mut ws, Provider::Github, &gh_base, &["acme/shop"]);
        let l = connection(
            &mut ws,
            Provider::Gitlab,
            &gl_base,
            &[gitlab::PROJECT_PATH, "acme/nowhere"],
        );
        (
            ws.test_connection(g, github::TOKEN, policy()).unwrap(),
            ws.test_connection(g, "ghp_wrong", policy()).unwrap(),
            ws.test_connection(l, gitlab::TOKEN, policy()).unwrap(),
            unsaved,
        )
    })
    .await
    .unwrap();
    assert!(good[0].ok, "{good:?}");
    assert!(good[0].message.starts_with("readable"), "{good:?}");
    assert!(!wrong[0].ok);
    assert!(
        wrong[0].message.contains("401 the token was refused"),
        "{wrong:?}"
    );
    assert!(!wrong[0].message.contains("ghp_wrong"));
    assert!(mixed[0].ok, "{mixed:?}");
    assert!(unsaved[0].ok && !unsaved[1].ok, "{unsaved:?}");
    assert!(
        !mixed[1].ok && mixed[1].message.contains("404"),
        "{mixed:?}"
    );
}
