//! Dependency-map rules on the large portfolio's map (5,000 services,
//! 25,000 dependencies): building the graph, the blast radius of one service
//! at full depth, the deploy order of a 200-change train, and the graph
//! view (selection, layered layout and JSON for the UI) at three sizes.
//! `cargo bench -p signalbox-domain --bench deps`.

// A benchmark stops loudly on a failed setup.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use signalbox_domain::demo::{generate, DemoSize};
use signalbox_domain::deps::map::{build_view, MapQuery, MapService};
use signalbox_domain::deps::{
    deploy_order, impact, DependencyGraph, ImpactOptions, ServiceDependency,
};
use signalbox_domain::Tier;
use uuid::Uuid;

fn bench(c: &mut Criterion) {
    let anchor = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let p = generate(DemoSize::Large, 1, anchor);
    let id = |i: usize| Uuid::from_u128(i as u128 + 1);
    let edges: Vec<ServiceDependency> = p
        .dependencies
        .iter()
        .enumerate()
        .map(|(n, d)| ServiceDependency {
            id: Uuid::from_u128(1_000_000 + n as u128),
            service_id: id(d.from),
            depends_on: id(d.to),
            kind: d.kind,
            note: d.note.clone(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        })
        .collect();
    let services: Vec<Uuid> = (0..p.services.len()).map(id).collect();
    let tiers: Vec<_> = p.services.iter().map(|s| s.input.tier).collect();
    let tier_of = |s: Uuid| tiers.get(s.as_u128() as usize - 1).copied();

    c.bench_function(
        "build the graph (5,000 services, 25,000 dependencies)",
        |b| b.iter(|| DependencyGraph::new(services.iter().copied(), black_box(&edges))),
    );
    let graph = DependencyGraph::new(services.iter().copied(), &edges);

    // The service with the widest blast radius: the worst case.
    let widest = services
        .iter()
        .copied()
        .max_by_key(|s| {
            impact(&graph, &[*s], &ImpactOptions::default(), &tier_of)
                .downstream
                .len()
        })
        .unwrap();
    let radius = impact(&graph, &[widest], &ImpactOptions::default(), &tier_of);
    println!(
        "widest blast radius: {} services downstream, {} upstream",
        radius.downstream.len(),
        radius.upstream.len()
    );
    c.bench_function("impact of one service, full depth (widest radius)", |b| {
        b.iter(|| {
            impact(
                &graph,
                black_box(&[widest]),
                &ImpactOptions::default(),
                &tier_of,
            )
        })
    });

    // The train with the most changes; its first 200 changes' services.
    let mut per_train = vec![0usize; p.trains.len()];
    for ch in &p.changes {
        if let Some(t) = ch.train {
            per_train[t] += 1;
        }
    }
    let busiest = (0..p.trains.len()).max_by_key(|t| per_train[*t]).unwrap();
    let train_services: Vec<Uuid> = p
        .changes
        .iter()
        .filter(|ch| ch.train == Some(busiest))
        .take(200)
        .flat_map(|ch| ch.services.iter().map(|s| id(*s)))
        .collect();
    let order = deploy_order(&graph, &train_services);
    println!(
        "train of {} changes: {} services in {} layers",
        per_train[busiest].min(200),
        order.layers.iter().map(|l| l.steps.len()).sum::<usize>(),
        order.layers.len()
    );
    c.bench_function("deploy order of a 200-change train", |b| {
        b.iter(|| deploy_order(&graph, black_box(&train_services)))
    });

    // The graph view: select, lay out and serialise for the UI.
    let map_services: Vec<MapService> = p
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| MapService {
            id: id(i),
            name: s.input.name.clone(),
            team_id: None,
            tier: s.input.tier,
            system: s.input.system.clone(),
        })
        .collect();
    let whole = MapQuery::default();
    // A filtered view near the graph-view size (2,000 nodes, 8,000 edges).
    let critical_and_high = MapQuery {
        tiers: vec![Tier::Critical, Tier::High],
        ..MapQuery::default()
    };
    let systems: Vec<String> = map_services.iter().map(|s| s.system.clone()).collect();
    let collapsed = MapQuery {
        collapsed: systems,
        ..MapQuery::default()
    };
    for (label, query) in [
        ("whole map", &whole),
        ("critical and high tiers", &critical_and_high),
        ("every system collapsed", &collapsed),
    ] {
        let view = build_view(&map_services, &edges, query);
        let json = serde_json::to_string(&view).unwrap();
        println!(
            "map view, {label}: {} boxes, {} links, {} KB of JSON",
            view.nodes.len(),
            view.edges.len(),
            json.len() / 1024
        );
        c.bench_function(&format!("map view laid out and serialised: {label}"), |b| {
            b.iter(|| {
                serde_json::to_string(&build_view(&map_services, black_box(&edges), query))
                    .map(|s| s.len())
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
