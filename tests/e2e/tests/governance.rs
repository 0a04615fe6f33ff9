//! Change governance in the real window: answer a change's risk
//! questionnaire and see its level and every reason; walk it to
//! authorisation and be refused when approving your own change; run a CAB
//! meeting over a ten-change agenda by keyboard and export its agenda and
//! minutes. Screenshots of the risk panel, the approvals panel, meeting mode
//! and the minutes.

// Tests stop loudly on a failed step.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, SecondsFormat, Utc};
use signalbox_e2e::fixtures::add_production;
use signalbox_e2e::{cli, App};

const TITLE: &str = "Erin ledger migration";
/// Control+Enter, then release the modifier.
const CTRL_ENTER: &str = "\u{E009}\u{E007}\u{E000}";

#[tokio::test(flavor = "multi_thread")]
async fn a_questionnaire_sets_the_risk_and_your_own_change_cannot_be_approved() {
    let start = Utc::now() + Duration::days(10);
    let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let (from, to) = (stamp(start), stamp(start + Duration::hours(1)));
    let app = App::start_with(|dir| {
        cli(dir, &["whoami", "Erin Example"]);
        add_production(dir);
        cli(
            dir,
            &["services", "add", "--name", "ledger", "--tier", "medium"],
        );
        cli(
            dir,
            &[
                "changes",
                "add",
                "--title",
                TITLE,
                "--service",
                "ledger",
                "--env",
                "production",
                "--start",
                &from,
                "--end",
                &to,
                "--owner",
                "Erin Example",
            ],
        );
        cli(
            dir,
            &[
                "people",
                "add",
                "--name",
                "Rui Reviewer",
                "--role",
                "release-manager",
            ],
        );
    })
    .await;

    app.click("[data-nav=governance]").await;
    app.click("[data-testid=gov-tab-register]").await;
    app.wait_texts(
        "[data-testid=register-row]",
        "the change in the register",
        |t| t.len() == 1 && t[0].contains(TITLE),
    )
    .await;
    app.click("[data-testid=register-row] td.title").await;
    app.wait_texts(
        "[data-testid=risk-panel] [data-testid=risk-level]",
        "the untouched change at moderate risk (production)",
        |t| t.len() == 1 && t[0].to_lowercase().contains("moderate"),
    )
    .await;

    // Answer every question with its riskiest option.
    let names = app
        .eval_on(
            "[data-testid=risk-panel]",
            "return [...new Set([...arguments[0].querySelectorAll('input[type=radio]')].map((r) => r.name))];",
        )
        .await;
    let names: Vec<String> = serde_json::from_value(names).unwrap();
    assert_eq!(names.len(), 5, "five questions: {names:?}");
    for name in &names {
        let last = app
            .eval_on(
                "[data-testid=risk-panel]",
                &format!(
                    "return [...arguments[0].querySelectorAll('input[name=\"{name}\"]')].length - 1;"
                ),
            )
            .await;
        app.click(&format!(
            "[data-testid=risk-panel] input[name='{name}'][value='{last}']"
        ))
        .await;
    }
    app.click("[data-testid=risk-save]").await;
    app.wait_texts(
        "[data-testid=risk-panel] [data-testid=risk-level]",
        "the level raised to critical by the answers",
        |t| t.len() == 1 && t[0].to_lowercase().contains("critical"),
    )
    .await;
    app.wait_texts(
        "[data-testid=risk-panel] [data-testid=risk-reason]",
        "every reason, the questionnaire's first",
        |t| {
            t.len() >= 2
                && t[0].contains("Questionnaire score")
                && t.iter().any(|r| r.contains("Production environment"))
        },
    )
    .await;
    show(&app, "[data-testid=risk-panel]").await;
    app.screenshot("40-risk-panel").await;

    // new → assess → authorise, then approve: refused, the requester may not.
    app.click("[data-testid=stage-next]").await;
    app.wait_texts("[data-testid=stage-current]", "assess", |t| {
        t.len() == 1 && t[0].to_lowercase().contains("assess")
    })
    .await;
    app.click("[data-testid=stage-next]").await;
    app.wait_texts("[data-testid=stage-current]", "authorise", |t| {
        t.len() == 1 && t[0].to_lowercase().contains("authori")
    })
    .await;
    app.click("[data-testid=approve]").await;
    app.wait_texts("[data-testid=decision-refused]", "the refusal", |t| {
        t.len() == 1 && t[0].contains("Erin Example requested this change and cannot decide on it")
    })
    .await;
    show(&app, "[data-testid=approvals-panel]").await;
    app.screenshot("41-approvals-panel").await;
    // Nothing was recorded.
    let list = cli(
        app.data_dir.path(),
        &["approvals", "list", "--change", TITLE],
    );
    assert!(list.contains("No decisions yet."), "{list}");
    assert!(list.contains("open"), "{list}");

    // The people (the user became a release manager) and the policy editor.
    app.press(signalbox_e2e::ESCAPE).await;
    app.click("[data-testid=gov-tab-people]").await;
    app.wait_texts("body", "the people", |t| {
        t[0].contains("Rui Reviewer") && t[0].contains("Erin Example")
    })
    .await;
    app.screenshot("45-people").await;
    app.click("[data-testid=gov-tab-policy]").await;
    app.wait_texts("body", "the policy", |t| {
        t[0].contains("Thresholds and conditions")
    })
    .await;
    app.screenshot("46-policy").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cab_meeting_runs_by_keyboard_and_its_minutes_are_exported() {
    let app = App::start_with(|dir| {
        cli(dir, &["whoami", "Erin Example"]);
        cli(dir, &["demo", "--size", "small"]);
    })
    .await;
    app.click("[data-nav=governance]").await;
    app.wait_texts(
        "[data-testid=register-row]",
        "the sample's open changes",
        |t| t.len() > 10,
    )
    .await;
    app.screenshot("44-risk-register").await;
    app.click("[data-nav=cab]").await;
    app.click("[data-testid=cab-new]").await;
    app.fill("[data-testid=cab-name]", "Release review").await;
    app.fill("[data-testid=cab-horizon]", "30").await;
    app.click("[data-testid=cab-model-normal]").await;
    app.click("[data-testid=cab-save]").await;
    let card = "[data-testid=cab-card][data-cab-name='Release review']";
    app.find(card).await;
    app.screenshot("47-cab-list").await;
    app.click(&format!("{card} [data-testid=cab-prepare]"))
        .await;
    app.click("[data-testid=prepare-confirm]").await;
    app.find("[data-testid=meeting][data-status=prepared]")
        .await;
    app.screenshot("48-cab-prepared").await;
    let items = app.all("[data-testid=agenda-item]").await;
    assert!(
        items.len() >= 10,
        "a ten-change agenda at least: {}",
        items.len()
    );
    app.click("[data-testid=export-agenda-md]").await;
    let agenda = app.data_dir.path().join("cab-agenda.md");
    wait_file(&agenda).await;
    let text = std::fs::read_to_string(&agenda).unwrap();
    assert!(text.starts_with("# Agenda: Release review"), "{text}");

    app.click("[data-testid=start-meeting]").await;
    app.find("[data-testid=meeting][data-status=in_progress]")
        .await;
    app.find("[data-testid=current-item][data-position='0']")
        .await;
    // Ten items by keyboard: approve, defer and reject (with a note) in turn.
    for i in 0..10 {
        let current = format!("[data-testid=current-item][data-position='{i}']");
        app.find(&current).await;
        focus_page(&app).await;
        match i % 3 {
            0 => app.press("a").await,
            1 => app.press("d").await,
            _ => {
                app.press("r").await;
                app.wait_texts("[data-testid=meeting-note]", "the note asked for", |_| true)
                    .await;
                app.fill("[data-testid=meeting-note]", "No rollback plan")
                    .await;
                app.press(CTRL_ENTER).await;
            }
        }
        let want = format!("{} of", i + 1);
        app.wait_texts("[data-testid=decided-count]", &want, |t| {
            t.len() == 1 && t[0].starts_with(&want)
        })
        .await;
        if i == 4 {
            show(&app, "[data-testid=meeting]").await;
            app.screenshot("42-meeting-mode").await;
        }
    }
    let decided = app
        .eval_on(
            "[data-testid=meeting]",
            "return [...arguments[0].querySelectorAll('[data-testid=progress-item]')].map((e) => e.dataset.decision);",
        )
        .await;
    let decided: Vec<String> = serde_json::from_value(decided).unwrap();
    assert_eq!(
        &decided[..10],
        [
            "approve", "defer", "reject", "approve", "defer", "reject", "approve", "defer",
            "reject", "approve"
        ]
    );
    app.click("[data-testid=close-meeting]").await;
    if items.len() > 10 {
        // Undecided items stay undecided in the minutes: the chair confirms.
        app.click("[data-testid=close-confirm]").await;
    }
    app.find("[data-testid=meeting][data-status=closed]").await;
    let rows = app.all("[data-testid=minutes-row]").await;
    assert_eq!(rows.len(), items.len());
    show(&app, "[data-testid=meeting]").await;
    app.screenshot("43-cab-minutes").await;
    for (button, file) in [
        ("export-minutes-md", "cab-minutes.md"),
        ("export-minutes-html", "cab-minutes.html"),
        ("export-minutes-pdf", "cab-minutes-print.html"),
    ] {
        app.click(&format!("[data-testid={button}]")).await;
        wait_file(&app.data_dir.path().join(file)).await;
    }
    let md = std::fs::read_to_string(app.data_dir.path().join("cab-minutes.md")).unwrap();
    assert!(md.starts_with("# Minutes: Release review"), "{md}");
    assert!(
        md.contains("| Rejected | No rollback plan | Erin Example |"),
        "{md}"
    );
    assert!(md.contains("- Present: Erin Example"), "{md}");
    let html = std::fs::read_to_string(app.data_dir.path().join("cab-minutes.html")).unwrap();
    assert!(html.contains("<td>Approved</td>"), "{html}");
    let print =
        std::fs::read_to_string(app.data_dir.path().join("cab-minutes-print.html")).unwrap();
    assert!(print.contains("@page"));
    // The CLI reads the same minutes.
    let cli_md = cli(
        app.data_dir.path(),
        &["cab", "minutes", "--cab", "Release review"],
    );
    assert_eq!(cli_md.trim(), md.trim());
    app.stop().await;
}

/// Scrolls the element matching `css` to the top of its scroll area, for a
/// screenshot that shows it whole.
async fn show(app: &App, css: &str) {
    app.eval_on(
        css,
        "const el = arguments[0];
         for (let p = el.parentElement; p; p = p.parentElement) {
           if (p.scrollHeight > p.clientHeight + 1 && getComputedStyle(p).overflowY !== 'visible') {
             p.scrollTop += el.getBoundingClientRect().top - p.getBoundingClientRect().top - 8;
           }
         }
         window.scrollBy(0, el.getBoundingClientRect().top - 8);
         return true;",
    )
    .await;
}

/// Moves focus off any field, as a chair clicking the page would.
async fn focus_page(app: &App) {
    app.eval_on(
        "body",
        "if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur(); return true;",
    )
    .await;
}

async fn wait_file(path: &std::path::Path) {
    for _ in 0..100 {
        if path.exists() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{} was not saved", path.display());
}
