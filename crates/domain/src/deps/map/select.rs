//! Which nodes and edges a map query shows: filters by team, tier and kind,
//! the neighbourhood of a focus service, and collapsed systems merged into
//! one node with their edges summed.

use std::collections::{HashMap, VecDeque};

use uuid::Uuid;

use super::{MapNodeKind, MapQuery, MapService};
use crate::deps::model::{DependencyKind, ServiceDependency};
use crate::service::Tier;

/// A node before it is placed.
pub(super) struct Picked {
    pub key: String,
    pub kind: MapNodeKind,
    pub service_id: Option<Uuid>,
    pub label: String,
    pub system: String,
    pub team_id: Option<Uuid>,
    pub tier: Tier,
    pub members: u32,
    pub services: Vec<Uuid>,
}

pub(super) struct Selection {
    pub nodes: Vec<Picked>,
    /// (from, to, kind, count), from ≠ to, sorted.
    pub edges: Vec<(u32, u32, DependencyKind, u32)>,
    pub shown_services: u32,
    pub focus_missing: bool,
}

/// Tier::ALL lists the most critical first.
fn rank(t: Tier) -> usize {
    Tier::ALL.iter().position(|x| *x == t).unwrap_or(usize::MAX)
}

pub(super) fn select(
    services: &[MapService],
    edges: &[ServiceDependency],
    query: &MapQuery,
) -> Selection {
    let index: HashMap<Uuid, usize> = services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let focus = query.focus.and_then(|f| index.get(&f).copied());
    let passes = |s: &MapService| {
        (query.teams.is_empty() || s.team_id.is_some_and(|t| query.teams.contains(&t)))
            && (query.tiers.is_empty() || query.tiers.contains(&s.tier))
    };
    let mut shown: Vec<bool> = services
        .iter()
        .enumerate()
        .map(|(i, s)| passes(s) || Some(i) == focus)
        .collect();
    let kept: Vec<(usize, usize, DependencyKind)> = edges
        .iter()
        .filter(|d| query.kinds.is_empty() || query.kinds.contains(&d.kind))
        .filter_map(|d| {
            let a = *index.get(&d.service_id)?;
            let b = *index.get(&d.depends_on)?;
            (shown[a] && shown[b] && a != b).then_some((a, b, d.kind))
        })
        .collect();
    if let Some(f) = focus {
        shown = neighbourhood(services.len(), &kept, f, query.depth);
    }
    let collapsed = |s: &MapService| query.collapsed.contains(&s.system);

    // Services in a stable order (system, then name), so the layout's
    // starting order groups systems.
    let mut order: Vec<usize> = (0..services.len()).filter(|i| shown[*i]).collect();
    order.sort_by(|a, b| {
        let (a, b) = (&services[*a], &services[*b]);
        (&a.system, &a.name).cmp(&(&b.system, &b.name))
    });
    let mut nodes: Vec<Picked> = Vec::new();
    let mut node_of: Vec<u32> = vec![u32::MAX; services.len()];
    let mut system_node: HashMap<&str, u32> = HashMap::new();
    for i in &order {
        let s = &services[*i];
        let at = u32::try_from(nodes.len()).unwrap_or(u32::MAX);
        if collapsed(s) && Some(*i) != focus {
            if let Some(&n) = system_node.get(s.system.as_str()) {
                let node = &mut nodes[n as usize];
                node.members += 1;
                node.services.push(s.id);
                if rank(s.tier) < rank(node.tier) {
                    node.tier = s.tier;
                }
                node_of[*i] = n;
                continue;
            }
            system_node.insert(&s.system, at);
            nodes.push(Picked {
                key: format!("system:{}", s.system),
                kind: MapNodeKind::System,
                service_id: None,
                label: if s.system.is_empty() {
                    "No system".to_owned()
                } else {
                    s.system.clone()
                },
                system: s.system.clone(),
                team_id: None,
                tier: s.tier,
                members: 1,
                services: vec![s.id],
            });
        } else {
            nodes.push(Picked {
                key: s.id.to_string(),
                kind: MapNodeKind::Service,
                service_id: Some(s.id),
                label: s.name.clone(),
                system: s.system.clone(),
                team_id: s.team_id,
                tier: s.tier,
                members: 1,
                services: Vec::new(),
            });
        }
        node_of[*i] = at;
    }

    let mut summed: HashMap<(u32, u32, DependencyKind), u32> = HashMap::new();
    for (a, b, kind) in kept {
        if !(shown[a] && shown[b]) {
            continue;
        }
        let (x, y) = (node_of[a], node_of[b]);
        if x != y {
            *summed.entry((x, y, kind)).or_default() += 1;
        }
    }
    let mut edges: Vec<(u32, u32, DependencyKind, u32)> = summed
        .into_iter()
        .map(|((a, b, k), n)| (a, b, k, n))
        .collect();
    edges.sort_unstable();
    Selection {
        nodes,
        edges,
        shown_services: u32::try_from(order.len()).unwrap_or(u32::MAX),
        focus_missing: query.focus.is_some() && focus.is_none(),
    }
}

/// The focus and what it reaches within `depth`: what it depends on, and what
/// depends on it, each followed in its own direction.
fn neighbourhood(
    n: usize,
    edges: &[(usize, usize, DependencyKind)],
    focus: usize,
    depth: Option<u32>,
) -> Vec<bool> {
    let mut out_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut in_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, b, _) in edges {
        out_of[*a].push(*b);
        in_of[*b].push(*a);
    }
    let mut shown = vec![false; n];
    shown[focus] = true;
    for next in [&out_of, &in_of] {
        let mut seen = vec![false; n];
        seen[focus] = true;
        let mut queue = VecDeque::from([(focus, 0u32)]);
        while let Some((at, d)) = queue.pop_front() {
            if depth.is_some_and(|limit| d >= limit) {
                continue;
            }
            for &m in &next[at] {
                if !seen[m] {
                    seen[m] = true;
                    shown[m] = true;
                    queue.push_back((m, d + 1));
                }
            }
        }
    }
    shown
}
