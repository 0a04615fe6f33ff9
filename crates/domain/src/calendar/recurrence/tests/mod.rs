//! Tests of recurring windows, and the helpers they share.

use super::*;
use chrono::NaiveDate;

mod dst;
mod expansion;
mod rrule_parse;

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
