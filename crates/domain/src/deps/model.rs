//! Typed dependencies between services and the rules an edit must pass:
//! no self-dependency, no duplicate edge, a note of bounded length, and no
//! deploy-order cycle (runtime and data cycles are allowed but flagged).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::validation::ValidationErrors;

/// What kind of dependency one service has on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DependencyKind {
    /// Calls it while running.
    Runtime,
    /// Reads or writes its data.
    Data,
    /// Must be deployed after it (a release rule, not a call).
    DeployOrder,
}

impl DependencyKind {
    pub const ALL: [DependencyKind; 3] = [
        DependencyKind::Runtime,
        DependencyKind::Data,
        DependencyKind::DeployOrder,
    ];

    /// The stored and exported spelling (`runtime`, `data`, `deploy-order`).
    pub fn as_str(self) -> &'static str {
        match self {
            DependencyKind::Runtime => "runtime",
            DependencyKind::Data => "data",
            DependencyKind::DeployOrder => "deploy-order",
        }
    }

    /// Reads the stored or exported spelling; `deploy_order` is accepted too.
    pub fn parse(text: &str) -> Option<DependencyKind> {
        match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "runtime" => Some(DependencyKind::Runtime),
            "data" => Some(DependencyKind::Data),
            "deploy-order" => Some(DependencyKind::DeployOrder),
            _ => None,
        }
    }
}

/// `service_id` depends on `depends_on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceDependency {
    pub id: Uuid,
    pub service_id: Uuid,
    pub depends_on: Uuid,
    pub kind: DependencyKind,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a user submits to create or edit a dependency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DependencyInput {
    pub service_id: Uuid,
    pub depends_on: Uuid,
    pub kind: DependencyKind,
    #[serde(default)]
    pub note: String,
}

pub const MAX_NOTE_CHARS: usize = 500;

/// Checks `input` against the existing edges (`editing` is the id of the
/// edge being changed, left out of the comparison). `name` turns a service id
/// into its name for messages; `deploy_cycle` returns the cycle the edge
/// would close among deploy-order edges, if any (see `graph`).
pub fn validate(
    input: &DependencyInput,
    existing: &[ServiceDependency],
    editing: Option<Uuid>,
    name: &dyn Fn(Uuid) -> String,
    deploy_cycle: &dyn Fn(Uuid, Uuid) -> Option<Vec<Uuid>>,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    if input.service_id == input.depends_on {
        errors.add(
            "depends_on",
            format!("{} cannot depend on itself.", name(input.service_id)),
        );
    }
    if input.note.chars().count() > MAX_NOTE_CHARS {
        errors.add(
            "note",
            format!("The note is longer than {MAX_NOTE_CHARS} characters."),
        );
    }
    let duplicate = existing.iter().any(|d| {
        Some(d.id) != editing
            && d.service_id == input.service_id
            && d.depends_on == input.depends_on
            && d.kind == input.kind
    });
    if duplicate {
        errors.add(
            "depends_on",
            format!(
                "{} already has a {} dependency on {}.",
                name(input.service_id),
                input.kind.as_str(),
                name(input.depends_on)
            ),
        );
    }
    if errors.is_empty() && input.kind == DependencyKind::DeployOrder {
        if let Some(cycle) = deploy_cycle(input.service_id, input.depends_on) {
            let names: Vec<String> = cycle.iter().map(|id| name(*id)).collect();
            errors.add(
                "depends_on",
                format!(
                    "This would make a deploy-order cycle: {}. Each of them would have to be deployed before itself.",
                    names.join(" → ")
                ),
            );
        }
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_their_spellings() {
        for kind in DependencyKind::ALL {
            assert_eq!(DependencyKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(
            DependencyKind::parse(" Deploy_Order "),
            Some(DependencyKind::DeployOrder)
        );
        assert_eq!(DependencyKind::parse("calls"), None);
    }

    #[test]
    fn self_dependencies_duplicates_long_notes_and_deploy_cycles_are_refused() {
        use crate::deps::graph::tests::{dep, id};
        use crate::deps::DependencyGraph;
        let existing = vec![
            dep(1, 2, DependencyKind::DeployOrder),
            dep(2, 3, DependencyKind::DeployOrder),
        ];
        let graph = DependencyGraph::new([], &existing);
        let name = |s: Uuid| format!("svc-{}", s.as_u128());
        let cycle = |a: Uuid, b: Uuid| graph.deploy_cycle(a, b);
        let check = |from: u128, to: u128, kind: DependencyKind, note: &str| {
            let input = DependencyInput {
                service_id: id(from),
                depends_on: id(to),
                kind,
                note: note.into(),
            };
            validate(&input, &existing, None, &name, &cycle)
                .err()
                .map(|e| e.0[0].message.clone())
        };
        assert_eq!(
            check(1, 1, DependencyKind::Runtime, ""),
            Some("svc-1 cannot depend on itself.".into())
        );
        assert_eq!(
            check(1, 2, DependencyKind::DeployOrder, ""),
            Some("svc-1 already has a deploy-order dependency on svc-2.".into())
        );
        assert_eq!(check(1, 2, DependencyKind::Runtime, ""), None);
        assert!(
            check(1, 4, DependencyKind::Data, &"x".repeat(501)).is_some_and(|m| m.contains("500"))
        );
        assert_eq!(
            check(3, 1, DependencyKind::DeployOrder, ""),
            Some("This would make a deploy-order cycle: svc-3 → svc-1 → svc-2 → svc-3. Each of them would have to be deployed before itself.".into())
        );
        // A runtime loop is allowed (and flagged elsewhere).
        assert_eq!(check(3, 1, DependencyKind::Runtime, ""), None);
    }
}
