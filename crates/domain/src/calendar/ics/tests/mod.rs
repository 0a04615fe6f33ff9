//! Tests of the iCalendar writer and reader, and the helpers they share.

use super::*;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

mod errors;
mod hostile;
mod parse;
mod vtimezone;
mod write;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, 0)
        .unwrap()
}

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()
}

fn event(start: IcsStart) -> IcsEvent {
    IcsEvent {
        uid: "change-0197a1b2-0000-7000-8000-000000000001@signalbox".into(),
        summary: "Deploy payments".into(),
        description: String::new(),
        categories: vec![],
        start,
        duration_minutes: 90,
        rrule: None,
        rdates: vec![],
        exdates: vec![],
        status: None,
        transparent: false,
    }
}

fn calendar(events: Vec<IcsEvent>) -> IcsCalendar {
    IcsCalendar {
        name: "Releases".into(),
        events,
    }
}

fn unfolded(text: &str) -> String {
    text.replace("\r\n ", "")
}

fn lines_of(text: &str) -> Vec<String> {
    unfolded(text).split("\r\n").map(str::to_owned).collect()
}

fn parse_one(text: &str) -> ParsedEvent {
    let mut events = parse_calendar(text).unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    events.remove(0)
}

/// Wraps VEVENT lines into a minimal LF-terminated calendar; the event's
/// first line is line 3.
fn wrap(body: &str) -> String {
    format!("BEGIN:VCALENDAR\nVERSION:2.0\n{body}\nEND:VCALENDAR\n")
}

fn parse_err(text: &str) -> String {
    parse_calendar(text).unwrap_err().to_string()
}
