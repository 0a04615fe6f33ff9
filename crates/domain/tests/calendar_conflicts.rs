//! The conflict rules through the public API: freezes (hard, soft,
//! overlapping, touching edges), maintenance windows in production,
//! overlaps, quotas and owners.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{
    change, environments, names, now, utc, window, CHECKOUT, LEDGER, PROD, SEARCH, STAGING,
};
use signalbox_domain::calendar::conflict::{self, Facts};
use signalbox_domain::calendar::{
    Change, ConflictKind, Dependency, DeployStatus, Interval, Severity, Window, WindowIndex,
    WindowKind,
};
use uuid::Uuid;

/// Runs `detect` over `changes` with `windows`, the facts expanded over 2026.
fn detect(windows: &[Window], changes: &[Change]) -> Vec<conflict::Conflict> {
    detect_with(windows, changes, &[])
}

fn detect_with(
    windows: &[Window],
    changes: &[Change],
    deps: &[Dependency],
) -> Vec<conflict::Conflict> {
    let year = Interval::new(utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)).unwrap();
    let index = WindowIndex::build(windows, year);
    let envs = environments();
    let names = names();
    let deps = signalbox_domain::calendar::DependencyIndex::new(deps);
    let facts = Facts {
        windows: &index,
        environments: &envs,
        dependencies: &deps,
        service_names: &names,
    };
    let refs: Vec<&Change> = changes.iter().collect();
    conflict::detect(now(), &refs, &facts)
}

fn kinds(found: &[conflict::Conflict]) -> Vec<ConflictKind> {
    found.iter().map(|c| c.kind).collect()
}

#[test]
fn a_change_in_a_hard_freeze_is_an_error_naming_services_and_window() {
    let freeze = window(
        1,
        "Spring freeze",
        WindowKind::Freeze,
        false,
        "Europe/London",
        "2026-03-10T00:00",
        3 * 24 * 60,
        None,
    );
    let c = change(
        1,
        "Deploy ledger",
        STAGING,
        &[LEDGER, CHECKOUT],
        utc(2026, 3, 11, 10, 0),
        60,
    );
    let found = detect(std::slice::from_ref(&freeze), &[c]);
    assert_eq!(kinds(&found), [ConflictKind::HardFreeze]);
    let f = &found[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.window_ids, [freeze.id]);
    assert_eq!(f.service_ids, [LEDGER, CHECKOUT]);
    assert!(f.message.contains("ledger and checkout"), "{}", f.message);
    assert!(f.message.contains("Spring freeze"), "{}", f.message);
}

#[test]
fn a_soft_freeze_warns_and_overlapping_hard_and_soft_freezes_both_report() {
    let hard = window(
        1,
        "Hard",
        WindowKind::Freeze,
        false,
        "UTC",
        "2026-03-10T00:00",
        24 * 60,
        None,
    );
    let soft = window(
        2,
        "Soft",
        WindowKind::Freeze,
        true,
        "UTC",
        "2026-03-09T12:00",
        48 * 60,
        None,
    );
    let c = change(1, "Deploy", STAGING, &[LEDGER], utc(2026, 3, 10, 10, 0), 60);
    let found = detect(&[hard, soft], &[c]);
    let mut got: Vec<(ConflictKind, Severity)> =
        found.iter().map(|c| (c.kind, c.severity)).collect();
    got.sort();
    assert_eq!(
        got,
        [
            (ConflictKind::HardFreeze, Severity::Error),
            (ConflictKind::SoftFreeze, Severity::Warning)
        ]
    );
}

#[test]
fn a_change_exactly_touching_a_window_edge_is_outside_it() {
    let freeze = window(
        1,
        "Night",
        WindowKind::Freeze,
        false,
        "UTC",
        "2026-03-10T00:00",
        120,
        None,
    );
    // Ends exactly when the freeze starts, and starts exactly when it ends.
    let before = change(1, "Before", STAGING, &[LEDGER], utc(2026, 3, 9, 23, 0), 60);
    let after = change(2, "After", STAGING, &[CHECKOUT], utc(2026, 3, 10, 2, 0), 60);
    assert!(detect(std::slice::from_ref(&freeze), &[before, after]).is_empty());
    let inside = change(
        3,
        "One minute in",
        STAGING,
        &[LEDGER],
        utc(2026, 3, 10, 1, 59),
        30,
    );
    assert_eq!(
        kinds(&detect(&[freeze], &[inside])),
        [ConflictKind::HardFreeze]
    );
}

#[test]
fn freezes_apply_only_to_their_scope() {
    let mut freeze = window(
        1,
        "Ledger freeze",
        WindowKind::Freeze,
        false,
        "UTC",
        "2026-03-10T00:00",
        24 * 60,
        None,
    );
    freeze.service_ids = vec![LEDGER];
    freeze.environment_ids = vec![PROD];
    let staging = change(
        1,
        "Staging ledger",
        STAGING,
        &[LEDGER],
        utc(2026, 3, 10, 10, 0),
        60,
    );
    let other = change(
        2,
        "Prod search",
        PROD,
        &[SEARCH],
        utc(2026, 3, 10, 2, 0),
        30,
    );
    let hit = change(
        3,
        "Prod ledger+search",
        PROD,
        &[LEDGER, SEARCH],
        utc(2026, 3, 10, 5, 0),
        30,
    );
    let found = detect(&[freeze], &[staging, other, hit]);
    let freeze_hits: Vec<_> = found
        .iter()
        .filter(|c| c.kind == ConflictKind::HardFreeze)
        .collect();
    assert_eq!(freeze_hits.len(), 1);
    assert_eq!(freeze_hits[0].change_ids, [Uuid::from_u128(3)]);
    assert_eq!(
        freeze_hits[0].service_ids,
        [LEDGER],
        "only the services the window covers"
    );
}

#[test]
fn a_recurring_weekly_freeze_across_dst_catches_a_change_at_local_time() {
    // Every Saturday 02:00–06:00 London time: 02:00Z in winter, 01:00Z in summer.
    let freeze = window(
        1,
        "Saturday nights",
        WindowKind::Freeze,
        false,
        "Europe/London",
        "2026-01-03T02:00",
        240,
        Some("FREQ=WEEKLY;BYDAY=SA"),
    );
    let summer_hit = change(1, "Summer", STAGING, &[LEDGER], utc(2026, 7, 4, 1, 0), 30);
    let summer_miss = change(
        2,
        "Summer early",
        STAGING,
        &[CHECKOUT],
        utc(2026, 7, 4, 0, 30),
        30,
    );
    let found = detect(&[freeze], &[summer_hit, summer_miss]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].change_ids, [Uuid::from_u128(1)]);
    assert_eq!(found[0].interval.start, utc(2026, 7, 4, 1, 0));
}

#[test]
fn production_changes_must_sit_inside_a_maintenance_window() {
    let mut nightly = window(
        1,
        "Nightly",
        WindowKind::Maintenance,
        false,
        "UTC",
        "2026-01-01T01:00",
        240,
        Some("FREQ=DAILY"),
    );
    nightly.environment_ids = vec![PROD];
    let inside = change(1, "Inside", PROD, &[LEDGER], utc(2026, 3, 10, 2, 0), 60);
    let straddling = change(
        2,
        "Straddling",
        PROD,
        &[CHECKOUT],
        utc(2026, 3, 11, 4, 30),
        60,
    );
    let daytime = change(3, "Daytime", PROD, &[SEARCH], utc(2026, 3, 12, 12, 0), 60);
    let staging = change(
        4,
        "Staging daytime",
        STAGING,
        &[SEARCH],
        utc(2026, 3, 12, 12, 0),
        60,
    );
    let found = detect(&[nightly.clone()], &[inside, straddling, daytime, staging]);
    let outside: Vec<_> = found
        .iter()
        .filter(|c| c.kind == ConflictKind::OutsideMaintenance)
        .collect();
    let ids: Vec<Uuid> = outside.iter().map(|c| c.change_ids[0]).collect();
    assert_eq!(ids, [Uuid::from_u128(2), Uuid::from_u128(3)]);
    assert!(outside.iter().all(|c| c.severity == Severity::Error));
    assert_eq!(
        outside[0].window_ids,
        [nightly.id],
        "names the window it missed"
    );
    assert!(
        outside[1].message.contains("Nightly"),
        "{}",
        outside[1].message
    );
}

#[test]
fn production_without_any_maintenance_window_says_so() {
    let c = change(
        1,
        "Prod deploy",
        PROD,
        &[LEDGER],
        utc(2026, 3, 10, 2, 0),
        60,
    );
    let found = detect(&[], &[c]);
    assert_eq!(kinds(&found), [ConflictKind::OutsideMaintenance]);
    assert!(
        found[0].message.contains("no maintenance window"),
        "{}",
        found[0].message
    );
}

#[test]
fn same_service_overlaps_in_one_environment_warn_once_per_pair() {
    let a = change(
        1,
        "A",
        STAGING,
        &[LEDGER, CHECKOUT],
        utc(2026, 3, 10, 10, 0),
        60,
    );
    let b = change(
        2,
        "B",
        STAGING,
        &[LEDGER, CHECKOUT],
        utc(2026, 3, 10, 10, 30),
        60,
    );
    let elsewhere = change(3, "C", PROD, &[LEDGER], utc(2026, 3, 10, 10, 30), 60);
    let found: Vec<_> = detect(&[], &[a, b, elsewhere])
        .into_iter()
        .filter(|c| c.kind == ConflictKind::ServiceOverlap)
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].change_ids,
        [Uuid::from_u128(1), Uuid::from_u128(2)]
    );
    let mut services = found[0].service_ids.clone();
    services.sort();
    assert_eq!(services, [LEDGER, CHECKOUT]);
    assert_eq!(
        found[0].interval,
        Interval::new(utc(2026, 3, 10, 10, 30), utc(2026, 3, 10, 11, 0)).unwrap()
    );
}

#[test]
fn quota_counts_concurrent_changes_and_names_them() {
    // Staging allows 2 at once: three overlapping is one too many.
    let a = change(1, "A", STAGING, &[LEDGER], utc(2026, 3, 10, 10, 0), 120);
    let b = change(2, "B", STAGING, &[CHECKOUT], utc(2026, 3, 10, 10, 30), 60);
    let c = change(3, "C", STAGING, &[SEARCH], utc(2026, 3, 10, 11, 0), 60);
    let found: Vec<_> = detect(&[], &[a, b, c])
        .into_iter()
        .filter(|c| c.kind == ConflictKind::QuotaExceeded)
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(
        found[0].interval,
        Interval::new(utc(2026, 3, 10, 11, 0), utc(2026, 3, 10, 11, 30)).unwrap()
    );
    assert_eq!(found[0].change_ids.len(), 3);
    assert!(
        found[0].message.contains("staging allows 2"),
        "{}",
        found[0].message
    );
}

#[test]
fn owners_double_booked_and_dependency_overlaps_warn() {
    let mut a = change(1, "A", STAGING, &[LEDGER], utc(2026, 3, 10, 10, 0), 60);
    let mut b = change(2, "B", PROD, &[SEARCH], utc(2026, 3, 10, 10, 30), 60);
    a.owner = "Dana".into();
    b.owner = " dana ".into();
    let found = detect(&[], &[a.clone(), b]);
    assert!(found
        .iter()
        .any(|c| c.kind == ConflictKind::OwnerDoubleBooked));

    let c = change(3, "C", STAGING, &[CHECKOUT], utc(2026, 3, 10, 10, 15), 30);
    let deps = [Dependency {
        service_id: CHECKOUT,
        depends_on: LEDGER,
    }];
    let found = detect_with(&[], &[a, c], &deps);
    let dep: Vec<_> = found
        .iter()
        .filter(|c| c.kind == ConflictKind::DependencyOverlap)
        .collect();
    assert_eq!(dep.len(), 1);
    assert!(dep[0].message.contains("depends on"), "{}", dep[0].message);
}

#[test]
fn finished_cancelled_and_past_changes_hold_no_slot() {
    let freeze = window(
        1,
        "Freeze",
        WindowKind::Freeze,
        false,
        "UTC",
        "2025-12-01T00:00",
        90 * 24 * 60,
        None,
    );
    let mut done = change(1, "Done", STAGING, &[LEDGER], utc(2026, 1, 10, 10, 0), 60);
    done.status = DeployStatus::Succeeded;
    let mut cancelled = change(
        2,
        "Cancelled",
        STAGING,
        &[LEDGER],
        utc(2026, 1, 10, 10, 0),
        60,
    );
    cancelled.status = DeployStatus::Cancelled;
    let past = change(3, "Past", STAGING, &[LEDGER], utc(2025, 12, 31, 10, 0), 60);
    assert!(detect(&[freeze], &[done, cancelled, past]).is_empty());
}
