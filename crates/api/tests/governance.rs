//! Governance end to end over a real SQLite file: risk recomputed from the
//! questionnaire and the change's context, stage moves by the change model's
//! rules, approvals with separation of duties, and a CAB meeting from its
//! frozen agenda to its minutes. Every refusal leaves nothing behind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{audit_count, change, fixture, utc, window, Fixture};
use signalbox_api::domain::calendar::WindowKind;
use signalbox_api::domain::governance::{
    AgendaFilter, Answers, CabInput, Cadence, ChangeModel, Decision, MeetingDecision,
    MeetingStatus, PersonInput, RiskLevel, Role, Stage,
};
use signalbox_api::governance::{
    DecisionInput, MinutesFormat, PrepareInput, RegisterQuery, StageInput,
};
use signalbox_api::{ApiError, ErrorCode, Workspace};
use uuid::Uuid;

fn people(ws: &mut Workspace) {
    for (name, role) in [
        ("Rui", Role::ReleaseManager),
        ("Cam", Role::CabMember),
        ("Kim", Role::CabMember),
        ("Vic", Role::Viewer),
    ] {
        ws.add_person(&PersonInput {
            name: name.into(),
            role,
        })
        .unwrap();
    }
}

fn all_answers(ws: &Workspace, pick: usize) -> Answers {
    ws.risk_policy()
        .unwrap()
        .questions
        .iter()
        .map(|q| (q.key.clone(), pick.min(q.options.len() - 1)))
        .collect()
}

fn refused(r: Result<impl std::fmt::Debug, ApiError>) -> String {
    let e = r.expect_err("the rules must refuse this");
    assert_eq!(e.code(), ErrorCode::Refused, "{e}");
    e.to_string()
}

fn act(ws: &mut Workspace, who: &str) {
    ws.set_actor_override(Some(who.into()));
}

fn to(stage: Stage) -> StageInput {
    StageInput {
        to: stage,
        reason: None,
    }
}

fn approve(note: &str) -> DecisionInput {
    DecisionInput {
        decision: Decision::Approve,
        note: note.into(),
    }
}

/// A normal change in production, assessed and awaiting authorisation.
fn in_authorise(f: &mut Fixture, title: &str) -> Uuid {
    let c =
        f.ws.create_change(&change(f, title, f.prod, utc(2026, 3, 20, 10, 0), 60))
            .unwrap();
    let answers = all_answers(&f.ws, 0);
    f.ws.answer_risk(c.id, &answers).unwrap();
    f.ws.move_change(c.id, &to(Stage::Assess)).unwrap();
    f.ws.move_change(c.id, &to(Stage::Authorise)).unwrap();
    c.id
}

#[test]
fn answering_the_questionnaire_and_moving_the_change_both_move_its_risk() {
    let mut f = fixture();
    let c =
        f.ws.create_change(&change(
            &f,
            "Deploy ledger",
            f.staging,
            utc(2026, 3, 20, 10, 0),
            60,
        ))
        .unwrap();
    let r = f.ws.change_risk(c.id).unwrap();
    assert_eq!(r.assessment.level, RiskLevel::Low);
    assert_eq!(r.assessment.unanswered.len(), 5);

    let risky = all_answers(&f.ws, 2);
    let r = f.ws.answer_risk(c.id, &risky).unwrap();
    assert_eq!(r.assessment.level, RiskLevel::Critical, "{r:?}");
    assert!(r.assessment.unanswered.is_empty());
    assert!(r.assessment.reasons[0]
        .text
        .starts_with("Questionnaire score"));

    // The context moves it too: back to safe answers, then into production
    // inside a hard freeze and two hours ahead.
    f.ws.answer_risk(c.id, &all_answers(&f.ws, 0)).unwrap();
    f.ws.create_window(&window(
        "Launch freeze",
        WindowKind::Freeze,
        "2026-03-01T00:00",
        3 * 1440,
        None,
        vec![],
    ))
    .unwrap();
    let mut moved = change(&f, "Deploy ledger", f.prod, utc(2026, 3, 1, 11, 0), 60);
    moved.description = "moved".into();
    f.ws.update_change(c.id, &moved).unwrap();
    let r = f.ws.change_risk(c.id).unwrap();
    let texts: Vec<&str> = r
        .assessment
        .reasons
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(r.assessment.level, RiskLevel::High, "{texts:?}");
    assert!(
        texts.contains(&"Inside the freeze \"Launch freeze\""),
        "{texts:?}"
    );
    assert!(texts.contains(&"Production environment"), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Planned 0.1 days ahead")),
        "{texts:?}"
    );

    // An answer to a question that does not exist is refused by name; nothing is kept.
    let before = audit_count(&f.ws);
    let mut bad = Answers::new();
    bad.insert("colour".into(), 0);
    let e = f.ws.answer_risk(c.id, &bad).unwrap_err();
    assert!(
        e.to_string().contains("There is no question \"colour\""),
        "{e}"
    );
    assert_eq!(audit_count(&f.ws), before);
}

#[test]
fn a_change_cannot_skip_a_stage_and_its_moves_are_audited() {
    let mut f = fixture();
    let c =
        f.ws.create_change(&change(
            &f,
            "Deploy ledger",
            f.prod,
            utc(2026, 3, 20, 10, 0),
            60,
        ))
        .unwrap();
    let before = audit_count(&f.ws);
    let e = refused(f.ws.move_change(c.id, &to(Stage::Scheduled)));
    assert_eq!(
        e,
        "A normal change cannot skip from new to scheduled: assess, then authorise comes first"
    );
    f.ws.move_change(c.id, &to(Stage::Assess)).unwrap();
    let e = refused(f.ws.move_change(c.id, &to(Stage::Authorise)));
    assert!(e.contains("answer every question"), "{e}");
    assert_eq!(
        audit_count(&f.ws),
        before + 1,
        "only the legal move is recorded"
    );
    let g = f.ws.change_governance(c.id).unwrap();
    assert_eq!(
        (g.record.stage, g.next),
        (Stage::Assess, Some(Stage::Authorise))
    );
    assert_eq!(g.record.requested_by, "Ada Lovelace");

    // A standard change skips assessment and authorisation.
    let s =
        f.ws.create_change(&change(
            &f,
            "Rotate certs",
            f.prod,
            utc(2026, 3, 21, 10, 0),
            30,
        ))
        .unwrap();
    f.ws.set_change_model(s.id, ChangeModel::Standard).unwrap();
    let g = f.ws.move_change(s.id, &to(Stage::Scheduled)).unwrap();
    assert_eq!(g.record.stage, Stage::Scheduled);
    let e = refused(f.ws.answer_risk(s.id, &all_answers(&f.ws, 0)));
    assert!(e.contains("pre-approved"), "{e}");
}

#[test]
fn separation_of_duties_and_dual_approval_are_enforced() {
    let mut f = fixture();
    people(&mut f.ws);
    let id = in_authorise(&mut f, "Deploy ledger");
    // Risky answers make it critical: a release manager and two CAB members.
    act(&mut f.ws, "Ada Lovelace");
    f.ws.move_change(id, &to(Stage::Cancelled))
        .expect_err("cancelling needs a reason");
    let before = audit_count(&f.ws);
    let e = refused(f.ws.decide_change(id, &approve("")));
    assert_eq!(
        e,
        "Ada Lovelace requested this change and cannot decide on it: the requester may not approve their own change"
    );
    act(&mut f.ws, "Vic");
    assert!(refused(f.ws.decide_change(id, &approve(""))).contains("viewer"));
    assert_eq!(audit_count(&f.ws), before, "a refusal records nothing");
    assert!(f.ws.list_approvals(Some(id)).unwrap().decisions.is_empty());

    act(&mut f.ws, "Rui");
    let v = f.ws.decide_change(id, &approve("looks fine")).unwrap();
    let state = v.state.unwrap();
    assert!(
        state.satisfied,
        "moderate risk needs one release manager: {state:?}"
    );
    let e = refused(f.ws.decide_change(id, &approve("")));
    assert!(e.contains("already approved"), "{e}");
    let g = f.ws.move_change(id, &to(Stage::Scheduled)).unwrap();
    assert_eq!(g.record.stage, Stage::Scheduled);

    // Critical: dual CAB approval, each slot a different person.
    act(&mut f.ws, "Ada Lovelace");
    let crit =
        f.ws.create_change(&change(
            &f,
            "Migrate ledger",
            f.prod,
            utc(2026, 3, 22, 10, 0),
            60,
        ))
        .unwrap();
    f.ws.answer_risk(crit.id, &all_answers(&f.ws, 2)).unwrap();
    f.ws.move_change(crit.id, &to(Stage::Assess)).unwrap();
    f.ws.move_change(crit.id, &to(Stage::Authorise)).unwrap();
    for who in ["Cam", "Rui"] {
        act(&mut f.ws, who);
        f.ws.decide_change(crit.id, &approve("")).unwrap();
    }
    act(&mut f.ws, "Ada Lovelace");
    let e = refused(f.ws.move_change(crit.id, &to(Stage::Scheduled)));
    assert_eq!(e, "It is not approved yet: 1 more approval: CAB member");
    act(&mut f.ws, "Cam");
    let e = refused(f.ws.decide_change(crit.id, &approve("")));
    assert!(e.contains("cannot fill two approvals"), "{e}");
    act(&mut f.ws, "Kim");
    let v = f.ws.decide_change(crit.id, &approve("")).unwrap();
    let filled: Vec<Option<String>> = v
        .state
        .unwrap()
        .slots
        .into_iter()
        .map(|s| s.filled_by)
        .collect();
    assert_eq!(
        filled,
        [Some("Rui".into()), Some("Cam".into()), Some("Kim".into())]
    );
}

#[test]
fn rejecting_ends_a_change_and_requesting_changes_starts_a_new_round() {
    let mut f = fixture();
    people(&mut f.ws);
    let a = in_authorise(&mut f, "Deploy ledger");
    let b = in_authorise(&mut f, "Deploy checkout");
    act(&mut f.ws, "Rui");
    let e = refused(f.ws.decide_change(
        a,
        &DecisionInput {
            decision: Decision::Reject,
            note: " ".into(),
        },
    ));
    assert!(e.contains("needs a note"), "{e}");
    f.ws.decide_change(
        a,
        &DecisionInput {
            decision: Decision::Reject,
            note: "No rollback plan".into(),
        },
    )
    .unwrap();
    let g = f.ws.change_governance(a).unwrap();
    assert_eq!(g.record.stage, Stage::Rejected);
    assert!(refused(f.ws.move_change(a, &to(Stage::Scheduled))).contains("cannot move any more"));

    f.ws.decide_change(
        b,
        &DecisionInput {
            decision: Decision::RequestChanges,
            note: "Add a canary".into(),
        },
    )
    .unwrap();
    let g = f.ws.change_governance(b).unwrap();
    assert_eq!((g.record.stage, g.record.round), (Stage::Assess, 2));
    // The old round's decisions no longer count.
    assert!(!g.approvals.satisfied);
    assert_eq!(g.decisions.len(), 1);
}

#[test]
fn an_emergency_bypass_needs_a_reason_and_owes_a_review_until_it_is_written() {
    let mut f = fixture();
    let c =
        f.ws.create_change(&change(
            &f,
            "Hotfix ledger",
            f.prod,
            utc(2026, 3, 2, 10, 0),
            30,
        ))
        .unwrap();
    f.ws.set_change_model(c.id, ChangeModel::Emergency).unwrap();
    f.ws.move_change(c.id, &to(Stage::Authorise)).unwrap();
    let e = refused(f.ws.move_change(c.id, &to(Stage::Implement)));
    assert!(e.contains("only with a reason"), "{e}");
    let g =
        f.ws.move_change(
            c.id,
            &StageInput {
                to: Stage::Implement,
                reason: Some("Payments are down".into()),
            },
        )
        .unwrap();
    assert!(g.record.pir_owed);
    assert_eq!(g.record.bypass_reason, "Payments are down");
    let owed = f.ws.pir_owed().unwrap();
    assert_eq!(
        (
            owed.len(),
            owed[0].change_id,
            owed[0].bypass_reason.as_str()
        ),
        (1, c.id, "Payments are down")
    );
    f.ws.move_change(c.id, &to(Stage::Review)).unwrap();
    let e = refused(f.ws.move_change(c.id, &to(Stage::Closed)));
    assert!(e.contains("post-implementation review"), "{e}");
    let g =
        f.ws.move_change(
            c.id,
            &StageInput {
                to: Stage::Closed,
                reason: Some("Root cause: expired certificate".into()),
            },
        )
        .unwrap();
    assert!(!g.record.pir_owed);
    assert_eq!(g.record.pir, "Root cause: expired certificate");
    assert!(f.ws.pir_owed().unwrap().is_empty(), "tracked until written");
    let trail = f.ws.list_audit(&Default::default()).unwrap();
    assert!(trail
        .items
        .iter()
        .any(|e| e.action == signalbox_api::domain::AuditAction::Bypassed));
}

#[test]
fn the_register_lists_open_changes_highest_risk_first_and_exports_csv() {
    let mut f = fixture();
    let calm =
        f.ws.create_change(&change(&f, "Calm", f.staging, utc(2026, 3, 20, 10, 0), 60))
            .unwrap();
    let risky =
        f.ws.create_change(&change(
            &f,
            "Risky, \"quoted\"",
            f.staging,
            utc(2026, 3, 25, 10, 0),
            60,
        ))
        .unwrap();
    f.ws.answer_risk(risky.id, &all_answers(&f.ws, 2)).unwrap();
    let page = f.ws.risk_register(&RegisterQuery::default()).unwrap();
    let ids: Vec<Uuid> = page.rows.iter().map(|r| r.change_id).collect();
    assert_eq!(ids, [risky.id, calm.id]);
    assert_eq!(page.by_level, [1, 0, 0, 1]);
    let only =
        f.ws.risk_register(&RegisterQuery {
            levels: vec![RiskLevel::Low],
            ..Default::default()
        })
        .unwrap();
    assert_eq!((only.total, only.rows[0].change_id), (1, calm.id));
    let csv =
        f.ws.export_risk_register_csv(&RegisterQuery::default())
            .unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("level,score,title,owner,environment,start,model,stage,reasons,change_id")
    );
    assert!(lines.next().unwrap().starts_with("critical,"), "{csv}");
    assert!(csv.contains("\"Risky, \"\"quoted\"\"\""), "{csv}");
}

#[test]
fn a_cab_meeting_freezes_its_agenda_decides_by_the_rules_and_writes_minutes() {
    let mut f = fixture();
    people(&mut f.ws);
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(in_authorise(&mut f, &format!("Change <{i}>")));
    }
    let members: Vec<Uuid> =
        f.ws.list_people()
            .unwrap()
            .into_iter()
            .filter(|p| p.person.role != Role::Viewer)
            .map(|p| p.person.id)
            .collect();
    let cab =
        f.ws.create_cab(&CabInput {
            name: "Weekly CAB".into(),
            cadence: Cadence::Weekly,
            member_ids: members,
            filter: AgendaFilter {
                environment_ids: vec![],
                levels: vec![],
                models: vec![ChangeModel::Normal],
                horizon_days: 30,
            },
        })
        .unwrap();
    act(&mut f.ws, "Rui");
    let m =
        f.ws.prepare_meeting(&PrepareInput {
            cab_id: cab.id,
            at: utc(2026, 3, 2, 9, 0),
        })
        .unwrap();
    assert_eq!(m.items.len(), 3);
    assert_eq!(m.chair, "Rui");

    // A change submitted after the cutoff is a late addition, not on the agenda.
    act(&mut f.ws, "Ada Lovelace");
    let late = in_authorise(&mut f, "Late one");
    act(&mut f.ws, "Rui");
    let v = f.ws.meeting(m.id).unwrap();
    assert_eq!(v.meeting.items.len(), 3);
    assert_eq!(
        v.late.iter().map(|l| l.change_id).collect::<Vec<_>>(),
        [late]
    );

    let e = refused(f.ws.decide_item(m.id, ids[0], MeetingDecision::Approve, ""));
    assert!(e.contains("has not started"), "{e}");
    f.ws.start_meeting(m.id).unwrap();
    let before = audit_count(&f.ws);
    let e = refused(f.ws.decide_item(m.id, late, MeetingDecision::Approve, ""));
    assert!(e.contains("not on this meeting's agenda"), "{e}");
    assert_eq!(audit_count(&f.ws), before);

    f.ws.set_clock(|| utc(2026, 3, 1, 9, 2));
    let v =
        f.ws.decide_item(m.id, ids[0], MeetingDecision::Approve, "ok")
            .unwrap();
    assert_eq!(v.meeting.current, 1, "on to the next undecided item");
    assert_eq!(v.meeting.items[0].seconds, 120);
    assert!(f.ws.change_governance(ids[0]).unwrap().approvals.satisfied);
    f.ws.decide_item(m.id, ids[1], MeetingDecision::Defer, "")
        .unwrap();
    let e = refused(f.ws.decide_item(m.id, ids[2], MeetingDecision::Reject, ""));
    assert!(e.contains("needs a note"), "{e}");
    f.ws.pull_in(m.id, late).unwrap();
    f.ws.decide_item(m.id, ids[2], MeetingDecision::Reject, "No <rollback>")
        .unwrap();
    let v = f.ws.close_meeting(m.id).unwrap();
    assert_eq!(v.meeting.status, MeetingStatus::Closed);
    assert_eq!(v.meeting.items.len(), 4);
    assert!(v.meeting.items[3].late);
    assert_eq!(
        f.ws.change_governance(ids[2]).unwrap().record.stage,
        Stage::Rejected
    );

    let md =
        f.ws.meeting_document(m.id, true, MinutesFormat::Markdown)
            .unwrap();
    assert!(
        md.contains("| 1 | Change \\<0\\> | moderate | Approved | ok | Rui | 2:00 |"),
        "{md}"
    );
    assert!(md.contains("| 4 | Late one (late addition) |"), "{md}");
    let html =
        f.ws.meeting_document(m.id, true, MinutesFormat::Pdf)
            .unwrap();
    assert!(html.contains("No &lt;rollback&gt;") && !html.contains("<rollback>"));
    assert!(html.contains("@page"));
}
