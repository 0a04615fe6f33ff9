//! Fixtures shared by the notice integration tests: a train of two
//! production changes on services with an owning team and a dependency,
//! built-in templates by kind and audience, and generating a notice.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use signalbox_api::domain::calendar::{TrainInput, TrainStatus};
use signalbox_api::domain::notices::{
    Audience, Notice, NoticeKind, NoticeTarget, TargetKind, Template,
};
use signalbox_api::domain::{ServiceInput, TeamInput, Tier};
use signalbox_api::notices::GenerateInput;
use signalbox_api::Workspace;
use uuid::Uuid;

use super::{change, utc, Fixture};

pub const BERLIN: &str = "Europe/Berlin";

pub fn builtin(ws: &Workspace, kind: NoticeKind, audience: Audience) -> Template {
    ws.list_templates()
        .unwrap()
        .into_iter()
        .find(|t| t.kind == kind && t.audience == audience && t.builtin.is_some())
        .unwrap()
}

/// A train of two production changes on ledger and checkout, owned by a
/// team with a contact; checkout depends on ledger.
pub fn train(f: &mut Fixture) -> Uuid {
    let team =
        f.ws.create_team(&TeamInput {
            name: "Payments".into(),
            description: String::new(),
            contact: "payments@example.com".into(),
        })
        .unwrap();
    for id in [f.ledger, f.checkout] {
        let s = f.ws.get_service(id).unwrap();
        f.ws.update_service(
            id,
            &ServiceInput {
                name: s.name,
                description: s.description,
                owner_team_id: Some(team.id),
                tier: Tier::Critical,
                system: s.system,
                tags: s.tags,
                repository_url: s.repository_url,
                links: s.links,
            },
        )
        .unwrap();
    }
    f.ws.create_dependency(signalbox_api::domain::deps::DependencyInput {
        service_id: f.checkout,
        depends_on: f.ledger,
        kind: signalbox_api::domain::deps::DependencyKind::Runtime,
        note: String::new(),
    })
    .unwrap();
    let t =
        f.ws.create_train(&TrainInput {
            name: "Payments March".into(),
            version: "2026.3".into(),
            owner: "Ada".into(),
            description: String::new(),
            status: TrainStatus::Boarding,
            targets: vec![],
        })
        .unwrap();
    for (title, svc, at) in [
        ("Deploy ledger 7", f.ledger, utc(2026, 3, 20, 21, 0)),
        ("Deploy checkout 3", f.checkout, utc(2026, 3, 20, 22, 0)),
    ] {
        let mut input = change(f, title, f.prod, at, 60);
        input.service_ids = vec![svc];
        input.train_id = Some(t.id);
        f.ws.create_change(&input).unwrap();
    }
    t.id
}

pub fn generate(ws: &mut Workspace, template: Uuid, target: NoticeTarget) -> Notice {
    ws.generate_notice(&GenerateInput {
        template_id: template,
        target,
        time_zone: BERLIN.into(),
    })
    .unwrap()
}

pub fn of_train(id: Uuid) -> NoticeTarget {
    NoticeTarget {
        kind: TargetKind::Train,
        id,
    }
}
