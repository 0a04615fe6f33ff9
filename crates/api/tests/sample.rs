//! The sample portfolio as `load_sample` stores it: its dependency map
//! included, every record audited, the chain intact.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};

use chrono::{TimeZone, Utc};
use signalbox_api::audit::AuditQuery;
use signalbox_api::domain::demo::generate;
use signalbox_api::domain::deps::{DependencyInput, ServiceDependency};
use signalbox_api::domain::{AuditAction, EntityKind};
use signalbox_api::{DemoSize, Workspace};

fn sample(seed: u64) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("w.signalbox")).unwrap();
    ws.set_display_name("Ada Lovelace").unwrap();
    ws.set_clock(|| Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap());
    ws.load_sample(DemoSize::Small, seed).unwrap();
    (dir, ws)
}

#[test]
fn the_sample_stores_its_dependency_map_each_edge_audited() {
    let (_dir, ws) = sample(4);
    let today = ws.clock_now().date_naive();
    let generated = generate(DemoSize::Small, 4, today);
    let counts = ws.counts().unwrap();
    assert!(!generated.dependencies.is_empty());
    assert_eq!(
        counts.dependencies as usize,
        generated.dependencies.len(),
        "{counts:?}"
    );
    // One audit event per record, the workspace's display name included.
    let records = counts.services
        + counts.teams
        + counts.environments
        + counts.trains
        + counts.changes
        + counts.windows
        + counts.dependencies
        + counts.connections
        + counts.people
        + counts.cabs;
    assert_eq!(counts.connections, 2, "a GitHub and a GitLab connection");
    assert!(counts.people > 5 && counts.cabs == 2, "{counts:?}");
    // Each change the sample put through governance has its stage event.
    let mut staged = 0;
    let mut before_seq = None;
    loop {
        let page = ws
            .list_audit(&signalbox_api::audit::AuditQuery {
                before_seq,
                entity_id: None,
                limit: Some(500),
            })
            .unwrap();
        staged += page
            .items
            .iter()
            .filter(|e| e.action == signalbox_api::domain::AuditAction::StageChanged)
            .count() as i64;
        match page.items.last() {
            Some(last) if page.items.len() == 500 => before_seq = Some(last.seq),
            _ => break,
        }
    }
    assert!(staged > 10, "{staged}");
    assert_eq!(counts.audit_events, i64::from(records) + 1 + staged);

    // The same edges as the generator's, between the same services.
    let names = ws.service_names().unwrap();
    let edges = ws.list_dependencies().unwrap();
    let stored: HashSet<(String, String, _, String)> = edges
        .iter()
        .map(|d| {
            let name = |id| names[&id].clone();
            (
                name(d.service_id),
                name(d.depends_on),
                d.kind,
                d.note.clone(),
            )
        })
        .collect();
    let expected: HashSet<(String, String, _, String)> = generated
        .dependencies
        .iter()
        .map(|d| {
            let name = |i: usize| generated.services[i].input.name.clone();
            (name(d.from), name(d.to), d.kind, d.note.clone())
        })
        .collect();
    assert_eq!(stored, expected);

    // Each edge has its one creation event, holding the edge as stored.
    for d in &edges {
        let page = ws
            .list_audit(&AuditQuery {
                entity_id: Some(d.id),
                ..AuditQuery::default()
            })
            .unwrap();
        assert_eq!(page.items.len(), 1, "{d:?}");
        let event = &page.items[0];
        assert_eq!(
            (event.entity, event.action, event.actor.as_str()),
            (EntityKind::Dependency, AuditAction::Created, "Ada Lovelace")
        );
        let after: ServiceDependency =
            serde_json::from_str(event.after.as_deref().unwrap()).unwrap();
        assert_eq!(&after, d);
        let label = format!(
            "{} → {} ({})",
            names[&d.service_id],
            names[&d.depends_on],
            d.kind.as_str()
        );
        assert_eq!(event.entity_label, label);
    }

    let report = ws.verify_audit().unwrap();
    assert_eq!(report.first_broken, None);
    assert_eq!(report.checked, counts.audit_events);
}

#[test]
fn every_sample_edge_passes_the_checks_a_users_edge_must() {
    // The sample skips the per-edge checks against the map: each edge,
    // taken out and added back as a user would, must be accepted.
    let (_dir, mut ws) = sample(5);
    let edges = ws.list_dependencies().unwrap();
    assert!(!edges.is_empty());
    for d in &edges {
        ws.delete_dependency(d.id).unwrap();
        let input = DependencyInput {
            service_id: d.service_id,
            depends_on: d.depends_on,
            kind: d.kind,
            note: d.note.clone(),
        };
        ws.create_dependency(input)
            .unwrap_or_else(|e| panic!("{d:?} refused: {e}"));
    }
    let again: HashMap<_, _> = ws
        .list_dependencies()
        .unwrap()
        .into_iter()
        .map(|d| ((d.service_id, d.depends_on, d.kind), d.note))
        .collect();
    assert_eq!(again.len(), edges.len());
    assert!(ws.verify_audit().unwrap().first_broken.is_none());
}

#[test]
fn the_sample_fills_the_pipelines_board_without_raising_old_alerts() {
    use signalbox_api::domain::sync::board::BoardQuery;
    let (_dir, mut ws) = sample(1);
    let board = ws.pipelines_board(&BoardQuery::default()).unwrap();
    assert_eq!((board.total, board.rows.len()), (40, 40));
    let filled = board
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.latest.is_some())
        .count();
    assert!(filled > 100, "{filled} of 160 cells have a deployment");
    assert_eq!(ws.list_runs(None, 1000).unwrap().len(), 1000);
    // The sample's history is not news: nothing to alert on.
    assert!(ws.take_alerts().unwrap().is_empty());
    // Its connections name example hosts and have no token.
    let names: Vec<String> = board
        .connections
        .iter()
        .map(|h| h.connection.name.clone())
        .collect();
    assert_eq!(names, ["GitHub (sample)", "GitLab (sample)"]);
}

#[test]
fn the_sample_loads_while_another_process_has_the_workspace_open_and_it_sees_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.signalbox");
    let mut ws = Workspace::open(&path).unwrap();
    ws.set_display_name("Ada Lovelace").unwrap();
    // The app's window, say: open on the same file the whole time.
    let app = Workspace::open(&path).unwrap();
    assert_eq!(app.counts().unwrap().services, 0);
    ws.load_sample(DemoSize::Small, 7).unwrap();
    assert_eq!(app.counts().unwrap().services, 40);
    assert!(app.verify_audit().unwrap().first_broken.is_none());
}
