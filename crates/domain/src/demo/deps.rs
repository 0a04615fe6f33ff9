//! The sample portfolio's dependency map: a layered graph (edge services call
//! domain services, which call platform and data services), mostly within a
//! system, with a few deploy-order rules and a handful of runtime loops, as
//! real estates have. About five dependencies per service in `large`
//! (25,000 for 5,000 services).

use std::collections::HashSet;

use super::{DemoService, DemoSize, Rng};
use crate::deps::DependencyKind;

/// A generated dependency between services, by index into `services`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoDependency {
    pub from: usize,
    pub to: usize,
    pub kind: DependencyKind,
    pub note: String,
}

const LAYERS: usize = 6;

pub(super) fn generate(seed: u64, size: DemoSize, services: &[DemoService]) -> Vec<DemoDependency> {
    // A generator of its own, so the rest of the sample stays as it was.
    let mut rng = Rng(seed ^ 0x4445_5053_4D41_5053);
    let n = services.len();
    if n < 2 {
        return Vec::new();
    }
    let per_service = match size {
        DemoSize::Small => 2,
        DemoSize::Large => 5,
    };
    let layer: Vec<usize> = (0..n).map(|_| rng.below(LAYERS)).collect();
    let mut by_layer: Vec<Vec<usize>> = vec![Vec::new(); LAYERS];
    for (i, l) in layer.iter().enumerate() {
        by_layer[*l].push(i);
    }
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut out = Vec::with_capacity(n * per_service);
    let target = n * per_service;
    let mut attempts = 0;
    while out.len() < target && attempts < target * 20 {
        attempts += 1;
        let from = rng.below(n);
        // A few loops: a lower service calling back up (allowed, and flagged).
        let upward = rng.below(400) == 0;
        let candidates: Vec<usize> = if upward {
            (0..layer[from]).collect()
        } else {
            (layer[from] + 1..LAYERS).collect()
        };
        if candidates.is_empty() {
            continue;
        }
        let pool = &by_layer[candidates[rng.below(candidates.len())]];
        if pool.is_empty() {
            continue;
        }
        // Mostly within the same system: try a few picks for one.
        let system = &services[from].input.system;
        let mut to = pool[rng.below(pool.len())];
        for _ in 0..4 {
            if services[to].input.system == *system {
                break;
            }
            to = pool[rng.below(pool.len())];
        }
        if to == from || !seen.insert((from, to)) {
            continue;
        }
        let kind = if upward {
            DependencyKind::Runtime
        } else {
            match rng.below(20) {
                0 => DependencyKind::DeployOrder,
                1..=5 => DependencyKind::Data,
                _ => DependencyKind::Runtime,
            }
        };
        let note = match kind {
            DependencyKind::Runtime => String::new(),
            DependencyKind::Data => "Reads its tables".into(),
            DependencyKind::DeployOrder => "Schema first".into(),
        };
        out.push(DemoDependency {
            from,
            to,
            kind,
            note,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate as portfolio, DemoSize};
    use crate::deps::model::validate;
    use crate::deps::{DependencyGraph, DependencyInput, ServiceDependency};
    use chrono::NaiveDate;
    use std::collections::HashMap;
    use uuid::Uuid;

    fn stored(n: usize, d: &DemoDependency) -> ServiceDependency {
        ServiceDependency {
            id: Uuid::from_u128(n as u128 + 1_000_000),
            service_id: Uuid::from_u128(d.from as u128),
            depends_on: Uuid::from_u128(d.to as u128),
            kind: d.kind,
            note: d.note.clone(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    /// The sample is stored without checking each edge against the map (it
    /// is large): every edge must pass the rules a user's edge is held to,
    /// added one by one in the order they are stored.
    #[test]
    fn every_generated_edge_passes_the_rules_of_a_new_dependency() {
        let anchor = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        let sizes = (1..=10).map(|seed| (DemoSize::Small, seed));
        for (size, seed) in sizes.chain([(DemoSize::Large, 1), (DemoSize::Large, 7)]) {
            let mut edges = portfolio(size, seed, anchor).dependencies;
            assert!(!edges.is_empty());
            // The order the sample is stored in.
            edges.sort_by_key(|d| (d.from, d.to));
            // A duplicate shares its service, so each edge is compared with
            // its service's edges; a deploy-order cycle runs along
            // deploy-order edges only, so the graph holds just those.
            let mut by_service: HashMap<usize, Vec<ServiceDependency>> = HashMap::new();
            let mut deploy_order: Vec<ServiceDependency> = Vec::new();
            for (n, d) in edges.iter().enumerate() {
                let input = DependencyInput {
                    service_id: Uuid::from_u128(d.from as u128),
                    depends_on: Uuid::from_u128(d.to as u128),
                    kind: d.kind,
                    note: d.note.clone(),
                };
                let existing = by_service.entry(d.from).or_default();
                let checked = validate(&input, existing, None, &|id| id.to_string(), &|a, b| {
                    DependencyGraph::new([], &deploy_order).deploy_cycle(a, b)
                });
                assert!(checked.is_ok(), "{size} seed {seed}: {d:?}: {checked:?}");
                existing.push(stored(n, d));
                if d.kind == DependencyKind::DeployOrder {
                    deploy_order.push(stored(n, d));
                }
            }
        }
    }

    #[test]
    fn the_large_map_has_25000_edges_no_duplicates_and_no_deploy_order_cycle() {
        let anchor = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        let p = portfolio(DemoSize::Large, 1, anchor);
        assert_eq!(p.dependencies.len(), 25_000);
        let pairs: HashSet<(usize, usize)> =
            p.dependencies.iter().map(|d| (d.from, d.to)).collect();
        assert_eq!(pairs.len(), p.dependencies.len());
        assert!(p.dependencies.iter().all(|d| d.from != d.to));
        let edges: Vec<_> = p
            .dependencies
            .iter()
            .enumerate()
            .map(|(n, d)| stored(n, d))
            .collect();
        let g = DependencyGraph::new((0..5000u128).map(Uuid::from_u128), &edges);
        assert!(g.cycles(&[DependencyKind::DeployOrder]).is_empty());
        assert!(
            !g.cycles(&[DependencyKind::Runtime]).is_empty(),
            "a few runtime loops, as in real estates"
        );
        // The same seed gives the same map.
        assert_eq!(
            portfolio(DemoSize::Large, 1, anchor).dependencies,
            p.dependencies
        );
    }
}
