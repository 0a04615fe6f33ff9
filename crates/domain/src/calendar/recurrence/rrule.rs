//! Reading and writing the part of RFC 5545's RRULE that windows need.
//!
//! The parser is lenient where being lenient cannot change the meaning (a
//! leading `RRULE:`, any letter case, parts in any order, a trailing `;`)
//! and strict everywhere else, because a mistyped rule silently producing a
//! different schedule is worse for a freeze window than a refusal.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

use super::RecurrenceError;

/// Largest INTERVAL accepted; anything beyond is a typo rather than a schedule.
pub const MAX_INTERVAL: u32 = 1000;
/// Largest COUNT accepted, equal to the generation cap so a COUNT is never cut short.
pub const MAX_COUNT: u32 = 100_000;

/// How often the rule's period repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

impl Freq {
    /// The RFC 5545 spelling, e.g. `WEEKLY`.
    pub fn as_str(self) -> &'static str {
        match self {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
            Freq::Yearly => "YEARLY",
        }
    }
}

impl fmt::Display for Freq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A BYDAY entry: a weekday, optionally the n-th (or n-th from last) in the
/// month or year, e.g. `TU`, `2MO`, `-1FR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WeekdayNum {
    pub ordinal: Option<i8>,
    pub weekday: Weekday,
}

impl fmt::Display for WeekdayNum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = self.ordinal {
            write!(f, "{n}")?;
        }
        f.write_str(weekday_code(self.weekday))
    }
}

/// The inclusive end of a rule, in the three forms RFC 5545 allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Until {
    /// `UNTIL=20261231`: every occurrence on that local day is included.
    Date(NaiveDate),
    /// `UNTIL=20261231T235959`: compared with the occurrence's local start.
    Local(NaiveDateTime),
    /// `UNTIL=20261231T235959Z`: compared with the occurrence's UTC start.
    Utc(DateTime<Utc>),
}

impl fmt::Display for Until {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Until::Date(d) => write!(f, "{}", d.format("%Y%m%d")),
            Until::Local(t) => write!(f, "{}", t.format("%Y%m%dT%H%M%S")),
            Until::Utc(t) => write!(f, "{}", t.format("%Y%m%dT%H%M%SZ")),
        }
    }
}

/// A parsed RFC 5545 RRULE (the subset windows need).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RRule {
    pub freq: Freq,
    pub interval: u32,
    pub count: Option<u32>,
    pub until: Option<Until>,
    pub by_day: Vec<WeekdayNum>,
    pub by_month_day: Vec<i8>,
    pub by_month: Vec<u8>,
    pub by_set_pos: Vec<i16>,
    pub week_start: Weekday,
}

impl RRule {
    /// Parses `FREQ=...;...`, with or without a leading `RRULE:`. Reports the
    /// first problem; [`super::Recurrence::new`] reports all of them.
    pub fn parse(text: &str) -> Result<RRule, RecurrenceError> {
        parse_all(text).map_err(|errors| {
            errors
                .into_iter()
                .next()
                .unwrap_or_else(|| RecurrenceError {
                    field: "rrule",
                    message: "RRULE is not valid".to_owned(),
                })
        })
    }

    /// Canonical text without the `RRULE:` prefix. Defaults (INTERVAL=1,
    /// WKST=MO) are left out so equal rules print identically.
    pub fn to_ics(&self) -> String {
        fn join<T: fmt::Display>(items: &[T]) -> String {
            items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        }
        let mut parts = vec![format!("FREQ={}", self.freq)];
        if self.interval != 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        if let Some(count) = self.count {
            parts.push(format!("COUNT={count}"));
        }
        if let Some(until) = &self.until {
            parts.push(format!("UNTIL={until}"));
        }
        if !self.by_month.is_empty() {
            parts.push(format!("BYMONTH={}", join(&self.by_month)));
        }
        if !self.by_month_day.is_empty() {
            parts.push(format!("BYMONTHDAY={}", join(&self.by_month_day)));
        }
        if !self.by_day.is_empty() {
            parts.push(format!("BYDAY={}", join(&self.by_day)));
        }
        if !self.by_set_pos.is_empty() {
            parts.push(format!("BYSETPOS={}", join(&self.by_set_pos)));
        }
        if self.week_start != Weekday::Mon {
            parts.push(format!("WKST={}", weekday_code(self.week_start)));
        }
        parts.join(";")
    }
}

impl FromStr for RRule {
    type Err = RecurrenceError;

    fn from_str(text: &str) -> Result<RRule, RecurrenceError> {
        RRule::parse(text)
    }
}

impl fmt::Display for RRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_ics())
    }
}

const KNOWN_PARTS: [&str; 9] = [
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
];

const WEEKDAY_HELP: &str =
    "use MO, TU, WE, TH, FR, SA, SU, optionally with an ordinal like 1MO or -1FR";

fn rule_error(message: String) -> RecurrenceError {
    RecurrenceError {
        field: "rrule",
        message,
    }
}

fn part_error(index: usize, raw: &str, message: impl fmt::Display) -> RecurrenceError {
    rule_error(format!("RRULE part {index} \"{raw}\": {message}"))
}

/// Where a part sat in the text, so checks that need the whole rule can
/// still point at the part to fix.
#[derive(Clone, Copy)]
struct Seen<'a> {
    name: &'static str,
    index: usize,
    raw: &'a str,
}

/// Every problem in the rule, not just the first, so an editor can show
/// them all at once.
pub(super) fn parse_all(text: &str) -> Result<RRule, Vec<RecurrenceError>> {
    let mut body = text.trim();
    if body.len() >= 6 && body.is_char_boundary(6) && body[..6].eq_ignore_ascii_case("RRULE:") {
        body = &body[6..];
    }
    if body.trim().trim_matches(';').trim().is_empty() {
        return Err(vec![rule_error(
            "RRULE is empty; write at least a FREQ, like FREQ=WEEKLY;BYDAY=MO".to_owned(),
        )]);
    }

    let mut errors = Vec::new();
    let mut seen: Vec<Seen<'_>> = Vec::new();
    let mut freq = None;
    let mut interval = None;
    let mut count = None;
    let mut until = None;
    let mut by_day = Vec::new();
    let mut by_month_day = Vec::new();
    let mut by_month = Vec::new();
    let mut by_set_pos = Vec::new();
    let mut week_start = None;

    for (i, raw) in body.split(';').enumerate() {
        let index = i + 1;
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let Some((name, value)) = raw.split_once('=') else {
            errors.push(part_error(
                index,
                raw,
                "expected NAME=VALUE, like FREQ=WEEKLY",
            ));
            continue;
        };
        let upper = name.trim().to_ascii_uppercase();
        let Some(name) = KNOWN_PARTS.iter().copied().find(|known| *known == upper) else {
            errors.push(part_error(index, raw, unknown_part_message(&upper)));
            continue;
        };
        if let Some(first) = seen.iter().find(|s| s.name == name) {
            errors.push(part_error(
                index,
                raw,
                format!(
                    "{name} appears more than once (first in part {})",
                    first.index
                ),
            ));
            continue;
        }
        seen.push(Seen { name, index, raw });
        let value = value.trim().to_ascii_uppercase();
        if value.is_empty() {
            errors.push(part_error(index, raw, format!("{name} has no value")));
            continue;
        }
        let outcome = match name {
            "FREQ" => parse_freq(&value).map(|v| freq = Some(v)),
            "INTERVAL" => parse_bounded(&value, 1, MAX_INTERVAL)
                .ok_or_else(|| format!("INTERVAL must be a whole number from 1 to {MAX_INTERVAL}"))
                .map(|v| interval = Some(v)),
            "COUNT" => parse_bounded(&value, 1, MAX_COUNT)
                .ok_or_else(|| format!("COUNT must be a whole number from 1 to {MAX_COUNT}"))
                .map(|v| count = Some(v)),
            "UNTIL" => parse_until(&value).map(|v| until = Some(v)),
            "BYDAY" => parse_list(name, &value, parse_weekday_num).map(|v| by_day = v),
            "BYMONTHDAY" => parse_list(name, &value, parse_month_day).map(|v| by_month_day = v),
            "BYMONTH" => parse_list(name, &value, parse_month).map(|v| by_month = v),
            "BYSETPOS" => parse_list(name, &value, parse_set_pos).map(|v| by_set_pos = v),
            _ => parse_weekday(&value)
                .ok_or_else(|| {
                    format!("\"{value}\" is not a weekday; use MO, TU, WE, TH, FR, SA or SU")
                })
                .map(|v| week_start = Some(v)),
        };
        if let Err(message) = outcome {
            errors.push(part_error(index, raw, message));
        }
    }

    let find = |name: &str| seen.iter().copied().find(|s| s.name == name);
    if find("FREQ").is_none() {
        errors.push(rule_error(
            "RRULE has no FREQ; add FREQ=DAILY, WEEKLY, MONTHLY or YEARLY".to_owned(),
        ));
    }
    if find("COUNT").is_some() && find("UNTIL").is_some() {
        errors.push(rule_error(
            "RRULE cannot have both COUNT and UNTIL".to_owned(),
        ));
    }
    if let (Some(part), Some(freq)) = (find("BYDAY"), freq) {
        if let Some(message) = ordinal_problem(freq, !by_month.is_empty(), &by_day) {
            errors.push(part_error(part.index, part.raw, message));
        }
    }
    if let (Some(part), Some(Freq::Weekly)) = (find("BYMONTHDAY"), freq) {
        errors.push(part_error(
            part.index,
            part.raw,
            "BYMONTHDAY cannot be used with FREQ=WEEKLY; use BYDAY to pick days of the week",
        ));
    }
    if let Some(part) = find("BYSETPOS") {
        if by_day.is_empty() && by_month_day.is_empty() && by_month.is_empty() {
            errors.push(part_error(
                part.index,
                part.raw,
                "BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH in the same rule to pick from",
            ));
        }
    }

    match freq {
        Some(freq) if errors.is_empty() => Ok(RRule {
            freq,
            interval: interval.unwrap_or(1),
            count,
            until,
            by_day,
            by_month_day,
            by_month,
            by_set_pos,
            week_start: week_start.unwrap_or(Weekday::Mon),
        }),
        _ => Err(errors),
    }
}

fn unknown_part_message(upper: &str) -> String {
    match upper {
        "" => "the part has no name before \"=\"".to_owned(),
        "BYHOUR" | "BYMINUTE" | "BYSECOND" => format!(
            "{upper} is not supported for windows; a window starts at its start's time of day every time"
        ),
        "BYYEARDAY" | "BYWEEKNO" => format!(
            "{upper} is not supported for windows; use BYMONTH with BYMONTHDAY or BYDAY instead"
        ),
        _ => format!(
            "{upper} is not an RRULE part; use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS or WKST"
        ),
    }
}

/// RFC 5545 only gives ordinals a meaning inside a month or a year, and a
/// month never has a sixth Monday; refusing these up front avoids a rule
/// that can never occur.
fn ordinal_problem(freq: Freq, has_by_month: bool, by_day: &[WeekdayNum]) -> Option<String> {
    let mut with_ordinal = by_day
        .iter()
        .filter_map(|d| d.ordinal.map(|n| (d, n.unsigned_abs())));
    let within_month = |(item, _): (&WeekdayNum, u8)| {
        format!("\"{item}\" counts weekdays within a month, so the ordinal must be from 1 to 5 or -5 to -1")
    };
    match freq {
        Freq::Daily | Freq::Weekly => with_ordinal.next().map(|(item, _)| {
            format!("\"{item}\" has an ordinal, which only works with FREQ=MONTHLY or YEARLY; drop the number to mean every such weekday")
        }),
        Freq::Monthly => with_ordinal.find(|(_, n)| *n > 5).map(within_month),
        Freq::Yearly if has_by_month => with_ordinal.find(|(_, n)| *n > 5).map(within_month),
        // Within a whole year 1 to 53 is meaningful, and the item parser already enforces that.
        Freq::Yearly => None,
    }
}

fn parse_freq(value: &str) -> Result<Freq, String> {
    match value {
        "DAILY" => Ok(Freq::Daily),
        "WEEKLY" => Ok(Freq::Weekly),
        "MONTHLY" => Ok(Freq::Monthly),
        "YEARLY" => Ok(Freq::Yearly),
        "HOURLY" | "MINUTELY" | "SECONDLY" => Err(format!(
            "FREQ={value} is not supported for windows; use DAILY, WEEKLY, MONTHLY or YEARLY"
        )),
        _ => Err(format!(
            "\"{value}\" is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY"
        )),
    }
}

fn parse_bounded(value: &str, min: u32, max: u32) -> Option<u32> {
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value
        .parse::<u32>()
        .ok()
        .filter(|v| (min..=max).contains(v))
}

fn parse_list<T>(
    name: &str,
    value: &str,
    item: fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    value
        .split(',')
        .map(|raw| {
            let raw = raw.trim();
            if raw.is_empty() {
                Err(format!(
                    "{name} has an empty item; separate values with single commas"
                ))
            } else {
                item(raw)
            }
        })
        .collect()
}

/// Accepts an optional sign, as RFC 5545 writes `+1MO` and `-1`.
fn parse_signed(text: &str) -> Option<i32> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i32>().ok()
}

fn parse_weekday_num(item: &str) -> Result<WeekdayNum, String> {
    let not_weekday = || format!("\"{item}\" is not a weekday ({WEEKDAY_HELP})");
    let split = item.len().checked_sub(2).ok_or_else(not_weekday)?;
    if !item.is_char_boundary(split) {
        return Err(not_weekday());
    }
    let (prefix, code) = item.split_at(split);
    let weekday = parse_weekday(code).ok_or_else(not_weekday)?;
    if prefix.is_empty() {
        return Ok(WeekdayNum {
            ordinal: None,
            weekday,
        });
    }
    let n = parse_signed(prefix).ok_or_else(not_weekday)?;
    if n == 0 || n.abs() > 53 {
        return Err(format!(
            "\"{item}\" has an ordinal outside 1 to 53 (or -53 to -1)"
        ));
    }
    Ok(WeekdayNum {
        ordinal: i8::try_from(n).ok(),
        weekday,
    })
}

fn parse_month_day(item: &str) -> Result<i8, String> {
    parse_signed(item)
        .filter(|n| *n != 0 && n.abs() <= 31)
        .and_then(|n| i8::try_from(n).ok())
        .ok_or_else(|| {
            format!("\"{item}\" is not a day of the month; use 1 to 31, or -1 to -31 to count back from the month's last day")
        })
}

fn parse_month(item: &str) -> Result<u8, String> {
    parse_signed(item)
        .filter(|n| (1..=12).contains(n))
        .and_then(|n| u8::try_from(n).ok())
        .ok_or_else(|| format!("\"{item}\" is not a month; use 1 to 12"))
}

fn parse_set_pos(item: &str) -> Result<i16, String> {
    parse_signed(item)
        .filter(|n| *n != 0 && n.abs() <= 366)
        .and_then(|n| i16::try_from(n).ok())
        .ok_or_else(|| {
            format!("\"{item}\" is not a set position; use 1 to 366, or -1 to -366 to count from the last")
        })
}

fn parse_until(value: &str) -> Result<Until, String> {
    let bad = || {
        format!("\"{value}\" is not a date or time; write UNTIL as 20261231, 20261231T235959 or 20261231T235959Z")
    };
    let number = |range: std::ops::Range<usize>| -> Result<u32, String> {
        let digits = value.get(range).ok_or_else(bad)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        digits.parse::<u32>().map_err(|_| bad())
    };
    let year = i32::try_from(number(0..4)?).map_err(|_| bad())?;
    let date = NaiveDate::from_ymd_opt(year, number(4..6)?, number(6..8)?).ok_or_else(bad)?;
    if value.len() == 8 {
        return Ok(Until::Date(date));
    }
    if value.len() < 15 || value.as_bytes().get(8) != Some(&b'T') {
        return Err(bad());
    }
    let time = NaiveTime::from_hms_opt(number(9..11)?, number(11..13)?, number(13..15)?)
        .ok_or_else(bad)?;
    let local = date.and_time(time);
    match value.get(15..).ok_or_else(bad)? {
        "" => Ok(Until::Local(local)),
        "Z" => Ok(Until::Utc(local.and_utc())),
        _ => Err(bad()),
    }
}

fn parse_weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

fn weekday_code(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}
