//! A layered layout, read left to right in deploy order: layer 0 holds what
//! depends on nothing shown, every other node sits one layer right of the
//! deepest thing it depends on (a dependency loop shares a layer). Within a
//! layer, barycentre sweeps pull nodes level with their neighbours to cut
//! crossings; a tall layer wraps into several columns so the whole map keeps
//! a screen-like shape instead of one very long column.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::select::Selection;
use super::{MapEdge, MapNode, MapNodeKind};

pub const NODE_WIDTH: f64 = 176.0;
pub const NODE_HEIGHT: f64 = 30.0;
pub const ROW_HEIGHT: f64 = 44.0;
pub const COLUMN_WIDTH: f64 = 216.0;
/// Extra room between layers, so layers read as groups of columns.
const LAYER_GAP: f64 = 72.0;
const MARGIN: f64 = 24.0;
/// The width:height the wrapping aims for.
const ASPECT: f64 = 1.6;
const MIN_ROWS: usize = 8;
const SWEEPS: usize = 4;

pub(super) struct Placed {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub width: f64,
    pub height: f64,
}

pub(super) fn layout(sel: &Selection) -> Placed {
    let n = sel.nodes.len();
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, sel.edges.len());
    for _ in 0..n {
        graph.add_node(());
    }
    for (a, b, _, _) in &sel.edges {
        graph.add_edge(NodeIndex::new(*a as usize), NodeIndex::new(*b as usize), ());
    }
    // Components come dependencies first (petgraph returns a reverse
    // topological order), so a component's dependencies have their layer
    // before it is reached.
    let components = tarjan_scc(&graph);
    let mut component_of = vec![0usize; n];
    for (c, members) in components.iter().enumerate() {
        for m in members {
            component_of[m.index()] = c;
        }
    }
    let mut out_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut in_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, b, _, _) in &sel.edges {
        out_of[*a as usize].push(*b as usize);
        in_of[*b as usize].push(*a as usize);
    }
    let mut layer_of_component = vec![0usize; components.len()];
    for (c, members) in components.iter().enumerate() {
        let mut layer = 0;
        for m in members {
            for &dep in &out_of[m.index()] {
                let dc = component_of[dep];
                if dc != c {
                    layer = layer.max(layer_of_component[dc] + 1);
                }
            }
        }
        layer_of_component[c] = layer;
    }
    let layer_of: Vec<usize> = (0..n)
        .map(|i| layer_of_component[component_of[i]])
        .collect();
    let layer_count = layer_of.iter().max().map_or(0, |m| m + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (i, l) in layer_of.iter().enumerate() {
        layers[*l].push(i);
    }
    order_layers(&mut layers, &layer_of, &out_of, &in_of);

    let rows_wanted = ((n as f64) * COLUMN_WIDTH / (ASPECT * ROW_HEIGHT))
        .sqrt()
        .ceil() as usize;
    let rows_per_column = rows_wanted.max(MIN_ROWS);
    let shapes: Vec<(usize, usize)> = layers
        .iter()
        .map(|l| {
            let columns = l.len().div_ceil(rows_per_column).max(1);
            (columns, l.len().div_ceil(columns))
        })
        .collect();
    let tallest = shapes.iter().map(|(_, rows)| *rows).max().unwrap_or(0);
    let mut xy = vec![(0.0, 0.0); n];
    let mut x = MARGIN;
    for (layer, (columns, rows)) in layers.iter().zip(&shapes) {
        let top = MARGIN + (tallest - rows) as f64 * ROW_HEIGHT / 2.0;
        for (i, node) in layer.iter().enumerate() {
            xy[*node] = (
                x + (i % columns) as f64 * COLUMN_WIDTH,
                top + (i / columns) as f64 * ROW_HEIGHT,
            );
        }
        x += *columns as f64 * COLUMN_WIDTH + LAYER_GAP;
    }
    let width = if n == 0 {
        0.0
    } else {
        x - LAYER_GAP - (COLUMN_WIDTH - NODE_WIDTH) + MARGIN
    };
    let height = if n == 0 {
        0.0
    } else {
        2.0 * MARGIN + tallest.saturating_sub(1) as f64 * ROW_HEIGHT + NODE_HEIGHT
    };

    let nodes = sel
        .nodes
        .iter()
        .enumerate()
        .map(|(i, p)| MapNode {
            key: p.key.clone(),
            kind: p.kind,
            service_id: p.service_id,
            label: p.label.clone(),
            system: p.system.clone(),
            team_id: p.team_id,
            tier: p.tier,
            members: p.members,
            services: p.services.clone(),
            layer: u32::try_from(layer_of[i]).unwrap_or(u32::MAX),
            x: xy[i].0,
            y: xy[i].1,
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
        })
        .collect();
    let edges = sel
        .edges
        .iter()
        .map(|(a, b, kind, count)| MapEdge {
            from: *a,
            to: *b,
            kind: *kind,
            count: *count,
            // Between services only: systems depending on each other both
            // ways is ordinary (different services in each direction).
            in_cycle: component_of[*a as usize] == component_of[*b as usize]
                && sel.nodes[*a as usize].kind == MapNodeKind::Service
                && sel.nodes[*b as usize].kind == MapNodeKind::Service,
        })
        .collect();
    Placed {
        nodes,
        edges,
        width,
        height,
    }
}

/// Barycentre sweeps: alternately by the mean position of each node's
/// dependencies (layers to its left) and of its dependants (to its right).
fn order_layers(
    layers: &mut [Vec<usize>],
    layer_of: &[usize],
    out_of: &[Vec<usize>],
    in_of: &[Vec<usize>],
) {
    let mut pos = vec![0.0f64; layer_of.len()];
    let place = |layer: &[usize], pos: &mut [f64]| {
        let len = layer.len().max(1) as f64;
        for (i, node) in layer.iter().enumerate() {
            pos[*node] = i as f64 / len;
        }
    };
    for layer in layers.iter() {
        place(layer, &mut pos);
    }
    for sweep in 0..SWEEPS {
        let rightward = sweep % 2 == 0;
        let order: Vec<usize> = if rightward {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for l in order {
            let neighbours = if rightward { out_of } else { in_of };
            let mut keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .map(|&node| {
                    let (sum, count) = neighbours[node]
                        .iter()
                        .filter(|m| layer_of[**m] != l)
                        .fold((0.0, 0usize), |(s, c), m| (s + pos[*m], c + 1));
                    let key = if count == 0 {
                        pos[node]
                    } else {
                        sum / count as f64
                    };
                    (key, node)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[l] = keyed.into_iter().map(|(_, node)| node).collect();
            place(&layers[l], &mut pos);
        }
    }
}
