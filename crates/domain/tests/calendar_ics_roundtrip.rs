//! An exported calendar, parsed back, yields the same occurrences: recurring
//! windows in zones with daylight saving, exception dates, one-off changes.
//! The same calendar is also committed for the UI's interop test, which reads
//! it with ical.js (the parser Thunderbird's calendar uses): see
//! `ui/src/interop/ics.test.ts`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, TimeZone, Utc};
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
    rdates: Vec<&'static str>,
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
            rdates: vec!["2026-07-01T02:00"],
            exdates: vec!["2026-04-04T02:00"],
        },
        // 02:30 New York daily: falls in the gap on 2026-03-08.
        Case {
            zone: "America/New_York",
            start: "2026-03-01T02:30",
            minutes: 60,
            rule: Some("FREQ=DAILY;COUNT=20"),
            rdates: vec![],
            exdates: vec![],
        },
        // Sydney's last Friday of each month, overnight across midnight.
        Case {
            zone: "Australia/Sydney",
            start: "2026-01-30T22:00",
            minutes: 300,
            rule: Some("FREQ=MONTHLY;BYDAY=-1FR"),
            rdates: vec![],
            exdates: vec![],
        },
        // Year-end freeze crossing the new year.
        Case {
            zone: "Europe/Berlin",
            start: "2025-12-20T00:00",
            minutes: 14 * 1440,
            rule: Some("FREQ=YEARLY"),
            rdates: vec![],
            exdates: vec![],
        },
        // Leap day, every four years.
        Case {
            zone: "UTC",
            start: "2028-02-29T00:00",
            minutes: 1440,
            rule: Some("FREQ=YEARLY;INTERVAL=4"),
            rdates: vec![],
            exdates: vec![],
        },
        // 01:30 London on Sundays: happens twice on the fall-back day.
        Case {
            zone: "Europe/London",
            start: "2026-10-04T01:30",
            minutes: 60,
            rule: Some("FREQ=WEEKLY;BYDAY=SU;COUNT=6"),
            rdates: vec![],
            exdates: vec![],
        },
        // One-off, at a time the fall-back day has twice.
        Case {
            zone: "Europe/London",
            start: "2026-10-25T01:30",
            minutes: 90,
            rule: None,
            rdates: vec![],
            exdates: vec![],
        },
    ]
}

/// The cases as events, with their occurrences in [from, to) by our expansion.
fn window_events(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> (
    Vec<IcsEvent>,
    Vec<Vec<signalbox_domain::calendar::Interval>>,
) {
    let mut events = Vec::new();
    let mut originals = Vec::new();
    for (i, c) in cases().into_iter().enumerate() {
        let rdates: Vec<NaiveDateTime> = c.rdates.iter().map(|d| local(d)).collect();
        let exdates: Vec<NaiveDateTime> = c.exdates.iter().map(|d| local(d)).collect();
        let r = Recurrence::new(
            c.zone,
            local(c.start),
            c.minutes,
            c.rule,
            rdates.clone(),
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
            rdates,
            exdates,
            status: None,
            transparent: true,
        });
    }
    (events, originals)
}

#[test]
fn exported_windows_parse_back_to_the_same_occurrences() {
    let from = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2033, 1, 1, 0, 0, 0).unwrap();
    let (events, originals) = window_events(from, to);
    let text = write_calendar(
        &IcsCalendar {
            name: "Round trip".into(),
            events,
        },
        from,
    );
    let parsed = parse_calendar(&text).unwrap();
    // An occurrence at a skipped or doubled wall-clock time comes back as an
    // overriding instance with the same UID: the event's occurrences are
    // those of all its parts.
    for (i, original) in originals.iter().enumerate() {
        let uid = format!("window-{i}@signalbox");
        let mut back: Vec<_> = parsed
            .iter()
            .filter(|e| e.uid.as_deref() == Some(uid.as_str()))
            .flat_map(|event| {
                // A one-off at a doubled wall-clock time comes back as its UTC instant.
                let (zone, at) = match &event.start {
                    ParsedStart::Local {
                        tz: Some(tz), at, ..
                    } => (tz.name(), *at),
                    ParsedStart::Utc(at) if event.rrule.is_none() => ("UTC", at.naive_utc()),
                    other => panic!("expected a zoned start, got {other:?}"),
                };
                Recurrence::new(
                    zone,
                    at,
                    event.duration_minutes,
                    event.rrule.as_deref(),
                    event.rdates.clone(),
                    event.exdates.clone(),
                )
                .unwrap()
                .occurrences(from, to)
            })
            .collect();
        back.sort_by_key(|o| o.start);
        assert!(!original.is_empty());
        assert_eq!(&back, original, "{uid}");
    }
    assert_eq!(parsed[0].summary, "Window 0; with, punctuation");
}

/// A change as the app exports changes: an instant in UTC, 95 minutes long.
fn change_event(start: DateTime<Utc>) -> IcsEvent {
    IcsEvent {
        uid: "change-1@signalbox".into(),
        summary: "[production] Deploy ledger".into(),
        description: "Services: ledger\nStatus: planned".into(),
        categories: vec!["Change".into(), "production".into()],
        start: IcsStart::Utc(start),
        duration_minutes: 95,
        rrule: None,
        rdates: vec![],
        exdates: vec![],
        status: Some("TENTATIVE".into()),
        transparent: false,
    }
}

#[test]
fn an_exported_one_off_utc_event_parses_back_to_the_same_interval() {
    let start = Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap();
    let text = write_calendar(
        &IcsCalendar {
            name: "Changes".into(),
            events: vec![change_event(start)],
        },
        start,
    );
    let parsed = parse_calendar(&text).unwrap();
    assert!(matches!(parsed[0].start, ParsedStart::Utc(t) if t == start));
    assert_eq!(parsed[0].duration_minutes, 95);
    assert_eq!(parsed[0].description, "Services: ledger\nStatus: planned");
}

/// The calendar and the occurrences our expansion gives, committed under
/// `ui/src/interop/` for the ical.js check; fails when they are stale
/// (`make bindings` rewrites them).
#[test]
fn the_interop_fixture_is_fresh() {
    let from = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    let (mut events, originals) = window_events(from, to);
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut expected = serde_json::Map::new();
    for (event, occurrences) in events.iter().zip(&originals) {
        let list = occurrences
            .iter()
            .map(|o| serde_json::json!([stamp(o.start), stamp(o.end)]))
            .collect();
        expected.insert(event.uid.clone(), serde_json::Value::Array(list));
    }
    let change_start = Utc.with_ymd_and_hms(2026, 3, 29, 0, 30, 0).unwrap();
    events.push(change_event(change_start));
    expected.insert(
        "change-1@signalbox".into(),
        serde_json::json!([[
            stamp(change_start),
            stamp(change_start + chrono::TimeDelta::minutes(95))
        ]]),
    );
    let ics = write_calendar(
        &IcsCalendar {
            name: "Interop".into(),
            events,
        },
        from,
    );
    let json = serde_json::to_string_pretty(&serde_json::json!({
        "from": stamp(from),
        "to": stamp(to),
        "occurrences": expected,
    }))
    .unwrap()
        + "\n";
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/interop");
    let files = [("calendar.ics", ics), ("calendar.expected.json", json)];
    for (name, fresh) in &files {
        let path = dir.join(name);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            &committed == fresh,
            "ui/src/interop/{name} is stale: run `make bindings` and commit the result"
        );
    }
}
