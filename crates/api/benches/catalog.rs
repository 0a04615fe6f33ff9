//! Catalog benchmarks on the large generated portfolio (5,000 services, 200
//! teams, 8 environments) in a real workspace file.
//!
//! `cargo bench -p signalbox-api --bench catalog`; figures go in docs/benchmarks.md.

// A benchmark, like a test, should stop loudly on a failed setup.
#![allow(clippy::unwrap_used)]

mod common;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use signalbox_api::domain::{ServiceQuery, ServiceSort};
use signalbox_api::{DemoSize, Workspace};

fn catalog(c: &mut Criterion) {
    let (_dir, _, ws) = common::large_sample();
    let mut g = c.benchmark_group("catalog (5,000 services)");
    g.bench_function("list all 5,000, sorted by name", |b| {
        b.iter(|| {
            let page = ws.search_services(&ServiceQuery::default()).unwrap();
            assert_eq!(page.items.len(), 5000);
        })
    });
    g.bench_function("search \"payments\", all matches", |b| {
        let q = ServiceQuery {
            text: Some("payments".into()),
            ..Default::default()
        };
        b.iter(|| ws.search_services(&q).unwrap())
    });
    g.bench_function(
        "search \"ledger\" sorted by owner, first 100 (the UI's page)",
        |b| {
            let q = ServiceQuery {
                text: Some("ledger".into()),
                sort: ServiceSort::Owner,
                limit: Some(100),
                ..Default::default()
            };
            b.iter(|| ws.search_services(&q).unwrap())
        },
    );
    g.bench_function("first page of 100, sorted by tier", |b| {
        let q = ServiceQuery {
            sort: ServiceSort::Tier,
            limit: Some(100),
            ..Default::default()
        };
        b.iter(|| ws.search_services(&q).unwrap())
    });
    g.bench_function("list teams with service counts", |b| {
        b.iter(|| ws.list_teams().unwrap())
    });
    g.finish();

    // The first search after a write rebuilds the index from SQLite.
    let (_dir2, _, mut ws) = common::large_sample();
    let first = ws
        .search_services(&ServiceQuery {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    let (id, mut input) = (first.items[0].id, service_input(&first.items[0]));
    let mut g = c.benchmark_group("catalog after a write");
    g.sample_size(20);
    g.bench_function(
        "save an edit, then show the first page of 100 (index rebuilt)",
        |b| {
            let mut n = 0u32;
            b.iter(|| {
                n += 1;
                input.description = format!("edit {n}");
                ws.update_service(id, &input).unwrap();
                ws.search_services(&ServiceQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .unwrap()
            })
        },
    );
    g.finish();

    let mut g = c.benchmark_group("sample portfolio");
    g.sample_size(10);
    g.bench_function("generate and store the large portfolio", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let mut ws = Workspace::open(&dir.path().join("w.signalbox")).unwrap();
                ws.set_display_name("Bench").unwrap();
                (dir, ws)
            },
            |(dir, mut ws)| {
                ws.load_sample(DemoSize::Large, 1).unwrap();
                (dir, ws)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn service_input(s: &signalbox_api::domain::Service) -> signalbox_api::domain::ServiceInput {
    signalbox_api::domain::ServiceInput {
        name: s.name.clone(),
        description: s.description.clone(),
        owner_team_id: s.owner_team_id,
        tier: s.tier,
        system: s.system.clone(),
        tags: s.tags.clone(),
        repository_url: s.repository_url.clone(),
        links: s.links.clone(),
    }
}

criterion_group!(benches, catalog);
criterion_main!(benches);
