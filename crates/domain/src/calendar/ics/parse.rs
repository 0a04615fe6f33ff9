//! The reader, for holiday and freeze calendars exported by other tools.
//!
//! It is lenient about what real exports get wrong (LF endings, blank lines,
//! unknown properties and components) and strict about what would make the
//! import wrong (unbalanced components, unreadable dates, zones it cannot
//! place), and every error names the physical line it came from.

use std::collections::HashSet;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::unescape_text;

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

/// One content line after unfolding, with the physical line it started on.
struct Logical {
    line: usize,
    text: String,
}

fn unfold(text: &str) -> Vec<Logical> {
    let mut out: Vec<Logical> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let continued = raw.starts_with([' ', '\t']);
        match out.last_mut() {
            Some(prev) if continued => prev.text.push_str(&raw[1..]),
            _ if raw.trim().is_empty() => {}
            _ => out.push(Logical {
                line: index + 1,
                text: raw.to_owned(),
            }),
        }
    }
    out
}

struct Property {
    line: usize,
    /// Upper-cased.
    name: String,
    /// Upper-cased names; values unquoted, several values joined by commas.
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start of a line for an error message, escaped so that binary garbage
/// cannot garble it.
fn preview(text: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = text
        .chars()
        .take(MAX)
        .flat_map(char::escape_debug)
        .collect();
    if text.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

fn parse_property(logical: &Logical) -> Result<Property, IcsError> {
    let text = logical.text.as_str();
    let bytes = text.as_bytes();
    let no_colon = || err(logical.line, format!("\"{}\" has no ':'", preview(text)));
    // Delimiters are ASCII, so byte positions found here are char boundaries.
    let mut i = bytes
        .iter()
        .position(|b| matches!(b, b';' | b':'))
        .ok_or_else(no_colon)?;
    let name = text[..i].trim().to_ascii_uppercase();
    if name.is_empty() {
        return Err(err(
            logical.line,
            format!("\"{}\" has no property name", preview(text)),
        ));
    }
    let mut params = Vec::new();
    while bytes.get(i) == Some(&b';') {
        i += 1;
        let start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b';' | b':') {
            i += 1;
        }
        let param = text[start..i].trim().to_ascii_uppercase();
        if bytes.get(i) != Some(&b'=') {
            params.push((param, String::new()));
            continue;
        }
        i += 1;
        let mut value = String::new();
        loop {
            if bytes.get(i) == Some(&b'"') {
                let close = text[i + 1..].find('"').ok_or_else(|| {
                    err(
                        logical.line,
                        format!("\"{}\" has an unclosed quote", preview(text)),
                    )
                })?;
                value.push_str(&text[i + 1..i + 1 + close]);
                i += close + 2;
            } else {
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b',' | b';' | b':') {
                    i += 1;
                }
                value.push_str(&text[start..i]);
            }
            if bytes.get(i) != Some(&b',') {
                break;
            }
            value.push(',');
            i += 1;
        }
        params.push((param, value));
    }
    if bytes.get(i) != Some(&b':') {
        return Err(no_colon());
    }
    Ok(Property {
        line: logical.line,
        name,
        params,
        value: text[i + 1..].to_owned(),
    })
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

/// A date or date-time value as written, before it is placed in a zone.
#[derive(Debug, Clone, Copy)]
enum When {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    Local(NaiveDateTime),
}

/// A value with the zone its TZID parameter named.
#[derive(Debug, Clone)]
struct Stamp {
    when: When,
    tz: Option<Tz>,
    tzid: Option<String>,
}

impl Stamp {
    fn to_parsed_start(&self) -> ParsedStart {
        match self.when {
            When::Date(day) => ParsedStart::AllDay(day),
            When::Utc(at) => ParsedStart::Utc(at.and_utc()),
            When::Local(at) => ParsedStart::Local {
                tz: self.tz,
                tzid: self.tzid.clone(),
                at,
            },
        }
    }

    /// The instant, when the zone is known.
    fn instant(&self) -> Option<DateTime<Utc>> {
        match (self.when, self.tz) {
            (When::Utc(at), _) => Some(at.and_utc()),
            (When::Local(at), Some(tz)) => Some(local_to_utc(tz, at)),
            _ => None,
        }
    }

    /// The wall-clock reading as written.
    fn naive(&self) -> NaiveDateTime {
        match self.when {
            When::Date(day) => day.and_time(NaiveTime::MIN),
            When::Utc(at) | When::Local(at) => at,
        }
    }
}

/// Ambiguous times take the first occurrence and times in a spring-forward
/// gap use the offset before the gap, as RFC 5545 §3.3.5 prescribes.
fn local_to_utc(tz: Tz, at: NaiveDateTime) -> DateTime<Utc> {
    if let Some(first) = tz.from_local_datetime(&at).earliest() {
        return first.with_timezone(&Utc);
    }
    let before = at - TimeDelta::days(1);
    let offset = tz.offset_from_utc_datetime(&before).fix().local_minus_utc();
    (at - TimeDelta::seconds(i64::from(offset))).and_utc()
}

/// The length from `start` to `end`: exact when both instants are known,
/// else (floating or unplaceable zones, all-day events) by the wall clock.
fn seconds_between(start: &Stamp, end: &Stamp) -> i64 {
    match (start.instant(), end.instant()) {
        (Some(a), Some(b)) if !matches!(start.when, When::Date(_)) => (b - a).num_seconds(),
        _ => (end.naive() - start.naive()).num_seconds(),
    }
}

/// Expresses `stamp` as a wall-clock time in the zone of `start`, so that
/// exdates line up with the occurrences they cancel.
fn in_start_zone(stamp: &Stamp, start: &ParsedStart) -> NaiveDateTime {
    match start {
        ParsedStart::AllDay(_) => stamp.naive().date().and_time(NaiveTime::MIN),
        _ if matches!(stamp.when, When::Date(_)) => stamp.naive(),
        ParsedStart::Utc(_) => stamp
            .instant()
            .map_or_else(|| stamp.naive(), |t| t.naive_utc()),
        ParsedStart::Local { tz: Some(tz), .. } => stamp
            .instant()
            .map_or_else(|| stamp.naive(), |t| t.with_timezone(tz).naive_local()),
        ParsedStart::Local { tz: None, .. } => stamp.naive(),
    }
}

fn single_stamp(prop: &Property, zones: &HashSet<String>) -> Result<Stamp, IcsError> {
    let (tz, tzid) = prop_zone(prop, zones)?;
    let when = parse_when(prop, prop.value.trim())?;
    Ok(Stamp { when, tz, tzid })
}

/// Every value of a multi-valued RDATE or EXDATE.
fn stamps(prop: &Property, zones: &HashSet<String>) -> Result<Vec<Stamp>, IcsError> {
    let (tz, tzid) = prop_zone(prop, zones)?;
    let mut out = Vec::new();
    for raw in prop.value.split(',') {
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        // A PERIOD ("start/end" or "start/duration"): only its start fits.
        let raw = raw.split_once('/').map_or(raw, |(start, _)| start);
        out.push(Stamp {
            when: parse_when(prop, raw)?,
            tz,
            tzid: tzid.clone(),
        });
    }
    Ok(out)
}

fn parse_when(prop: &Property, raw: &str) -> Result<When, IcsError> {
    let date_only = prop
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    let parsed = if date_only {
        parse_date(raw).map(When::Date)
    } else {
        parse_date_time(raw)
    };
    parsed.ok_or_else(|| {
        let expected = if date_only {
            "is not a date (expected YYYYMMDD)"
        } else {
            "is not a date-time (expected YYYYMMDD or YYYYMMDDTHHMMSS[Z])"
        };
        err(
            prop.line,
            format!("{} \"{}\" {expected}", prop.name, preview(raw)),
        )
    })
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 {
        return None;
    }
    let year = i32::try_from(digits(text.get(0..4)?)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(text.get(4..6)?)?, digits(text.get(6..8)?)?)
}

/// Without VALUE=DATE a bare date is still read as one: some exporters
/// leave the parameter out.
fn parse_date_time(text: &str) -> Option<When> {
    if text.len() == 8 {
        return parse_date(text).map(When::Date);
    }
    let (body, utc) = match text.strip_suffix(['Z', 'z']) {
        Some(body) => (body, true),
        None => (text, false),
    };
    let (date, time) = body.split_once(['T', 't'])?;
    if time.len() != 6 {
        return None;
    }
    let date = parse_date(date)?;
    let time = NaiveTime::from_hms_opt(
        digits(time.get(0..2)?)?,
        digits(time.get(2..4)?)?,
        digits(time.get(4..6)?)?,
    )?;
    let at = date.and_time(time);
    Some(if utc { When::Utc(at) } else { When::Local(at) })
}

/// RFC 5545 DURATION in seconds (days and weeks nominal, as 24 h and 7 d).
/// Accepts the combinations RFC 5545 allows and a few it doesn't (`P1W2D`).
fn parse_duration(text: &str) -> Option<i64> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let (date_part, time_part) = match rest.split_once(['T', 't']) {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut total: i64 = 0;
    let mut any = false;
    for (part, units) in [
        (Some(date_part), &[('W', 7 * 86_400), ('D', 86_400)][..]),
        (time_part, &[('H', 3_600), ('M', 60), ('S', 1)][..]),
    ] {
        let Some(mut part) = part else { continue };
        for (unit, seconds) in units {
            let upper = part.to_ascii_uppercase();
            if let Some(pos) = upper.find(*unit) {
                let n = i64::from(digits(&part[..pos])?);
                total = total.checked_add(n.checked_mul(*seconds)?)?;
                part = &part[pos + 1..];
                any = true;
            }
        }
        if !part.is_empty() {
            return None;
        }
    }
    any.then_some(sign * total)
}

/// Outlook writes Windows zone names as TZIDs; the common ones map to the
/// IANA zone Windows itself treats as their representative.
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kyiv"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Canada Central Standard Time", "America/Regina"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("Cen. Australia Standard Time", "Australia/Adelaide"),
    ("AUS Central Standard Time", "Australia/Darwin"),
    ("W. Australia Standard Time", "Australia/Perth"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("India Standard Time", "Asia/Kolkata"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("UTC", "Etc/UTC"),
    ("Coordinated Universal Time", "Etc/UTC"),
];

/// The zone a property's TZID names: `(None, None)` for floating or UTC
/// values, `(None, Some(tzid))` for a zone only the file's VTIMEZONE knows.
fn prop_zone(
    prop: &Property,
    zones: &HashSet<String>,
) -> Result<(Option<Tz>, Option<String>), IcsError> {
    let Some(tzid) = prop.param("TZID").map(str::trim) else {
        return Ok((None, None));
    };
    if let Some(tz) = known_zone(tzid) {
        return Ok((Some(tz), Some(tzid.to_owned())));
    }
    if zones.contains(tzid) {
        return Ok((None, Some(tzid.to_owned())));
    }
    Err(err(
        prop.line,
        format!(
            "{} has TZID \"{}\", which is neither an IANA zone nor defined in the file",
            prop.name,
            preview(tzid)
        ),
    ))
}

fn known_zone(tzid: &str) -> Option<Tz> {
    if let Ok(tz) = Tz::from_str(tzid) {
        return Some(tz);
    }
    if let Some((_, iana)) = WINDOWS_ZONES
        .iter()
        .find(|(windows, _)| windows.eq_ignore_ascii_case(tzid))
    {
        return Tz::from_str(iana).ok();
    }
    // Older Thunderbird and Evolution exports prefix the IANA name with a
    // vendor path, e.g. "/mozilla.org/20050126_1/Europe/London".
    let segments: Vec<&str> = tzid.split('/').collect();
    (1..segments.len()).find_map(|skip| Tz::from_str(&segments[skip..].join("/")).ok())
}
