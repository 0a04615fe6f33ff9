//! The scheduling assistant through the public API: the next free slot
//! around freezes, inside maintenance windows and within quotas.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{change, environments, names, now, utc, window, LEDGER, PROD, SEARCH, STAGING};
use signalbox_domain::calendar::conflict::{self, Facts};
use signalbox_domain::calendar::slot;
use signalbox_domain::calendar::{ConflictKind, Interval, Severity, WindowIndex, WindowKind};

#[test]
fn next_free_slot_skips_the_freeze_and_lands_in_maintenance() {
    let mut freeze = window(
        1,
        "Launch freeze",
        WindowKind::Freeze,
        false,
        "UTC",
        "2026-03-10T00:00",
        2 * 24 * 60,
        None,
    );
    freeze.environment_ids = vec![PROD];
    let mut nightly = window(
        2,
        "Nightly",
        WindowKind::Maintenance,
        false,
        "Europe/Berlin",
        "2026-01-01T01:00",
        240,
        Some("FREQ=DAILY"),
    );
    nightly.environment_ids = vec![PROD];
    let windows = [freeze, nightly];
    let wanted = change(
        9,
        "Deploy ledger",
        PROD,
        &[LEDGER],
        utc(2026, 3, 10, 12, 0),
        90,
    );
    let horizon = Interval::new(utc(2026, 3, 10, 0, 0), utc(2026, 6, 10, 0, 0)).unwrap();
    let index = WindowIndex::build(&windows, horizon);
    let envs = environments();
    let names = names();
    let facts = Facts {
        windows: &index,
        environments: &envs,
        dependencies: &Default::default(),
        service_names: &names,
    };
    // Another change already uses the only production slot (quota 1) on the first free night.
    let busy = change(8, "Busy", PROD, &[SEARCH], utc(2026, 3, 12, 0, 0), 180);
    let others = [&busy];
    let before = conflict::check(now(), &wanted, &others, &facts);
    assert!(before.iter().any(|c| c.kind == ConflictKind::HardFreeze));
    let slots = slot::next_free(now(), &wanted, utc(2026, 3, 10, 12, 0), &others, &facts, 3);
    assert_eq!(slots.len(), 3);
    // Berlin 01:00–05:00 is 00:00–04:00Z in March (CET). On the 12th the busy
    // change holds the quota until 03:00Z, and 90 minutes from then overrun
    // the window; so the first slot is the next night's opening.
    assert_eq!(slots[0].interval.start, utc(2026, 3, 13, 0, 0));
    for s in &slots {
        let mut moved = wanted.clone();
        moved.start = s.interval.start;
        moved.end = s.interval.end;
        let found = conflict::check(now(), &moved, &others, &facts);
        assert!(
            found.iter().all(|c| c.severity != Severity::Error),
            "{found:?}"
        );
        assert_eq!(s.interval.minutes(), 90);
    }
    assert!(slots
        .windows(2)
        .all(|w| w[0].interval.end <= w[1].interval.start));
}

#[test]
fn next_free_slot_reports_nothing_when_a_freeze_covers_the_horizon() {
    let freeze = window(
        1,
        "Long freeze",
        WindowKind::Freeze,
        false,
        "UTC",
        "2026-01-01T00:00",
        366 * 24 * 60,
        None,
    );
    let windows = [freeze];
    let wanted = change(9, "Deploy", STAGING, &[LEDGER], utc(2026, 3, 10, 12, 0), 60);
    let horizon = Interval::new(utc(2026, 3, 10, 0, 0), utc(2026, 6, 10, 0, 0)).unwrap();
    let index = WindowIndex::build(&windows, horizon);
    let envs = environments();
    let names = names();
    let facts = Facts {
        windows: &index,
        environments: &envs,
        dependencies: &Default::default(),
        service_names: &names,
    };
    assert!(slot::next_free(now(), &wanted, utc(2026, 3, 10, 12, 0), &[], &facts, 3).is_empty());
}
