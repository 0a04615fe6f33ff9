//! The Argo CD connector against a fake Argo CD on loopback: each
//! application's current state mapped from its operation phase and health
//! (values old and new), the project filter, history entries as succeeded
//! syncs, a full history reported as a possible gap, a refused token, a
//! server error retried and a truncated body.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use signalbox_fakes::policy;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;
use signalbox_domain::calendar::DeployStatus;
use signalbox_domain::sync::{Provider, RunKind, StatusTable, SyncedRun};
use signalbox_fakes::argocd::{app, history, start, with_operation, Failure, Server, TOKEN};
use signalbox_sync::argocd::ArgoCd;
use signalbox_sync::http::Http;
use signalbox_sync::{SyncError, SyncReport};

fn t(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).unwrap()
}

fn sha(n: u64) -> String {
    format!("{n:040x}")
}

type Outcome = (Result<(), SyncError>, Vec<SyncedRun>, SyncReport);

async fn applications(server: &Server, token: &str, project: Option<&str>) -> Outcome {
    let table = StatusTable::defaults();
    let argo = ArgoCd::new(&server.base, token, &table).unwrap();
    let mut http = Http::new(policy()).unwrap();
    let mut report = SyncReport::new();
    let mut got = Vec::new();
    let result = argo
        .applications(&mut http, project, &mut report, &mut |page| {
            got.extend(page);
            Ok(())
        })
        .await;
    (result, got, report)
}

async fn app_history(server: &Server, name: &str) -> Outcome {
    let table = StatusTable::defaults();
    let argo = ArgoCd::new(&server.base, TOKEN, &table).unwrap();
    let mut http = Http::new(policy()).unwrap();
    let mut report = SyncReport::new();
    let mut got = Vec::new();
    let result = argo
        .history(&mut http, name, &mut report, &mut |page| {
            got.extend(page);
            Ok(())
        })
        .await;
    (result, got, report)
}

fn by_source<'a>(runs: &'a [SyncedRun], app: &str) -> &'a SyncedRun {
    runs.iter().find(|r| r.source == app).unwrap()
}

fn asked(server: &Server) -> Vec<String> {
    server.fake.lock().unwrap().requests.clone()
}

#[tokio::test]
async fn each_application_is_one_run_its_phase_and_health_mapped() {
    let server = start().await;
    let apps = vec![
        // Syncing towards a new revision: the operation's, not the old one.
        with_operation(
            app("cart", "payments", "cart-prod", &sha(1), "Progressing"),
            "Running",
            &sha(2),
            t(10, 0),
            None,
        ),
        with_operation(
            app("shop", "payments", "shop-prod", &sha(3), "Healthy"),
            "Succeeded",
            &sha(3),
            t(9, 0),
            Some(t(9, 4)),
        ),
        with_operation(
            app("search", "payments", "search", &sha(4), "Degraded"),
            "Succeeded",
            &sha(4),
            t(8, 0),
            Some(t(8, 1)),
        ),
        with_operation(
            app("billing", "payments", "billing", &sha(5), "Healthy"),
            "Terminating",
            &sha(5),
            t(7, 0),
            None,
        ),
        app("ledger", "payments", "ledger", &sha(6), "Progressing"),
        with_operation(
            app("quotes", "payments", "quotes", &sha(7), "Healthy"),
            "Pausing",
            &sha(7),
            t(6, 0),
            None,
        ),
    ];
    server.fake.lock().unwrap().apps = apps;
    let (result, runs, report) = applications(&server, TOKEN, None).await;
    result.unwrap();
    assert_eq!((report.pages, report.items, report.requests), (1, 6, 1));
    assert!(report.complete);

    let cart = by_source(&runs, "cart");
    assert_eq!(
        (cart.status, cart.raw_status.as_str()),
        (DeployStatus::InProgress, "Running")
    );
    assert_eq!(cart.external_id, format!("cart@{}", sha(2)));
    assert_eq!(cart.finished_at, None);

    let shop = by_source(&runs, "shop");
    assert_eq!(
        (shop.provider, shop.kind),
        (Provider::Argocd, RunKind::Sync)
    );
    assert_eq!(
        (shop.status, shop.raw_status.as_str()),
        (DeployStatus::Succeeded, "Succeeded:Healthy")
    );
    assert_eq!(shop.external_id, format!("shop@{}", sha(3)));
    assert_eq!(shop.sha.as_deref(), Some(sha(3).as_str()));
    assert_eq!(shop.environment.as_deref(), Some("shop-prod"));
    assert_eq!(shop.git_ref.as_deref(), Some("main"));
    assert_eq!(shop.actor.as_deref(), Some("admin"));
    assert_eq!(
        (shop.started_at, shop.finished_at),
        (Some(t(9, 0)), Some(t(9, 4)))
    );
    assert_eq!((shop.created_at, shop.updated_at), (t(9, 0), t(9, 4)));
    assert_eq!(
        shop.url.as_deref(),
        Some(format!("{}/applications/shop", server.base).as_str())
    );

    let search = by_source(&runs, "search");
    assert_eq!(
        (search.status, search.raw_status.as_str()),
        (DeployStatus::Failed, "Succeeded:Degraded")
    );
    assert_eq!(by_source(&runs, "billing").status, DeployStatus::Cancelled);

    // No operation yet: the health alone, and the revision Argo compares against.
    let ledger = by_source(&runs, "ledger");
    assert_eq!(
        (ledger.status, ledger.raw_status.as_str()),
        (DeployStatus::InProgress, "Progressing")
    );
    assert_eq!(ledger.external_id, format!("ledger@{}", sha(6)));
    assert_eq!(
        (
            ledger.started_at,
            ledger.finished_at,
            ledger.actor.as_deref()
        ),
        (None, None, None)
    );
    assert_eq!(
        ledger.created_at,
        "2026-01-05T09:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );

    // A phase Argo CD adds later: kept raw, unknown until the table names it.
    let quotes = by_source(&runs, "quotes");
    assert_eq!(
        (quotes.status, quotes.raw_status.as_str()),
        (DeployStatus::Unknown, "Pausing")
    );
}

#[tokio::test]
async fn the_project_filter_is_sent_and_an_empty_list_is_no_error() {
    let server = start().await;
    server.fake.lock().unwrap().apps = vec![
        app("shop", "payments", "shop", &sha(1), "Healthy"),
        app("cart", "payments", "cart", &sha(2), "Healthy"),
        app("search", "discovery", "search", &sha(3), "Healthy"),
    ];
    let (result, runs, _) = applications(&server, TOKEN, Some("payments")).await;
    result.unwrap();
    let mut names: Vec<&str> = runs.iter().map(|r| r.source.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["cart", "shop"]);
    assert_eq!(runs[0].status, DeployStatus::Succeeded, "Healthy alone");
    assert_eq!(asked(&server), ["/api/v1/applications?projects=payments"]);

    // Argo CD answers `"items": null` when nothing matches.
    let (result, runs, report) = applications(&server, TOKEN, Some("nobody")).await;
    result.unwrap();
    assert!(runs.is_empty());
    assert_eq!((report.pages, report.items), (1, 0));

    let (result, runs, _) = applications(&server, TOKEN, None).await;
    result.unwrap();
    assert_eq!(runs.len(), 3);
    assert_eq!(asked(&server).last().unwrap(), "/api/v1/applications?");
}

#[tokio::test]
async fn history_entries_are_succeeded_syncs_each_of_its_own() {
    let server = start().await;
    let mut shop = app("shop", "payments", "shop-prod", &sha(2), "Healthy");
    shop["status"]["history"] = json!([
        history(0, &sha(1), t(8, 0), t(8, 2), Some("admin")),
        history(1, &sha(2), t(9, 0), t(9, 3), None),
        // The first revision again: a rollback, a run of its own.
        history(2, &sha(1), t(10, 0), t(10, 1), Some("alice")),
    ]);
    server.fake.lock().unwrap().apps = vec![shop];
    let (result, runs, report) = app_history(&server, "shop").await;
    result.unwrap();
    assert_eq!((runs.len(), report.pages, report.items), (3, 1, 3));
    assert!(
        report.complete && report.gaps.is_empty(),
        "{:?}",
        report.gaps
    );
    assert_eq!(asked(&server), ["/api/v1/applications/shop"]);
    let ids: Vec<&str> = runs.iter().map(|r| r.external_id.as_str()).collect();
    assert_eq!(ids, ["shop#0", "shop#1", "shop#2"]);
    for r in &runs {
        assert_eq!(
            (r.status, r.raw_status.as_str()),
            (DeployStatus::Succeeded, "history")
        );
        assert_eq!((r.provider, r.kind), (Provider::Argocd, RunKind::Sync));
        assert_eq!(r.environment.as_deref(), Some("shop-prod"));
        assert_eq!(r.git_ref.as_deref(), Some("main"));
    }
    let r = &runs[1];
    assert_eq!(r.sha.as_deref(), Some(sha(2).as_str()));
    assert_eq!(
        (r.started_at, r.finished_at),
        (Some(t(9, 0)), Some(t(9, 3)))
    );
    assert_eq!((r.created_at, r.updated_at), (t(9, 0), t(9, 3)));
    assert_eq!(r.actor, None, "an automated sync names nobody");
    assert_eq!(runs[2].actor.as_deref(), Some("alice"));
    assert_eq!(runs[2].sha, runs[0].sha);
}

#[tokio::test]
async fn a_full_history_is_reported_as_a_possible_gap() {
    let server = start().await;
    let entries = |ids: std::ops::Range<i64>| {
        ids.map(|i| history(i, &sha(i as u64), t(1, i as u32), t(1, i as u32 + 1), None))
            .collect::<Vec<_>>()
    };
    let mut busy = app("shop", "payments", "shop", &sha(1), "Healthy");
    busy["status"]["history"] = json!(entries(5..15));
    // Ten entries, but the first ten: nothing was dropped yet.
    let mut young = app("cart", "payments", "cart", &sha(1), "Healthy");
    young["status"]["history"] = json!(entries(0..10));
    // A limit of its own.
    let mut short = app("search", "payments", "search", &sha(1), "Healthy");
    short["spec"]["revisionHistoryLimit"] = json!(3);
    short["status"]["history"] = json!(entries(7..10));
    server.fake.lock().unwrap().apps = vec![busy, young, short];

    let (result, runs, report) = app_history(&server, "shop").await;
    result.unwrap();
    assert_eq!(runs.len(), 10);
    assert!(!report.complete);
    assert_eq!(report.gaps.len(), 1);
    assert!(
        report.gaps[0].contains("shop: the history holds 10 syncs")
            && report.gaps[0].contains("before #5"),
        "{:?}",
        report.gaps
    );

    let (result, runs, report) = app_history(&server, "cart").await;
    result.unwrap();
    assert_eq!(runs.len(), 10);
    assert!(report.complete, "{:?}", report.gaps);

    let (result, _, report) = app_history(&server, "search").await;
    result.unwrap();
    assert!(!report.complete);
    assert!(
        report.gaps[0].contains("holds 3 syncs"),
        "{:?}",
        report.gaps
    );
}

#[tokio::test]
async fn a_refused_token_says_so_and_a_missing_application_too() {
    let server = start().await;
    server.fake.lock().unwrap().apps = vec![app("shop", "payments", "shop", &sha(1), "Healthy")];
    let (result, runs, _) = applications(&server, "argo-wrong-token", None).await;
    let err = result.unwrap_err();
    assert!(
        matches!(err, SyncError::Refused { status: 401, .. }),
        "{err}"
    );
    let err = err.to_string();
    assert!(
        err.contains("401 the token was refused") && err.contains("invalid session"),
        "{err}"
    );
    assert!(!err.contains("argo-wrong-token"), "{err}");
    assert!(runs.is_empty());

    let (result, _, _) = app_history(&server, "gone").await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("/api/v1/applications/gone: 404") && err.contains("\"gone\" not found"),
        "{err}"
    );
}

#[tokio::test]
async fn a_server_error_is_retried_and_a_truncated_body_named() {
    let server = start().await;
    server.fake.lock().unwrap().apps = vec![app("shop", "payments", "shop", &sha(1), "Healthy")];
    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::ServerError);
    let (result, runs, report) = applications(&server, TOKEN, None).await;
    result.unwrap();
    assert_eq!((runs.len(), report.requests), (1, 2));

    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::Truncated);
    let (result, runs, _) = applications(&server, TOKEN, None).await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains(&format!("{}/api/v1/applications", server.base))
            && err.contains("not a list of applications"),
        "{err}"
    );
    assert!(runs.is_empty());

    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(Failure::Truncated);
    let (result, _, _) = app_history(&server, "shop").await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("applications/shop: unexpected answer: not an application"),
        "{err}"
    );

    for _ in 0..4 {
        server
            .fake
            .lock()
            .unwrap()
            .failures
            .push_back(Failure::ServerError);
    }
    let (result, _, _) = applications(&server, TOKEN, None).await;
    let err = result.unwrap_err().to_string();
    assert!(err.contains("the server failed (500) 4 times"), "{err}");
}

#[test]
fn a_base_url_keeps_its_root_path_and_a_bad_one_is_refused() {
    let table = StatusTable::defaults();
    assert!(ArgoCd::new("https://example.com/argo-cd", TOKEN, &table).is_ok());
    let err = ArgoCd::new("ftp://example.com", TOKEN, &table)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("must start with https://"), "{err}");
}
