//! CI/CD sync in the real window, against a fake GitHub on loopback: add a
//! connection with its token (kept in the private Secret Service the suite
//! runs in), test it, sync; see the planned change it carries out move to
//! in progress and then succeeded on the calendar, a failed production
//! deployment raise an alert, the connection's health (quota, last error),
//! and the drill-down to the runs. Screenshots of the Pipelines board.

// Tests stop loudly on a failed step.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, SecondsFormat, Utc};
use serde_json::json;
use signalbox_e2e::{cli, App};
use signalbox_fakes::github;

const CELL: &str = "[data-testid=board-cell][data-service=ledger][data-env=production]";
const CHIP: &str = "[data-testid=change-chip][aria-label*='Ledger 4.1']";

fn stamp(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Sets run `id` of acme/ledger to `status`/`conclusion`, updated now.
fn set_run(server: &github::Server, id: u64, status: &str, conclusion: Option<&str>) {
    let mut fake = server.fake.lock().unwrap();
    let runs = fake.runs.get_mut("acme/ledger").unwrap();
    let run = runs.iter_mut().find(|r| r["id"] == json!(id)).unwrap();
    run["status"] = json!(status);
    run["conclusion"] = json!(conclusion);
    run["updated_at"] = json!(stamp(Utc::now()));
}

async fn cell_status(app: &App, want: &str) {
    app.wait_texts(
        &format!("{CELL} [data-testid=cell-status]"),
        &format!("ledger in production to show {want}"),
        |t| t.len() == 1 && t[0].contains(want),
    )
    .await;
}

async fn chip_status(app: &App, want: &str) {
    app.click("[data-nav=calendar]").await;
    let selector = format!("{CHIP}[data-status={want}]");
    app.find(&selector).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_synced_deployment_moves_its_change_and_a_failure_raises_an_alert() {
    let server = github::start().await;
    let now = Utc::now();
    server.fake.lock().unwrap().runs.insert(
        "acme/ledger".into(),
        vec![github::run(
            1,
            now - Duration::minutes(10),
            "in_progress",
            None,
        )],
    );
    let base = server.base.clone();
    let app = App::start_with(|dir| {
        cli(dir, &["whoami", "Erin Example"]);
        for (name, position, production) in [("staging", "0", false), ("production", "1", true)] {
            let mut args = vec![
                "environments",
                "add",
                "--name",
                name,
                "--position",
                position,
                "--time-zone",
                "UTC",
            ];
            if production {
                args.push("--production");
            }
            cli(dir, &args);
        }
        cli(
            dir,
            &["services", "add", "--name", "ledger", "--tier", "critical"],
        );
        let (start, end) = (
            stamp(now - Duration::minutes(30)),
            stamp(now + Duration::minutes(60)),
        );
        cli(
            dir,
            &[
                "changes",
                "add",
                "--title",
                "Ledger 4.1",
                "--service",
                "ledger",
                "--env",
                "production",
                "--start",
                &start,
                "--end",
                &end,
            ],
        );
    })
    .await;

    // No connection yet: the board says what to do.
    app.click("[data-nav=pipelines]").await;
    app.find("[data-testid=empty-add-connection]").await;
    app.screenshot("30-pipelines-empty").await;
    app.click("[data-testid=empty-add-connection]").await;
    app.find("[data-testid=connection-form]").await;
    app.fill("[data-testid=connection-form] input[name=name]", "GitHub")
        .await;
    app.fill("[data-testid=connection-form] input[name=base_url]", &base)
        .await;
    app.fill(
        "[data-testid=connection-form] textarea[name=scope]",
        "acme/ledger",
    )
    .await;
    app.fill(
        "[data-testid=connection-form] input[name=token]",
        github::TOKEN,
    )
    .await;
    // Workflow runs name no environment: the blank row catches them.
    app.click("[data-testid=add-env-rule]").await;
    app.select_text(
        "[data-testid=env-rule] select[name=environment_id]",
        "production",
    )
    .await;
    app.click("[data-testid=add-service-rule]").await;
    app.fill(
        "[data-testid=service-rule] input[name=source]",
        "acme/ledger",
    )
    .await;
    app.fill(
        "[data-testid=service-rule] input[name=service-search]",
        "ledger",
    )
    .await;
    app.click("[data-testid=service-rule] [data-testid=service-option][data-name=ledger]")
        .await;
    app.find("[data-testid=service-rule] input[name=service-search][data-picked]")
        .await;
    // Test before saving: one request, the token and the scope checked.
    app.click("[data-testid=test-connection]").await;
    app.find("[data-testid=source-check][data-ok=true]").await;
    app.screenshot("31-pipelines-connection-form").await;
    app.click("[data-testid=save-connection]").await;
    app.wait_texts("[data-testid=connection-form]", "the form to close", |t| {
        t.is_empty()
    })
    .await;

    // Adding it syncs at once: the deployment is running, and so is the change.
    cell_status(&app, "In progress").await;
    chip_status(&app, "in_progress").await;
    app.screenshot("31b-calendar-live").await;

    // It finishes; "Sync now" reads it (slowly: its progress shows on the
    // card), and the change follows.
    set_run(&server, 1, "completed", Some("success"));
    server.fake.lock().unwrap().delay = std::time::Duration::from_millis(800);
    app.click("[data-nav=pipelines]").await;
    app.click("[data-testid=connection-sync-now]").await;
    app.wait_texts(
        "[data-testid=connection-syncing]",
        "the sync's progress",
        |t| t.len() == 1 && t[0].contains("Syncing"),
    )
    .await;
    app.screenshot("31c-pipelines-syncing").await;
    server.fake.lock().unwrap().delay = std::time::Duration::ZERO;
    cell_status(&app, "Succeeded").await;
    chip_status(&app, "succeeded").await;

    // A failed production deployment raises an alert, wherever the user
    // is, and a desktop notification: the Notify call on the session bus
    // (the suite's private one) is watched as it goes to the desktop.
    let notifications = app.data_dir.path().join("notifications.txt");
    let mut monitor = std::process::Command::new("dbus-monitor")
        .args(["--session", "interface='org.freedesktop.Notifications'"])
        .stdout(std::fs::File::create(&notifications).unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("dbus-monitor (dbus-bin) is missing: run scripts/install-deps.sh");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    server
        .fake
        .lock()
        .unwrap()
        .runs
        .get_mut("acme/ledger")
        .unwrap()
        .push(github::run(
            2,
            Utc::now() - Duration::minutes(2),
            "completed",
            Some("failure"),
        ));
    app.click("[data-nav=pipelines]").await;
    app.click("[data-testid=connection-sync-now]").await;
    app.wait_texts(
        "[data-testid=toast][data-kind=error]",
        "the failed deployment's alert",
        |t| {
            t.iter()
                .any(|m| m.contains("ledger deployment to production failed"))
        },
    )
    .await;
    cell_status(&app, "Failed").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let seen = std::fs::read_to_string(&notifications).unwrap_or_default();
        if seen.contains("member=Notify") && seen.contains("ledger deployment to production failed")
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no desktop notification was sent; the bus saw:\n{seen}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = monitor.kill();
    let _ = monitor.wait();
    // The connection's health: the quota GitHub reported.
    app.wait_texts(
        "[data-testid=connection-card][data-name=GitHub] [data-testid=connection-quota]",
        "the quota left",
        |t| t.len() == 1 && (t[0].contains("5,000") || t[0].contains("5000")),
    )
    .await;
    app.screenshot("32-pipelines-board").await;

    // Drill down to the cell's runs, newest first.
    app.click(CELL).await;
    app.wait_texts(
        "[data-testid=cell-runs] [data-testid=cell-run]",
        "the two runs",
        |t| t.len() == 2 && t[0].contains("Failed") && t[1].contains("Succeeded"),
    )
    .await;
    app.screenshot("33-pipelines-drill-down").await;
    // "Open in GitHub" hands the run's page to the desktop's browser.
    app.click("[data-testid=cell-run] [data-testid=open-run]")
        .await;
    let opened = app.data_dir.path().join("opened.txt");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !std::fs::read_to_string(&opened)
        .unwrap_or_default()
        .contains("https://github.com/acme/shop/actions/runs/2")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the browser was not asked to open the run: {:?}",
            std::fs::read_to_string(&opened)
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.press(signalbox_e2e::ESCAPE).await;

    // A sync that breaks off is shown as failed, with what went wrong.
    server
        .fake
        .lock()
        .unwrap()
        .failures
        .push_back(github::Failure::Truncated);
    app.click("[data-testid=connection-sync-now]").await;
    app.wait_texts(
        "[data-testid=connection-last-error]",
        "the last error",
        |t| t.len() == 1 && t[0].contains("GitHub"),
    )
    .await;
    app.screenshot("34-pipelines-health-error").await;
    app.click("[data-testid=connection-report]").await;
    app.wait_texts("[data-testid=sync-report]", "the sync report", |t| {
        t.len() == 1 && t[0].contains("unexpected answer")
    })
    .await;
    app.wait_texts("[data-testid=history-row]", "the sync history", |t| {
        t.len() >= 4
    })
    .await;
    app.screenshot("34b-pipelines-sync-report").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sample_board_its_connections_and_a_status_table_edit() {
    let app = App::start_with(|dir| {
        cli(dir, &["whoami", "Erin Example"]);
        cli(dir, &["demo", "--size", "small"]);
    })
    .await;
    app.click("[data-nav=pipelines]").await;
    app.wait_texts(
        "[data-testid=board-cell] [data-testid=cell-status]",
        "the sample's board",
        |t| t.len() >= 40 && t.iter().any(|s| s.contains("Succeeded")),
    )
    .await;
    // The sample's connections name example hosts and hold no token.
    app.find("[data-testid=connection-card][data-name='GitHub (sample)']")
        .await;
    app.find("[data-testid=connection-card][data-name='GitLab (sample)']")
        .await;
    app.screenshot("35-pipelines-sample-board").await;

    app.click("[data-testid=pipelines-tab-connections]").await;
    app.wait_texts(
        "[data-testid=connection-row]",
        "the connections list",
        |t| t.iter().any(|r| r.contains("GitLab (sample)")),
    )
    .await;
    app.screenshot("36-pipelines-connections").await;
    // Its rules, previewed against the runs already stored.
    app.click("[data-testid=connection-row] td").await;
    app.wait_texts("[data-testid=preview-total]", "the rules preview", |t| {
        t.len() == 1 && t[0].contains("land on the board")
    })
    .await;
    app.eval_on(
        "[data-testid=preview-total]",
        "arguments[0].scrollIntoView({ block: 'center' });",
    )
    .await;
    app.screenshot("36b-pipelines-rules-preview").await;
    app.press(signalbox_e2e::ESCAPE).await;
    app.wait_texts("[data-testid=connection-form]", "the form to close", |t| {
        t.is_empty()
    })
    .await;

    // GitLab's "canceled" shown as failed: the stored runs follow at once.
    app.click("[data-testid=pipelines-tab-statuses]").await;
    let row = "[data-testid=status-row][data-provider=gitlab][data-raw='deployment:canceled']";
    app.select_text(&format!("{row} [data-testid=status-select]"), "Failed")
        .await;
    app.wait_texts("[data-testid=toast]", "the re-mapped runs", |t| {
        t.iter().any(|m| m.contains("re-mapped"))
    })
    .await;
    app.wait_texts(
        &format!("{row} [data-testid=status-changed]"),
        "the changed marker",
        |t| t.len() == 1 && t[0].contains("Cancelled"),
    )
    .await;
    app.screenshot("37-pipelines-status-table").await;
    app.stop().await;
}
