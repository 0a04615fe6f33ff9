//! The reader, for holiday and freeze calendars exported by other tools.
//!
//! It is lenient about what real exports get wrong (LF endings, blank lines,
//! unknown properties and components) and strict about what would make the
//! import wrong (unbalanced components, unreadable dates, zones it cannot
//! place), and every error names the physical line it came from.

mod lines;
mod values;

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::unescape_text;
use lines::{parse_property, preview, unfold, Logical, Property};
use values::{in_start_zone, parse_duration, seconds_between, single_stamp, stamps, Stamp, When};

/// The largest file [`parse_calendar`] accepts.
pub const MAX_ICS_BYTES: usize = 5 * 1024 * 1024;

/// One imported VEVENT.
///
/// A modified instance of a recurring event (a VEVENT with RECURRENCE-ID)
/// comes out as its own event with the master's UID, and the instance it
/// replaces is added to the master's `exdates`; a cancelled instance only
/// adds the exdate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEvent {
    pub uid: Option<String>,
    /// Empty when the event has no SUMMARY.
    pub summary: String,
    pub description: String,
    pub start: ParsedStart,
    /// From DURATION (a nominal day counts as 1440 minutes) or DTEND − DTSTART
    /// (an exact difference when both zones are known). Seconds round up.
    pub duration_minutes: u32,
    /// The raw RRULE value.
    pub rrule: Option<String>,
    /// Wall-clock times in the start's zone (converted when the file gave them
    /// in another one); midnight for all-day events. A PERIOD keeps its start.
    pub rdates: Vec<NaiveDateTime>,
    /// As `rdates`.
    pub exdates: Vec<NaiveDateTime>,
    /// The line of the event's BEGIN:VEVENT.
    pub line: usize,
}

/// When an imported event starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedStart {
    /// `VALUE=DATE`: the whole day, wherever the reader is.
    AllDay(NaiveDate),
    Utc(DateTime<Utc>),
    /// A wall-clock time. `tzid` is the file's TZID (`None`: floating time);
    /// `tz` is its IANA zone when known — directly, through the table of
    /// Windows names, or `None` for a zone the file defines under another name.
    Local {
        tz: Option<Tz>,
        tzid: Option<String>,
        at: NaiveDateTime,
    },
}

/// Why a file could not be imported. Line 0 means the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct IcsError {
    pub line: usize,
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> IcsError {
    IcsError {
        line,
        message: message.into(),
    }
}

/// Reads the VEVENTs of an iCalendar file (one or more VCALENDARs), in file
/// order. Other components are checked for balance and otherwise skipped.
pub fn parse_calendar(text: &str) -> Result<Vec<ParsedEvent>, IcsError> {
    if text.len() > MAX_ICS_BYTES {
        let mb = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
        return Err(err(
            0,
            format!(
                "the file is {:.1} MB; the most accepted is {} MB",
                mb(text.len()),
                MAX_ICS_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);

    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut current: Option<Pending> = None;
    let mut defined_zones: HashSet<String> = HashSet::new();
    let mut seen_any = false;

    for logical in unfold(text) {
        seen_any = true;
        let prop = parse_property(&logical)?;
        let line = prop.line;
        match prop.name.as_str() {
            "BEGIN" => {
                let component = prop.value.trim().to_ascii_uppercase();
                if stack.is_empty() && component != "VCALENDAR" {
                    return Err(not_a_calendar(&logical));
                }
                if stack.len() == 1 && component == "VEVENT" {
                    current = Some(Pending::new(line));
                }
                stack.push((component, line));
            }
            "END" => {
                let component = prop.value.trim().to_ascii_uppercase();
                match stack.pop() {
                    None => {
                        return Err(err(line, format!("END:{component} without a BEGIN")));
                    }
                    Some((open, open_line)) if open != component => {
                        return Err(err(
                            line,
                            format!("END:{component} closes BEGIN:{open} from line {open_line}"),
                        ));
                    }
                    Some(_) => {
                        if stack.len() == 1 && component == "VEVENT" {
                            pending.extend(current.take());
                        }
                    }
                }
            }
            _ => match stack.as_slice() {
                [] => return Err(not_a_calendar(&logical)),
                [_, (top, _)] if top == "VEVENT" => {
                    if let Some(event) = current.as_mut() {
                        event.take(prop);
                    }
                }
                [_, (top, _)] if top == "VTIMEZONE" && prop.name == "TZID" => {
                    // TZID is TEXT, so a comma in an Outlook display name may
                    // come escaped here but never in the TZID parameter.
                    let tzid = prop.value.trim();
                    defined_zones.insert(unescape_text(tzid));
                    defined_zones.insert(tzid.to_owned());
                }
                _ => {}
            },
        }
    }
    if let Some((component, line)) = stack.last() {
        return Err(err(
            *line,
            format!("BEGIN:{component} is never closed (the file ends before END:{component})"),
        ));
    }
    if !seen_any {
        return Err(err(0, "the file is empty; expected BEGIN:VCALENDAR"));
    }

    let mut events = Vec::with_capacity(pending.len());
    let mut overrides = Vec::new();
    for p in pending {
        let (event, recurrence) = p.finish(&defined_zones)?;
        match recurrence {
            Some(instance) => overrides.push((event, instance)),
            None => events.push(event),
        }
    }
    apply_overrides(&mut events, overrides);
    events.sort_by_key(|e| e.line);
    Ok(events)
}

fn not_a_calendar(logical: &Logical) -> IcsError {
    err(
        logical.line,
        format!(
            "expected BEGIN:VCALENDAR, found \"{}\"",
            preview(&logical.text)
        ),
    )
}

/// What a RECURRENCE-ID override says about its master: which occurrence it
/// replaces, and whether anything takes its place.
struct Instance {
    stamp: Stamp,
    cancelled: bool,
}

fn apply_overrides(events: &mut Vec<ParsedEvent>, overrides: Vec<(ParsedEvent, Instance)>) {
    for (event, instance) in overrides {
        let master = events.iter_mut().find(|m| {
            m.uid.is_some() && m.uid == event.uid && (m.rrule.is_some() || !m.rdates.is_empty())
        });
        if let Some(master) = master {
            let replaced = in_start_zone(&instance.stamp, &master.start);
            if !master.exdates.contains(&replaced) {
                master.exdates.push(replaced);
            }
        }
        if !instance.cancelled {
            events.push(event);
        }
    }
}

/// A VEVENT's properties as read, resolved once the whole file (and so every
/// VTIMEZONE, which may come after the events) has been seen.
struct Pending {
    line: usize,
    uid: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    dtstart: Option<Property>,
    dtend: Option<Property>,
    duration: Option<Property>,
    rrule: Option<String>,
    rdates: Vec<Property>,
    exdates: Vec<Property>,
    recurrence_id: Option<Property>,
    cancelled: bool,
}

impl Pending {
    fn new(line: usize) -> Self {
        Pending {
            line,
            uid: None,
            summary: None,
            description: None,
            dtstart: None,
            dtend: None,
            duration: None,
            rrule: None,
            rdates: Vec::new(),
            exdates: Vec::new(),
            recurrence_id: None,
            cancelled: false,
        }
    }

    /// Single-valued properties keep their first occurrence.
    fn take(&mut self, prop: Property) {
        match prop.name.as_str() {
            "UID" => {
                let uid = unescape_text(prop.value.trim());
                self.uid.get_or_insert(uid);
            }
            "SUMMARY" => {
                let summary = unescape_text(&prop.value);
                self.summary.get_or_insert(summary);
            }
            "DESCRIPTION" => {
                let description = unescape_text(&prop.value);
                self.description.get_or_insert(description);
            }
            "RRULE" => {
                let rule = prop.value.trim().to_owned();
                self.rrule.get_or_insert(rule);
            }
            "STATUS" => self.cancelled = prop.value.trim().eq_ignore_ascii_case("CANCELLED"),
            "DTSTART" => {
                self.dtstart.get_or_insert(prop);
            }
            "DTEND" => {
                self.dtend.get_or_insert(prop);
            }
            "DURATION" => {
                self.duration.get_or_insert(prop);
            }
            "RECURRENCE-ID" => {
                self.recurrence_id.get_or_insert(prop);
            }
            "RDATE" => self.rdates.push(prop),
            "EXDATE" => self.exdates.push(prop),
            _ => {}
        }
    }

    fn finish(self, zones: &HashSet<String>) -> Result<(ParsedEvent, Option<Instance>), IcsError> {
        let dtstart = self
            .dtstart
            .ok_or_else(|| err(self.line, "VEVENT has no DTSTART"))?;
        let start = single_stamp(&dtstart, zones)?;

        let duration_minutes = match (&self.dtend, &self.duration) {
            (Some(end), Some(duration)) => {
                let later = end.line.max(duration.line);
                return Err(err(later, "VEVENT has both DTEND and DURATION"));
            }
            (Some(end), None) => {
                let end_stamp = single_stamp(end, zones)?;
                let seconds = seconds_between(&start, &end_stamp);
                if seconds < 0 {
                    return Err(err(
                        end.line,
                        format!(
                            "DTEND \"{}\" is before DTSTART \"{}\"",
                            preview(end.value.trim()),
                            preview(dtstart.value.trim())
                        ),
                    ));
                }
                minutes(seconds, end.line)?
            }
            (None, Some(duration)) => {
                let seconds = parse_duration(duration.value.trim()).ok_or_else(|| {
                    err(
                        duration.line,
                        format!(
                            "DURATION \"{}\" is not a duration (expected e.g. PT1H30M, P1D, P1W)",
                            preview(duration.value.trim())
                        ),
                    )
                })?;
                if seconds < 0 {
                    return Err(err(
                        duration.line,
                        format!("DURATION \"{}\" is negative", duration.value.trim()),
                    ));
                }
                minutes(seconds, duration.line)?
            }
            (None, None) if matches!(start.when, When::Date(_)) => MINUTES_PER_DAY,
            (None, None) => 0,
        };

        let parsed_start = start.to_parsed_start();
        let mut rdates = Vec::new();
        for prop in &self.rdates {
            for stamp in stamps(prop, zones)? {
                rdates.push(in_start_zone(&stamp, &parsed_start));
            }
        }
        let mut exdates = Vec::new();
        for prop in &self.exdates {
            for stamp in stamps(prop, zones)? {
                exdates.push(in_start_zone(&stamp, &parsed_start));
            }
        }
        let instance = match &self.recurrence_id {
            Some(prop) => Some(Instance {
                stamp: single_stamp(prop, zones)?,
                cancelled: self.cancelled,
            }),
            None => None,
        };

        let event = ParsedEvent {
            uid: self.uid,
            summary: self.summary.unwrap_or_default(),
            description: self.description.unwrap_or_default(),
            start: parsed_start,
            duration_minutes,
            rrule: self.rrule,
            rdates,
            exdates,
            line: self.line,
        };
        Ok((event, instance))
    }
}

const MINUTES_PER_DAY: u32 = 24 * 60;

fn minutes(seconds: i64, line: usize) -> Result<u32, IcsError> {
    let whole = seconds.div_euclid(60) + i64::from(seconds.rem_euclid(60) != 0);
    u32::try_from(whole).map_err(|_| err(line, "the event lasts too long"))
}
