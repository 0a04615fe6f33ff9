//! Tests of RRULE parsing and serialising, and of validating a new recurrence.

use super::*;
use chrono::Weekday;

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
