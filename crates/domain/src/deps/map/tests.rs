use super::*;
use crate::deps::graph::tests::{dep, id};
use DependencyKind::{Data, DeployOrder, Runtime};

fn svc(n: u128, system: &str, tier: Tier, team: Option<u128>) -> MapService {
    MapService {
        id: id(n),
        name: format!("svc-{n}"),
        team_id: team.map(id),
        tier,
        system: system.to_owned(),
    }
}

fn node<'a>(view: &'a MapView, key: &str) -> &'a MapNode {
    view.nodes
        .iter()
        .find(|n| n.key == key)
        .unwrap_or_else(|| panic!("no node {key}"))
}

fn key(n: u128) -> String {
    id(n).to_string()
}

#[test]
fn a_chain_reads_left_to_right_in_deploy_order() {
    let services = [
        svc(1, "shop", Tier::High, None),
        svc(2, "shop", Tier::High, None),
        svc(3, "data", Tier::Critical, None),
    ];
    // 1 depends on 2, 2 on 3: 3 deploys first.
    let edges = [dep(1, 2, Runtime), dep(2, 3, Data)];
    let view = build_view(&services, &edges, &MapQuery::default());
    let (a, b, c) = (
        node(&view, &key(1)),
        node(&view, &key(2)),
        node(&view, &key(3)),
    );
    assert_eq!((c.layer, b.layer, a.layer), (0, 1, 2));
    assert!(c.x < b.x && b.x < a.x);
    assert_eq!(view.edges.len(), 2);
    assert!(view.edges.iter().all(|e| !e.in_cycle));
    assert!(view.width >= a.x + a.width && view.height >= a.y + a.height);
    assert_eq!(view.shown_services, 3);
}

#[test]
fn a_runtime_loop_shares_a_layer_and_is_flagged() {
    let services = [
        svc(1, "", Tier::Low, None),
        svc(2, "", Tier::Low, None),
        svc(3, "", Tier::Low, None),
    ];
    let edges = [dep(1, 2, Runtime), dep(2, 1, Runtime), dep(1, 3, Runtime)];
    let view = build_view(&services, &edges, &MapQuery::default());
    assert_eq!(node(&view, &key(1)).layer, node(&view, &key(2)).layer);
    assert_eq!(node(&view, &key(3)).layer, 0);
    let flagged: Vec<bool> = view.edges.iter().map(|e| e.in_cycle).collect();
    assert_eq!(flagged.iter().filter(|f| **f).count(), 2);
}

#[test]
fn filters_hide_services_and_kinds() {
    let services = [
        svc(1, "a", Tier::High, Some(100)),
        svc(2, "a", Tier::Low, Some(100)),
        svc(3, "a", Tier::High, Some(200)),
    ];
    let edges = [dep(1, 2, Runtime), dep(1, 3, DeployOrder)];
    let by_team = build_view(
        &services,
        &edges,
        &MapQuery {
            teams: vec![id(100)],
            ..MapQuery::default()
        },
    );
    assert_eq!(by_team.nodes.len(), 2);
    assert_eq!(by_team.edges.len(), 1);
    assert_eq!(by_team.total_services, 3);
    let by_tier = build_view(
        &services,
        &edges,
        &MapQuery {
            tiers: vec![Tier::High],
            ..MapQuery::default()
        },
    );
    assert_eq!(by_tier.nodes.len(), 2);
    assert_eq!(by_tier.edges[0].kind, DeployOrder);
    let by_kind = build_view(
        &services,
        &edges,
        &MapQuery {
            kinds: vec![Runtime],
            ..MapQuery::default()
        },
    );
    assert_eq!(by_kind.nodes.len(), 3, "kinds hide edges, not services");
    assert_eq!(by_kind.edges.len(), 1);
}

#[test]
fn focus_shows_the_neighbourhood_within_depth_each_way() {
    let services: Vec<MapService> = (1..=6).map(|n| svc(n, "", Tier::Low, None)).collect();
    // 1 → 2 → 3 → 4 (1 depends on 2 …); 5 → 2; 6 stands alone.
    let edges = [
        dep(1, 2, Runtime),
        dep(2, 3, Runtime),
        dep(3, 4, Runtime),
        dep(5, 2, Runtime),
    ];
    let around = |depth| {
        let view = build_view(
            &services,
            &edges,
            &MapQuery {
                focus: Some(id(2)),
                depth,
                ..MapQuery::default()
            },
        );
        let mut keys: Vec<String> = view.nodes.iter().map(|n| n.key.clone()).collect();
        keys.sort();
        keys
    };
    let mut one = vec![key(1), key(2), key(3), key(5)];
    one.sort();
    assert_eq!(around(Some(1)), one);
    // All the way: 4 too, never 6; and 5 is not reached through 1 (both
    // directions are followed separately, not mixed).
    assert_eq!(around(None).len(), 5);
    let gone = build_view(
        &services,
        &edges,
        &MapQuery {
            focus: Some(id(99)),
            ..MapQuery::default()
        },
    );
    assert!(gone.focus_missing);
    assert_eq!(gone.nodes.len(), 6);
}

#[test]
fn a_collapsed_system_is_one_node_with_its_edges_summed() {
    let services = [
        svc(1, "shop", Tier::Low, None),
        svc(2, "shop", Tier::Critical, None),
        svc(3, "data", Tier::Low, None),
        svc(4, "data", Tier::Low, None),
    ];
    let edges = [
        dep(1, 2, Runtime),
        dep(1, 3, Runtime),
        dep(2, 3, Runtime),
        dep(2, 4, Data),
    ];
    let view = build_view(
        &services,
        &edges,
        &MapQuery {
            collapsed: vec!["shop".into()],
            ..MapQuery::default()
        },
    );
    let shop = node(&view, "system:shop");
    assert_eq!(shop.kind, MapNodeKind::System);
    assert_eq!(shop.members, 2);
    assert_eq!(shop.tier, Tier::Critical);
    assert_eq!(view.nodes.len(), 3);
    // 1→3 and 2→3 become one runtime edge of 2; 2→4 stays; 1→2 is inside.
    let counts: Vec<(DependencyKind, u32)> = view.edges.iter().map(|e| (e.kind, e.count)).collect();
    assert_eq!(counts.len(), 2);
    assert!(counts.contains(&(Runtime, 2)) && counts.contains(&(Data, 1)));
    assert!(view.systems.iter().any(|s| s.name == "shop" && s.collapsed));
    assert_eq!(view.shown_services, 4);
}

#[test]
fn the_large_sample_lays_out_without_overlaps_and_in_deploy_order() {
    use crate::demo::{generate, DemoSize};
    let anchor = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
    let p = generate(DemoSize::Large, 1, anchor);
    let services: Vec<MapService> = p
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| MapService {
            id: id(i as u128 + 1),
            name: s.input.name.clone(),
            team_id: None,
            tier: s.input.tier,
            system: s.input.system.clone(),
        })
        .collect();
    let edges: Vec<ServiceDependency> = p
        .dependencies
        .iter()
        .map(|d| dep(d.from as u128 + 1, d.to as u128 + 1, d.kind))
        .collect();
    let view = build_view(&services, &edges, &MapQuery::default());
    assert_eq!(view.nodes.len(), 5000);
    let mut boxes: Vec<(i64, i64)> = view
        .nodes
        .iter()
        .map(|n| (n.x.round() as i64, n.y.round() as i64))
        .collect();
    boxes.sort_unstable();
    boxes.dedup();
    assert_eq!(boxes.len(), 5000, "two boxes share a place");
    for e in view.edges.iter().filter(|e| !e.in_cycle) {
        let (a, b) = (&view.nodes[e.from as usize], &view.nodes[e.to as usize]);
        assert!(
            b.layer < a.layer && b.x + b.width < a.x,
            "{} before {}",
            b.label,
            a.label
        );
    }
    // Roughly screen-shaped, not one tall column.
    let ratio = view.width / view.height;
    assert!((0.8..4.0).contains(&ratio), "aspect {ratio}");
}

#[test]
fn the_svg_escapes_labels_and_draws_every_node_and_edge() {
    let mut services = vec![svc(1, "", Tier::Low, None), svc(2, "", Tier::Low, None)];
    services[0].name = "<script>&\"x\"".into();
    let view = build_view(&services, &[dep(1, 2, DeployOrder)], &MapQuery::default());
    let svg = svg::to_svg(&view);
    assert!(svg.contains("&lt;script&gt;&amp;&quot;x&quot;"));
    assert!(!svg.contains("<script>"));
    assert_eq!(svg.matches("<rect x=").count(), 2);
    assert_eq!(svg.matches("marker-end=").count(), 1);
    assert!(svg.contains("stroke-dasharray"));
}
