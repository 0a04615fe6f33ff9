//! The dependency map as the graph view draws it: which services (or whole
//! systems, collapsed) are shown for a query (filters, a focus service with a
//! depth), the edges between them, and where each sits in a layered layout.
//! Built here, beside the rules, so the view, its SVG export and the
//! benchmarks all share one answer.

mod layout;
mod select;
pub mod svg;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::model::{DependencyKind, ServiceDependency};
use crate::service::Tier;

pub use layout::{COLUMN_WIDTH, NODE_HEIGHT, NODE_WIDTH, ROW_HEIGHT};

/// What part of the map to show, and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MapQuery {
    /// Show only this service and what it reaches within `depth`, both ways.
    #[serde(default)]
    pub focus: Option<Uuid>,
    /// Levels around the focus; `None` is all the way.
    #[serde(default)]
    pub depth: Option<u32>,
    /// Owning teams to show; empty shows every team (and unowned services).
    #[serde(default)]
    pub teams: Vec<Uuid>,
    /// Tiers to show; empty shows every tier.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// Dependency kinds to show; empty shows every kind.
    #[serde(default)]
    pub kinds: Vec<DependencyKind>,
    /// Systems drawn as one node each ("" is the services with no system).
    #[serde(default)]
    pub collapsed: Vec<String>,
}

/// A service as the map needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapService {
    pub id: Uuid,
    pub name: String,
    pub team_id: Option<Uuid>,
    pub tier: Tier,
    pub system: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MapNodeKind {
    Service,
    /// A collapsed system standing for its shown members.
    System,
}

/// A box on the map, placed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MapNode {
    /// The service's id, or `system:` and the system's name.
    pub key: String,
    pub kind: MapNodeKind,
    pub service_id: Option<Uuid>,
    pub label: String,
    pub system: String,
    pub team_id: Option<Uuid>,
    /// For a system, its most critical member's tier.
    pub tier: Tier,
    /// Services it stands for (1 for a service).
    pub members: u32,
    /// For a system, the services it stands for; empty for a service.
    pub services: Vec<Uuid>,
    /// Deploy layer: 0 depends on nothing shown, n after layer n-1.
    pub layer: u32,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// `from` depends on `to` (indexes into the view's nodes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MapEdge {
    pub from: u32,
    pub to: u32,
    pub kind: DependencyKind,
    /// Dependencies it stands for (more than 1 between collapsed systems).
    pub count: u32,
    /// Part of a loop of dependencies among the shown services (not flagged
    /// between collapsed systems).
    pub in_cycle: bool,
}

/// A system and how many of its services the map holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MapSystem {
    pub name: String,
    pub services: u32,
    pub collapsed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MapView {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    /// The layout's extent.
    pub width: f64,
    pub height: f64,
    /// Services and dependencies in the whole map, shown or not.
    pub total_services: u32,
    pub total_dependencies: u32,
    /// Services shown (inside collapsed systems too).
    pub shown_services: u32,
    /// Every system of the whole map, by name.
    pub systems: Vec<MapSystem>,
    /// The focus service, when it no longer exists.
    pub focus_missing: bool,
}

/// The view of `services` and `edges` that `query` asks for, laid out.
pub fn build_view(
    services: &[MapService],
    edges: &[ServiceDependency],
    query: &MapQuery,
) -> MapView {
    let picked = select::select(services, edges, query);
    let placed = layout::layout(&picked);
    let mut systems: Vec<MapSystem> = Vec::new();
    {
        let mut counts: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
        for s in services {
            *counts.entry(s.system.as_str()).or_default() += 1;
        }
        for (name, n) in counts {
            systems.push(MapSystem {
                name: name.to_owned(),
                services: n,
                collapsed: query.collapsed.iter().any(|c| c == name),
            });
        }
    }
    MapView {
        nodes: placed.nodes,
        edges: placed.edges,
        width: placed.width,
        height: placed.height,
        total_services: count(services.len()),
        total_dependencies: count(edges.len()),
        shown_services: picked.shown_services,
        systems,
        focus_missing: picked.focus_missing,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
