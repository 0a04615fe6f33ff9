//! The dependency map as conflict checks read it: the edge list, and the
//! same by depending service, so a check of a few changes looks only at the
//! services they touch instead of every edge of the map.

use rustc_hash::{FxHashMap, FxHashSet};
use uuid::Uuid;

use super::conflict::Dependency;

/// The dependency map, and the same by depending service, so a check of a
/// few changes looks only at the services they touch instead of every edge
/// of the map. Conflicts are reported in list order either way.
#[derive(Debug, Default)]
pub struct DependencyIndex {
    list: Vec<Dependency>,
    by_service: FxHashMap<Uuid, Vec<(Uuid, usize)>>,
}

impl DependencyIndex {
    pub fn new(dependencies: &[Dependency]) -> DependencyIndex {
        let mut by_service: FxHashMap<Uuid, Vec<(Uuid, usize)>> = FxHashMap::default();
        for (i, d) in dependencies.iter().enumerate() {
            by_service
                .entry(d.service_id)
                .or_default()
                .push((d.depends_on, i));
        }
        DependencyIndex {
            list: dependencies.to_vec(),
            by_service,
        }
    }

    /// The edges between any two of `services`, in list order, each pair once.
    pub(super) fn among(&self, services: &FxHashMap<Uuid, Vec<Uuid>>) -> Vec<(Uuid, Uuid)> {
        let mut seen = FxHashSet::default();
        let mut keep = |d: &Dependency| {
            services.contains_key(&d.service_id)
                && services.contains_key(&d.depends_on)
                && seen.insert((d.service_id, d.depends_on))
        };
        // Many services (a quarter's detection): one pass over the list is
        // cheaper than gathering and sorting through the index.
        if services.len() * 8 >= self.list.len() {
            return self
                .list
                .iter()
                .filter(|d| keep(d))
                .map(|d| (d.service_id, d.depends_on))
                .collect();
        }
        let mut found: Vec<usize> = services
            .keys()
            .filter_map(|s| self.by_service.get(s))
            .flatten()
            .filter(|(t, _)| services.contains_key(t))
            .map(|(_, i)| *i)
            .collect();
        found.sort_unstable();
        found
            .into_iter()
            .map(|i| &self.list[i])
            .filter(|d| keep(d))
            .map(|d| (d.service_id, d.depends_on))
            .collect()
    }
}
