//! GitHub Deployments through the API against the fake GitHub: each
//! deployment's state from its newest status that is not `inactive`, its
//! environment mapped by the rules onto the board; a re-sync with nothing
//! new listed costs a 304 plus the statuses of deployments still going,
//! and sees them finish.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{Duration, TimeZone, Utc};
use signalbox_api::domain::calendar::DeployStatus;
use signalbox_api::domain::sync::board::BoardQuery;
use signalbox_api::domain::sync::{
    ConnectionInput, EnvironmentRule, MappingRules, Provider, ServiceRule,
};
use signalbox_fakes::github;
use signalbox_fakes::github_deployments::{deployment, status};

#[tokio::test(flavor = "multi_thread")]
async fn deployments_land_in_their_environments_and_a_resync_reads_only_what_is_running() {
    let server = github::start().await;
    let day = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
    let h =
        move |hours: i64, minutes: i64| day + Duration::hours(hours) + Duration::minutes(minutes);
    {
        let mut fake = server.fake.lock().unwrap();
        fake.runs.insert("acme/ledger".into(), Vec::new());
        let mut shipped = deployment(1, h(9, 0), "production", "aaa");
        // Superseded later: its result is still the success before that.
        shipped.statuses = vec![
            status(13, "inactive", h(12, 5)),
            status(12, "success", h(9, 6)),
            status(11, "in_progress", h(9, 1)),
        ];
        let mut running = deployment(2, h(12, 0), "production", "bbb");
        running.statuses = vec![status(21, "in_progress", h(12, 1))];
        let mut broken = deployment(3, h(11, 0), "staging", "bbb");
        broken.statuses = vec![status(31, "failure", h(11, 4))];
        let mut elsewhere = deployment(4, h(10, 0), "qa", "bbb");
        elsewhere.statuses = vec![status(41, "success", h(10, 3))];
        fake.deployments.insert(
            "acme/ledger".into(),
            vec![shipped, running, broken, elsewhere],
        );
    }
    let base = server.base.clone();
    let fake = server.fake.clone();
    tokio::task::spawn_blocking(move || {
        let mut f = common::fixture();
        f.ws.set_clock(move || h(13, 0));
        let id =
            f.ws.create_connection(&ConnectionInput {
                name: "github".into(),
                provider: Provider::Github,
                base_url: base,
                scope: vec!["acme/ledger".into()],
                poll_interval_s: 300,
                username: None,
                rules: MappingRules {
                    // Only provider deployments: no workflow run counts.
                    deployment_names: vec!["nothing-by-this-name".into()],
                    environments: vec![
                        EnvironmentRule {
                            provider_environment: "production".into(),
                            environment_id: f.prod,
                        },
                        EnvironmentRule {
                            provider_environment: "staging".into(),
                            environment_id: f.staging,
                        },
                    ],
                    services: vec![ServiceRule {
                        source: "acme/ledger".into(),
                        service_id: f.ledger,
                    }],
                    stall_after_min: Some(240),
                },
            })
            .unwrap()
            .id;
        let first =
            f.ws.sync_connection(id, github::TOKEN, signalbox_fakes::policy())
                .unwrap();
        assert_eq!(first.stored, 4);
        let status_reads = |fake: &std::sync::Arc<std::sync::Mutex<github::Fake>>| {
            let mut f = fake.lock().unwrap();
            let paths: Vec<String> = f
                .requests
                .drain(..)
                .map(|(p, _)| p)
                .filter(|p| p.ends_with("/statuses"))
                .collect();
            paths
        };
        assert_eq!(
            status_reads(&fake).len(),
            4,
            "one status read per deployment"
        );

        let board = f.ws.pipelines_board(&BoardQuery::default()).unwrap();
        let ledger = &board.rows[0];
        let staging = ledger.cells[0].latest.as_ref().unwrap();
        let prod = ledger.cells[1].latest.as_ref().unwrap();
        assert_eq!(
            (staging.status, staging.raw_status.as_str()),
            (DeployStatus::Failed, "deployment:failure")
        );
        assert_eq!(
            (prod.external_id.as_str(), prod.status),
            ("2", DeployStatus::InProgress)
        );
        assert_eq!(ledger.cells[1].previous, vec![DeployStatus::Succeeded]);
        let shipped = f.ws.cell_runs(f.ledger, f.prod, 5).unwrap();
        assert_eq!(
            shipped[1].url.as_deref(),
            Some("https://ci.example.com/deploys/12/log")
        );
        assert_eq!(shipped[1].finished_at, Some(h(9, 6)));

        // Nothing new listed: a 304, then only the running one is read.
        let again =
            f.ws.sync_connection(id, github::TOKEN, signalbox_fakes::policy())
                .unwrap();
        assert!(again.report.not_modified >= 2, "{:?}", again.report);
        assert_eq!(
            status_reads(&fake),
            ["/repos/acme/ledger/deployments/2/statuses"]
        );

        // It finishes; the next sync sees it.
        fake.lock()
            .unwrap()
            .deployments
            .get_mut("acme/ledger")
            .unwrap()[1]
            .statuses
            .insert(0, status(22, "success", h(12, 40)));
        f.ws.sync_connection(id, github::TOKEN, signalbox_fakes::policy())
            .unwrap();
        let board = f.ws.pipelines_board(&BoardQuery::default()).unwrap();
        let prod = board.rows[0].cells[1].latest.as_ref().unwrap();
        assert_eq!(prod.status, DeployStatus::Succeeded);
        assert_eq!(prod.finished_at, Some(h(12, 40)));
        assert_eq!(status_reads(&fake).len(), 1);
        // Finished now: not read again.
        f.ws.sync_connection(id, github::TOKEN, signalbox_fakes::policy())
            .unwrap();
        assert!(status_reads(&fake).is_empty());
    })
    .await
    .unwrap();
}
