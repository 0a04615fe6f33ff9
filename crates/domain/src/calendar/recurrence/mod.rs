//! Recurring freeze and maintenance windows: a time zone, a local start, a
//! duration and an optional RFC 5545 RRULE, plus one-off extra starts
//! (RDATE) and skipped starts (EXDATE), expanded into UTC intervals.
//!
//! Occurrences are generated on the local wall clock and only then turned
//! into UTC, so a window at 02:00 local stays at 02:00 local through
//! daylight-saving changes; its length is exact minutes, so a 60-minute
//! window is 60 minutes long even on the night the clocks change.

mod expand;
mod rrule;

use std::collections::HashSet;

use chrono::{DateTime, Datelike, LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::interval::Interval;
use expand::RuleStarts;
pub use rrule::{Freq, RRule, Until, WeekdayNum, MAX_COUNT, MAX_INTERVAL};

/// Longest window: 366 days, in minutes.
pub const MAX_DURATION_MINUTES: u32 = 366 * 24 * 60;
/// Most RDATEs, and separately most EXDATEs, one window may carry.
pub const MAX_EXTRA_DATES: usize = 1000;

/// Local wall-clock time differs from UTC by at most about 15 hours, and a
/// skipped-hour start can shift by the size of the gap; two days covers
/// both with room to spare when turning a UTC query into local dates.
const LOCAL_SLACK: TimeDelta = TimeDelta::days(2);

/// A problem with a window's timing, tied to the input field to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RecurrenceError {
    /// One of "rrule", "time_zone", "start", "duration", "exdates", "rdates".
    pub field: &'static str,
    pub message: String,
}

impl RecurrenceError {
    fn new(field: &'static str, message: String) -> RecurrenceError {
        RecurrenceError { field, message }
    }
}

/// A recurring window's timing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    pub time_zone: Tz,
    /// Local wall-clock start of the first occurrence (DTSTART).
    pub start: NaiveDateTime,
    /// Exact minutes of absolute time, not nominal days.
    pub duration_minutes: u32,
    /// None: a one-off window at `start` (plus `rdates`).
    pub rule: Option<RRule>,
    /// Extra local starts.
    pub rdates: Vec<NaiveDateTime>,
    /// Local starts to skip; they must equal an occurrence's local start exactly.
    pub exdates: Vec<NaiveDateTime>,
}

impl Recurrence {
    /// Checks and builds a recurrence, reporting every problem at once. A
    /// rule of `None` or blank text means a one-off window.
    pub fn new(
        time_zone: &str,
        start: NaiveDateTime,
        duration_minutes: u32,
        rule: Option<&str>,
        rdates: Vec<NaiveDateTime>,
        exdates: Vec<NaiveDateTime>,
    ) -> Result<Recurrence, Vec<RecurrenceError>> {
        let mut errors = Vec::new();
        let tz = parse_time_zone(time_zone).map_err(|e| errors.push(e)).ok();
        if !year_in_range(start) {
            errors.push(RecurrenceError::new(
                "start",
                format!(
                    "start {} must be in the years 1000 to 9999",
                    start.format("%Y-%m-%d %H:%M")
                ),
            ));
        }
        if duration_minutes == 0 || duration_minutes > MAX_DURATION_MINUTES {
            errors.push(RecurrenceError::new(
                "duration",
                format!(
                    "duration must be from 1 minute to 366 days ({MAX_DURATION_MINUTES} minutes); got {duration_minutes} minutes"
                ),
            ));
        }
        check_extra_dates("rdates", "extra date (RDATE)", &rdates, &mut errors);
        check_extra_dates("exdates", "exception date (EXDATE)", &exdates, &mut errors);
        let rule = match rule.map(str::trim).filter(|text| !text.is_empty()) {
            None => None,
            Some(text) => rrule::parse_all(text)
                .map_err(|rule_errors| errors.extend(rule_errors))
                .ok(),
        };
        if let (Some(rule), Some(tz)) = (&rule, tz) {
            if let Some(message) = until_before_start(rule, tz, start) {
                errors.push(RecurrenceError::new("rrule", message));
            }
        }
        match tz {
            Some(time_zone) if errors.is_empty() => Ok(Recurrence {
                time_zone,
                start,
                duration_minutes,
                rule,
                rdates,
                exdates,
            }),
            _ => Err(errors),
        }
    }

    /// Every occurrence overlapping `[from, to)`, as UTC intervals sorted by
    /// start, each once even when an RDATE repeats a rule occurrence.
    pub fn occurrences(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Interval> {
        self.overlapping(from, to)
            .into_iter()
            .map(|(_, interval)| interval)
            .collect()
    }

    /// Local wall-clock starts of the occurrences whose UTC interval
    /// overlaps `[from, to)`. A start in a skipped hour is reported as
    /// written (02:30), although it begins at 03:30 by the clock.
    pub fn local_starts(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<NaiveDateTime> {
        self.overlapping(from, to)
            .into_iter()
            .map(|(local, _)| local)
            .collect()
    }

    /// The next `n` occurrences starting at or after `after`, as (local
    /// start, UTC interval), for the windows editor's preview.
    pub fn next_occurrences(
        &self,
        after: DateTime<Utc>,
        n: usize,
    ) -> Vec<(NaiveDateTime, Interval)> {
        if n == 0 {
            return Vec::new();
        }
        let lowest_local = after
            .naive_utc()
            .checked_sub_signed(LOCAL_SLACK)
            .unwrap_or(NaiveDateTime::MIN);
        let skipped = self.skipped();
        let starts_after = |local: &NaiveDateTime| {
            if skipped.contains(local) {
                return None;
            }
            self.interval_at(*local)
                .filter(|interval| interval.start >= after)
                .map(|interval| (*local, interval))
        };
        let mut found: Vec<_> = self
            .rule_starts(Some(lowest_local), None)
            .filter_map(|local| starts_after(&local))
            .take(n)
            .collect();
        found.extend(self.rdates.iter().filter_map(starts_after));
        sort_and_dedup(&mut found);
        found.truncate(n);
        found
    }

    fn overlapping(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<(NaiveDateTime, Interval)> {
        if from >= to {
            return Vec::new();
        }
        let reach = TimeDelta::minutes(i64::from(self.duration_minutes)) + LOCAL_SLACK;
        let lowest_local = from
            .naive_utc()
            .checked_sub_signed(reach)
            .unwrap_or(NaiveDateTime::MIN);
        let highest_local = to
            .naive_utc()
            .checked_add_signed(LOCAL_SLACK)
            .unwrap_or(NaiveDateTime::MAX);
        let skipped = self.skipped();
        let overlapping = |local: &NaiveDateTime| {
            if skipped.contains(local) {
                return None;
            }
            self.interval_at(*local)
                .filter(|interval| interval.start < to && interval.end > from)
                .map(|interval| (*local, interval))
        };
        let mut found: Vec<_> = self
            .rule_starts(Some(lowest_local), Some(highest_local))
            .take_while(|local| *local <= highest_local)
            .filter_map(|local| overlapping(&local))
            .collect();
        found.extend(self.rdates.iter().filter_map(overlapping));
        sort_and_dedup(&mut found);
        found
    }

    fn rule_starts(
        &self,
        lowest_local: Option<NaiveDateTime>,
        highest_local: Option<NaiveDateTime>,
    ) -> RuleStarts<'_> {
        RuleStarts::new(
            self.rule.as_ref(),
            self.start,
            self.time_zone,
            lowest_local.map(|t| t.date()),
            highest_local.map(|t| t.date()),
        )
    }

    fn skipped(&self) -> HashSet<NaiveDateTime> {
        self.exdates.iter().copied().collect()
    }

    fn interval_at(&self, local: NaiveDateTime) -> Option<Interval> {
        let start = local_to_utc(self.time_zone, local);
        let end = start.checked_add_signed(TimeDelta::minutes(i64::from(self.duration_minutes)))?;
        Interval::new(start, end)
    }
}

/// Converts a local wall-clock time to UTC by RFC 5545 §3.3.5: an ambiguous
/// time (clocks going back) is its first occurrence, the earlier instant; a
/// time skipped by clocks going forward is read with the UTC offset in force
/// before the gap, so 02:30 in New York on 2007-03-11 is 07:30Z (03:30 EDT).
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => return at.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => return a.with_timezone(&Utc).min(b.with_timezone(&Utc)),
        LocalResult::None => {}
    }
    let offset_seconds = offset_before_gap(tz, local).unwrap_or(0);
    local
        .checked_sub_signed(TimeDelta::seconds(i64::from(offset_seconds)))
        .unwrap_or(local)
        .and_utc()
}

/// The offset in force just before the gap containing `local`: the offset
/// of the nearest earlier wall-clock time that exists. Gaps are at most a
/// day long (Samoa skipped 2011-12-30), so the search is bounded.
fn offset_before_gap(tz: Tz, local: NaiveDateTime) -> Option<i32> {
    (1..=100).find_map(|step| {
        let probe = local.checked_sub_signed(TimeDelta::minutes(30 * step))?;
        let offset = tz.offset_from_local_datetime(&probe).latest()?;
        Some(offset.fix().local_minus_utc())
    })
}

fn parse_time_zone(name: &str) -> Result<Tz, RecurrenceError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(RecurrenceError::new(
            "time_zone",
            "time zone is empty; use an IANA name like Europe/London or America/New_York"
                .to_owned(),
        ));
    }
    trimmed.parse::<Tz>().map_err(|_| {
        let hint = chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(trimmed))
            .map_or_else(
                || "use an IANA name like Europe/London or America/New_York".to_owned(),
                |tz| format!("names are case-sensitive; did you mean {}?", tz.name()),
            );
        RecurrenceError::new(
            "time_zone",
            format!("\"{trimmed}\" is not an IANA time zone name; {hint}"),
        )
    })
}

/// Four-digit years keep every date printable in iCalendar form and keep
/// date arithmetic far from chrono's limits.
fn year_in_range(local: NaiveDateTime) -> bool {
    (1000..=9999).contains(&local.year())
}

fn check_extra_dates(
    field: &'static str,
    what: &str,
    dates: &[NaiveDateTime],
    errors: &mut Vec<RecurrenceError>,
) {
    if dates.len() > MAX_EXTRA_DATES {
        errors.push(RecurrenceError::new(
            field,
            format!(
                "a window can have at most {MAX_EXTRA_DATES} of each {what}; got {}",
                dates.len()
            ),
        ));
    }
    if let Some((index, date)) = dates.iter().enumerate().find(|(_, d)| !year_in_range(**d)) {
        errors.push(RecurrenceError::new(
            field,
            format!(
                "{what} {} {} must be in the years 1000 to 9999",
                index + 1,
                date.format("%Y-%m-%d %H:%M")
            ),
        ));
    }
}

/// An UNTIL before DTSTART is almost always a typo, and RFC 5545 leaves the
/// result undefined, so it is refused rather than guessed at.
fn until_before_start(rule: &RRule, tz: Tz, start: NaiveDateTime) -> Option<String> {
    let until = rule.until?;
    let before = match until {
        Until::Date(d) => d < start.date(),
        Until::Local(t) => t < start,
        Until::Utc(t) => t < local_to_utc(tz, start),
    };
    before.then(|| {
        format!(
            "RRULE UNTIL={until} is before the start {}; move UNTIL later or the start earlier",
            start.format("%Y-%m-%d %H:%M")
        )
    })
}

/// Orders by UTC start and keeps one entry per local start; equal local
/// starts have equal UTC starts, so duplicates end up side by side.
fn sort_and_dedup(found: &mut Vec<(NaiveDateTime, Interval)>) {
    found.sort_unstable_by_key(|(local, interval)| (interval.start, *local));
    found.dedup_by_key(|(local, _)| *local);
}

#[cfg(test)]
mod tests;
