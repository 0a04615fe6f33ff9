//! PLACEHOLDER with the agreed signatures; the real module lands from branch h-recur.
#![allow(dead_code, unused_variables)]
use chrono::{DateTime, NaiveDateTime, Utc};

use super::Interval;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RRule;
impl RRule {
    pub fn parse(text: &str) -> Result<RRule, RecurrenceError> {
        Ok(RRule)
    }
    pub fn to_ics(&self) -> String {
        String::new()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RecurrenceError {
    pub field: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    pub time_zone: chrono_tz::Tz,
    pub start: NaiveDateTime,
    pub duration_minutes: u32,
    pub rule: Option<RRule>,
    pub rdates: Vec<NaiveDateTime>,
    pub exdates: Vec<NaiveDateTime>,
}
impl Recurrence {
    pub fn new(
        time_zone: &str,
        start: NaiveDateTime,
        duration_minutes: u32,
        rule: Option<&str>,
        rdates: Vec<NaiveDateTime>,
        exdates: Vec<NaiveDateTime>,
    ) -> Result<Recurrence, Vec<RecurrenceError>> {
        Ok(Recurrence {
            time_zone: chrono_tz::UTC,
            start,
            duration_minutes,
            rule: None,
            rdates,
            exdates,
        })
    }
    pub fn occurrences(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Interval> {
        Vec::new()
    }
    pub fn next_occurrences(
        &self,
        after: DateTime<Utc>,
        n: usize,
    ) -> Vec<(NaiveDateTime, Interval)> {
        Vec::new()
    }
    pub fn local_starts(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<NaiveDateTime> {
        Vec::new()
    }
}
pub fn local_to_utc(tz: chrono_tz::Tz, local: NaiveDateTime) -> DateTime<Utc> {
    local.and_utc()
}
