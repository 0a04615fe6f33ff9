//! Counting a blast radius fast: how many services depend, directly or not,
//! on a set of services, optionally stopping once a limit is passed. Risk
//! asks this for every change of a quarter and only needs to know whether
//! "more than N" holds, so the walk may stop early.

use std::collections::HashMap;

use uuid::Uuid;

use super::model::ServiceDependency;

/// The dependency map's reverse edges, as dense indexes, with a reusable
/// visited marker so counting allocates nothing per call.
pub struct Dependants {
    index: HashMap<Uuid, u32>,
    /// For each service, the services that depend on it.
    incoming: Vec<Vec<u32>>,
    seen: Vec<u32>,
    generation: u32,
    queue: Vec<u32>,
}

/// How many services are downstream; `exact` is false when the walk stopped
/// at the cap (there may be more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub count: u32,
    pub exact: bool,
}

impl Dependants {
    pub fn new(dependencies: &[ServiceDependency]) -> Dependants {
        let mut index = HashMap::new();
        let mut incoming: Vec<Vec<u32>> = Vec::new();
        let mut id = |u: Uuid, incoming: &mut Vec<Vec<u32>>| {
            *index.entry(u).or_insert_with(|| {
                incoming.push(Vec::new());
                (incoming.len() - 1) as u32
            })
        };
        for d in dependencies {
            let from = id(d.service_id, &mut incoming);
            let to = id(d.depends_on, &mut incoming);
            incoming[to as usize].push(from);
        }
        let n = incoming.len();
        Dependants {
            index,
            incoming,
            seen: vec![0; n],
            generation: 0,
            queue: Vec::new(),
        }
    }

    /// Services downstream of `sources` (not counting the sources), up to
    /// `cap` when given.
    pub fn count(&mut self, sources: &[Uuid], cap: Option<u32>) -> Count {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.seen.fill(0);
            self.generation = 1;
        }
        let g = self.generation;
        self.queue.clear();
        for s in sources {
            if let Some(&i) = self.index.get(s) {
                if self.seen[i as usize] != g {
                    self.seen[i as usize] = g;
                    self.queue.push(i);
                }
            }
        }
        let starts = self.queue.len();
        let mut head = 0;
        while head < self.queue.len() {
            let at = self.queue[head];
            head += 1;
            for &next in &self.incoming[at as usize] {
                if self.seen[next as usize] != g {
                    self.seen[next as usize] = g;
                    self.queue.push(next);
                    let found = (self.queue.len() - starts) as u32;
                    if cap.is_some_and(|c| found >= c) {
                        return Count {
                            count: found,
                            exact: false,
                        };
                    }
                }
            }
        }
        Count {
            count: (self.queue.len() - starts) as u32,
            exact: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::graph::tests::{dep, id};
    use crate::deps::DependencyKind;

    #[test]
    fn counts_the_whole_radius_once_and_stops_at_the_cap() {
        // 2 and 3 depend on 1; 4 depends on 2 and 3; 5 on 4; 9 stands alone.
        let edges = [
            dep(2, 1, DependencyKind::Runtime),
            dep(3, 1, DependencyKind::Data),
            dep(4, 2, DependencyKind::Runtime),
            dep(4, 3, DependencyKind::Runtime),
            dep(5, 4, DependencyKind::DeployOrder),
        ];
        let mut d = Dependants::new(&edges);
        assert_eq!(
            d.count(&[id(1)], None),
            Count {
                count: 4,
                exact: true
            }
        );
        assert_eq!(
            d.count(&[id(1)], Some(2)),
            Count {
                count: 2,
                exact: false
            }
        );
        assert_eq!(
            d.count(&[id(1)], Some(5)),
            Count {
                count: 4,
                exact: true
            }
        );
        assert_eq!(
            d.count(&[id(2), id(3)], None),
            Count {
                count: 2,
                exact: true
            }
        );
        assert_eq!(
            d.count(&[id(9)], None),
            Count {
                count: 0,
                exact: true
            }
        );
    }
}
