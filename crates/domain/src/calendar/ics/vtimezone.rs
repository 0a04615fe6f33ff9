//! VTIMEZONE components built from chrono-tz.
//!
//! chrono-tz exposes offsets, not the tzdb rules behind them, so the
//! transitions are found by sampling the UTC offset and narrowing each change
//! down to the second. Transitions that repeat yearly on the same weekday
//! rule become one RRULE observance (what Outlook expects and copes with
//! best); irregular ones become explicit onsets (DTSTART plus RDATEs), which
//! RFC 5545 allows and the other clients read.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Timelike, Weekday};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::{escape_text, format_date_time};

/// Zone history to describe before the earliest event.
const LEAD_DAYS: i64 = 367;
/// Sampling step. Two transitions less than this apart that cancel each other
/// out would be missed; no zone does that.
const STEP_HOURS: i64 = 6;
const FIRST_YEAR: i32 = 1800;
const LAST_YEAR: i32 = 2400;
/// Upper bound on the span scanned, whatever the events claim.
const MAX_SPAN_DAYS: i64 = 120 * 366;

/// What an importer needs to know at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ZoneState {
    offset: i32,
    dst: i64,
    name: String,
}

fn state_at(tz: Tz, utc: NaiveDateTime) -> ZoneState {
    let off = tz.offset_from_utc_datetime(&utc);
    let offset = off.fix().local_minus_utc();
    ZoneState {
        offset,
        dst: off.dst_offset().num_seconds(),
        name: off
            .abbreviation()
            .map_or_else(|| numeric_name(offset), str::to_owned),
    }
}

#[derive(Debug, Clone)]
struct Transition {
    utc: NaiveDateTime,
    from: i32,
    to: i32,
    name: String,
    daylight: bool,
}

impl Transition {
    /// Observance onsets are local times in the offset in force before them.
    fn onset(&self) -> NaiveDateTime {
        self.utc + TimeDelta::seconds(i64::from(self.from))
    }
}

fn transitions(tz: Tz, from: NaiveDateTime, to: NaiveDateTime) -> (ZoneState, Vec<Transition>) {
    let step = TimeDelta::hours(STEP_HOURS);
    // Whole seconds throughout, so onsets land exactly on the transition.
    let from = from.with_nanosecond(0).unwrap_or(from);
    let initial = state_at(tz, from);
    let mut found = Vec::new();
    let (mut cursor, mut state) = (from, initial.clone());
    while cursor < to {
        let next = (cursor + step).min(to);
        if state_at(tz, next) == state {
            cursor = next;
            continue;
        }
        let (mut lo, mut hi) = (cursor, next);
        while (hi - lo).num_seconds() > 1 {
            let mid = lo + TimeDelta::seconds((hi - lo).num_seconds() / 2);
            if state_at(tz, mid) == state {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let after = state_at(tz, hi);
        found.push(Transition {
            utc: hi,
            from: state.offset,
            to: after.offset,
            name: after.name.clone(),
            // Compared rather than tested for > 0: Europe/Dublin's tzdb entry
            // has a negative DST offset in winter, and its summer is still
            // the one clients should call daylight time.
            daylight: after.dst > state.dst,
        });
        cursor = hi;
        state = after;
    }
    (initial, found)
}

struct Observance {
    daylight: bool,
    onset: NaiveDateTime,
    from: i32,
    to: i32,
    name: String,
    rrule: Option<String>,
    rdates: Vec<NaiveDateTime>,
}

/// The lines of one VTIMEZONE (unfolded) describing `tz` for events whose
/// wall-clock times fall between `first` and `last`.
pub(super) fn vtimezone_lines(tz: Tz, first: NaiveDateTime, last: NaiveDateTime) -> Vec<String> {
    // tzdb has nothing to say outside these years, and keeping to them means
    // none of the date arithmetic below can overflow.
    let (floor, ceiling) = (year_start(FIRST_YEAR), year_start(LAST_YEAR));
    let first = first.max(floor).min(ceiling);
    let last = last.max(first).min(ceiling);
    // A day of slack either side absorbs the zone's offset from UTC.
    let from = first
        .checked_sub_signed(TimeDelta::days(LEAD_DAYS + 1))
        .unwrap_or(first);
    let to = last
        .checked_add_signed(TimeDelta::days(1))
        .unwrap_or(last)
        .min(
            from.checked_add_signed(TimeDelta::days(MAX_SPAN_DAYS))
                .unwrap_or(last),
        );
    let (initial, found) = transitions(tz, from, to);

    let mut observances = Vec::new();
    let late_start = found
        .first()
        .is_none_or(|t| t.utc > first - TimeDelta::days(1));
    if found.is_empty() {
        observances.push(fixed(&initial, epoch()));
    } else if late_start {
        // Events before the first transition still need an offset.
        let onset = from + TimeDelta::seconds(i64::from(initial.offset));
        observances.push(fixed(&initial, onset));
    }
    observances.extend(group(&found, to));
    observances.sort_by_key(|o| o.onset);

    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", tz.name()),
        // Thunderbird (libical) matches zones by this.
        format!("X-LIC-LOCATION:{}", tz.name()),
    ];
    for o in &observances {
        let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{}", format_date_time(o.onset)));
        lines.push(format!("TZOFFSETFROM:{}", offset_value(o.from)));
        lines.push(format!("TZOFFSETTO:{}", offset_value(o.to)));
        if let Some(rule) = &o.rrule {
            lines.push(format!("RRULE:{rule}"));
        }
        if !o.rdates.is_empty() {
            let dates: Vec<String> = o.rdates.iter().map(|d| format_date_time(*d)).collect();
            lines.push(format!("RDATE:{}", dates.join(",")));
        }
        lines.push(format!("TZNAME:{}", escape_text(&o.name)));
        lines.push(format!("END:{kind}"));
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

fn year_start(year: i32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .unwrap_or_default()
        .and_time(chrono::NaiveTime::MIN)
}

/// Conventional onset for a zone that never changes.
fn epoch() -> NaiveDateTime {
    year_start(1970)
}

/// An observance for a zone that does not change within the span.
fn fixed(state: &ZoneState, onset: NaiveDateTime) -> Observance {
    Observance {
        daylight: state.dst > 0,
        onset,
        from: state.offset,
        to: state.offset,
        name: state.name.clone(),
        rrule: None,
        rdates: Vec::new(),
    }
}

/// Which `BYDAY` ordinals describe a day: its week of the month (1–4) and
/// whether it is in the month's last seven days.
fn ordinals(day: NaiveDateTime) -> (Option<u32>, bool) {
    let nth = (day.day() - 1) / 7 + 1;
    let last = day.day() + 7 > days_in_month(day.year(), day.month());
    ((nth <= 4).then_some(nth), last)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(year, month, *d).is_some())
        .unwrap_or(28)
}

/// A stretch of consecutive years whose onsets share one yearly rule.
struct Run<'a> {
    items: Vec<&'a Transition>,
    nth: Option<u32>,
    last: bool,
}

impl<'a> Run<'a> {
    fn start(t: &'a Transition) -> Self {
        let (nth, last) = ordinals(t.onset());
        Run {
            items: vec![t],
            nth,
            last,
        }
    }

    fn try_extend(&mut self, t: &'a Transition) -> bool {
        let Some(prev) = self.items.last().map(|p| p.onset()) else {
            return false;
        };
        let next = t.onset();
        let same_slot = next.year() == prev.year() + 1
            && next.month() == prev.month()
            && next.weekday() == prev.weekday()
            && next.time() == prev.time();
        let (nth, last) = ordinals(next);
        let nth = self.nth.filter(|n| Some(*n) == nth);
        let last = self.last && last;
        if !same_slot || (nth.is_none() && !last) {
            return false;
        }
        self.items.push(t);
        self.nth = nth;
        self.last = last;
        true
    }

    /// Where the rule would put the next onset (as UTC), one year on.
    fn next_onset(&self) -> Option<NaiveDateTime> {
        let last = self.items.last()?;
        let local = last.onset();
        let (year, month, weekday) = (local.year() + 1, local.month(), local.weekday());
        let date = if self.last {
            (1..=5)
                .rev()
                .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n))
        } else {
            let nth = u8::try_from(self.nth?).ok()?;
            NaiveDate::from_weekday_of_month_opt(year, month, weekday, nth)
        }?;
        Some(date.and_time(local.time()) - TimeDelta::seconds(i64::from(last.from)))
    }

    fn rule(&self, open_ended: bool) -> Option<String> {
        let first = self.items.first()?.onset();
        let until = self.items.last()?.utc;
        // tzdb writes "lastSun" far more often than "4th Sunday".
        let ordinal = if self.last {
            "-1".to_owned()
        } else {
            self.nth?.to_string()
        };
        let mut rule = format!(
            "FREQ=YEARLY;BYMONTH={};BYDAY={ordinal}{}",
            first.month(),
            weekday_code(first.weekday())
        );
        if !open_ended {
            rule.push_str(&format!(";UNTIL={}Z", format_date_time(until)));
        }
        Some(rule)
    }
}

fn group(found: &[Transition], span_end: NaiveDateTime) -> Vec<Observance> {
    // Same kind, offsets and name: the only things an observance can't vary.
    let mut kinds: Vec<Vec<&Transition>> = Vec::new();
    for t in found {
        let same = |k: &&mut Vec<&Transition>| {
            k.first().is_some_and(|f| {
                (f.daylight, f.from, f.to, &f.name) == (t.daylight, t.from, t.to, &t.name)
            })
        };
        match kinds.iter_mut().find(same) {
            Some(kind) => kind.push(t),
            None => kinds.push(vec![t]),
        }
    }

    let mut out = Vec::new();
    for kind in kinds {
        let mut runs: Vec<Run> = Vec::new();
        for t in kind {
            if !runs.last_mut().is_some_and(|r| r.try_extend(t)) {
                runs.push(Run::start(t));
            }
        }
        let mut loose: Vec<&Transition> = Vec::new();
        for run in &runs {
            // Still in force at the span's end if its next onset lies beyond
            // it; a rule that stops (or changes) inside the span gets UNTIL.
            let current = run.next_onset().is_some_and(|next| next > span_end);
            let rule = if run.items.len() >= 2 || current {
                run.rule(current)
            } else {
                None
            };
            match (rule, run.items.first()) {
                (Some(rule), Some(first)) => out.push(Observance {
                    rrule: Some(rule),
                    ..single(first)
                }),
                _ => loose.extend(&run.items),
            }
        }
        if let Some((first, rest)) = loose.split_first() {
            out.push(Observance {
                rdates: rest.iter().map(|t| t.onset()).collect(),
                ..single(first)
            });
        }
    }
    out
}

fn single(t: &Transition) -> Observance {
    Observance {
        daylight: t.daylight,
        onset: t.onset(),
        from: t.from,
        to: t.to,
        name: t.name.clone(),
        rrule: None,
        rdates: Vec::new(),
    }
}

fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// `+HHMM`, or `+HHMMSS` for the odd historical offset; never `-0000`,
/// which RFC 5545 forbids.
fn offset_value(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// tzdb's own spelling for zones without a letter abbreviation: `+03`,
/// `+0530`, `-03`.
fn numeric_name(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (h, m) = (abs / 3600, abs / 60 % 60);
    if m == 0 {
        format!("{sign}{h:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    }
}

#[cfg(test)]
pub(super) fn transitions_for_test(
    tz: Tz,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Vec<(NaiveDateTime, i32, i32)> {
    transitions(tz, from, to)
        .1
        .into_iter()
        .map(|t| (t.utc, t.from, t.to))
        .collect()
}
