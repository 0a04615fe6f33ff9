//! The service catalog as a user meets it in the real window: first run with
//! the sample portfolio, a service's whole life, the audit trail, and the
//! empty and broken-workspace states.

// Tests stop loudly on a failed setup; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use signalbox_e2e::{App, ESCAPE};

const ROWS: &str = "[data-testid=service-row]";
// WebKitWebDriver will not click a <tr> itself; a user clicks a cell anyway.
const ROW_CELL: &str = "[data-testid=service-row] td";

#[tokio::test]
async fn first_run_sample_portfolio_service_lifecycle_and_audit() {
    let app = App::start().await;

    // First run: name, then the sample portfolio.
    app.find("#display-name").await;
    app.screenshot("01-welcome").await;
    app.fill("#display-name", "Erin Example").await;
    app.click("[data-testid=load-sample]").await;
    let rows = app
        .wait_texts(ROWS, "the 40 sample services", |t| t.len() == 40)
        .await;
    assert!(rows.iter().any(|r| r.contains("checkout")), "{rows:?}");
    app.screenshot("02-services").await;

    // Search narrows the list.
    app.fill("[data-testid=search]", "payments").await;
    let found = app
        .wait_texts(ROWS, "payments services only", |t| {
            !t.is_empty() && t.len() < 40
        })
        .await;
    assert!(
        found.iter().all(|r| r.to_lowercase().contains("payments")),
        "{found:?}"
    );
    app.fill("[data-testid=search]", "").await;
    app.wait_texts(ROWS, "all services again", |t| t.len() == 40)
        .await;

    // Create a service.
    app.click("[data-testid=new-service]").await;
    app.fill("input[name=name]", "e2e-checkout-api").await;
    app.fill("input[name=system]", "Checkout").await;
    app.click("[data-testid=save]").await;
    app.wait_texts(ROWS, "the new service", |t| {
        t.iter().any(|r| r.contains("e2e-checkout-api"))
    })
    .await;

    // A duplicate name is refused next to the field, and the form keeps its input.
    app.click("[data-testid=new-service]").await;
    app.fill("input[name=name]", "E2E-CHECKOUT-API").await;
    app.click("[data-testid=save]").await;
    let error = app.text("[data-testid=error-name]").await;
    assert!(error.contains("already exists"), "{error}");
    let kept = app
        .find("input[name=name]")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("E2E-CHECKOUT-API"));
    app.screenshot("03-service-duplicate-name").await;
    app.press(ESCAPE).await;
    app.wait_texts("input[name=name]", "the form to close", |t| t.is_empty())
        .await;

    // Edit it.
    app.fill("[data-testid=search]", "e2e-checkout").await;
    app.wait_texts(ROWS, "one match", |t| t.len() == 1).await;
    app.click(ROW_CELL).await;
    app.fill("input[name=system]", "Payments").await;
    app.click("[data-testid=save]").await;
    app.wait_texts(ROWS, "the edited system", |t| {
        t.len() == 1 && t[0].contains("Payments")
    })
    .await;

    // Delete it, with confirmation.
    app.click(ROW_CELL).await;
    app.click("[data-testid=delete]").await;
    app.click("[data-testid=confirm-delete]").await;
    app.wait_texts(ROWS, "the service to be gone", |t| t.is_empty())
        .await;

    // The other screens show the sample data.
    app.click("[data-nav=teams]").await;
    app.wait_texts("[data-testid=team-row]", "6 teams", |t| t.len() == 6)
        .await;
    app.screenshot("04-teams").await;
    app.click("[data-nav=environments]").await;
    let envs = app
        .wait_texts("[data-testid=environment-row]", "4 environments", |t| {
            t.len() == 4
        })
        .await;
    assert!(envs[3].contains("production"), "{envs:?}");
    app.screenshot("05-environments").await;

    // The audit trail shows what happened, newest first, and verifies.
    app.click("[data-nav=audit]").await;
    let events = app
        .wait_texts("[data-testid=audit-row]", "audit events", |t| t.len() >= 3)
        .await;
    for (row, action) in events.iter().zip(["deleted", "updated", "created"]) {
        assert!(row.contains("e2e-checkout-api"), "{row}");
        assert!(
            row.to_lowercase().contains(action),
            "{row} should say {action}"
        );
        assert!(row.contains("Erin Example"), "{row}");
    }
    app.click("[data-testid=verify-chain]").await;
    let result = app
        .wait_texts("[data-testid=verify-result]", "the verification", |t| {
            t.iter().any(|r| r.contains("intact"))
        })
        .await;
    assert!(result[0].contains("events verified"), "{result:?}");
    app.screenshot("06-audit").await;
    app.stop().await;
}

#[tokio::test]
async fn starting_empty_shows_empty_states() {
    let app = App::start().await;
    app.fill("#display-name", "Sam").await;
    app.click("[data-testid=start-empty]").await;
    app.wait_texts("main", "the empty state", |t| {
        t.iter().any(|m| m.contains("No services yet"))
    })
    .await;
    assert!(app.all(ROWS).await.is_empty());
    app.screenshot("07-services-empty").await;
    app.stop().await;
}

#[tokio::test]
async fn a_file_that_is_not_a_workspace_is_explained_not_overwritten() {
    let app = App::start_with(|dir| {
        std::fs::write(dir.join("workspace.signalbox"), "not a database").unwrap();
    })
    .await;
    app.wait_texts("body", "the error page", |t| {
        t.iter().any(|b| b.contains("not a Signalbox workspace"))
    })
    .await;
    app.screenshot("08-not-a-workspace").await;
    let kept = std::fs::read_to_string(app.data_dir.path().join("workspace.signalbox")).unwrap();
    assert_eq!(kept, "not a database");
    app.stop().await;
}
