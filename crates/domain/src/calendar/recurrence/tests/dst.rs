//! Tests of expansion across daylight-saving transitions, gaps and overlaps.

use super::*;

#[test]
fn london_daily_0200_stays_at_0200_local() {
    let r = recurrence(
        "Europe/London",
        local(2026, 1, 1, 2, 0),
        60,
        Some("FREQ=DAILY"),
    );
    assert_eq!(
        starts(&r, utc(2026, 1, 10, 0, 0), utc(2026, 1, 11, 0, 0)),
        [utc(2026, 1, 10, 2, 0)]
    );
    assert_eq!(
        starts(&r, utc(2026, 7, 10, 0, 0), utc(2026, 7, 11, 0, 0)),
        [utc(2026, 7, 10, 1, 0)]
    );
    // Spring forward on 29 March (01:00 -> 02:00), fall back on 25 October.
    assert_eq!(
        starts(&r, utc(2026, 3, 28, 0, 0), utc(2026, 3, 31, 0, 0)),
        [
            utc(2026, 3, 28, 2, 0),
            utc(2026, 3, 29, 1, 0),
            utc(2026, 3, 30, 1, 0)
        ]
    );
    assert_eq!(
        starts(&r, utc(2026, 10, 24, 0, 0), utc(2026, 10, 27, 0, 0)),
        [
            utc(2026, 10, 24, 1, 0),
            utc(2026, 10, 25, 2, 0),
            utc(2026, 10, 26, 2, 0)
        ]
    );
    assert!(r
        .local_starts(utc(2026, 3, 1, 0, 0), utc(2026, 11, 30, 0, 0))
        .iter()
        .all(|t| t.time() == local(2026, 1, 1, 2, 0).time()));
}

#[test]
fn new_york_daily_0200_across_both_transitions() {
    let r = recurrence(
        "America/New_York",
        local(2026, 1, 1, 2, 0),
        60,
        Some("FREQ=DAILY"),
    );
    // 02:00 on 8 March does not exist; read with EST it is 03:00 EDT.
    assert_eq!(
        starts(&r, utc(2026, 3, 7, 0, 0), utc(2026, 3, 10, 0, 0)),
        [
            utc(2026, 3, 7, 7, 0),
            utc(2026, 3, 8, 7, 0),
            utc(2026, 3, 9, 6, 0)
        ]
    );
    assert_eq!(
        starts(&r, utc(2026, 10, 31, 0, 0), utc(2026, 11, 3, 0, 0)),
        [
            utc(2026, 10, 31, 6, 0),
            utc(2026, 11, 1, 7, 0),
            utc(2026, 11, 2, 7, 0)
        ]
    );
}

#[test]
fn sydney_daily_0200_across_both_transitions() {
    let r = recurrence(
        "Australia/Sydney",
        local(2026, 1, 1, 2, 0),
        60,
        Some("FREQ=DAILY"),
    );
    // DST ends 5 April (02:00-03:00 happens twice: the first is AEDT).
    assert_eq!(
        starts(&r, utc(2026, 4, 3, 12, 0), utc(2026, 4, 6, 0, 0)),
        [
            utc(2026, 4, 3, 15, 0),
            utc(2026, 4, 4, 15, 0),
            utc(2026, 4, 5, 16, 0)
        ]
    );
    // DST starts 4 October (02:00-03:00 skipped; read with AEST).
    assert_eq!(
        starts(&r, utc(2026, 10, 2, 12, 0), utc(2026, 10, 5, 0, 0)),
        [
            utc(2026, 10, 2, 16, 0),
            utc(2026, 10, 3, 16, 0),
            utc(2026, 10, 4, 15, 0)
        ]
    );
}

#[test]
fn starts_in_the_spring_forward_gap_use_the_offset_before_it() {
    let ny = |t| local_to_utc(chrono_tz::America::New_York, t);
    assert_eq!(ny(local(2007, 3, 11, 2, 30)), utc(2007, 3, 11, 7, 30));
    assert_eq!(ny(local(2026, 3, 8, 2, 30)), utc(2026, 3, 8, 7, 30));
    let london = |t| local_to_utc(chrono_tz::Europe::London, t);
    assert_eq!(london(local(2026, 3, 29, 1, 30)), utc(2026, 3, 29, 1, 30));
    let sydney = |t| local_to_utc(chrono_tz::Australia::Sydney, t);
    assert_eq!(sydney(local(2026, 10, 4, 2, 30)), utc(2026, 10, 3, 16, 30));

    let r = recurrence("America/New_York", local(2026, 3, 8, 2, 30), 30, None);
    let found = r.next_occurrences(utc(2026, 1, 1, 0, 0), 5);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, local(2026, 3, 8, 2, 30));
    assert_eq!(found[0].1.start, utc(2026, 3, 8, 7, 30));
    assert_eq!(found[0].1.minutes(), 30);
}

#[test]
fn fall_back_start_is_the_first_occurrence_and_length_is_exact() {
    let r = recurrence("America/New_York", local(2026, 11, 1, 1, 30), 60, None);
    let found = r.occurrences(utc(2026, 11, 1, 0, 0), utc(2026, 11, 2, 0, 0));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].start, utc(2026, 11, 1, 5, 30));
    assert_eq!(found[0].end, utc(2026, 11, 1, 6, 30));
    assert_eq!(found[0].minutes(), 60);

    // Midnight to 03:00 by the clock is four hours that night; 180 minutes is 180 minutes.
    let r = recurrence("America/New_York", local(2026, 11, 1, 0, 0), 180, None);
    let found = r.occurrences(utc(2026, 11, 1, 0, 0), utc(2026, 11, 2, 0, 0));
    assert_eq!(found[0].start, utc(2026, 11, 1, 4, 0));
    assert_eq!(found[0].end, utc(2026, 11, 1, 7, 0));
}
