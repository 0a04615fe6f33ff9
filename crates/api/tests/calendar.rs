//! The calendar use cases end to end over a real SQLite file: changes with
//! rule-checked transitions, windows, trains, conflicts, the gate, next free
//! slot, and what bad input leaves behind (nothing). Interchange (ICS, CSV)
//! is in calendar_interop.rs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::{audit_count, change, fixture, utc, window};
use signalbox_api::calendar::{CalendarQuery, ChangeDraft, SlotQuery, TransitionInput};
use signalbox_api::domain::calendar::{
    ConflictKind, DeployStatus, Severity, TrainInput, TrainStatus, TrainTarget, WindowInput,
    WindowKind,
};
use signalbox_api::domain::{AuditAction, EntityKind};
use signalbox_api::{ErrorCode, Workspace};

#[test]
fn a_change_in_a_hard_freeze_conflicts_and_next_free_slot_clears_it() {
    let mut f = fixture();
    f.ws.create_window(&window(
        "Launch freeze",
        WindowKind::Freeze,
        "2026-03-10T00:00",
        2 * 1440,
        None,
        vec![],
    ))
    .unwrap();
    f.ws.create_window(&window(
        "Nightly",
        WindowKind::Maintenance,
        "2026-01-01T01:00",
        240,
        Some("FREQ=DAILY"),
        vec![f.prod],
    ))
    .unwrap();
    let input = change(&f, "Deploy ledger", f.prod, utc(2026, 3, 10, 2, 0), 60);
    let draft = ChangeDraft {
        id: None,
        input: input.clone(),
    };
    let found = f.ws.check_change(&draft).unwrap();
    assert!(found
        .iter()
        .any(|c| c.kind == ConflictKind::HardFreeze && c.severity == Severity::Error));
    assert!(found[0].message.contains("ledger"), "{}", found[0].message);

    let slots =
        f.ws.next_free_slots(&SlotQuery {
            draft: draft.clone(),
            after: Some(input.start),
            limit: Some(2),
        })
        .unwrap();
    assert_eq!(slots.len(), 2);
    // The freeze ends 2026-03-12 00:00 London (= 00:00Z); the nightly window opens 01:00Z.
    assert_eq!(slots[0].interval.start, utc(2026, 3, 12, 1, 0));
    let mut moved = input.clone();
    moved.start = slots[0].interval.start;
    moved.end = slots[0].interval.end;
    let after =
        f.ws.check_change(&ChangeDraft {
            id: None,
            input: moved.clone(),
        })
        .unwrap();
    assert!(
        after.iter().all(|c| c.severity != Severity::Error),
        "{after:?}"
    );
    let saved = f.ws.create_change(&moved).unwrap();
    assert_eq!(saved.status, DeployStatus::Planned);
}

#[test]
fn conflicts_over_a_period_and_the_calendar_view_see_changes_from_another_process() {
    let mut f = fixture();
    let a =
        f.ws.create_change(&change(&f, "A", f.staging, utc(2026, 3, 10, 10, 0), 60))
            .unwrap();
    // Load the calendar cache, then write through a second connection (the CLI).
    let q = CalendarQuery {
        from: utc(2026, 3, 1, 0, 0),
        to: utc(2026, 4, 1, 0, 0),
        environment_ids: vec![],
        team_id: None,
        train_id: None,
        service_ids: vec![],
        statuses: vec![],
        with_conflicts: true,
    };
    assert_eq!(f.ws.calendar(&q).unwrap().changes.len(), 1);
    let mut other = Workspace::open(&f.path).unwrap();
    other.set_clock(|| Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap());
    let mut b = change(&f, "B", f.staging, utc(2026, 3, 10, 10, 30), 60);
    b.owner = "Linus".into();
    let b = other.create_change(&b).unwrap();
    let view = f.ws.calendar(&q).unwrap();
    assert_eq!(
        view.changes.iter().map(|c| c.id).collect::<Vec<_>>(),
        [a.id, b.id]
    );
    assert_eq!(view.conflicts.len(), 1);
    assert_eq!(view.conflicts[0].kind, ConflictKind::ServiceOverlap);
    let all = f.ws.conflicts(q.from, q.to).unwrap();
    assert_eq!(all, view.conflicts);

    // Our own edits patch the cache: move B away and the overlap is gone.
    let mut moved = change(&f, "B", f.staging, utc(2026, 3, 11, 10, 30), 60);
    moved.owner = "Linus".into();
    f.ws.update_change(b.id, &moved).unwrap();
    assert!(f.ws.conflicts(q.from, q.to).unwrap().is_empty());
    // Filters: by environment and status.
    let only_prod = CalendarQuery {
        environment_ids: vec![f.prod],
        ..q.clone()
    };
    assert!(f.ws.calendar(&only_prod).unwrap().changes.is_empty());
}

#[test]
fn transitions_follow_the_rules_and_each_is_an_audit_event() {
    let mut f = fixture();
    let c =
        f.ws.create_change(&change(
            &f,
            "Deploy",
            f.staging,
            utc(2026, 3, 10, 10, 0),
            60,
        ))
        .unwrap();
    let go = |ws: &mut Workspace, to, evidence: Option<&str>| {
        ws.transition_change(
            c.id,
            &TransitionInput {
                to,
                evidence: evidence.map(str::to_string),
            },
        )
    };
    let err = go(&mut f.ws, DeployStatus::Verified, Some("ok")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(
        err.to_string().contains("from planned to verified"),
        "{err}"
    );
    let before = audit_count(&f.ws);
    go(&mut f.ws, DeployStatus::InProgress, None).unwrap();
    go(&mut f.ws, DeployStatus::Succeeded, None).unwrap();
    let err = go(&mut f.ws, DeployStatus::Verified, None).unwrap_err();
    assert!(err.to_string().contains("sign-off"), "{err}");
    let done = go(
        &mut f.ws,
        DeployStatus::Verified,
        Some("smoke tests passed, run 4121"),
    )
    .unwrap();
    assert_eq!(done.status, DeployStatus::Verified);
    assert_eq!(
        audit_count(&f.ws),
        before + 3,
        "refused moves record nothing"
    );
    let page =
        f.ws.list_audit(&signalbox_api::audit::AuditQuery::default())
            .unwrap();
    let last = &page.items[0];
    assert_eq!(
        (last.entity, last.action),
        (EntityKind::Change, AuditAction::StatusChanged)
    );
    assert!(last.after.as_deref().unwrap().contains("run 4121"));
}

#[test]
fn bad_input_names_the_field_and_saves_nothing() {
    let mut f = fixture();
    let before = audit_count(&f.ws);
    let mut bad = change(&f, "Backwards", f.staging, utc(2026, 3, 10, 10, 0), 60);
    bad.end = bad.start - Duration::minutes(5);
    let err = f.ws.create_change(&bad).unwrap_err();
    assert_eq!(err.payload().fields[0].field, "end");

    for (w, field) in [
        (
            window(
                "Bad rule",
                WindowKind::Freeze,
                "2026-03-01T00:00",
                60,
                Some("FREQ=FORTNIGHTLY"),
                vec![],
            ),
            "rrule",
        ),
        (
            window(
                "Zero",
                WindowKind::Freeze,
                "2026-03-01T00:00",
                0,
                None,
                vec![],
            ),
            "duration_minutes",
        ),
        (
            WindowInput {
                time_zone: "Mars/Olympus".into(),
                ..window(
                    "Zone",
                    WindowKind::Freeze,
                    "2026-03-01T00:00",
                    60,
                    None,
                    vec![],
                )
            },
            "time_zone",
        ),
    ] {
        let err = f.ws.create_window(&w).unwrap_err();
        let payload = err.payload();
        assert_eq!(payload.code, ErrorCode::Validation);
        assert!(
            payload.fields.iter().any(|e| e.field == field),
            "{field}: {payload:?}"
        );
    }
    let err =
        f.ws.create_window(&window(
            "Bad rule",
            WindowKind::Freeze,
            "2026-03-01T00:00",
            60,
            Some("FREQ=WEEKLY;BYDAY=XX"),
            vec![],
        ))
        .unwrap_err();
    assert!(err.to_string().contains("XX"), "{err}");
    assert_eq!(audit_count(&f.ws), before);
    let counts = f.ws.counts().unwrap();
    assert_eq!((counts.changes, counts.windows), (0, 0));
}

#[test]
fn the_gate_allows_inside_maintenance_and_blocks_in_a_freeze_or_over_quota() {
    let mut f = fixture();
    f.ws.create_window(&window(
        "Nightly",
        WindowKind::Maintenance,
        "2026-01-01T01:00",
        240,
        Some("FREQ=DAILY"),
        vec![f.prod],
    ))
    .unwrap();
    f.ws.create_window(&window(
        "Easter freeze",
        WindowKind::Freeze,
        "2026-04-03T00:00",
        4 * 1440,
        None,
        vec![f.prod],
    ))
    .unwrap();
    let ok =
        f.ws.gate("ledger", "production", Some(utc(2026, 3, 20, 2, 0)))
            .unwrap();
    assert!(ok.allowed, "{ok:?}");
    let day =
        f.ws.gate("LEDGER", "Production", Some(utc(2026, 3, 20, 12, 0)))
            .unwrap();
    assert!(!day.allowed);
    assert_eq!(day.blocking[0].kind, ConflictKind::OutsideMaintenance);
    // 2026-04-05 01:30 London is BST: 00:30Z, inside the nightly window but frozen.
    let frozen =
        f.ws.gate("ledger", "production", Some(utc(2026, 4, 5, 0, 30)))
            .unwrap();
    assert!(!frozen.allowed);
    assert!(frozen
        .blocking
        .iter()
        .any(|c| c.kind == ConflictKind::HardFreeze && c.message.contains("Easter freeze")));
    // Quota 1: another service's change already running at that moment.
    let mut other = change(&f, "Checkout deploy", f.prod, utc(2026, 3, 20, 1, 30), 60);
    other.service_ids = vec![f.checkout];
    f.ws.create_change(&other).unwrap();
    let busy =
        f.ws.gate("ledger", "production", Some(utc(2026, 3, 20, 2, 0)))
            .unwrap();
    assert!(!busy.allowed);
    assert_eq!(busy.blocking[0].kind, ConflictKind::QuotaExceeded);
    // The deployment's own planned change does not count against it.
    let own =
        f.ws.gate("checkout", "production", Some(utc(2026, 3, 20, 2, 0)))
            .unwrap();
    assert!(own.allowed, "{own:?}");
    let err = f.ws.gate("nope", "production", None).unwrap_err();
    assert!(err.to_string().contains("nope"));
}

#[test]
fn trains_collect_their_changes_progress_and_conflicts() {
    let mut f = fixture();
    let train =
        f.ws.create_train(&TrainInput {
            name: "March train".into(),
            version: "2026.03".into(),
            owner: "Grace".into(),
            description: String::new(),
            status: TrainStatus::Planning,
            targets: vec![TrainTarget {
                environment_id: f.prod,
                date: chrono::NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
            }],
        })
        .unwrap();
    let mut a = change(&f, "A", f.staging, utc(2026, 3, 10, 10, 0), 60);
    a.train_id = Some(train.id);
    let a = f.ws.create_change(&a).unwrap();
    let mut b = change(&f, "B", f.staging, utc(2026, 3, 10, 10, 30), 60);
    b.train_id = Some(train.id);
    b.owner = "Linus".into();
    f.ws.create_change(&b).unwrap();
    f.ws.transition_change(
        a.id,
        &TransitionInput {
            to: DeployStatus::InProgress,
            evidence: None,
        },
    )
    .unwrap();
    let detail = f.ws.train_detail(train.id).unwrap();
    assert_eq!(detail.changes.len(), 2);
    assert_eq!((detail.progress.total, detail.progress.active), (2, 1));
    assert_eq!(detail.conflicts.len(), 1, "{:?}", detail.conflicts);
    let list = f.ws.list_trains().unwrap();
    assert_eq!(list[0].progress.total, 2);
    // Deleting the train keeps its changes, now without a train.
    f.ws.delete_train(train.id).unwrap();
    assert_eq!(f.ws.get_change(a.id).unwrap().train_id, None);
    let err =
        f.ws.create_train(&TrainInput {
            name: " ".into(),
            version: String::new(),
            owner: String::new(),
            description: String::new(),
            status: TrainStatus::Planning,
            targets: vec![],
        })
        .unwrap_err();
    assert_eq!(err.payload().fields[0].field, "name");
}

#[test]
fn services_and_environments_in_use_cannot_be_deleted() {
    let mut f = fixture();
    f.ws.create_change(&change(&f, "A", f.staging, utc(2026, 3, 10, 10, 0), 60))
        .unwrap();
    let mut w = window(
        "Ledger freeze",
        WindowKind::Freeze,
        "2026-03-01T00:00",
        60,
        None,
        vec![],
    );
    w.service_ids = vec![f.ledger];
    f.ws.create_window(&w).unwrap();
    let err = f.ws.delete_service(f.ledger).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("1 change and 1 window"), "{err}");
    let err = f.ws.delete_environment(f.staging).unwrap_err();
    assert!(err.to_string().contains("1 change"), "{err}");
}
