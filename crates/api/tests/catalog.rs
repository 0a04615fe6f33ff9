//! The service catalog use cases end to end over a real SQLite file:
//! validation, uniqueness, audit events and change notifications.

// Tests stop loudly on a failed setup; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};

use signalbox_api::domain::{
    AuditAction, EntityKind, EnvironmentInput, ServiceInput, ServiceQuery, TeamInput, Tier,
};
use signalbox_api::{ApiError, ErrorCode, Workspace};

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("w.signalbox")).unwrap();
    ws.set_display_name("Ada Lovelace").unwrap();
    (dir, ws)
}

fn service(name: &str) -> ServiceInput {
    ServiceInput {
        name: name.into(),
        description: String::new(),
        owner_team_id: None,
        tier: Tier::High,
        system: "Payments".into(),
        tags: vec!["pci".into()],
        repository_url: Some("https://git.example.com/pay".into()),
        links: vec![],
    }
}

#[test]
fn writes_need_a_display_name_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("w.signalbox")).unwrap();
    let err = ws.create_service(&service("a")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NeedsSetup);
    assert_eq!(ws.counts().unwrap().services, 0);
}

#[test]
fn create_edit_delete_leaves_an_audit_trail_by_the_actor() {
    let (_dir, mut ws) = workspace();
    let s = ws.create_service(&service("checkout-api")).unwrap();
    let mut edit = service("checkout-api");
    edit.tier = Tier::Critical;
    ws.update_service(s.id, &edit).unwrap();
    ws.delete_service(s.id).unwrap();

    let page = ws.list_audit(&Default::default()).unwrap();
    let actions: Vec<_> = page
        .items
        .iter()
        .filter(|e| e.entity == EntityKind::Service)
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            AuditAction::Deleted,
            AuditAction::Updated,
            AuditAction::Created
        ]
    );
    let updated = &page.items[1];
    assert_eq!(updated.actor, "Ada Lovelace");
    assert!(updated.before.as_deref().unwrap().contains("\"high\""));
    assert!(updated.after.as_deref().unwrap().contains("\"critical\""));
    // The display name, the user as a person, and the service's three events.
    let report = ws.verify_audit().unwrap();
    assert_eq!((report.checked, report.first_broken), (5, None));
}

#[test]
fn an_edit_that_changes_nothing_records_nothing() {
    let (_dir, mut ws) = workspace();
    let s = ws.create_service(&service("a")).unwrap();
    let before = ws.counts().unwrap().audit_events;
    ws.update_service(s.id, &service(" a ")).unwrap();
    assert_eq!(ws.counts().unwrap().audit_events, before);
}

#[test]
fn duplicate_and_empty_names_are_field_errors_and_store_nothing() {
    let (_dir, mut ws) = workspace();
    ws.create_service(&service("ledger")).unwrap();
    let err = ws.create_service(&service("LEDGER")).unwrap_err();
    let p = err.payload();
    assert_eq!(p.code, ErrorCode::Validation);
    assert_eq!(p.fields[0].field, "name");
    assert_eq!(
        p.fields[0].message,
        "A service named \"LEDGER\" already exists"
    );

    let err = ws.create_service(&service("   ")).unwrap_err().payload();
    assert_eq!(err.fields[0].message, "Name is required");
    let err = ws
        .create_service(&service(&"x".repeat(81)))
        .unwrap_err()
        .payload();
    assert_eq!(
        err.fields[0].message,
        "Name is 81 characters long; the limit is 80"
    );
    assert_eq!(ws.counts().unwrap().services, 1);
}

#[test]
fn a_team_that_owns_services_cannot_be_deleted() {
    let (_dir, mut ws) = workspace();
    let team = ws
        .create_team(&TeamInput {
            name: "Payments".into(),
            ..Default::default()
        })
        .unwrap();
    let mut s = service("ledger");
    s.owner_team_id = Some(team.id);
    ws.create_service(&s).unwrap();
    let err = ws.delete_team(team.id).unwrap_err();
    assert!(matches!(err, ApiError::Conflict(_)));
    assert!(err.to_string().contains("owns 1 service"), "{err}");
    assert_eq!(ws.list_teams().unwrap()[0].service_count, 1);
}

#[test]
fn environments_validate_time_zones_and_names() {
    let (_dir, mut ws) = workspace();
    let input = EnvironmentInput {
        name: "production".into(),
        position: 2,
        production: true,
        deploy_quota: Some(2),
        time_zone: "Europe/Berlin".into(),
    };
    ws.create_environment(&input).unwrap();
    let err = ws.create_environment(&input).unwrap_err().payload();
    assert_eq!(err.fields[0].field, "name");
    let bad = EnvironmentInput {
        name: "dr".into(),
        time_zone: "Berlin".into(),
        ..input
    };
    let err = ws.create_environment(&bad).unwrap_err().payload();
    assert_eq!(err.fields[0].field, "time_zone");
}

#[test]
fn listeners_hear_of_a_change_only_after_it_is_committed() {
    let (dir, mut ws) = workspace();
    let path = dir.path().join("w.signalbox");
    type Seen = Vec<(Vec<EntityKind>, u32)>;
    let seen: Arc<Mutex<Seen>> = Arc::default();
    let sink = seen.clone();
    ws.subscribe(move |event| {
        // A second connection sees only committed data.
        let other = Workspace::open(&path).unwrap();
        let count = other.counts().unwrap().services;
        sink.lock().unwrap().push((event.entities.clone(), count));
    });
    ws.create_service(&service("a")).unwrap();
    ws.create_service(&service("a")).unwrap_err();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "a failed write sends no event");
    assert!(seen[0].0.contains(&EntityKind::Service));
    assert_eq!(seen[0].1, 1, "the event came after the commit");
}

#[test]
fn search_finds_by_owner_team_name() {
    let (_dir, mut ws) = workspace();
    let team = ws
        .create_team(&TeamInput {
            name: "Night Owls".into(),
            ..Default::default()
        })
        .unwrap();
    let mut s = service("ledger");
    s.owner_team_id = Some(team.id);
    ws.create_service(&s).unwrap();
    ws.create_service(&service("other")).unwrap();
    let page = ws
        .search_services(&ServiceQuery {
            text: Some("owls".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].name, "ledger");
}

#[test]
fn search_sees_writes_from_this_workspace_and_from_another_process() {
    let (dir, mut ws) = workspace();
    ws.create_service(&service("first")).unwrap();
    assert_eq!(
        ws.search_services(&ServiceQuery::default()).unwrap().total,
        1
    );
    ws.create_service(&service("second")).unwrap();
    assert_eq!(
        ws.search_services(&ServiceQuery::default()).unwrap().total,
        2
    );

    let mut other = Workspace::open(&dir.path().join("w.signalbox")).unwrap();
    other.create_service(&service("from-the-cli")).unwrap();
    let page = ws
        .search_services(&ServiceQuery {
            text: Some("cli".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
}
