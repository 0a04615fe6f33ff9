//! An exported calendar, parsed back, yields the same occurrences: recurring
//! windows in zones with daylight saving, exception dates, one-off changes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDateTime, TimeZone, Utc};
use signalbox_domain::calendar::ics::{
    parse_calendar, write_calendar, IcsCalendar, IcsEvent, IcsStart, ParsedStart,
};
use signalbox_domain::calendar::recurrence::Recurrence;

fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
}

struct Case {
    zone: &'static str,
    start: &'static str,
    minutes: u32,
    rule: Option<&'static str>,
    exdates: Vec<&'static str>,
}

fn cases() -> Vec<Case> {
    vec![
        // 02:00 London every Saturday, across both 2026 transitions, one skipped.
        Case {
            zone: "Europe/London",
            start: "2026-01-03T02:00",
            minutes: 240,
            rule: Some("FREQ=WEEKLY;BYDAY=SA"),
            exdates: vec!["2026-04-04T02:00"],
        },
        // 02:30 New York daily: falls in the gap on 2026-03-08.
        Case {
            zone: "America/New_York",
            start: "2026-03-01T02:30",
            minutes: 60,
            rule: Some("FREQ=DAILY;COUNT=20"),
            exdates: vec![],
        },
        // Sydney's last Friday of each month, overnight across midnight.
        Case {
            zone: "Australia/Sydney",
            start: "2026-01-30T22:00",
            minutes: 300,
            rule: Some("FREQ=MONTHLY;BYDAY=-1FR"),
            exdates: vec![],
        },
        // Year-end freeze crossing the new year.
        Case {
            zone: "Europe/Berlin",
            start: "2025-12-20T00:00",
            minutes: 14 * 1440,
            rule: Some("FREQ=YEARLY"),
            exdates: vec![],
        },
        // Leap day, every four years.
        Case {
            zone: "UTC",
            start: "2028-02-29T00:00",
            minutes: 1440,
            rule: Some("FREQ=YEARLY;INTERVAL=4"),
            exdates: vec![],
        },
        // One-off.
        Case {
            zone: "Europe/London",
            start: "2026-10-25T01:30",
            minutes: 90,
            rule: None,
            exdates: vec![],
        },
    ]
}

#[test]
fn exported_windows_parse_back_to_the_same_occurrences() {
    let from = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2033, 1, 1, 0, 0, 0).unwrap();
    let mut events = Vec::new();
    let mut originals = Vec::new();
    for (i, c) in cases().into_iter().enumerate() {
        let exdates: Vec<NaiveDateTime> = c.exdates.iter().map(|d| local(d)).collect();
        let r = Recurrence::new(
            c.zone,
            local(c.start),
            c.minutes,
            c.rule,
            vec![],
            exdates.clone(),
        )
        .unwrap();
        originals.push(r.occurrences(from, to));
        events.push(IcsEvent {
            uid: format!("window-{i}@signalbox"),
            summary: format!("Window {i}; with, punctuation"),
            description: String::new(),
            categories: vec!["Freeze".into()],
            start: IcsStart::Local {
                tz: c.zone.parse().unwrap(),
                at: local(c.start),
            },
            duration_minutes: c.minutes,
            rrule: c.rule.map(str::to_string),
            rdates: vec![],
            exdates,
            status: None,
            transparent: true,
        });
    }
    let text = write_calendar(
        &IcsCalendar {
            name: "Round trip".into(),
            events,
        },
        from,
    );
    let parsed = parse_calendar(&text).unwrap();
    assert_eq!(parsed.len(), originals.len());
    for (event, original) in parsed.iter().zip(&originals) {
        let ParsedStart::Local {
            tz: Some(tz), at, ..
        } = &event.start
        else {
            panic!("expected a zoned start, got {:?}", event.start);
        };
        let back = Recurrence::new(
            tz.name(),
            *at,
            event.duration_minutes,
            event.rrule.as_deref(),
            event.rdates.clone(),
            event.exdates.clone(),
        )
        .unwrap();
        assert!(!original.is_empty());
        assert_eq!(&back.occurrences(from, to), original, "{}", event.summary);
    }
    assert_eq!(parsed[0].summary, "Window 0; with, punctuation");
}

#[test]
fn an_exported_one_off_utc_event_parses_back_to_the_same_interval() {
    let start = Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap();
    let text = write_calendar(
        &IcsCalendar {
            name: "Changes".into(),
            events: vec![IcsEvent {
                uid: "change-1@signalbox".into(),
                summary: "[production] Deploy ledger".into(),
                description: "Services: ledger\nStatus: planned".into(),
                categories: vec!["Change".into()],
                start: IcsStart::Utc(start),
                duration_minutes: 95,
                rrule: None,
                rdates: vec![],
                exdates: vec![],
                status: Some("TENTATIVE".into()),
                transparent: false,
            }],
        },
        start,
    );
    let parsed = parse_calendar(&text).unwrap();
    assert!(matches!(parsed[0].start, ParsedStart::Utc(t) if t == start));
    assert_eq!(parsed[0].duration_minutes, 95);
    assert_eq!(parsed[0].description, "Services: ledger\nStatus: planned");
}
