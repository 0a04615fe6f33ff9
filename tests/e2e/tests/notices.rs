//! Stakeholder notices in the real window: pick a train, generate a
//! maintenance notice for customers and one for operations, edit the text,
//! export it as an .eml draft and an HTML page through the save dialog, be
//! told which recipient line is wrong, record it as sent and find the
//! "sent" event in the audit log. A service named as an XSS payload runs
//! nothing. The template editor names the line of an error as you type.
//! Screenshots of the notice, the editor with its preview and the list.

// Tests stop loudly on a failed step.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, SecondsFormat, Utc};
use signalbox_e2e::fixtures::add_production;
use signalbox_e2e::{cli, App};

const TRAIN: &str = "Autumn train";
const XSS: &str = "<img src=x onerror=\"window.__xss=1\">";

/// Clicks the first template and resolves with the milliseconds until its
/// editor's preview holds rendered text.
const OPEN_EDITOR_PROBE: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
document.querySelector('[data-testid=template-row] .name').click();
function poll() {
  const p = document.querySelector('[data-testid=preview-html]');
  if (p && p.textContent.trim().length > 20) {
    done({ ms: performance.now() - t0 });
  } else if (performance.now() - t0 > 10000) {
    done({ ms: -1 });
  } else {
    requestAnimationFrame(poll);
  }
}
poll();
"#;

/// Chooses the first option whose text starts with `prefix`.
async fn choose(app: &App, css: &str, prefix: &str) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let found = app
            .eval_on(
                css,
                &format!(
                    "const el = arguments[0];
                     const opt = [...el.options].find((o) => o.text.trim().startsWith({}));
                     if (!opt) return false;
                     el.value = opt.value;
                     el.dispatchEvent(new Event('input', {{ bubbles: true }}));
                     el.dispatchEvent(new Event('change', {{ bubbles: true }}));
                     return true;",
                    serde_json::json!(prefix)
                ),
            )
            .await;
        if found == serde_json::json!(true) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no option starting {prefix:?} in {css}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
}

async fn wait_file_with(dir: &std::path::Path, ext: &str) -> std::path::PathBuf {
    for _ in 0..100 {
        if let Some(p) = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == ext))
        {
            return p;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no .{ext} file was saved in {}", dir.display());
}

async fn generate(app: &App, audience: &str) {
    app.click("[data-testid=new-notice]").await;
    choose(app, "[data-testid=target-kind]", "Train").await;
    choose(app, "[data-testid=target-select]", TRAIN).await;
    choose(
        app,
        "[data-testid=template-select]",
        &format!("Maintenance window · {audience}"),
    )
    .await;
    app.click("[data-testid=generate-notice]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_train_gets_customer_and_operations_notices_edited_exported_and_sent() {
    let start = Utc::now() + Duration::days(5);
    let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let app = App::start_with(|dir| {
        cli(dir, &["whoami", "Rui Release"]);
        add_production(dir);
        cli(
            dir,
            &["services", "add", "--name", "ledger", "--tier", "high"],
        );
        cli(dir, &["services", "add", "--name", XSS, "--tier", "low"]);
        cli(
            dir,
            &["trains", "add", "--name", TRAIN, "--version", "2026.12"],
        );
        for (i, service) in ["ledger", XSS].iter().enumerate() {
            let at = start + Duration::hours(i as i64);
            cli(
                dir,
                &[
                    "changes",
                    "add",
                    "--title",
                    &format!("Deploy {}", i + 1),
                    "--service",
                    service,
                    "--env",
                    "production",
                    "--start",
                    &stamp(at),
                    "--end",
                    &stamp(at + Duration::minutes(45)),
                    "--train",
                    TRAIN,
                ],
            );
        }
    })
    .await;
    let dir = app.data_dir.path().to_path_buf();

    // Who operations notices go to: typed in, and saved as CSV.
    app.click("[data-nav=notices]").await;
    app.click("[data-testid=notices-tab-recipients]").await;
    app.set_value(
        "[data-testid=recipients-operations]",
        "Ops desk <ops@example.com>\nsre@example.com",
    )
    .await;
    app.click("[data-testid=save-recipients-operations]").await;
    app.wait_texts(
        "[data-testid=recipients-count-operations]",
        "two operations recipients",
        |t| t.len() == 1 && t[0].contains('2'),
    )
    .await;
    app.click("[data-testid=export-recipients-operations]")
        .await;
    let csv = wait_file_with(&dir, "csv").await;
    assert_eq!(
        std::fs::read_to_string(csv).unwrap(),
        "name,address\nOps desk,ops@example.com\n,sre@example.com\n"
    );

    app.click("[data-testid=notices-tab-notices]").await;
    generate(&app, "Customers").await;
    app.wait_texts(
        "[data-testid=notice-preview]",
        "the customer notice's preview",
        |t| t.len() == 1 && t[0].contains("Scheduled maintenance") && t[0].contains("ledger"),
    )
    .await;
    // The payload is a service's name: it shows as text and runs nothing.
    let safe = app
        .eval_on(
            "[data-testid=notice-preview]",
            "return arguments[0].querySelectorAll('img').length === 0 \
             && arguments[0].textContent.includes('onerror') && window.__xss === undefined;",
        )
        .await;
    assert_eq!(safe, serde_json::json!(true), "the payload must stay text");
    app.screenshot("50-notice-customers").await;

    app.click("[data-nav=notices]").await;
    generate(&app, "Operations").await;
    app.wait_texts(
        "[data-testid=notice-preview]",
        "the operations notice's preview with its changes",
        |t| t.len() == 1 && t[0].contains("Deploy 1") && t[0].contains("Rollback plan"),
    )
    .await;

    // Edit the text and save.
    let body = app
        .eval_on("[data-testid=notice-body]", "return arguments[0].value;")
        .await;
    let body = body.as_str().unwrap().to_owned();
    app.set_value(
        "[data-testid=notice-body]",
        &format!("{body}\n\nWe expect no downtime; the on-call engineer is Kim."),
    )
    .await;
    app.click("[data-testid=save-notice]").await;
    app.wait_texts(
        "[data-testid=notice-preview]",
        "the edit in the preview",
        |t| t.len() == 1 && t[0].contains("the on-call engineer is Kim"),
    )
    .await;
    app.wait_texts("[data-testid=notice-edited]", "the Edited badge", |t| {
        t.len() == 1
    })
    .await;
    app.screenshot("51-notice-operations").await;

    // Export through the save dialog (SIGNALBOX_SAVE_DIR stands in for it).
    app.click("[data-testid=export-eml]").await;
    let eml = wait_file_with(&dir, "eml").await;
    app.click("[data-testid=export-html]").await;
    let html = wait_file_with(&dir, "html").await;
    let eml = std::fs::read_to_string(eml).unwrap();
    assert!(eml.contains("Content-Type: multipart/alternative"), "{eml}");
    assert!(eml.contains("Subject: =?UTF-8?B?"), "{eml}");
    assert!(
        eml.contains("To: \"Ops desk\" <ops@example.com>,\r\n <sre@example.com>"),
        "the audience's recipients: {eml}"
    );
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("the on-call engineer is Kim"));
    assert!(!html.contains("<img"), "the payload is escaped in the page");
    assert!(html.contains("&lt;img src=x onerror="), "{html}");

    // Copy as plain text: the clipboard (read back with xclip) has it.
    app.click("[data-testid=copy-text]").await;
    let mut copied = String::new();
    for _ in 0..50 {
        let out = std::process::Command::new("xclip")
            .args(["-selection", "clipboard", "-o"])
            .output()
            .expect("xclip (scripts/install-deps.sh installs it)");
        copied = String::from_utf8_lossy(&out.stdout).into_owned();
        if copied.contains("the on-call engineer is Kim") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        copied.contains("the on-call engineer is Kim"),
        "clipboard: {copied:?}"
    );
    assert!(copied.starts_with("Maintenance: Autumn train"), "{copied}");
    assert!(!copied.contains("**"), "plain text, not Markdown: {copied}");

    // A bad address is named by its line and nothing is recorded.
    app.click("[data-testid=mark-sent]").await;
    // set_value: WebDriver types no line break into a textarea.
    let prefilled = app
        .eval_on(
            "[data-testid=sent-recipients]",
            "return arguments[0].value;",
        )
        .await;
    assert_eq!(
        prefilled,
        serde_json::json!("Ops desk <ops@example.com>\nsre@example.com"),
        "the audience's list is offered"
    );
    app.set_value(
        "[data-testid=sent-recipients]",
        "ops@example.com\nnot an address",
    )
    .await;
    app.click("[data-testid=confirm-sent]").await;
    app.wait_texts("[data-testid=sent-error]", "the bad line named", |t| {
        t.iter().any(|m| m.contains("Line 2"))
    })
    .await;
    assert!(app.all("[data-testid=send-record]").await.is_empty());
    app.set_value(
        "[data-testid=sent-recipients]",
        "ops@example.com\nOn call <oncall@example.com>",
    )
    .await;
    app.click("[data-testid=confirm-sent]").await;
    app.wait_texts("[data-testid=send-record]", "the sending recorded", |t| {
        t.len() == 1 && t[0].contains("Rui Release") && t[0].contains("oncall@example.com")
    })
    .await;

    // The audit log has it: who, and that it was sent.
    app.click("[data-nav=audit]").await;
    app.wait_texts(
        "[data-testid=audit-row]",
        "the sent event in the audit log",
        |t| {
            t.first().is_some_and(|r| {
                r.contains("Sent") && r.contains("Rui Release") && r.contains("notice")
            })
        },
    )
    .await;
    // Its detail says to whom.
    app.click("[data-testid=audit-row] td.label").await;
    app.wait_texts(
        "[data-testid=audit-after]",
        "the recipients in the event",
        |t| {
            t.len() == 1
                && t[0].contains("On call <oncall@example.com>")
                && t[0].contains("ops@example.com")
        },
    )
    .await;

    // The list shows both notices, the operations one sent.
    app.click("[data-nav=notices]").await;
    app.wait_texts("[data-testid=notice-row]", "two notices, one sent", |t| {
        t.len() == 2 && t.iter().filter(|r| r.contains("Sent")).count() == 1
    })
    .await;
    app.screenshot("52-notice-list").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_template_editor_previews_live_and_names_the_line_of_an_error() {
    let app = App::start_with(|dir| {
        cli(dir, &["demo", "--size", "small"]);
        cli(dir, &["whoami", "Rui Release"]);
    })
    .await;
    app.click("[data-nav=notices]").await;
    app.click("[data-testid=notices-tab-templates]").await;
    app.wait_texts("[data-testid=template-row]", "the 24 built-ins", |t| {
        t.len() == 24
    })
    .await;
    // Open the editor and time it until the preview shows rendered text.
    let opened = app
        .client
        .execute_async(OPEN_EDITOR_PROBE, vec![])
        .await
        .expect("the open-editor probe");
    let ms = opened["ms"].as_f64().unwrap();
    assert!(ms > 0.0, "the preview never rendered: {opened}");
    println!("template editor with its preview: {ms:.0} ms after the click (debug build)");
    app.find("[data-testid=template-editor]").await;
    choose(&app, "[data-testid=preview-kind]", "Train").await;
    choose(&app, "[data-testid=preview-target]", "").await;
    app.wait_texts(
        "[data-testid=template-preview]",
        "a preview rendered from a train",
        |t| t.len() == 1 && t[0].len() > 40,
    )
    .await;
    app.screenshot("53-template-editor").await;

    let body = app
        .eval_on("[data-testid=template-body]", "return arguments[0].value;")
        .await;
    let body = body.as_str().unwrap().to_owned();
    // The line the appended variable lands on.
    let line = body.split('\n').count() + 1;
    app.set_value(
        "[data-testid=template-body]",
        &format!("{body}\n{{{{ release.nmae }}}}"),
    )
    .await;
    let errors = app
        .wait_texts(
            "[data-testid=template-error]",
            "the error with its line",
            |t| t.len() == 1 && t[0].contains("line"),
        )
        .await;
    assert!(
        errors[0].contains(&format!("line {line}")),
        "{errors:?} (expected line {line})"
    );
    app.screenshot("54-template-error").await;

    // Markup typed into a template is shown, never run.
    app.set_value(
        "[data-testid=template-body]",
        "Hello <script>window.__xss = 1</script> <img src=x onerror=\"window.__xss = 2\"> [x](javascript:window.__xss=3)",
    )
    .await;
    app.wait_texts("[data-testid=preview-html]", "the markup as text", |t| {
        t.len() == 1 && t[0].contains("<script>window.__xss = 1</script>")
    })
    .await;
    let safe = app
        .eval_on(
            "[data-testid=preview-html]",
            "return arguments[0].querySelectorAll('script, img, a[href^=javascript]').length === 0 \
             && window.__xss === undefined;",
        )
        .await;
    assert_eq!(
        safe,
        serde_json::json!(true),
        "template markup must stay text"
    );
    app.set_value("[data-testid=template-body]", &body).await;
    app.wait_texts("[data-testid=template-error]", "the error gone", |t| {
        t.is_empty()
    })
    .await;
    app.stop().await;
}
