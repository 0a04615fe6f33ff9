//! The writer: one VCALENDAR with a VTIMEZONE per zone the events use.

use std::collections::BTreeMap;

use chrono::{DateTime, Months, NaiveDateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::clock_changes::{self, Dates, Stamp};
use super::vtimezone::vtimezone_lines;
use super::{escape_text, format_date_time, push_folded, single_line};

/// A calendar to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsCalendar {
    /// Shown by clients as the calendar's name (`X-WR-CALNAME`).
    pub name: String,
    pub events: Vec<IcsEvent>,
}

/// One VEVENT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    /// Stable across exports so a re-import updates instead of duplicating,
    /// e.g. `change-<uuid>@signalbox`.
    pub uid: String,
    pub summary: String,
    /// Empty means no DESCRIPTION property.
    pub description: String,
    /// E.g. `["Freeze", "Hard"]`.
    pub categories: Vec<String>,
    pub start: IcsStart,
    /// Written as an exact DURATION (`PT{h}H{m}M`), never in nominal days, so
    /// a window keeps its length in hours across a DST change.
    pub duration_minutes: u32,
    /// The RRULE value without the `RRULE:` prefix, passed through as is.
    pub rrule: Option<String>,
    /// Extra occurrences, wall-clock times in the start's zone.
    pub rdates: Vec<NaiveDateTime>,
    /// Cancelled occurrences, wall-clock times in the start's zone.
    pub exdates: Vec<NaiveDateTime>,
    /// E.g. `CONFIRMED`, `TENTATIVE`, `CANCELLED`.
    pub status: Option<String>,
    /// `TRANSP:TRANSPARENT` when true: a freeze window should not show the
    /// whole team as busy.
    pub transparent: bool,
}

/// When an event starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcsStart {
    /// An instant; written in the `Z` form, no VTIMEZONE needed.
    Utc(DateTime<Utc>),
    /// A wall-clock time in a zone; recurrences keep that wall-clock time
    /// across DST changes.
    Local { tz: Tz, at: NaiveDateTime },
}

/// Open-ended recurrences get this many years of zone history.
const OPEN_RECURRENCE_YEARS: u32 = 10;

/// Renders `cal` as an iCalendar stream (CRLF line endings, folded lines).
/// `dtstamp` is the export time; every VEVENT carries it as DTSTAMP.
pub fn write_calendar(cal: &IcsCalendar, dtstamp: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Signalbox//Release calendar//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape_text(&cal.name)),
    ];
    for span in zone_spans(&cal.events).values() {
        lines.extend(vtimezone_lines(span.tz, span.first, span.last));
    }
    let stamp = format!("{}Z", format_date_time(dtstamp.naive_utc()));
    for event in &cal.events {
        event_lines(event, &stamp, &mut lines);
    }
    lines.push("END:VCALENDAR".to_owned());

    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 4).sum());
    for line in &lines {
        push_folded(&mut out, line);
    }
    out
}

fn event_lines(event: &IcsEvent, stamp: &str, lines: &mut Vec<String>) {
    let dates = match event.start {
        IcsStart::Utc(at) => Dates {
            start: Stamp::Utc(at),
            rdates: event
                .rdates
                .iter()
                .map(|d| Stamp::Utc(d.and_utc()))
                .collect(),
            exdates: event.exdates.clone(),
            overrides: Vec::new(),
        },
        IcsStart::Local { tz, at } => clock_changes::pin(
            tz,
            at,
            event.duration_minutes,
            event
                .rrule
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty()),
            &event.rdates,
            &event.exdates,
            OPEN_RECURRENCE_YEARS,
        ),
    };
    let zone = match event.start {
        IcsStart::Local { tz, .. } => Some(format!(";TZID={}", param_value(tz.name()))),
        IcsStart::Utc(_) => None,
    };
    let form = Form {
        zone: zone.as_deref(),
    };

    lines.push("BEGIN:VEVENT".to_owned());
    lines.push(format!("UID:{}", escape_text(&event.uid)));
    lines.push(format!("DTSTAMP:{stamp}"));
    lines.push(format!("DTSTART{}", form.value(&dates.start)));
    lines.push(format!(
        "DURATION:{}",
        duration_value(event.duration_minutes)
    ));
    if let Some(rule) = &event.rrule {
        let rule = single_line(rule.trim());
        if !rule.is_empty() {
            lines.push(format!("RRULE:{rule}"));
        }
    }
    // One RDATE line per form: the zone's wall-clock times, then UTC instants.
    let (local, utc): (Vec<Stamp>, Vec<Stamp>) = dates
        .rdates
        .iter()
        .partition(|s| matches!(s, Stamp::Local(_)));
    for group in [local, utc] {
        if let Some(line) = form.list("RDATE", &group) {
            lines.push(line);
        }
    }
    let exdates: Vec<Stamp> = dates
        .exdates
        .iter()
        .map(|&d| match event.start {
            IcsStart::Local { .. } => Stamp::Local(d),
            IcsStart::Utc(_) => Stamp::Utc(d.and_utc()),
        })
        .collect();
    if let Some(line) = form.list("EXDATE", &exdates) {
        lines.push(line);
    }
    describe(event, lines);
    lines.push("END:VEVENT".to_owned());

    for (instance, start) in &dates.overrides {
        lines.push("BEGIN:VEVENT".to_owned());
        lines.push(format!("UID:{}", escape_text(&event.uid)));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!(
            "RECURRENCE-ID{}",
            form.value(&Stamp::Local(*instance))
        ));
        lines.push(format!("DTSTART{}", form.value(start)));
        lines.push(format!(
            "DURATION:{}",
            duration_value(event.duration_minutes)
        ));
        describe(event, lines);
        lines.push("END:VEVENT".to_owned());
    }
}

/// How date-times are written for one event: wall-clock times with its TZID,
/// instants in the `Z` form.
struct Form<'a> {
    zone: Option<&'a str>,
}

impl Form<'_> {
    /// `;TZID=…:value` or `:valueZ`, after the property name.
    fn value(&self, stamp: &Stamp) -> String {
        match (stamp, self.zone) {
            (Stamp::Local(t), Some(zone)) => format!("{zone}:{}", format_date_time(*t)),
            (Stamp::Local(t), None) => format!(":{}", format_date_time(*t)),
            (Stamp::Utc(t), _) => format!(":{}Z", format_date_time(t.naive_utc())),
        }
    }

    /// One property listing `stamps` (all of one form), or nothing when empty.
    fn list(&self, name: &str, stamps: &[Stamp]) -> Option<String> {
        let first = self.value(stamps.first()?);
        let (param, _) = first.split_once(':')?;
        let values: Vec<String> = stamps
            .iter()
            .filter_map(|s| self.value(s).split_once(':').map(|(_, v)| v.to_owned()))
            .collect();
        Some(format!("{name}{param}:{}", values.join(",")))
    }
}

/// The properties every instance of an event repeats: summary, description,
/// categories, status and transparency.
fn describe(event: &IcsEvent, lines: &mut Vec<String>) {
    lines.push(format!("SUMMARY:{}", escape_text(&event.summary)));
    if !event.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(&event.description)));
    }
    let categories: Vec<String> = event
        .categories
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| escape_text(c))
        .collect();
    if !categories.is_empty() {
        lines.push(format!("CATEGORIES:{}", categories.join(",")));
    }
    if let Some(status) = &event.status {
        let status = single_line(status.trim());
        if !status.is_empty() {
            lines.push(format!("STATUS:{status}"));
        }
    }
    let transp = if event.transparent {
        "TRANSPARENT"
    } else {
        "OPAQUE"
    };
    lines.push(format!("TRANSP:{transp}"));
}

/// `PT{h}H{m}M` with zero parts left out (`PT2H`, `PT45M`, `PT0M`): hours,
/// not days, because `P1D` is a nominal day that stretches to 25 hours across
/// a DST change.
fn duration_value(minutes: u32) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// Parameter values containing `:`, `;` or `,` must be quoted; IANA names
/// never do, but the quoting keeps the output well-formed whatever the name.
fn param_value(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// The wall-clock range a zone's VTIMEZONE has to describe.
struct ZoneSpan {
    tz: Tz,
    first: NaiveDateTime,
    last: NaiveDateTime,
}

fn zone_spans(events: &[IcsEvent]) -> BTreeMap<&'static str, ZoneSpan> {
    let mut spans: BTreeMap<&'static str, ZoneSpan> = BTreeMap::new();
    for event in events {
        let IcsStart::Local { tz, at } = event.start else {
            continue;
        };
        let first = event.rdates.iter().copied().fold(at, NaiveDateTime::min);
        let mut last = event.rdates.iter().copied().fold(at, NaiveDateTime::max);
        if event.rrule.is_some() {
            // The rule stays opaque here, so an end it may carry is not
            // known: assume it runs on for a while.
            let open_end = at
                .checked_add_months(Months::new(OPEN_RECURRENCE_YEARS * 12))
                .unwrap_or(at);
            last = last.max(open_end);
        }
        let length = TimeDelta::minutes(i64::from(event.duration_minutes));
        last = last.checked_add_signed(length).unwrap_or(last);
        spans
            .entry(tz.name())
            .and_modify(|span| {
                span.first = span.first.min(first);
                span.last = span.last.max(last);
            })
            .or_insert(ZoneSpan { tz, first, last });
    }
    spans
}
