//! Pipelines board benchmarks on the large generated portfolio: 5,000
//! services deploying through 8 environments, two million synced runs, in a
//! real workspace file. The board's queries must stay under 20 ms.
//!
//! `cargo bench -p signalbox-api --bench board`; figures go in docs/benchmarks.md.

// A benchmark, like a test, should stop loudly on a failed setup.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use signalbox_api::domain::sync::board::BoardQuery;

fn board(c: &mut Criterion) {
    let (_dir, path, ws) = common::large_sample();
    // Measured on a freshly opened workspace, as the app opens it.
    drop(ws);
    let mut ws = common::reopen(&path);

    let first = ws.pipelines_board(&BoardQuery::default()).unwrap();
    let service = first.rows[0].service_id;
    let env = first.environments[7].id;
    println!(
        "board page: {} of {} services × {} environments",
        first.rows.len(),
        first.total,
        first.environments.len()
    );

    let mut group = c.benchmark_group("board");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("first page (50 services × 8 environments)", |b| {
        b.iter(|| ws.pipelines_board(&BoardQuery::default()).unwrap())
    });
    group.bench_function("last page", |b| {
        let q = BoardQuery {
            offset: first.total - 50,
            ..BoardQuery::default()
        };
        b.iter(|| ws.pipelines_board(&q).unwrap())
    });
    group.bench_function("search \"payments\"", |b| {
        let q = BoardQuery {
            search: "payments".into(),
            ..BoardQuery::default()
        };
        b.iter(|| ws.pipelines_board(&q).unwrap())
    });
    group.bench_function("cell drill-down (50 runs)", |b| {
        b.iter(|| ws.cell_runs(service, env, 50).unwrap())
    });
    group.bench_function("connection health", |b| {
        b.iter(|| ws.connection_health().unwrap())
    });
    group.bench_function("alerts check", |b| b.iter(|| ws.take_alerts().unwrap()));
    group.finish();
}

criterion_group!(benches, board);
criterion_main!(benches);
