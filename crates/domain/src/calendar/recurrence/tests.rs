use super::*;
use chrono::{NaiveDate, Weekday};

fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, 0)
        .unwrap()
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    local(y, mo, d, h, mi).and_utc()
}

fn recurrence(tz: &str, start: NaiveDateTime, minutes: u32, rule: Option<&str>) -> Recurrence {
    Recurrence::new(tz, start, minutes, rule, vec![], vec![]).unwrap()
}

fn starts(r: &Recurrence, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    r.occurrences(from, to).iter().map(|i| i.start).collect()
}

fn dates(r: &Recurrence, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<NaiveDate> {
    r.local_starts(from, to).iter().map(|t| t.date()).collect()
}

fn day(y: i32, mo: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, d).unwrap()
}

fn rule_error(text: &str) -> RecurrenceError {
    RRule::parse(text).unwrap_err()
}

// ---- daylight saving -------------------------------------------------------

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

// ---- parsing ----------------------------------------------------------------

#[test]
fn parses_any_case_any_order_with_or_without_prefix() {
    let rule =
        RRule::parse("rrule:byday=mo,-1fr;Interval=2;FREQ=monthly;wkst=su;until=20261231T235959z")
            .unwrap();
    assert_eq!(rule.freq, Freq::Monthly);
    assert_eq!(rule.interval, 2);
    assert_eq!(
        rule.by_day,
        [
            WeekdayNum {
                ordinal: None,
                weekday: Weekday::Mon
            },
            WeekdayNum {
                ordinal: Some(-1),
                weekday: Weekday::Fri
            }
        ]
    );
    assert_eq!(rule.week_start, Weekday::Sun);
    assert_eq!(
        rule.until,
        Some(Until::Utc(
            utc(2026, 12, 31, 23, 59) + TimeDelta::seconds(59)
        ))
    );
    assert_eq!("FREQ=DAILY;".parse::<RRule>().unwrap().freq, Freq::Daily);
}

#[test]
fn to_ics_is_canonical_and_round_trips() {
    let rule = RRule::parse("BYDAY=MO,FR;INTERVAL=2;FREQ=WEEKLY;WKST=MO").unwrap();
    assert_eq!(rule.to_ics(), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR");
    assert_eq!(rule.to_string(), rule.to_ics());
    for text in [
        "FREQ=DAILY",
        "FREQ=DAILY;COUNT=10",
        "FREQ=DAILY;UNTIL=20261231",
        "FREQ=DAILY;UNTIL=20261231T235959",
        "FREQ=DAILY;UNTIL=20261231T235959Z",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=SU",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1,1",
        "FREQ=MONTHLY;BYMONTHDAY=-1,15",
        "FREQ=YEARLY;INTERVAL=4;BYMONTH=2,11;BYDAY=+4TH",
    ] {
        let rule = RRule::parse(text).unwrap();
        assert_eq!(RRule::parse(&rule.to_ics()).unwrap(), rule, "{text}");
        assert_eq!(
            rule.to_ics().parse::<RRule>().unwrap().to_ics(),
            rule.to_ics()
        );
    }
}

#[test]
fn parse_errors_name_the_part() {
    assert_eq!(
        rule_error("FREQ=WEEKLY;INTERVAL=2;BYDAY=XX").message,
        "RRULE part 3 \"BYDAY=XX\": \"XX\" is not a weekday (use MO, TU, WE, TH, FR, SA, SU, optionally with an ordinal like 1MO or -1FR)"
    );
    assert_eq!(
        rule_error("INTERVAL=2;BYDAY=MO").message,
        "RRULE has no FREQ; add FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"
    );
    assert_eq!(
        rule_error("FREQ=DAILY;COUNT=3;UNTIL=20261231").message,
        "RRULE cannot have both COUNT and UNTIL"
    );
    let cases = [
        ("FREQ=HOURLY", "FREQ=HOURLY is not supported for windows; use DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=FORTNIGHTLY", "\"FORTNIGHTLY\" is not a frequency"),
        ("FREQ=DAILY;INTERVAL=0", "RRULE part 2 \"INTERVAL=0\": INTERVAL must be a whole number from 1 to 1000"),
        ("FREQ=DAILY;INTERVAL=1001", "INTERVAL must be a whole number from 1 to 1000"),
        ("FREQ=DAILY;INTERVAL=two", "INTERVAL must be a whole number from 1 to 1000"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be a whole number from 1 to 100000"),
        ("FREQ=DAILY;COLOR=red", "RRULE part 2 \"COLOR=red\": COLOR is not an RRULE part"),
        ("FREQ=DAILY;BYDAY=", "RRULE part 2 \"BYDAY=\": BYDAY has no value"),
        ("FREQ=DAILY;BYDAY=MO,,FR", "BYDAY has an empty item"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "RRULE part 2 \"BYMONTHDAY=0\": \"0\" is not a day of the month"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "\"32\" is not a day of the month"),
        ("FREQ=MONTHLY;BYMONTHDAY=-32", "\"-32\" is not a day of the month"),
        ("FREQ=YEARLY;BYMONTH=13", "RRULE part 2 \"BYMONTH=13\": \"13\" is not a month; use 1 to 12"),
        ("FREQ=DAILY;FREQ=WEEKLY", "RRULE part 2 \"FREQ=WEEKLY\": FREQ appears more than once (first in part 1)"),
        ("FREQ=DAILY;BYHOUR=3", "BYHOUR is not supported for windows"),
        ("FREQ=DAILY;BYMINUTE=3", "BYMINUTE is not supported for windows"),
        ("FREQ=DAILY;BYSECOND=3", "BYSECOND is not supported for windows"),
        ("FREQ=YEARLY;BYYEARDAY=100", "BYYEARDAY is not supported for windows"),
        ("FREQ=YEARLY;BYWEEKNO=20", "BYWEEKNO is not supported for windows"),
        ("FREQ=DAILY;UNTIL=2026-12-31", "\"2026-12-31\" is not a date or time"),
        ("FREQ=DAILY;UNTIL=20260230", "\"20260230\" is not a date or time"),
        ("FREQ=WEEKLY;BYDAY=1MO", "RRULE part 2 \"BYDAY=1MO\": \"1MO\" has an ordinal, which only works with FREQ=MONTHLY or YEARLY"),
        ("FREQ=MONTHLY;BYDAY=6MO", "\"6MO\" counts weekdays within a month"),
        ("FREQ=MONTHLY;BYDAY=0MO", "\"0MO\" has an ordinal outside 1 to 53"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY cannot be used with FREQ=WEEKLY"),
        ("FREQ=MONTHLY;BYSETPOS=-1", "RRULE part 2 \"BYSETPOS=-1\": BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "\"0\" is not a set position"),
        ("FREQ=WEEKLY;WKST=XX", "\"XX\" is not a weekday; use MO"),
        ("FREQ=DAILY;BYDAY", "RRULE part 2 \"BYDAY\": expected NAME=VALUE"),
        ("FREQ=DAILY;=MO", "the part has no name"),
        ("", "RRULE is empty"),
        ("RRULE:", "RRULE is empty"),
    ];
    for (text, expected) in cases {
        let error = rule_error(text);
        assert_eq!(error.field, "rrule", "{text}");
        assert!(
            error.message.contains(expected),
            "{text}: {:?} does not contain {expected:?}",
            error.message
        );
    }
}

// ---- building a recurrence ----------------------------------------------------

#[test]
fn new_reports_every_problem_with_its_field() {
    let errors = Recurrence::new(
        "Mars/Olympus_Mons",
        local(2026, 1, 1, 0, 0),
        0,
        Some("FREQ=HOURLY;BYMONTH=13"),
        vec![],
        vec![local(2026, 1, 1, 0, 0); MAX_EXTRA_DATES + 1],
    )
    .unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        ["time_zone", "duration", "exdates", "rrule", "rrule"]
    );
    assert!(errors[0]
        .message
        .contains("\"Mars/Olympus_Mons\" is not an IANA time zone name"));

    let errors = Recurrence::new(
        "europe/london",
        local(999, 1, 1, 0, 0),
        MAX_DURATION_MINUTES + 1,
        None,
        vec![local(12000, 1, 1, 0, 0)],
        vec![],
    )
    .unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["time_zone", "start", "duration", "rdates"]);
    assert!(errors[0].message.contains("did you mean Europe/London?"));

    let errors = Recurrence::new(
        "UTC",
        local(2026, 6, 1, 0, 0),
        60,
        Some("FREQ=DAILY;UNTIL=20260101"),
        vec![],
        vec![],
    )
    .unwrap_err();
    assert_eq!(errors[0].field, "rrule");
    assert!(errors[0]
        .message
        .contains("UNTIL=20260101 is before the start 2026-06-01 00:00"));

    let ok = Recurrence::new(
        "Europe/London",
        local(2026, 1, 1, 0, 0),
        MAX_DURATION_MINUTES,
        Some("  "),
        vec![],
        vec![],
    )
    .unwrap();
    assert_eq!(ok.rule, None);
    assert_eq!(ok.time_zone, chrono_tz::Europe::London);
}
