//! Governance from the shell: people, a change's risk, stage moves, approvals
//! as the configured user or as `--actor`, and a CAB's agenda. Every refusal
//! exits non-zero with the reason and changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{ok_as_user as ok, production_workspace, refused};

fn audit_events(ws: &Path) -> u64 {
    let o = ok(ws, &["--json", "audit", "verify"]);
    let v: serde_json::Value = serde_json::from_str(&o).unwrap();
    v["checked"].as_u64().unwrap()
}

/// Dana's workspace: production, a service, a change she planned, and
/// colleagues with roles.
fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, ws) = production_workspace("ledger");
    ok(
        &ws,
        &[
            "changes",
            "add",
            "--title",
            "Deploy ledger 4.2",
            "--service",
            "ledger",
            "--env",
            "production",
            "--start",
            "2030-03-20T10:00:00Z",
            "--end",
            "2030-03-20T11:00:00Z",
        ],
    );
    ok(
        &ws,
        &[
            "people",
            "add",
            "--name",
            "Rui",
            "--role",
            "release-manager",
        ],
    );
    ok(
        &ws,
        &["people", "add", "--name", "Cam", "--role", "cab-member"],
    );
    (dir, ws)
}

#[test]
fn risk_stages_and_approvals_from_the_shell() {
    let (_dir, ws) = setup();
    let people = ok(&ws, &["people", "list"]);
    assert!(
        people.contains("Dana") && people.contains("release manager"),
        "{people}"
    );
    let e = refused(&ws, &["people", "add", "--name", "Vic", "--role", "admin"]);
    assert!(e.contains("unknown role \"admin\""), "{e}");

    let risk = ok(
        &ws,
        &["--json", "risk", "show", "--change", "Deploy ledger 4.2"],
    );
    let v: serde_json::Value = serde_json::from_str(&risk).unwrap();
    assert_eq!(v["assessment"]["level"], "moderate", "{risk}");
    let reasons: Vec<&str> = v["assessment"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"Production environment"), "{reasons:?}");
    let text = ok(&ws, &["risk", "show", "--change", "Deploy ledger 4.2"]);
    assert!(
        text.starts_with("Deploy ledger 4.2: moderate risk"),
        "{text}"
    );

    let before = audit_events(&ws);
    let e = refused(
        &ws,
        &[
            "changes",
            "transition",
            "--change",
            "Deploy ledger 4.2",
            "--to",
            "scheduled",
        ],
    );
    assert!(e.contains("cannot skip from new to scheduled"), "{e}");
    let e = refused(
        &ws,
        &[
            "changes",
            "transition",
            "--change",
            "Nope",
            "--to",
            "assess",
        ],
    );
    assert!(e.contains("no change titled \"Nope\""), "{e}");
    assert_eq!(audit_events(&ws), before);

    ok(
        &ws,
        &[
            "changes",
            "transition",
            "--change",
            "Deploy ledger 4.2",
            "--to",
            "assess",
        ],
    );
    // The questionnaire is not answered: the CLI shows why it cannot move on.
    let e = refused(
        &ws,
        &[
            "changes",
            "transition",
            "--change",
            "Deploy ledger 4.2",
            "--to",
            "authorise",
        ],
    );
    assert!(e.contains("answer every question"), "{e}");
}

#[test]
fn the_requester_cannot_approve_and_actor_must_be_a_known_person() {
    let (_dir, ws) = setup();
    // The CLI has no questionnaire command: answer it through the API on
    // the same file, then walk the stages from the shell.
    let id = {
        let o = ok(
            &ws,
            &["--json", "risk", "show", "--change", "Deploy ledger 4.2"],
        );
        let v: serde_json::Value = serde_json::from_str(&o).unwrap();
        v["change_id"].as_str().unwrap().to_owned()
    };
    let mut w = signalbox_api::Workspace::open(&ws).unwrap();
    let c = uuid::Uuid::parse_str(&id).unwrap();
    let answers = w
        .risk_policy()
        .unwrap()
        .questions
        .iter()
        .map(|q| (q.key.clone(), 0))
        .collect();
    w.answer_risk(c, &answers).unwrap();
    drop(w);
    ok(
        &ws,
        &["changes", "transition", "--change", &id, "--to", "assess"],
    );
    ok(
        &ws,
        &[
            "changes",
            "transition",
            "--change",
            &id,
            "--to",
            "authorise",
        ],
    );

    let before = audit_events(&ws);
    let e = refused(&ws, &["approvals", "approve", "--change", &id]);
    assert!(
        e.contains("Dana requested this change and cannot decide on it"),
        "{e}"
    );
    let e = refused(
        &ws,
        &[
            "--actor",
            "Mallory",
            "approvals",
            "approve",
            "--change",
            &id,
        ],
    );
    assert!(e.contains("no person named \"Mallory\""), "{e}");
    assert_eq!(audit_events(&ws), before, "refusals record nothing");

    let o = ok(
        &ws,
        &[
            "--actor",
            "Rui",
            "approvals",
            "approve",
            "--change",
            &id,
            "--note",
            "ok",
        ],
    );
    assert!(o.contains("every approval it needs is given"), "{o}");
    let list = ok(&ws, &["approvals", "list", "--change", &id]);
    assert!(
        list.contains("given by Rui") && list.contains("Approved."),
        "{list}"
    );
    let json = ok(&ws, &["--json", "approvals", "list"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["decisions"][0]["person_name"], "Rui");
    ok(
        &ws,
        &[
            "changes",
            "transition",
            "--change",
            &id,
            "--to",
            "scheduled",
        ],
    );
}

#[test]
fn a_cab_agenda_is_frozen_and_minutes_wait_for_a_meeting() {
    let (_dir, ws) = setup();
    let e = refused(
        &ws,
        &["cab", "add", "--cab", "Weekly", "--member", "Nobody"],
    );
    assert!(e.contains("no person named \"Nobody\""), "{e}");
    ok(
        &ws,
        &[
            "cab",
            "add",
            "--cab",
            "Weekly CAB",
            "--member",
            "Rui",
            "--member",
            "Cam",
            "--horizon-days",
            "30",
            "--level",
            "moderate",
        ],
    );
    let e = refused(&ws, &["cab", "minutes", "--cab", "Weekly CAB"]);
    assert!(e.contains("no closed meeting yet"), "{e}");
    // Nothing awaits authorisation yet: an empty agenda, said so.
    let agenda = ok(
        &ws,
        &[
            "cab",
            "agenda",
            "--cab",
            "Weekly CAB",
            "--at",
            "2030-03-18T09:00:00Z",
        ],
    );
    assert!(agenda.contains("# Agenda: Weekly CAB"), "{agenda}");
    assert!(agenda.contains("Nothing on the agenda."), "{agenda}");
    let html = ok(
        &ws,
        &["cab", "agenda", "--cab", "Weekly CAB", "--format", "html"],
    );
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    let e = refused(
        &ws,
        &["cab", "agenda", "--cab", "Weekly CAB", "--format", "docx"],
    );
    assert!(e.contains("unknown format \"docx\""), "{e}");
}
