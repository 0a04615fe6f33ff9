//! Notices from the shell: templates listed, shown and added; a notice
//! rendered for a train, a change or a window as Markdown, HTML, text or an
//! .eml draft, to stdout or a file. Bad input exits non-zero naming the
//! field or line and stores nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ok_as_user as ok, production_workspace, refused};

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, ws) = production_workspace("<b>ledger</b>");
    ok(
        &ws,
        &["trains", "add", "--name", "Spring", "--version", "2030.3"],
    );
    ok(
        &ws,
        &[
            "changes",
            "add",
            "--title",
            "Deploy ledger 4.2",
            "--service",
            "<b>ledger</b>",
            "--env",
            "production",
            "--start",
            "2030-03-20T10:00:00Z",
            "--end",
            "2030-03-20T11:00:00Z",
            "--train",
            "Spring",
        ],
    );
    (dir, ws)
}

/// `templates add` for customers, its subject naming the window's time.
fn add_template<'a>(name: &'a str, kind: &'a str, body_file: &'a str) -> [&'a str; 12] {
    [
        "templates",
        "add",
        "--name",
        name,
        "--kind",
        kind,
        "--audience",
        "customers",
        "--subject",
        "Maintenance {{ release.when }}",
        "--body-file",
        body_file,
    ]
}

#[test]
fn templates_are_listed_shown_and_added() {
    let (dir, ws) = setup();
    let list = ok(&ws, &["templates", "list"]);
    assert_eq!(
        list.lines().count(),
        25,
        "a header and 24 built-ins:\n{list}"
    );
    assert!(list.contains("Maintenance window for customers"), "{list}");
    let show = ok(
        &ws,
        &["templates", "show", "Maintenance window for customers"],
    );
    assert!(
        show.contains("Subject: Scheduled maintenance: {{ release.when }}"),
        "{show}"
    );
    assert!(
        show.contains("v1 ") && show.contains("by Signalbox"),
        "{show}"
    );

    let body = dir.path().join("body.md");
    std::fs::write(
        &body,
        "Hello {{ release.name }}\n{% for c in changes %}- {{ c.id }}\n{% endfor %}",
    )
    .unwrap();
    let body_arg = body.display().to_string();
    let added = ok(
        &ws,
        &add_template("Short customer note", "maintenance-window", &body_arg),
    );
    assert!(
        added.contains("Added template \"Short customer note\""),
        "{added}"
    );
    assert!(
        added.contains("warning: Body, line 2: \"c.id\" is internal"),
        "{added}"
    );

    std::fs::write(&body, "ok\n{% if %}").unwrap();
    let e = refused(
        &ws,
        &add_template("Broken", "maintenance-window", &body_arg),
    );
    assert!(e.contains("Body, line 2"), "{e}");
    let e = refused(&ws, &add_template("Broken", "outage", &body_arg));
    assert!(e.contains("unknown notice kind \"outage\""), "{e}");
    assert_eq!(ok(&ws, &["templates", "list"]).lines().count(), 26);
}

#[test]
fn notices_render_in_every_format_to_stdout_or_a_file() {
    let (dir, ws) = setup();
    let md = ok(
        &ws,
        &[
            "notice",
            "render",
            "--template",
            "maintenance-window",
            "--train",
            "Spring",
            "--audience",
            "operations",
            "--tz",
            "Europe/Paris",
        ],
    );
    assert!(
        md.starts_with("# Maintenance: Spring, Wed 20 Mar 2030, 11:00–12:00 CET\n"),
        "{md}"
    );
    assert!(md.contains("Deploy ledger 4.2"), "{md}");
    assert!(
        md.contains("\\<b\\>ledger\\</b\\>"),
        "a name cannot add Markdown or HTML:\n{md}"
    );

    let out_file = dir.path().join("notice.html");
    let out_arg = out_file.display().to_string();
    ok(
        &ws,
        &[
            "notice",
            "render",
            "--template",
            "Maintenance window for customers",
            "--change",
            "Deploy ledger 4.2",
            "--format",
            "html",
            "--out",
            &out_arg,
        ],
    );
    let html = std::fs::read_to_string(&out_file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("&lt;b&gt;ledger&lt;/b&gt;") && !html.contains("<b>ledger"),
        "{html}"
    );

    let eml = ok(
        &ws,
        &[
            "notice",
            "render",
            "--template",
            "maintenance-window",
            "--train",
            "Spring",
            "--format",
            "eml",
        ],
    );
    // The en dash makes the subject UTF-8: encoded words ("Maintenance: Spring, ").
    assert!(
        eml.contains("Subject: =?UTF-8?B?TWFpbnRlbmFuY2U6IFNwcmluZyw"),
        "{eml}"
    );
    assert!(eml.contains("multipart/alternative"));
    let txt = ok(
        &ws,
        &[
            "notice",
            "render",
            "--template",
            "release-announcement",
            "--train",
            "Spring",
            "--audience",
            "executives",
            "--format",
            "txt",
        ],
    );
    assert!(
        txt.contains("Scope: 1 changes to 1 services in production"),
        "{txt}"
    );

    // Each refused with the field named, and nothing written.
    let spring = ["--template", "maintenance-window", "--train", "Spring"];
    let cases: [(Vec<&str>, &str); 5] = [
        (
            vec!["--template", "maintenance-window", "--train", "Autumn"],
            "no train called \"Autumn\"",
        ),
        (
            vec!["--template", "maintenance-window"],
            "--train, --change, --window or --incident",
        ),
        (
            vec![
                "--template",
                "Maintenance window for customers",
                "--train",
                "Spring",
                "--audience",
                "support",
            ],
            "is written for customers, not support",
        ),
        (
            [&spring[..], &["--format", "pdf"]].concat(),
            "unknown format \"pdf\"",
        ),
        (
            [&spring[..], &["--tz", "Mars/Base"]].concat(),
            "not a time zone",
        ),
    ];
    for (args, expected) in cases {
        let e = refused(&ws, &[&["notice", "render"][..], &args].concat());
        assert!(e.contains(expected), "{args:?}: {e}");
    }
}
