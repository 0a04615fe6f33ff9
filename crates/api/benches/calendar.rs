//! Calendar benchmarks on the large generated portfolio (200,000 changes over
//! two years, 500 recurring windows, 5,000 services) in a real workspace file.
//!
//! `cargo bench -p signalbox-api --bench calendar`; figures go in docs/benchmarks.md.

// A benchmark, like a test, should stop loudly on a failed setup.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use chrono::{DateTime, Duration as Span, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use signalbox_api::calendar::{CalendarQuery, ChangeDraft, SlotQuery};
use signalbox_api::domain::calendar::ChangeInput;

/// The portfolio is laid out around this instant, and the benchmarks run "now".
fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap()
}

fn query(from: DateTime<Utc>, to: DateTime<Utc>) -> CalendarQuery {
    CalendarQuery {
        from,
        to,
        environment_ids: vec![],
        team_id: None,
        train_id: None,
        service_ids: vec![],
        statuses: vec![],
        with_conflicts: false,
    }
}

fn calendar(c: &mut Criterion) {
    let (_dir, _, ws) = common::large_sample_at(anchor);
    let quarter = (anchor(), anchor() + Span::days(91));
    let month = (anchor() + Span::days(30), anchor() + Span::days(61));

    // The first calendar read loads the 200,000 changes into memory once.
    let started = std::time::Instant::now();
    let in_quarter = ws
        .calendar(&query(quarter.0, quarter.1))
        .unwrap()
        .changes
        .len();
    println!(
        "calendar cache load + first quarter query: {:?} ({in_quarter} changes in the quarter)",
        started.elapsed()
    );
    let conflicts = ws.conflicts(quarter.0, quarter.1).unwrap().len();
    println!("conflicts in the quarter: {conflicts}");

    let mut g = c.benchmark_group("calendar (200,000 changes, 500 windows)");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("conflict detection for one quarter", |b| {
        b.iter(|| ws.conflicts(quarter.0, quarter.1).unwrap())
    });
    g.bench_function("month view query (changes + window occurrences)", |b| {
        b.iter(|| ws.calendar(&query(month.0, month.1)).unwrap())
    });
    let view = ws.calendar(&query(month.0, month.1)).unwrap();
    let target = view.changes[view.changes.len() / 2].clone();
    let draft = ChangeDraft {
        id: Some(target.id),
        input: ChangeInput {
            title: target.title.clone(),
            description: target.description.clone(),
            service_ids: target.service_ids.clone(),
            environment_id: target.environment_id,
            start: target.start + Span::days(1),
            end: target.end + Span::days(1),
            owner: target.owner.clone(),
            train_id: target.train_id,
        },
    };
    g.bench_function("drag feedback: check one moved change", |b| {
        b.iter(|| ws.check_change(&draft).unwrap())
    });
    g.bench_function("next free slot (3 slots, 90-day horizon)", |b| {
        let q = SlotQuery {
            draft: draft.clone(),
            after: None,
            limit: Some(3),
        };
        b.iter(|| ws.next_free_slots(&q).unwrap())
    });
    g.finish();
}

criterion_group!(benches, calendar);
criterion_main!(benches);
