//! Impact analysis: the downstream blast radius of one or more services (who
//! depends on them, directly or through others), their upstream
//! prerequisites (what they depend on), each with its depth, and a roll-up of
//! the blast radius by tier.

use std::collections::HashSet;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::graph::DependencyGraph;
use super::model::DependencyKind;
use crate::service::Tier;

/// How far to look and along which kinds of dependency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImpactOptions {
    /// Levels to follow; `None` is all the way.
    pub depth: Option<u32>,
    /// Kinds to follow; empty means every kind.
    #[serde(default)]
    pub kinds: Vec<DependencyKind>,
}

/// A service reached from the starting ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Reached {
    pub service_id: Uuid,
    /// 1 for a direct dependant (or dependency), 2 through one other, …
    pub depth: u32,
    /// The service one step closer to the start, through which it was reached.
    pub via: Uuid,
    /// The kind of that step.
    pub kind: DependencyKind,
}

/// How many services of each tier the blast radius holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TierCounts {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Impact {
    pub sources: Vec<Uuid>,
    /// Services that depend on the sources, nearest first.
    pub downstream: Vec<Reached>,
    /// Services the sources depend on, nearest first.
    pub upstream: Vec<Reached>,
    /// The downstream services by tier.
    pub tiers: TierCounts,
    /// The most critical tier downstream, if any.
    pub highest_tier: Option<Tier>,
    /// Whether the depth limit stopped the search with more beyond it.
    pub truncated: bool,
}

/// The impact of changing `sources`. `tier_of` gives each service's tier.
pub fn impact(
    graph: &DependencyGraph,
    sources: &[Uuid],
    options: &ImpactOptions,
    tier_of: &dyn Fn(Uuid) -> Option<Tier>,
) -> Impact {
    let starts: Vec<NodeIndex> = sources.iter().filter_map(|s| graph.index(*s)).collect();
    let (downstream, cut_down) = walk(graph, &starts, Direction::Incoming, options);
    let (upstream, cut_up) = walk(graph, &starts, Direction::Outgoing, options);
    let mut tiers = TierCounts::default();
    let mut highest: Option<Tier> = None;
    for r in &downstream {
        let Some(tier) = tier_of(r.service_id) else {
            continue;
        };
        match tier {
            Tier::Critical => tiers.critical += 1,
            Tier::High => tiers.high += 1,
            Tier::Medium => tiers.medium += 1,
            Tier::Low => tiers.low += 1,
        }
        // Tier::ALL lists the most critical first.
        let rank = |t: Tier| Tier::ALL.iter().position(|x| *x == t);
        if highest.is_none_or(|h| rank(tier) < rank(h)) {
            highest = Some(tier);
        }
    }
    Impact {
        sources: sources.to_vec(),
        downstream,
        upstream,
        tiers,
        highest_tier: highest,
        truncated: cut_down || cut_up,
    }
}

/// Breadth first from `starts` along edges in `direction` (incoming: who
/// depends on them; outgoing: what they depend on). Returns what was reached
/// and whether the depth limit cut anything off.
fn walk(
    graph: &DependencyGraph,
    starts: &[NodeIndex],
    direction: Direction,
    options: &ImpactOptions,
) -> (Vec<Reached>, bool) {
    let follows = |k: &DependencyKind| options.kinds.is_empty() || options.kinds.contains(k);
    let mut seen: HashSet<NodeIndex> = starts.iter().copied().collect();
    let mut frontier: Vec<NodeIndex> = starts.to_vec();
    let mut out = Vec::new();
    let mut depth = 0;
    let mut truncated = false;
    while !frontier.is_empty() {
        if options.depth.is_some_and(|limit| depth >= limit) {
            truncated = frontier.iter().any(|&n| {
                graph
                    .graph
                    .edges_directed(n, direction)
                    .any(|e| follows(e.weight()) && !seen.contains(&other_end(&e, direction)))
            });
            break;
        }
        depth += 1;
        let mut next = Vec::new();
        for &n in &frontier {
            for e in graph.graph.edges_directed(n, direction) {
                let m = other_end(&e, direction);
                if !follows(e.weight()) || !seen.insert(m) {
                    continue;
                }
                out.push(Reached {
                    service_id: graph.id(m),
                    depth,
                    via: graph.id(n),
                    kind: *e.weight(),
                });
                next.push(m);
            }
        }
        frontier = next;
    }
    // The graph's edge order is an accident of insertion: list each depth by id.
    out.sort_by_key(|r| (r.depth, r.service_id));
    (out, truncated)
}

fn other_end(
    e: &petgraph::graph::EdgeReference<'_, DependencyKind>,
    direction: Direction,
) -> NodeIndex {
    match direction {
        Direction::Incoming => e.source(),
        Direction::Outgoing => e.target(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::{dep, id};
    use super::*;
    use DependencyKind::{Data, Runtime};

    fn graph() -> DependencyGraph {
        // 2 and 3 call 1; 4 calls 2; 5 stores its data in 4; 1 reads 6.
        DependencyGraph::new(
            [],
            &[
                dep(2, 1, Runtime),
                dep(3, 1, Runtime),
                dep(4, 2, Runtime),
                dep(5, 4, Data),
                dep(1, 6, Data),
            ],
        )
    }

    fn tier(s: Uuid) -> Option<Tier> {
        Some(if s == id(4) {
            Tier::Critical
        } else {
            Tier::Medium
        })
    }

    #[test]
    fn the_blast_radius_goes_all_the_way_down_with_depths() {
        let got = impact(&graph(), &[id(1)], &ImpactOptions::default(), &tier);
        let down: Vec<(Uuid, u32, Uuid)> = got
            .downstream
            .iter()
            .map(|r| (r.service_id, r.depth, r.via))
            .collect();
        assert_eq!(
            down,
            vec![
                (id(2), 1, id(1)),
                (id(3), 1, id(1)),
                (id(4), 2, id(2)),
                (id(5), 3, id(4))
            ]
        );
        assert_eq!(
            got.upstream
                .iter()
                .map(|r| r.service_id)
                .collect::<Vec<_>>(),
            vec![id(6)]
        );
        assert_eq!(
            got.tiers,
            TierCounts {
                critical: 1,
                high: 0,
                medium: 3,
                low: 0
            }
        );
        assert_eq!(got.highest_tier, Some(Tier::Critical));
        assert!(!got.truncated);
    }

    #[test]
    fn a_depth_limit_and_a_kind_filter_cut_the_search() {
        let limited = ImpactOptions {
            depth: Some(1),
            kinds: vec![],
        };
        let got = impact(&graph(), &[id(1)], &limited, &tier);
        assert_eq!(got.downstream.len(), 2);
        assert!(got.truncated);
        let runtime = ImpactOptions {
            depth: None,
            kinds: vec![Runtime],
        };
        let got = impact(&graph(), &[id(1)], &runtime, &tier);
        // 5 only stores data in 4: not a runtime dependant.
        assert_eq!(got.downstream.len(), 3);
        assert!(got.upstream.is_empty());
    }

    #[test]
    fn several_sources_share_one_radius_and_cycles_end() {
        let g = DependencyGraph::new(
            [],
            &[dep(1, 2, Runtime), dep(2, 1, Runtime), dep(3, 2, Runtime)],
        );
        let got = impact(&g, &[id(1), id(2)], &ImpactOptions::default(), &tier);
        assert_eq!(
            got.downstream
                .iter()
                .map(|r| r.service_id)
                .collect::<Vec<_>>(),
            vec![id(3)]
        );
        let unknown = impact(&g, &[id(99)], &ImpactOptions::default(), &tier);
        assert!(unknown.downstream.is_empty() && unknown.upstream.is_empty());
    }
}
