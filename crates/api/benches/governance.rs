//! Governance benchmarks on the large generated portfolio (5,000 services,
//! 200,000 changes, 25,000 dependencies, 2,000,000 runs) in a real
//! workspace file: risk for every open change of a quarter (< 100 ms), a
//! CAB agenda of about 200 changes frozen (< 20 ms), and meeting mode moving
//! to the next item (< 50 ms).
//!
//! `cargo bench -p signalbox-api --bench governance`; figures go in docs/benchmarks.md.

// A benchmark, like a test, should stop loudly on a failed setup.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use chrono::Duration as Span;
use criterion::{criterion_group, criterion_main, Criterion};
use signalbox_api::domain::governance::{AgendaFilter, CabInput, Cadence, ChangeModel, RiskLevel};
use signalbox_api::governance::{PrepareInput, RegisterQuery};

fn governance(c: &mut Criterion) {
    let (_dir, path, ws) = common::large_sample();
    drop(ws);
    let mut ws = common::reopen(&path);

    let quarter = RegisterQuery {
        from: Some(common::anchor()),
        to: Some(common::anchor() + Span::days(91)),
        limit: Some(100),
        ..RegisterQuery::default()
    };
    let page = ws.risk_register(&quarter).unwrap();
    println!(
        "risk register: {} open changes in the quarter, by level {:?}",
        page.total, page.by_level
    );

    // A CAB whose filter picks about 200 changes awaiting a decision: two
    // days ahead, every environment but the first, above low risk.
    let envs: Vec<_> = ws
        .list_environments()
        .unwrap()
        .into_iter()
        .skip(1)
        .map(|e| e.id)
        .collect();
    let members = ws
        .list_people()
        .unwrap()
        .into_iter()
        .take(6)
        .map(|p| p.person.id)
        .collect();
    let cab = ws
        .create_cab(&CabInput {
            name: "Bench CAB".into(),
            cadence: Cadence::Weekly,
            member_ids: members,
            filter: AgendaFilter {
                environment_ids: envs,
                levels: vec![RiskLevel::Moderate, RiskLevel::High, RiskLevel::Critical],
                models: vec![ChangeModel::Normal],
                horizon_days: 2,
            },
        })
        .unwrap();
    let prepare = PrepareInput {
        cab_id: cab.id,
        at: common::anchor() + Span::days(1),
    };
    let meeting = ws.prepare_meeting(&prepare).unwrap();
    println!("agenda: {} changes", meeting.items.len());
    ws.start_meeting(meeting.id).unwrap();
    let last = meeting.items.len() as u32 - 1;

    let mut group = c.benchmark_group("governance");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("risk of every open change in a quarter", |b| {
        b.iter(|| ws.risk_register(&quarter).unwrap())
    });
    group.bench_function("agenda built, frozen and stored for a meeting", |b| {
        b.iter(|| ws.prepare_meeting(&prepare).unwrap())
    });
    let mut at = 0;
    group.bench_function("meeting mode: next item", |b| {
        b.iter(|| {
            at = if at >= last { 0 } else { at + 1 };
            ws.meeting_go(meeting.id, at).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, governance);
criterion_main!(benches);
