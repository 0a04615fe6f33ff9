//! Tests of expansion: calendar edges, RDATE/EXDATE/COUNT/UNTIL and rule shapes.

use super::*;

// ---- calendar edges --------------------------------------------------------

#[test]
fn windows_crossing_midnight_and_the_year_end() {
    let r = recurrence(
        "Europe/London",
        local(2026, 12, 31, 22, 0),
        240,
        Some("FREQ=YEARLY"),
    );
    let found = r.occurrences(utc(2027, 1, 1, 0, 0), utc(2027, 1, 2, 0, 0));
    assert_eq!(
        found,
        [Interval::new(utc(2026, 12, 31, 22, 0), utc(2027, 1, 1, 2, 0)).unwrap()]
    );
    assert_eq!(
        starts(&r, utc(2027, 6, 1, 0, 0), utc(2028, 6, 1, 0, 0)),
        [utc(2027, 12, 31, 22, 0)]
    );

    let nightly = recurrence(
        "Europe/Berlin",
        local(2026, 1, 1, 23, 0),
        120,
        Some("FREQ=DAILY"),
    );
    assert_eq!(
        nightly.occurrences(utc(2026, 1, 10, 23, 30), utc(2026, 1, 11, 0, 0)),
        [Interval::new(utc(2026, 1, 10, 22, 0), utc(2026, 1, 11, 0, 0)).unwrap()]
    );
}

#[test]
fn occurrences_overlapping_the_query_edges() {
    let r = recurrence("UTC", local(2026, 1, 1, 22, 0), 240, Some("FREQ=DAILY"));
    // Started before `from`, still running: included.
    assert_eq!(
        starts(&r, utc(2026, 1, 5, 1, 0), utc(2026, 1, 5, 3, 0)),
        [utc(2026, 1, 4, 22, 0)]
    );
    // One ended exactly at `from` and the next starts exactly at `to`: neither is included.
    assert!(r
        .occurrences(utc(2026, 1, 5, 2, 0), utc(2026, 1, 5, 22, 0))
        .is_empty());
    assert_eq!(
        starts(&r, utc(2026, 1, 5, 2, 0), utc(2026, 1, 5, 22, 1)),
        [utc(2026, 1, 5, 22, 0)]
    );
    assert!(r
        .occurrences(utc(2026, 1, 5, 0, 0), utc(2026, 1, 5, 0, 0))
        .is_empty());
}

#[test]
fn leap_days() {
    let yearly = recurrence("UTC", local(2028, 2, 29, 10, 0), 60, Some("FREQ=YEARLY"));
    assert_eq!(
        dates(&yearly, utc(2028, 1, 1, 0, 0), utc(2035, 1, 1, 0, 0)),
        [day(2028, 2, 29), day(2032, 2, 29)]
    );
    let last_day = recurrence(
        "Europe/Paris",
        local(2028, 1, 31, 10, 0),
        60,
        Some("FREQ=MONTHLY;BYMONTHDAY=-1"),
    );
    assert_eq!(
        dates(&last_day, utc(2028, 1, 1, 0, 0), utc(2028, 5, 1, 0, 0)),
        [
            day(2028, 1, 31),
            day(2028, 2, 29),
            day(2028, 3, 31),
            day(2028, 4, 30)
        ]
    );
    // The 31st only happens in some months; the others are skipped, not moved.
    let the_31st = recurrence("UTC", local(2026, 1, 31, 10, 0), 60, Some("FREQ=MONTHLY"));
    assert_eq!(
        dates(&the_31st, utc(2026, 1, 1, 0, 0), utc(2026, 6, 1, 0, 0)),
        [day(2026, 1, 31), day(2026, 3, 31), day(2026, 5, 31)]
    );
}

// ---- RDATE, EXDATE, COUNT, UNTIL --------------------------------------------

#[test]
fn exception_date_removes_exactly_one_occurrence() {
    let start = local(2026, 2, 2, 9, 0);
    let r = Recurrence::new(
        "Europe/London",
        start,
        30,
        Some("FREQ=DAILY"),
        vec![],
        vec![local(2026, 2, 4, 9, 0), local(2026, 2, 5, 9, 1)],
    )
    .unwrap();
    assert_eq!(
        dates(&r, utc(2026, 2, 2, 0, 0), utc(2026, 2, 7, 0, 0)),
        [
            day(2026, 2, 2),
            day(2026, 2, 3),
            day(2026, 2, 5),
            day(2026, 2, 6)
        ]
    );
    // DTSTART itself can be excluded.
    let r = Recurrence::new(
        "UTC",
        start,
        30,
        Some("FREQ=DAILY;COUNT=2"),
        vec![],
        vec![start],
    )
    .unwrap();
    assert_eq!(
        dates(&r, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)),
        [day(2026, 2, 3)]
    );
}

#[test]
fn rdates_add_occurrences_and_duplicates_count_once() {
    let r = Recurrence::new(
        "Europe/London",
        local(2026, 2, 2, 9, 0),
        30,
        Some("FREQ=WEEKLY"),
        vec![local(2026, 2, 4, 14, 0), local(2026, 2, 9, 9, 0)],
        vec![],
    )
    .unwrap();
    assert_eq!(
        r.local_starts(utc(2026, 2, 1, 0, 0), utc(2026, 2, 14, 0, 0)),
        [
            local(2026, 2, 2, 9, 0),
            local(2026, 2, 4, 14, 0),
            local(2026, 2, 9, 9, 0)
        ]
    );
    let one_off = Recurrence::new(
        "UTC",
        local(2026, 5, 1, 8, 0),
        60,
        None,
        vec![local(2026, 4, 1, 8, 0)],
        vec![],
    )
    .unwrap();
    assert_eq!(
        dates(&one_off, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)),
        [day(2026, 4, 1), day(2026, 5, 1)]
    );
}

#[test]
fn count_includes_dtstart() {
    let r = recurrence(
        "UTC",
        local(2026, 3, 1, 6, 0),
        60,
        Some("FREQ=DAILY;COUNT=3"),
    );
    assert_eq!(
        dates(&r, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)),
        [day(2026, 3, 1), day(2026, 3, 2), day(2026, 3, 3)]
    );
    // A Wednesday start on a Monday rule: the start is still the first instance.
    let r = recurrence(
        "UTC",
        local(2026, 1, 7, 6, 0),
        60,
        Some("FREQ=WEEKLY;BYDAY=MO;COUNT=3"),
    );
    assert_eq!(
        dates(&r, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)),
        [day(2026, 1, 7), day(2026, 1, 12), day(2026, 1, 19)]
    );
    // Querying late in a counted series still counts from the start.
    let r = recurrence(
        "UTC",
        local(2026, 1, 1, 6, 0),
        60,
        Some("FREQ=DAILY;COUNT=40"),
    );
    assert_eq!(
        dates(&r, utc(2026, 2, 8, 0, 0), utc(2026, 3, 1, 0, 0)),
        [day(2026, 2, 8), day(2026, 2, 9)]
    );
}

#[test]
fn until_as_date_local_time_and_utc_time() {
    let start = local(2026, 1, 1, 9, 0);
    let count = |rule: &str| {
        let r = recurrence("America/New_York", start, 60, Some(rule));
        r.occurrences(utc(2025, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0))
            .len()
    };
    assert_eq!(count("FREQ=DAILY;UNTIL=20260105"), 5);
    assert_eq!(count("FREQ=DAILY;UNTIL=20260105T090000"), 5);
    assert_eq!(count("FREQ=DAILY;UNTIL=20260105T085959"), 4);
    // 09:00 EST is 14:00Z.
    assert_eq!(count("FREQ=DAILY;UNTIL=20260105T140000Z"), 5);
    assert_eq!(count("FREQ=DAILY;UNTIL=20260105T135959Z"), 4);
}

// ---- rule shapes -----------------------------------------------------------

#[test]
fn every_other_week_on_monday_and_thursday() {
    let r = recurrence(
        "Europe/London",
        local(2026, 1, 5, 9, 0),
        60,
        Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"),
    );
    assert_eq!(
        dates(&r, utc(2026, 1, 1, 0, 0), utc(2026, 2, 8, 0, 0)),
        [
            day(2026, 1, 5),
            day(2026, 1, 8),
            day(2026, 1, 19),
            day(2026, 1, 22),
            day(2026, 2, 2),
            day(2026, 2, 5)
        ]
    );
}

#[test]
fn week_start_changes_which_days_share_a_week() {
    // The RFC 5545 WKST example.
    let start = local(1997, 8, 5, 9, 0);
    let run = |rule: &str| {
        dates(
            &recurrence("America/New_York", start, 60, Some(rule)),
            utc(1997, 1, 1, 0, 0),
            utc(1998, 1, 1, 0, 0),
        )
    };
    assert_eq!(
        run("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO"),
        [
            day(1997, 8, 5),
            day(1997, 8, 10),
            day(1997, 8, 19),
            day(1997, 8, 24)
        ]
    );
    assert_eq!(
        run("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU"),
        [
            day(1997, 8, 5),
            day(1997, 8, 17),
            day(1997, 8, 19),
            day(1997, 8, 31)
        ]
    );
}

#[test]
fn last_friday_and_last_weekday_of_the_month() {
    let last_friday = recurrence(
        "Europe/London",
        local(2026, 1, 30, 18, 0),
        120,
        Some("FREQ=MONTHLY;BYDAY=-1FR"),
    );
    assert_eq!(
        dates(&last_friday, utc(2026, 1, 1, 0, 0), utc(2026, 6, 1, 0, 0)),
        [
            day(2026, 1, 30),
            day(2026, 2, 27),
            day(2026, 3, 27),
            day(2026, 4, 24),
            day(2026, 5, 29)
        ]
    );
    let last_weekday = recurrence(
        "Europe/London",
        local(2026, 1, 30, 18, 0),
        120,
        Some("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
    );
    assert_eq!(
        dates(&last_weekday, utc(2026, 1, 1, 0, 0), utc(2026, 6, 1, 0, 0)),
        [
            day(2026, 1, 30),
            day(2026, 2, 27),
            day(2026, 3, 31),
            day(2026, 4, 30),
            day(2026, 5, 29)
        ]
    );
}

#[test]
fn monthly_and_yearly_weekday_expansion() {
    let every_tuesday = recurrence(
        "UTC",
        local(2026, 3, 3, 8, 0),
        60,
        Some("FREQ=MONTHLY;BYDAY=TU"),
    );
    assert_eq!(
        dates(&every_tuesday, utc(2026, 3, 1, 0, 0), utc(2026, 4, 1, 0, 0)),
        [
            day(2026, 3, 3),
            day(2026, 3, 10),
            day(2026, 3, 17),
            day(2026, 3, 24),
            day(2026, 3, 31)
        ]
    );
    // US Thanksgiving: fourth Thursday of November.
    let thanksgiving = recurrence(
        "America/New_York",
        local(2026, 11, 26, 0, 0),
        1440,
        Some("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"),
    );
    assert_eq!(
        dates(&thanksgiving, utc(2026, 1, 1, 0, 0), utc(2029, 1, 1, 0, 0)),
        [day(2026, 11, 26), day(2027, 11, 25), day(2028, 11, 23)]
    );
    let friday_13th = recurrence(
        "UTC",
        local(2026, 2, 13, 12, 0),
        60,
        Some("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13"),
    );
    assert_eq!(
        dates(&friday_13th, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)),
        [day(2026, 2, 13), day(2026, 3, 13), day(2026, 11, 13)]
    );
    let last_monday_of_year = recurrence(
        "UTC",
        local(2026, 12, 28, 9, 0),
        60,
        Some("FREQ=YEARLY;BYDAY=-1MO"),
    );
    assert_eq!(
        dates(
            &last_monday_of_year,
            utc(2026, 1, 1, 0, 0),
            utc(2028, 1, 1, 0, 0)
        ),
        [day(2026, 12, 28), day(2027, 12, 27)]
    );
}

#[test]
fn a_rule_that_never_matches_stops() {
    let r = recurrence(
        "UTC",
        local(2026, 1, 31, 10, 0),
        60,
        Some("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=31"),
    );
    // Only DTSTART, which RFC 5545 always counts as the first instance.
    assert_eq!(
        dates(&r, utc(2026, 1, 1, 0, 0), utc(2500, 1, 1, 0, 0)),
        [day(2026, 1, 31)]
    );
    assert!(r.next_occurrences(utc(2026, 2, 1, 0, 0), 3).is_empty());
    let yearly = recurrence(
        "UTC",
        local(2026, 1, 1, 10, 0),
        60,
        Some("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31"),
    );
    assert!(yearly.next_occurrences(utc(2026, 2, 1, 0, 0), 3).is_empty());
}

#[test]
fn jumping_ahead_gives_the_same_occurrences_as_walking_from_the_start() {
    let rules = [
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,SA;WKST=SU",
        "FREQ=MONTHLY;INTERVAL=5;BYDAY=2TU,-1FR",
        "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,15,-1",
        "FREQ=YEARLY;INTERVAL=2;BYMONTH=3,9;BYDAY=1SU",
        "FREQ=DAILY;BYMONTH=7;BYDAY=SA,SU",
    ];
    for rule in rules {
        let r = recurrence("Europe/London", local(2024, 2, 17, 1, 30), 90, Some(rule));
        let all = r.occurrences(utc(2024, 1, 1, 0, 0), utc(2031, 1, 1, 0, 0));
        let (from, to) = (utc(2028, 6, 10, 0, 0), utc(2029, 8, 20, 0, 0));
        let expected: Vec<Interval> = all
            .iter()
            .copied()
            .filter(|i| i.start < to && i.end > from)
            .collect();
        assert!(!expected.is_empty(), "{rule}");
        assert_eq!(r.occurrences(from, to), expected, "{rule}");
    }
}

#[test]
fn many_daily_windows_over_a_quarter() {
    let zones = [
        "Europe/London",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Tokyo",
        "UTC",
    ];
    let windows: Vec<Recurrence> = (0..500u32)
        .map(|i| {
            Recurrence::new(
                zones[i as usize % zones.len()],
                local(2025, 1, 1 + i % 28, i % 24, (i * 7) % 60),
                30 + i % 120,
                Some("FREQ=DAILY;UNTIL=20261231"),
                vec![],
                vec![],
            )
            .unwrap()
        })
        .collect();
    let (from, to) = (utc(2026, 4, 1, 0, 0), utc(2026, 6, 30, 0, 0));
    let total: usize = windows.iter().map(|w| w.occurrences(from, to).len()).sum();
    // 90 days each, give or take one at either edge depending on time of day.
    assert!((500 * 89..=500 * 91).contains(&total), "{total}");
}

#[test]
fn next_occurrences_for_a_preview() {
    let r = Recurrence::new(
        "Europe/London",
        local(2026, 1, 5, 22, 0),
        120,
        Some("FREQ=WEEKLY;BYDAY=MO,WE"),
        vec![local(2026, 3, 26, 22, 0)],
        vec![local(2026, 3, 30, 22, 0)],
    )
    .unwrap();
    let preview = r.next_occurrences(utc(2026, 3, 23, 22, 0), 4);
    let locals: Vec<NaiveDateTime> = preview.iter().map(|(l, _)| *l).collect();
    assert_eq!(
        locals,
        [
            local(2026, 3, 23, 22, 0),
            local(2026, 3, 25, 22, 0),
            local(2026, 3, 26, 22, 0),
            local(2026, 4, 1, 22, 0)
        ]
    );
    // 1 April is in summer time.
    assert_eq!(preview[3].1.start, utc(2026, 4, 1, 21, 0));
    assert_eq!(preview[3].1.minutes(), 120);
    // Already started is not "next".
    assert_eq!(
        r.next_occurrences(utc(2026, 3, 23, 22, 1), 1)[0].0,
        local(2026, 3, 25, 22, 0)
    );
    assert!(r.next_occurrences(utc(2026, 3, 23, 22, 0), 0).is_empty());
    let counted = recurrence(
        "UTC",
        local(2026, 1, 1, 0, 0),
        60,
        Some("FREQ=DAILY;COUNT=3"),
    );
    assert_eq!(counted.next_occurrences(utc(2026, 1, 2, 0, 0), 10).len(), 2);
}
