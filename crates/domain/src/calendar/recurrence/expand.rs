//! Turning a rule into local wall-clock starts, one period (a day, week,
//! month or year, INTERVAL apart) at a time, in ascending order.
//!
//! Expansion works on local dates only: every occurrence keeps DTSTART's
//! time of day, which is what keeps a 02:00 window at 02:00 across
//! daylight-saving changes. Conversion to UTC happens later.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};
use chrono_tz::Tz;

use super::local_to_utc;
use super::rrule::{Freq, RRule, Until, WeekdayNum};

/// Most starts one expansion may produce: COUNT is capped at the same
/// number, so only open-ended queries over centuries ever reach it.
pub(super) const GENERATION_CAP: u32 = 100_000;

/// A rule that can never match (BYMONTH=2;BYMONTHDAY=30) would otherwise
/// search forever; the Gregorian calendar repeats every 400 years, so a
/// rule silent for that long is silent for good.
const EMPTY_SPAN_DAYS: i64 = 146_097;

/// Local starts of a recurrence's DTSTART and rule, ascending. RDATEs and
/// EXDATEs are applied by the caller, as RFC 5545 applies them to the set.
pub(super) struct RuleStarts<'a> {
    rule: Option<&'a RRule>,
    start: NaiveDateTime,
    tz: Tz,
    period: i64,
    batch: Vec<NaiveDate>,
    pos: usize,
    emit_start: bool,
    emitted: u32,
    empty_run: i64,
    max_empty: i64,
    horizon: Option<NaiveDate>,
    done: bool,
}

impl<'a> RuleStarts<'a> {
    /// `not_before` lets an open-ended rule skip straight to the period
    /// holding that date; with COUNT every earlier instance has to be
    /// counted, so expansion starts at DTSTART regardless. Expansion stops
    /// once a period begins after `horizon`.
    pub(super) fn new(
        rule: Option<&'a RRule>,
        start: NaiveDateTime,
        tz: Tz,
        not_before: Option<NaiveDate>,
        horizon: Option<NaiveDate>,
    ) -> RuleStarts<'a> {
        let period = match (rule, not_before) {
            (Some(rule), Some(target)) if rule.count.is_none() => {
                period_near(rule, start.date(), target)
            }
            _ => 0,
        };
        let max_empty = rule.map_or(0, |rule| {
            let days_per_period = match rule.freq {
                Freq::Daily => 1,
                Freq::Weekly => 7,
                Freq::Monthly => 28,
                Freq::Yearly => 365,
            } * i64::from(rule.interval.max(1));
            EMPTY_SPAN_DAYS / days_per_period + 1
        });
        RuleStarts {
            rule,
            start,
            tz,
            period,
            batch: Vec::new(),
            pos: 0,
            emit_start: period == 0,
            emitted: 0,
            empty_run: 0,
            max_empty,
            horizon,
            done: false,
        }
    }

    fn emit(&mut self, local: NaiveDateTime) -> Option<NaiveDateTime> {
        let limit = self
            .rule
            .and_then(|r| r.count)
            .unwrap_or(GENERATION_CAP)
            .min(GENERATION_CAP);
        if self.emitted >= limit {
            self.done = true;
            return None;
        }
        self.emitted += 1;
        Some(local)
    }

    fn within_until(&self, rule: &RRule, local: NaiveDateTime) -> bool {
        match rule.until {
            None => true,
            Some(Until::Date(d)) => local.date() <= d,
            Some(Until::Local(t)) => local <= t,
            Some(Until::Utc(t)) => local_to_utc(self.tz, local) <= t,
        }
    }

    /// Loads the next period with at least one candidate date; false when
    /// the rule is exhausted.
    fn load_next_period(&mut self, rule: &RRule) -> bool {
        let last_date = last_possible_date(rule);
        while self.empty_run <= self.max_empty {
            let Some((first, last)) = period_bounds(rule, self.start.date(), self.period) else {
                return false;
            };
            if last_date.is_some_and(|d| first > d) || self.horizon.is_some_and(|h| first > h) {
                return false;
            }
            self.period += 1;
            self.batch.clear();
            self.pos = 0;
            let mut day = first;
            loop {
                if day_matches(rule, self.start.date(), day) {
                    self.batch.push(day);
                }
                match day.succ_opt() {
                    Some(next) if next <= last => day = next,
                    _ => break,
                }
            }
            apply_set_pos(&rule.by_set_pos, &mut self.batch);
            if self.batch.is_empty() {
                self.empty_run += 1;
            } else {
                self.empty_run = 0;
                return true;
            }
        }
        false
    }
}

impl Iterator for RuleStarts<'_> {
    type Item = NaiveDateTime;

    fn next(&mut self) -> Option<NaiveDateTime> {
        if self.done {
            return None;
        }
        // RFC 5545: DTSTART is always the first instance, and counts toward COUNT.
        if self.emit_start {
            self.emit_start = false;
            return self.emit(self.start);
        }
        let Some(rule) = self.rule else {
            self.done = true;
            return None;
        };
        loop {
            if let Some(&day) = self.batch.get(self.pos) {
                self.pos += 1;
                // DTSTART was emitted already; earlier days of its period are before the series.
                if day <= self.start.date() {
                    continue;
                }
                let local = day.and_time(self.start.time());
                if !self.within_until(rule, local) {
                    self.done = true;
                    return None;
                }
                return self.emit(local);
            }
            if !self.load_next_period(rule) {
                self.done = true;
                return None;
            }
        }
    }
}

/// A date after which UNTIL can no longer match, to stop empty searches
/// early. A UTC UNTIL gets a day's slack for zones ahead of UTC.
fn last_possible_date(rule: &RRule) -> Option<NaiveDate> {
    match rule.until? {
        Until::Date(d) => Some(d),
        Until::Local(t) => Some(t.date()),
        Until::Utc(t) => t.date_naive().succ_opt(),
    }
}

fn months_since_zero(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

fn week_start_of(date: NaiveDate, week_start: Weekday) -> NaiveDate {
    let back = date.weekday().days_since(week_start);
    date.checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(date)
}

/// The last period starting on or before `target`'s period, so expansion
/// can begin there instead of at DTSTART.
fn period_near(rule: &RRule, start: NaiveDate, target: NaiveDate) -> i64 {
    if target <= start {
        return 0;
    }
    let units = match rule.freq {
        Freq::Daily => (target - start).num_days(),
        Freq::Weekly => {
            (week_start_of(target, rule.week_start) - week_start_of(start, rule.week_start))
                .num_days()
                / 7
        }
        Freq::Monthly => months_since_zero(target) - months_since_zero(start),
        Freq::Yearly => i64::from(target.year()) - i64::from(start.year()),
    };
    units.div_euclid(i64::from(rule.interval.max(1))).max(0)
}

fn month_bounds(year: i64, month0: i64) -> Option<(NaiveDate, NaiveDate)> {
    let total = year.checked_mul(12)?.checked_add(month0)?;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = u32::try_from(total.rem_euclid(12)).ok()? + 1;
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((first, next.pred_opt()?))
}

/// First and last local date of period `k` (0 is DTSTART's period).
fn period_bounds(rule: &RRule, start: NaiveDate, k: i64) -> Option<(NaiveDate, NaiveDate)> {
    let step = u64::try_from(k.checked_mul(i64::from(rule.interval.max(1)))?).ok()?;
    match rule.freq {
        Freq::Daily => {
            let day = start.checked_add_days(Days::new(step))?;
            Some((day, day))
        }
        Freq::Weekly => {
            let first = week_start_of(start, rule.week_start)
                .checked_add_days(Days::new(step.checked_mul(7)?))?;
            Some((first, first.checked_add_days(Days::new(6))?))
        }
        Freq::Monthly => month_bounds(
            i64::from(start.year()),
            i64::from(start.month0()).checked_add(i64::try_from(step).ok()?)?,
        ),
        Freq::Yearly => {
            let year =
                i32::try_from(i64::from(start.year()).checked_add(i64::try_from(step).ok()?)?)
                    .ok()?;
            Some((
                NaiveDate::from_ymd_opt(year, 1, 1)?,
                NaiveDate::from_ymd_opt(year, 12, 31)?,
            ))
        }
    }
}

fn days_in_month(date: NaiveDate) -> u32 {
    month_bounds(i64::from(date.year()), i64::from(date.month0()))
        .map_or(31, |(_, last)| last.day())
}

fn month_day_matches(month_day: i8, date: NaiveDate) -> bool {
    let day = i64::from(date.day());
    let wanted = i64::from(month_day);
    if wanted > 0 {
        day == wanted
    } else {
        day == i64::from(days_in_month(date)) + wanted + 1
    }
}

/// Ordinals count within the month for MONTHLY (and YEARLY with BYMONTH),
/// within the year otherwise (RFC 5545 §3.3.10, BYDAY).
fn ordinal_scope(rule: &RRule, date: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    if rule.freq == Freq::Yearly && rule.by_month.is_empty() {
        Some((
            NaiveDate::from_ymd_opt(date.year(), 1, 1)?,
            NaiveDate::from_ymd_opt(date.year(), 12, 31)?,
        ))
    } else {
        month_bounds(i64::from(date.year()), i64::from(date.month0()))
    }
}

fn weekday_matches(rule: &RRule, item: &WeekdayNum, date: NaiveDate) -> bool {
    if date.weekday() != item.weekday {
        return false;
    }
    let Some(n) = item.ordinal else {
        return true;
    };
    let Some((first, last)) = ordinal_scope(rule, date) else {
        return false;
    };
    if n > 0 {
        (date - first).num_days() / 7 + 1 == i64::from(n)
    } else {
        (last - date).num_days() / 7 + 1 == -i64::from(n)
    }
}

/// Whether `date` is in the rule's set for its period. Parts the rule leaves
/// out are taken from DTSTART, as RFC 5545 §3.3.10 describes.
fn day_matches(rule: &RRule, start: NaiveDate, date: NaiveDate) -> bool {
    let month = u8::try_from(date.month()).unwrap_or(0);
    if !rule.by_month.is_empty() && !rule.by_month.contains(&month) {
        return false;
    }
    if !rule.by_month_day.is_empty()
        && !rule
            .by_month_day
            .iter()
            .any(|&md| month_day_matches(md, date))
    {
        return false;
    }
    if !rule.by_day.is_empty() && !rule.by_day.iter().any(|d| weekday_matches(rule, d, date)) {
        return false;
    }
    let picks_days = !rule.by_day.is_empty() || !rule.by_month_day.is_empty();
    match rule.freq {
        Freq::Daily => true,
        Freq::Weekly => !rule.by_day.is_empty() || date.weekday() == start.weekday(),
        Freq::Monthly => picks_days || date.day() == start.day(),
        Freq::Yearly => {
            picks_days
                || ((!rule.by_month.is_empty() || date.month() == start.month())
                    && date.day() == start.day())
        }
    }
}

fn apply_set_pos(positions: &[i16], batch: &mut Vec<NaiveDate>) {
    if positions.is_empty() || batch.is_empty() {
        return;
    }
    let len = i64::try_from(batch.len()).unwrap_or(i64::MAX);
    let mut picked: Vec<NaiveDate> = positions
        .iter()
        .filter_map(|&p| {
            let p = i64::from(p);
            let index = if p > 0 { p - 1 } else { len + p };
            usize::try_from(index)
                .ok()
                .and_then(|i| batch.get(i).copied())
        })
        .collect();
    picked.sort_unstable();
    picked.dedup();
    *batch = picked;
}
