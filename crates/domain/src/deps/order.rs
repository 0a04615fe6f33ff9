//! Deploy and rollback order for a set of services (a train's, or a set of
//! changes'): layers that can each be deployed in parallel, every service
//! after everything in the set it depends on, directly or through services
//! outside the set; rollback is the same layers reversed. Services in a
//! dependency cycle share a layer and say so.
//!
//! One pass over the whole graph: its strongly connected components in
//! dependency-first order, each carrying the set of members it reaches as a
//! bitset, so the cost is the graph's size times the set's size / 64.

use std::collections::HashMap;

use petgraph::algo::tarjan_scc;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::graph::DependencyGraph;
use super::model::DependencyKind;

/// A service that must be deployed before another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Prerequisite {
    pub service_id: Uuid,
    /// The kind of the direct dependency; `None` when it comes through
    /// services outside the set.
    pub kind: Option<DependencyKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrderStep {
    pub service_id: Uuid,
    /// The members of the set it waits for (the nearest ones; what they
    /// wait for is implied).
    pub after: Vec<Prerequisite>,
    /// Members in a dependency cycle with it, deployed in the same layer.
    pub together_with: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrderLayer {
    /// From 1.
    pub number: u32,
    pub steps: Vec<OrderStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeployOrder {
    pub layers: Vec<OrderLayer>,
    /// The same layers, last first.
    pub rollback: Vec<OrderLayer>,
    /// Groups of members that depend on each other in a loop.
    pub cycles: Vec<Vec<Uuid>>,
}

/// The deploy order of `services` (duplicates ignored, unknown ones treated
/// as having no dependencies).
pub fn deploy_order(graph: &DependencyGraph, services: &[Uuid]) -> DeployOrder {
    let mut members: Vec<Uuid> = Vec::new();
    for s in services {
        if !members.contains(s) {
            members.push(*s);
        }
    }
    let bit_of: HashMap<Uuid, usize> = members.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let words = members.len().div_ceil(64).max(1);

    // Components, dependencies first (Tarjan's order is reverse topological).
    let sccs: Vec<Vec<NodeIndex>> = tarjan_scc(&graph.graph);
    let mut comp_of = vec![0usize; graph.graph.node_count()];
    for (c, nodes) in sccs.iter().enumerate() {
        for n in nodes {
            comp_of[n.index()] = c;
        }
    }
    let mut own = vec![vec![0u64; words]; sccs.len()];
    for (c, nodes) in sccs.iter().enumerate() {
        for n in nodes {
            if let Some(&b) = bit_of.get(&graph.id(*n)) {
                own[c][b / 64] |= 1 << (b % 64);
            }
        }
    }
    // reach[c]: the members reachable from component c by at least one edge.
    let mut reach = vec![vec![0u64; words]; sccs.len()];
    for (c, nodes) in sccs.iter().enumerate() {
        let mut acc = vec![0u64; words];
        for n in nodes {
            for e in graph.graph.edges_directed(*n, Direction::Outgoing) {
                let d = comp_of[e.target().index()];
                if d != c {
                    for w in 0..words {
                        acc[w] |= reach[d][w] | own[d][w];
                    }
                }
            }
        }
        if nodes.len() > 1 {
            for w in 0..words {
                acc[w] |= own[c][w];
            }
        }
        reach[c] = acc;
    }

    let comp = |s: Uuid| graph.index(s).map(|n| comp_of[n.index()]);
    let members_in = |bits: &[u64]| -> Vec<usize> {
        (0..members.len())
            .filter(|b| bits[b / 64] & (1 << (b % 64)) != 0)
            .collect()
    };
    // Prerequisites (all, in other components) and cycle partners per member.
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
    let mut together: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
    for (i, s) in members.iter().enumerate() {
        let Some(c) = comp(*s) else { continue };
        for b in members_in(&reach[c]) {
            if b == i {
                continue;
            }
            if comp(members[b]) == Some(c) {
                together[i].push(b);
            } else {
                before[i].push(b);
            }
        }
    }
    // Layers: members in dependency-first order, each one past its prerequisites.
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by_key(|&i| comp(members[i]).unwrap_or(0));
    let mut layer = vec![0u32; members.len()];
    for &i in &order {
        layer[i] = before[i].iter().map(|&p| layer[p] + 1).max().unwrap_or(0);
    }
    // Partners in a cycle share the deepest of their layers.
    for i in 0..members.len() {
        let top = together[i]
            .iter()
            .map(|&p| layer[p])
            .chain([layer[i]])
            .max()
            .unwrap_or(0);
        layer[i] = top;
    }

    let direct_kind = |from: Uuid, to: Uuid| -> Option<DependencyKind> {
        let (a, b) = (graph.index(from)?, graph.index(to)?);
        graph
            .graph
            .edges_connecting(a, b)
            .map(|e| *e.weight())
            .min()
    };
    let count = layer.iter().max().map_or(0, |m| m + 1) as usize;
    let mut layers: Vec<OrderLayer> = (0..count)
        .map(|l| OrderLayer {
            number: l as u32 + 1,
            steps: Vec::new(),
        })
        .collect();
    for &i in &order {
        // The nearest prerequisites: those no other prerequisite already waits for.
        let implied: Vec<usize> = before[i]
            .iter()
            .flat_map(|&p| before[p].iter().copied())
            .collect();
        let after = before[i]
            .iter()
            .filter(|p| !implied.contains(p))
            .map(|&p| Prerequisite {
                service_id: members[p],
                kind: direct_kind(members[i], members[p]),
            })
            .collect();
        layers[layer[i] as usize].steps.push(OrderStep {
            service_id: members[i],
            after,
            together_with: together[i].iter().map(|&p| members[p]).collect(),
        });
    }
    let mut cycles: Vec<Vec<Uuid>> = Vec::new();
    for (i, partners) in together.iter().enumerate() {
        if partners.is_empty() || partners.iter().any(|&p| p < i) {
            continue;
        }
        cycles.push(
            std::iter::once(members[i])
                .chain(partners.iter().map(|&p| members[p]))
                .collect(),
        );
    }
    let mut rollback = layers.clone();
    rollback.reverse();
    DeployOrder {
        layers,
        rollback,
        cycles,
    }
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::{dep, id};
    use super::*;
    use DependencyKind::{Data, DeployOrder as After, Runtime};

    fn ids_by_layer(order: &DeployOrder) -> Vec<Vec<Uuid>> {
        order
            .layers
            .iter()
            .map(|l| {
                let mut ids: Vec<Uuid> = l.steps.iter().map(|s| s.service_id).collect();
                ids.sort();
                ids
            })
            .collect()
    }

    #[test]
    fn layers_put_each_service_after_what_it_depends_on() {
        // web → api → db; worker → db; api deploys after auth.
        let g = DependencyGraph::new(
            [],
            &[
                dep(1, 2, Runtime),
                dep(2, 3, Data),
                dep(4, 3, Data),
                dep(2, 5, After),
            ],
        );
        let order = deploy_order(&g, &[id(1), id(2), id(3), id(4), id(5)]);
        assert_eq!(
            ids_by_layer(&order),
            vec![vec![id(3), id(5)], vec![id(2), id(4)], vec![id(1)]]
        );
        let api = order.layers[1]
            .steps
            .iter()
            .find(|s| s.service_id == id(2))
            .map(|s| s.after.clone());
        assert_eq!(
            api,
            Some(vec![
                Prerequisite {
                    service_id: id(3),
                    kind: Some(Data)
                },
                Prerequisite {
                    service_id: id(5),
                    kind: Some(After)
                }
            ])
        );
        // Web waits for api only; db is implied through it.
        assert_eq!(
            order.layers[2].steps[0].after,
            vec![Prerequisite {
                service_id: id(2),
                kind: Some(Runtime)
            }]
        );
        let rollback: Vec<u32> = order.rollback.iter().map(|l| l.number).collect();
        assert_eq!(rollback, vec![3, 2, 1]);
    }

    #[test]
    fn dependencies_through_services_outside_the_set_still_order_it() {
        // 1 → 2 → 3, only 1 and 3 are in the train.
        let g = DependencyGraph::new([], &[dep(1, 2, Runtime), dep(2, 3, Runtime)]);
        let order = deploy_order(&g, &[id(1), id(3)]);
        assert_eq!(ids_by_layer(&order), vec![vec![id(3)], vec![id(1)]]);
        assert_eq!(
            order.layers[1].steps[0].after,
            vec![Prerequisite {
                service_id: id(3),
                kind: None
            }]
        );
    }

    #[test]
    fn a_runtime_cycle_shares_a_layer_and_is_named() {
        // 1 ↔ 2 call each other; both need 3; 4 needs 1.
        let g = DependencyGraph::new(
            [],
            &[
                dep(1, 2, Runtime),
                dep(2, 1, Runtime),
                dep(1, 3, Data),
                dep(4, 1, Runtime),
            ],
        );
        let order = deploy_order(&g, &[id(4), id(1), id(2), id(3), id(99)]);
        assert_eq!(
            ids_by_layer(&order),
            vec![vec![id(3), id(99)], vec![id(1), id(2)], vec![id(4)]]
        );
        assert_eq!(order.cycles, vec![vec![id(1), id(2)]]);
        let one = order.layers[1].steps.iter().find(|s| s.service_id == id(1));
        assert_eq!(one.map(|s| s.together_with.clone()), Some(vec![id(2)]));
    }

    #[test]
    fn an_empty_set_has_no_layers() {
        let g = DependencyGraph::new([], &[]);
        assert!(deploy_order(&g, &[]).layers.is_empty());
    }
}
