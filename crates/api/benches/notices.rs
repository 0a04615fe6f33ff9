//! Notice benchmarks on the large generated portfolio (5,000 services,
//! 200,000 changes, 25,000 dependencies, 2,000,000 runs) in a real
//! workspace file: rendering the operations maintenance notice for a
//! 200-change train (< 20 ms), and opening the template editor with its
//! live preview on that train (< 100 ms).
//!
//! `cargo bench -p signalbox-api --bench notices`; figures go in docs/benchmarks.md.

// A benchmark, like a test, should stop loudly on a failed setup.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Instant;

use chrono::Duration as Span;
use criterion::{criterion_group, criterion_main, Criterion};
use signalbox_api::domain::calendar::{ChangeInput, TrainInput, TrainStatus};
use signalbox_api::domain::notices::{Audience, NoticeKind, NoticeTarget, TargetKind};
use signalbox_api::domain::ServiceQuery;
use signalbox_api::notices::{ExportFormat, PreviewInput};

fn notices(c: &mut Criterion) {
    let (_dir, path, mut ws) = common::large_sample();

    // A train of 200 changes over 200 services across the environments.
    let services = ws
        .search_services(&ServiceQuery {
            limit: Some(200),
            ..ServiceQuery::default()
        })
        .unwrap()
        .items;
    let envs = ws.list_environments().unwrap();
    let train = ws
        .create_train(&TrainInput {
            name: "Bench train".into(),
            version: "2026.12".into(),
            owner: "Bench".into(),
            description: "Two hundred changes".into(),
            status: TrainStatus::Boarding,
            targets: vec![],
        })
        .unwrap();
    for (i, s) in services.iter().enumerate() {
        let start = common::anchor() + Span::days(3) + Span::minutes(i as i64 * 7);
        ws.create_change(&ChangeInput {
            title: format!("Deploy {} {i}", s.name),
            description: String::new(),
            service_ids: vec![s.id],
            environment_id: envs[i % envs.len()].id,
            start,
            end: start + Span::minutes(45),
            owner: "Bench".into(),
            train_id: Some(train.id),
        })
        .unwrap();
    }
    drop(ws);
    let ws = common::reopen(&path);
    let target = NoticeTarget {
        kind: TargetKind::Train,
        id: train.id,
    };
    let ops = ws
        .list_templates()
        .unwrap()
        .into_iter()
        .find(|t| t.kind == NoticeKind::MaintenanceWindow && t.audience == Audience::Operations)
        .unwrap();

    let cold = Instant::now();
    let first = ws
        .render_notice(&ops, target, "Europe/Berlin", ExportFormat::Markdown)
        .unwrap();
    println!(
        "first render after opening (caches cold): {:?}, {} bytes",
        cold.elapsed(),
        first.content.len()
    );
    assert!(first.content.contains("Changes (200)"));

    c.bench_function("notice: render for a 200-change train", |b| {
        b.iter(|| {
            ws.render_notice(&ops, target, "Europe/Berlin", ExportFormat::Markdown)
                .unwrap()
        })
    });
    c.bench_function("notice: render as an .eml draft", |b| {
        b.iter(|| {
            ws.render_notice(&ops, target, "Europe/Berlin", ExportFormat::Eml)
                .unwrap()
        })
    });
    c.bench_function("template editor: open with preview on the train", |b| {
        b.iter(|| {
            let view = ws.template(ops.id).unwrap();
            let t = &view.template;
            ws.preview_template(&PreviewInput {
                subject: t.subject.clone(),
                body: t.body.clone(),
                kind: t.kind,
                audience: t.audience,
                target: Some(target),
                time_zone: "Europe/Berlin".into(),
            })
            .unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(5));
    targets = notices
}
criterion_main!(benches);
