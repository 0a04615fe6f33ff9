//! PLACEHOLDER with the agreed signatures; the real module lands from branch h-ics.
#![allow(dead_code, unused_variables)]
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

pub const MAX_ICS_BYTES: usize = 5 * 1024 * 1024;
pub struct IcsCalendar {
    pub name: String,
    pub events: Vec<IcsEvent>,
}
pub struct IcsEvent {
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub categories: Vec<String>,
    pub start: IcsStart,
    pub duration_minutes: u32,
    pub rrule: Option<String>,
    pub rdates: Vec<NaiveDateTime>,
    pub exdates: Vec<NaiveDateTime>,
    pub status: Option<String>,
    pub transparent: bool,
}
pub enum IcsStart {
    Utc(DateTime<Utc>),
    Local {
        tz: chrono_tz::Tz,
        at: NaiveDateTime,
    },
}
pub fn write_calendar(cal: &IcsCalendar, dtstamp: DateTime<Utc>) -> String {
    String::new()
}
pub struct ParsedEvent {
    pub uid: Option<String>,
    pub summary: String,
    pub description: String,
    pub start: ParsedStart,
    pub duration_minutes: u32,
    pub rrule: Option<String>,
    pub rdates: Vec<NaiveDateTime>,
    pub exdates: Vec<NaiveDateTime>,
    pub line: usize,
}
pub enum ParsedStart {
    AllDay(NaiveDate),
    Utc(DateTime<Utc>),
    Local {
        tz: Option<chrono_tz::Tz>,
        tzid: Option<String>,
        at: NaiveDateTime,
    },
}
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct IcsError {
    pub line: usize,
    pub message: String,
}
pub fn parse_calendar(text: &str) -> Result<Vec<ParsedEvent>, IcsError> {
    Ok(vec![])
}
