//! The Pipelines board against a fake GitHub on loopback: each service's
//! newest deployment per environment, stalls and rollbacks inferred, rules
//! and status-table edits re-placing stored runs at once, connection health
//! (a failed sync included), alerts raised once, and the background
//! scheduler syncing on demand with progress and alerts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};
use signalbox_api::domain::calendar::DeployStatus;
use signalbox_api::domain::sync::board::{BoardQuery, Inference};
use signalbox_api::domain::sync::{
    ConnectionInput, EnvironmentRule, MappingRules, Provider, ServiceRule, StatusRule,
};
use signalbox_api::scheduler::{Scheduler, SchedulerConfig, SyncEvent};
use signalbox_api::secrets::{MemorySecrets, Secrets};
use signalbox_fakes::{github, policy};
use uuid::Uuid;

fn deploy(id: u64, at: DateTime<Utc>, status: &str, conclusion: Option<&str>, sha: &str) -> Value {
    let mut run = github::run(id, at, status, conclusion);
    run["head_sha"] = json!(sha);
    run
}

fn input(base: &str, env: Uuid, f: &common::Fixture) -> ConnectionInput {
    ConnectionInput {
        name: "github".into(),
        provider: Provider::Github,
        base_url: base.into(),
        scope: vec!["acme/ledger".into(), "acme/checkout".into()],
        poll_interval_s: 300,
        username: None,
        rules: MappingRules {
            deployment_names: vec!["deploy*".into()],
            environments: vec![EnvironmentRule {
                provider_environment: String::new(),
                environment_id: env,
            }],
            services: vec![
                ServiceRule {
                    source: "acme/ledger".into(),
                    service_id: f.ledger,
                },
                ServiceRule {
                    source: "acme/checkout".into(),
                    service_id: f.checkout,
                },
            ],
            stall_after_min: Some(60),
        },
    }
}

fn seed(server: &github::Server, day: DateTime<Utc>) {
    let h = |hours: i64| day + Duration::hours(hours);
    let mut fake = server.fake.lock().unwrap();
    fake.runs.insert(
        "acme/ledger".into(),
        vec![
            deploy(1, h(8), "completed", Some("success"), "aaa"),
            deploy(2, h(9), "completed", Some("success"), "bbb"),
            // Back on the revision of 08:00: a rollback nobody announced.
            deploy(3, h(10), "completed", Some("success"), "aaa"),
        ],
    );
    fake.runs.insert(
        "acme/checkout".into(),
        vec![
            deploy(4, h(19), "completed", Some("failure"), "ccc"),
            // Two hours in progress at 22:00, against a one-hour timeout.
            deploy(5, h(20), "in_progress", None, "ddd"),
        ],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_board_shows_latest_deployments_infers_stalls_and_rollbacks_and_follows_edits() {
    let server = github::start().await;
    let day = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
    seed(&server, day);
    let base = server.base.clone();
    tokio::task::spawn_blocking(move || {
        let mut f = common::fixture();
        f.ws.set_clock(move || day + Duration::hours(22));
        let id =
            f.ws.create_connection(&input(&base, f.prod, &f))
                .unwrap()
                .id;
        let outcome = f.ws.sync_connection(id, github::TOKEN, policy()).unwrap();
        assert_eq!(outcome.stored, 5);

        let board = f.ws.pipelines_board(&BoardQuery::default()).unwrap();
        let envs: Vec<&str> = board.environments.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(envs, ["staging", "production"]);
        let names: Vec<&str> = board.rows.iter().map(|r| r.service_name.as_str()).collect();
        assert_eq!(names, ["checkout", "ledger"]);
        assert_eq!(board.total, 2);
        let checkout = &board.rows[0];
        assert!(checkout.cells[0].latest.is_none(), "nothing in staging");
        let latest = checkout.cells[1].latest.as_ref().unwrap();
        assert_eq!(
            (latest.status, latest.inferred, latest.raw_status.as_str()),
            (
                DeployStatus::Stalled,
                Some(Inference::Stalled),
                "in_progress"
            )
        );
        assert_eq!(checkout.cells[1].previous, vec![DeployStatus::Failed]);
        let ledger = board.rows[1].cells[1].latest.as_ref().unwrap();
        assert_eq!(
            (ledger.status, ledger.inferred),
            (DeployStatus::RolledBack, Some(Inference::Rollback))
        );
        assert_eq!(
            board.rows[1].cells[1].previous,
            vec![DeployStatus::Succeeded, DeployStatus::Succeeded]
        );

        // Search narrows the rows; the drill-down lists a cell's runs.
        let found =
            f.ws.pipelines_board(&BoardQuery {
                search: "LED".into(),
                ..BoardQuery::default()
            })
            .unwrap();
        assert_eq!((found.total, found.rows.len()), (1, 1));
        let runs = f.ws.cell_runs(f.ledger, f.prod, 10).unwrap();
        let ids: Vec<&str> = runs.iter().map(|r| r.external_id.as_str()).collect();
        assert_eq!(ids, ["3", "2", "1"]);
        assert!(runs[0].url.as_deref().unwrap().ends_with("/actions/runs/3"));

        // The connection is healthy and says what it read.
        let health = f.ws.connection_health().unwrap();
        let last = health[0].last.as_ref().unwrap();
        assert!(last.ok && last.report.complete && last.error.is_none());
        assert_eq!(last.report.items, 5);
        assert_eq!(health[0].last_ok_at, Some(last.finished_at));
        assert_eq!(last.report.quota.remaining.map(|r| r < 5000), Some(true));

        // Production failed and stalled: each alerted once.
        let alerts = f.ws.take_alerts().unwrap();
        let headlines: Vec<String> = alerts.iter().map(|a| a.headline()).collect();
        assert_eq!(
            headlines,
            [
                "checkout deployment to production failed",
                "checkout deployment to production stalled"
            ]
        );
        assert!(f.ws.take_alerts().unwrap().is_empty());

        // Rules now send these runs to staging: the board follows at once.
        f.ws.update_connection(id, &input(&base, f.staging, &f))
            .unwrap();
        let board = f.ws.pipelines_board(&BoardQuery::default()).unwrap();
        assert!(board.rows[1].cells[0].latest.is_some());
        assert!(board.rows[1].cells[1].latest.is_none());

        // The status table is data: count GitHub's success as failed and the
        // stored runs change with it; reset, and they change back.
        let changed =
            f.ws.set_status_rule(&StatusRule {
                provider: Provider::Github,
                raw: "completed:success".into(),
                status: DeployStatus::Failed,
            })
            .unwrap();
        assert_eq!(changed, 3);
        let ledger_staging = |ws: &signalbox_api::Workspace| {
            ws.pipelines_board(&BoardQuery::default()).unwrap().rows[1].cells[0]
                .latest
                .clone()
                .unwrap()
                .status
        };
        assert_eq!(ledger_staging(&f.ws), DeployStatus::Failed);
        let table = f.ws.status_table().unwrap();
        let row = table
            .rows
            .iter()
            .find(|r| r.provider == Provider::Github && r.raw == "completed:success")
            .unwrap();
        assert_eq!(
            (row.status, row.default),
            (DeployStatus::Failed, Some(DeployStatus::Succeeded))
        );
        assert_eq!(
            f.ws.reset_status_rule(Provider::Github, "completed:success")
                .unwrap(),
            3
        );
        assert_eq!(ledger_staging(&f.ws), DeployStatus::RolledBack);
        // Signalbox's own statuses are not for providers' words.
        let refused =
            f.ws.set_status_rule(&StatusRule {
                provider: Provider::Github,
                raw: "completed:success".into(),
                status: DeployStatus::Verified,
            })
            .unwrap_err();
        assert!(refused.to_string().contains("Signalbox's own"), "{refused}");
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_sync_is_kept_in_the_connections_health_with_what_it_read() {
    let server = github::start().await;
    let day = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
    seed(&server, day);
    server.fake.lock().unwrap().failures.extend([
        github::Failure::ServerError,
        github::Failure::ServerError,
        github::Failure::ServerError,
        github::Failure::ServerError,
    ]);
    let base = server.base.clone();
    tokio::task::spawn_blocking(move || {
        let mut f = common::fixture();
        f.ws.set_clock(move || day + Duration::hours(22));
        let id =
            f.ws.create_connection(&input(&base, f.prod, &f))
                .unwrap()
                .id;
        let error =
            f.ws.sync_connection(id, github::TOKEN, policy())
                .unwrap_err();
        let health = f.ws.connection_health().unwrap();
        let last = health[0].last.as_ref().unwrap();
        assert!(!last.ok && !last.report.complete);
        assert_eq!(last.error.as_deref(), Some(error.to_string().as_str()));
        assert!(
            last.error.as_deref().unwrap().contains("github"),
            "{last:?}"
        );
        assert_eq!(last.report.requests, 4, "every retry counted");
        assert_eq!(health[0].last_ok_at, None);
        // A sync that could not start is kept too.
        f.ws.record_sync_failure(id, "No token is stored for this connection")
            .unwrap();
        let history = f.ws.sync_history(id, 10).unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(
            history[0].error.as_deref(),
            Some("No token is stored for this connection")
        );
    })
    .await
    .unwrap();
}

fn wait_for(events: &Mutex<Vec<SyncEvent>>, what: impl Fn(&[SyncEvent]) -> bool) {
    let start = Instant::now();
    while start.elapsed() < StdDuration::from_secs(20) {
        if what(&events.lock().unwrap()) {
            return;
        }
        std::thread::sleep(StdDuration::from_millis(20));
    }
    panic!("timed out; events: {:?}", events.lock().unwrap());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_scheduler_syncs_on_demand_reports_progress_and_alerts_once() {
    let server = github::start().await;
    // The scheduler's workspace runs on the real clock.
    let now = Utc::now();
    {
        let mut fake = server.fake.lock().unwrap();
        fake.runs.insert("acme/checkout".into(), Vec::new());
        fake.runs.insert(
            "acme/ledger".into(),
            (1..=150)
                .map(|i| {
                    deploy(
                        i,
                        now - Duration::hours(3) + Duration::seconds(i as i64),
                        "completed",
                        Some("success"),
                        "aaa",
                    )
                })
                .chain([deploy(
                    151,
                    now - Duration::minutes(30),
                    "completed",
                    Some("failure"),
                    "bbb",
                )])
                .collect(),
        );
    }
    let base = server.base.clone();
    tokio::task::spawn_blocking(move || {
        let mut f = common::fixture();
        f.ws.set_clock(Utc::now);
        let id =
            f.ws.create_connection(&input(&base, f.prod, &f))
                .unwrap()
                .id;
        let mut other = input(&base, f.prod, &f);
        other.name = "no token".into();
        other.rules = MappingRules::default();
        let tokenless = f.ws.create_connection(&other).unwrap().id;
        let secrets = Arc::new(MemorySecrets::new());
        secrets.set(id, github::TOKEN).unwrap();
        let events: Arc<Mutex<Vec<SyncEvent>>> = Arc::default();
        let changes = Arc::new(Mutex::new(0usize));
        let (sink, seen) = (events.clone(), changes.clone());
        let scheduler = Scheduler::start(
            SchedulerConfig {
                workspace: f.path.clone(),
                secrets,
                policy: policy(),
                poll: false,
            },
            move |e| sink.lock().unwrap().push(e),
            move |_| *seen.lock().unwrap() += 1,
        )
        .unwrap();
        scheduler.sync_now(Some(id));
        wait_for(&events, |e| {
            e.iter()
                .any(|e| matches!(e, SyncEvent::Finished(r) if r.connection_id == id))
                && e.iter().any(|e| matches!(e, SyncEvent::Alert(_)))
        });
        {
            let e = events.lock().unwrap();
            assert!(matches!(e[0], SyncEvent::Started { connection_id } if connection_id == id));
            let pages: Vec<u64> = e
                .iter()
                .filter_map(|e| match e {
                    SyncEvent::Progress(p) => Some(p.pages),
                    _ => None,
                })
                .collect();
            assert!(
                pages.len() >= 2 && pages.windows(2).all(|w| w[0] < w[1]),
                "{pages:?}"
            );
            let Some(SyncEvent::Finished(record)) =
                e.iter().find(|e| matches!(e, SyncEvent::Finished(_)))
            else {
                unreachable!()
            };
            assert!(record.ok, "{record:?}");
            assert_eq!(record.report.items, 151);
            let alerts: Vec<String> = e
                .iter()
                .filter_map(|e| match e {
                    SyncEvent::Alert(a) => Some(a.headline()),
                    _ => None,
                })
                .collect();
            assert_eq!(alerts, ["ledger deployment to production failed"]);
        }
        assert!(*changes.lock().unwrap() > 0, "the UI hears the writes");

        // Again: nothing new to alert on. A connection with no token says so.
        events.lock().unwrap().clear();
        scheduler.sync_now(None);
        wait_for(&events, |e| {
            e.iter()
                .filter(|e| matches!(e, SyncEvent::Finished(_)))
                .count()
                == 2
        });
        let e = events.lock().unwrap();
        assert!(!e.iter().any(|e| matches!(e, SyncEvent::Alert(_))));
        let failed = e
            .iter()
            .find_map(|e| match e {
                SyncEvent::Finished(r) if r.connection_id == tokenless => Some(r.clone()),
                _ => None,
            })
            .unwrap();
        assert!(!failed.ok);
        assert!(failed.error.unwrap().contains("No token is stored"));
        assert!(scheduler.activity().iter().all(|a| !a.running));
    })
    .await
    .unwrap();
}
