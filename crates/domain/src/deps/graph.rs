//! The dependency graph: services as nodes, an edge from each service to
//! what it depends on, labelled with the kind. Built once from the stored
//! edges and shared by the cycle rules, impact analysis and deploy order.

use std::collections::{HashMap, VecDeque};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use uuid::Uuid;

use super::model::{DependencyKind, ServiceDependency};

pub struct DependencyGraph {
    pub(super) graph: DiGraph<Uuid, DependencyKind>,
    pub(super) nodes: HashMap<Uuid, NodeIndex>,
}

impl DependencyGraph {
    /// A graph of `services` (every service, so those without edges count
    /// too) and the dependencies between them; an edge naming a service not
    /// listed adds that service.
    pub fn new(
        services: impl IntoIterator<Item = Uuid>,
        dependencies: &[ServiceDependency],
    ) -> DependencyGraph {
        let mut g = DependencyGraph {
            graph: DiGraph::new(),
            nodes: HashMap::new(),
        };
        for id in services {
            g.node(id);
        }
        for d in dependencies {
            let a = g.node(d.service_id);
            let b = g.node(d.depends_on);
            g.graph.add_edge(a, b, d.kind);
        }
        g
    }

    fn node(&mut self, id: Uuid) -> NodeIndex {
        if let Some(&n) = self.nodes.get(&id) {
            return n;
        }
        let n = self.graph.add_node(id);
        self.nodes.insert(id, n);
        n
    }

    pub(super) fn index(&self, id: Uuid) -> Option<NodeIndex> {
        self.nodes.get(&id).copied()
    }

    pub(super) fn id(&self, n: NodeIndex) -> Uuid {
        self.graph[n]
    }

    /// The cycle a new deploy-order edge `from → to` would close, spelled
    /// from `from` back to itself (`[from, to, …, from]`), or `None`.
    pub fn deploy_cycle(&self, from: Uuid, to: Uuid) -> Option<Vec<Uuid>> {
        if from == to {
            return Some(vec![from, from]);
        }
        let (start, goal) = (self.index(to)?, self.index(from)?);
        // Breadth first from `to` along deploy-order edges, back to `from`.
        let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        parent.insert(start, start);
        while let Some(n) = queue.pop_front() {
            if n == goal {
                let mut path = vec![self.id(n)];
                let mut at = n;
                while at != start {
                    at = parent[&at];
                    path.push(self.id(at));
                }
                path.reverse();
                let mut cycle = vec![from];
                cycle.extend(path);
                return Some(cycle);
            }
            for e in self.graph.edges_directed(n, Direction::Outgoing) {
                if *e.weight() == DependencyKind::DeployOrder && !parent.contains_key(&e.target()) {
                    parent.insert(e.target(), n);
                    queue.push_back(e.target());
                }
            }
        }
        None
    }

    /// Every cycle among edges of `kinds` (all kinds when empty): the
    /// services of each strongly connected group of two or more, sorted.
    pub fn cycles(&self, kinds: &[DependencyKind]) -> Vec<Vec<Uuid>> {
        let keep = |k: &DependencyKind| kinds.is_empty() || kinds.contains(k);
        let filtered = self
            .graph
            .filter_map(|_, id| Some(*id), |_, k| keep(k).then_some(*k));
        let mut out: Vec<Vec<Uuid>> = tarjan_scc(&filtered)
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut ids: Vec<Uuid> = c.into_iter().map(|n| filtered[n]).collect();
                ids.sort();
                ids
            })
            .collect();
        out.sort();
        out
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    pub fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    pub fn dep(from: u128, to: u128, kind: DependencyKind) -> ServiceDependency {
        let at = Utc.timestamp_opt(0, 0).single().unwrap_or_default();
        ServiceDependency {
            id: Uuid::from_u128(from * 1000 + to),
            service_id: id(from),
            depends_on: id(to),
            kind,
            note: String::new(),
            created_at: at,
            updated_at: at,
        }
    }

    use DependencyKind::{DeployOrder, Runtime};

    #[test]
    fn a_deploy_order_edge_closing_a_loop_is_spelled_out() {
        // 1 after 2 after 3: adding 3 after 1 closes 3 → 1 → 2 → 3.
        let g = DependencyGraph::new([], &[dep(1, 2, DeployOrder), dep(2, 3, DeployOrder)]);
        assert_eq!(
            g.deploy_cycle(id(3), id(1)),
            Some(vec![id(3), id(1), id(2), id(3)])
        );
        assert_eq!(g.deploy_cycle(id(1), id(3)), None);
        assert_eq!(g.deploy_cycle(id(4), id(4)), Some(vec![id(4), id(4)]));
    }

    #[test]
    fn runtime_loops_do_not_count_as_deploy_order_cycles() {
        let g = DependencyGraph::new([], &[dep(1, 2, Runtime), dep(2, 3, Runtime)]);
        assert_eq!(g.deploy_cycle(id(3), id(1)), None);
    }

    #[test]
    fn cycles_are_found_per_kind() {
        let g = DependencyGraph::new(
            [id(9)],
            &[
                dep(1, 2, Runtime),
                dep(2, 1, Runtime),
                dep(3, 4, DeployOrder),
                dep(4, 5, Runtime),
                dep(5, 3, Runtime),
            ],
        );
        assert_eq!(
            g.cycles(&[]),
            vec![vec![id(1), id(2)], vec![id(3), id(4), id(5)]]
        );
        assert_eq!(g.cycles(&[Runtime]), vec![vec![id(1), id(2)]]);
        assert!(g.cycles(&[DeployOrder]).is_empty());
    }
}
