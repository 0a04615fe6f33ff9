//! The dependency map use cases over a real SQLite file: edges refused with
//! the reason (self, duplicate, deploy-order cycle), audited edits, the
//! delete guard on services, impact and a train's deploy order.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{audit_count, change, fixture, utc};
use signalbox_api::domain::calendar::{ConflictKind, TrainInput, TrainStatus};
use signalbox_api::domain::deps::{DependencyInput, DependencyKind, ImpactOptions};
use signalbox_api::domain::{AuditAction, EntityKind, ServiceInput, Tier};
use signalbox_api::ErrorCode;

fn edge(from: uuid::Uuid, to: uuid::Uuid, kind: DependencyKind) -> DependencyInput {
    DependencyInput {
        service_id: from,
        depends_on: to,
        kind,
        note: String::new(),
    }
}

#[test]
fn dependencies_are_refused_with_the_reason_and_each_edit_is_audited() {
    let mut f = fixture();
    let svc = |name: &str, tier| ServiceInput {
        name: name.into(),
        description: String::new(),
        owner_team_id: None,
        tier,
        system: "Payments".into(),
        tags: vec![],
        repository_url: None,
        links: vec![],
    };
    let db =
        f.ws.create_service(&svc("orders-db", Tier::Critical))
            .unwrap()
            .id;
    let before = audit_count(&f.ws);
    let (ledger, checkout) = (f.ledger, f.checkout);

    let d =
        f.ws.create_dependency(edge(f.ledger, db, DependencyKind::DeployOrder))
            .unwrap();
    f.ws.create_dependency(edge(f.checkout, f.ledger, DependencyKind::DeployOrder))
        .unwrap();
    assert_eq!(audit_count(&f.ws), before + 2);

    let refused = |f: &mut common::Fixture, input| {
        let e = f.ws.create_dependency(input).unwrap_err().payload();
        assert_eq!(e.code, ErrorCode::Validation);
        e.fields[0].message.clone()
    };
    assert_eq!(
        refused(&mut f, edge(db, db, DependencyKind::Runtime)),
        "orders-db cannot depend on itself."
    );
    assert_eq!(
        refused(&mut f, edge(ledger, db, DependencyKind::DeployOrder)),
        "ledger already has a deploy-order dependency on orders-db."
    );
    assert_eq!(
        refused(&mut f, edge(db, checkout, DependencyKind::DeployOrder)),
        "This would make a deploy-order cycle: orders-db → checkout → ledger → orders-db. Each of them would have to be deployed before itself."
    );
    // Nothing was stored by the refusals.
    assert_eq!(f.ws.list_dependencies().unwrap().len(), 2);
    assert_eq!(audit_count(&f.ws), before + 2);

    // A runtime loop is allowed.
    f.ws.create_dependency(edge(db, f.checkout, DependencyKind::Runtime))
        .unwrap();

    // Editing keeps the id; the edge being edited does not count as its own duplicate.
    let mut input = edge(f.ledger, db, DependencyKind::DeployOrder);
    input.note = "  schema first ".into();
    let edited = f.ws.update_dependency(d.id, input).unwrap();
    assert_eq!((edited.id, edited.note.as_str()), (d.id, "schema first"));

    // A service with dependencies cannot be deleted.
    let e = f.ws.delete_service(db).unwrap_err().payload();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(
        e.message.contains("2 dependencies refer to it"),
        "{}",
        e.message
    );

    f.ws.delete_dependency(d.id).unwrap();
    let page =
        f.ws.list_audit(&signalbox_api::audit::AuditQuery {
            before_seq: None,
            entity_id: Some(d.id),
            limit: Some(10),
        })
        .unwrap();
    assert_eq!(page.items.len(), 3, "created, updated, deleted");
    let last = &page.items[0];
    assert_eq!(
        (last.entity, last.action),
        (EntityKind::Dependency, AuditAction::Deleted)
    );
    assert_eq!(last.entity_label, "ledger → orders-db (deploy-order)");
    assert_eq!(f.ws.verify_audit().unwrap().first_broken, None);
}

#[test]
fn impact_and_a_trains_deploy_order_come_from_the_stored_map() {
    let mut f = fixture();
    f.ws.create_dependency(edge(f.checkout, f.ledger, DependencyKind::Runtime))
        .unwrap();
    let impact = f.ws.impact(&[f.ledger], &ImpactOptions::default()).unwrap();
    assert_eq!(
        impact
            .downstream
            .iter()
            .map(|r| r.service_id)
            .collect::<Vec<_>>(),
        vec![f.checkout]
    );
    assert_eq!(impact.highest_tier, Some(Tier::High));
    let unknown =
        f.ws.impact(&[uuid::Uuid::from_u128(9)], &ImpactOptions::default())
            .unwrap_err();
    assert_eq!(unknown.payload().code, ErrorCode::NotFound);

    let train =
        f.ws.create_train(&TrainInput {
            name: "2026.10".into(),
            version: "10".into(),
            owner: "Ada".into(),
            description: String::new(),
            targets: vec![],
            status: TrainStatus::Planning,
        })
        .unwrap();
    for (title, service) in [("Checkout", f.checkout), ("Ledger", f.ledger)] {
        let mut input = change(&f, title, f.staging, utc(2026, 3, 10, 2, 0), 60);
        input.service_ids = vec![service];
        input.train_id = Some(train.id);
        f.ws.create_change(&input).unwrap();
    }
    let order = f.ws.train_order(train.id).unwrap();
    let layers: Vec<Vec<uuid::Uuid>> = order
        .layers
        .iter()
        .map(|l| l.steps.iter().map(|s| s.service_id).collect())
        .collect();
    assert_eq!(layers, vec![vec![f.ledger], vec![f.checkout]]);
    assert_eq!(order.rollback[0].steps[0].service_id, f.checkout);
}

#[test]
fn changes_to_services_that_depend_on_each_other_at_once_conflict() {
    let mut f = fixture();
    let mut ledger = change(&f, "Ledger schema", f.staging, utc(2026, 3, 10, 2, 0), 60);
    ledger.service_ids = vec![f.ledger];
    f.ws.create_change(&ledger).unwrap();
    let mut checkout = change(
        &f,
        "Checkout release",
        f.staging,
        utc(2026, 3, 10, 2, 30),
        60,
    );
    checkout.service_ids = vec![f.checkout];
    let draft = signalbox_api::calendar::ChangeDraft {
        id: None,
        input: checkout.clone(),
    };
    let kinds = |ws: &signalbox_api::Workspace| -> Vec<ConflictKind> {
        ws.check_change(&draft)
            .unwrap()
            .into_iter()
            .map(|c| c.kind)
            .collect()
    };
    assert!(!kinds(&f.ws).contains(&ConflictKind::DependencyOverlap));

    // Checkout calls ledger (and reads its data): one conflict for the pair, naming both.
    f.ws.create_dependency(edge(f.checkout, f.ledger, DependencyKind::Runtime))
        .unwrap();
    f.ws.create_dependency(edge(f.checkout, f.ledger, DependencyKind::Data))
        .unwrap();
    let found = f.ws.check_change(&draft).unwrap();
    let overlaps: Vec<_> = found
        .iter()
        .filter(|c| c.kind == ConflictKind::DependencyOverlap)
        .collect();
    assert_eq!(overlaps.len(), 1, "{found:?}");
    assert_eq!(
        overlaps[0].message,
        "\"Checkout release\" changes checkout while \"Ledger schema\" changes ledger, which it depends on"
    );
    // Not at another time.
    let later = signalbox_api::calendar::ChangeDraft {
        id: None,
        input: change(
            &f,
            "Checkout release",
            f.staging,
            utc(2026, 3, 10, 5, 0),
            60,
        ),
    };
    let mut later = later;
    later.input.service_ids = vec![f.checkout];
    assert!(f
        .ws
        .check_change(&later)
        .unwrap()
        .iter()
        .all(|c| c.kind != ConflictKind::DependencyOverlap));
}

#[test]
fn the_map_links_and_named_order_read_the_stored_map() {
    use signalbox_api::domain::deps::map::{MapNodeKind, MapQuery};
    let mut f = fixture();
    f.ws.create_dependency(edge(f.checkout, f.ledger, DependencyKind::Runtime))
        .unwrap();
    let view = f.ws.dependency_map(&MapQuery::default()).unwrap();
    assert_eq!((view.nodes.len(), view.edges.len()), (2, 1));
    let name_of = |i: u32| view.nodes[i as usize].label.clone();
    assert_eq!(
        (name_of(view.edges[0].from), name_of(view.edges[0].to)),
        ("checkout".to_owned(), "ledger".to_owned())
    );
    let collapsed =
        f.ws.dependency_map(&MapQuery {
            collapsed: vec!["Payments".into()],
            ..MapQuery::default()
        })
        .unwrap();
    assert_eq!(collapsed.nodes.len(), 1);
    assert_eq!(collapsed.nodes[0].kind, MapNodeKind::System);
    let svg = f.ws.export_map_svg(&MapQuery::default()).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains(">checkout</text>"));

    let mut input = change(&f, "Ledger patch", f.staging, utc(2026, 3, 10, 2, 0), 60);
    input.service_ids = vec![f.ledger];
    f.ws.create_change(&input).unwrap();
    let mut old = change(&f, "Long gone", f.staging, utc(2026, 2, 10, 2, 0), 60);
    old.service_ids = vec![f.ledger];
    f.ws.create_change(&old).unwrap();
    let links = f.ws.service_links(f.ledger).unwrap();
    assert!(links.dependencies.is_empty());
    assert_eq!(links.dependants.len(), 1);
    assert_eq!(links.dependants[0].name, "checkout");
    assert_eq!(links.blast_radius, 1);
    let titles: Vec<&str> = links.changes.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, vec!["Ledger patch"], "ended changes are not listed");
    assert_eq!(
        f.ws.service_links(uuid::Uuid::from_u128(7))
            .unwrap_err()
            .payload()
            .code,
        ErrorCode::NotFound
    );

    let train =
        f.ws.create_train(&TrainInput {
            name: "2026.11".into(),
            version: "11".into(),
            owner: "Ada".into(),
            description: String::new(),
            targets: vec![],
            status: TrainStatus::Planning,
        })
        .unwrap();
    let mut on_train = change(&f, "Checkout", f.staging, utc(2026, 3, 12, 2, 0), 60);
    on_train.service_ids = vec![f.checkout, f.ledger];
    on_train.train_id = Some(train.id);
    f.ws.create_change(&on_train).unwrap();
    let named = f.ws.train_order_named(train.id).unwrap();
    assert_eq!(named.order.layers.len(), 2);
    assert_eq!(named.names[&f.checkout], "checkout");
    assert_eq!(named.names[&f.ledger], "ledger");
}
