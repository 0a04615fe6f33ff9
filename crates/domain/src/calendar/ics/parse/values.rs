//! Property values: dates, date-times and durations, and the zone a TZID
//! names (IANA, Windows or vendor-prefixed), with placing them in time.

use std::collections::HashSet;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::lines::{preview, Property};
use super::{err, IcsError, ParsedStart};

/// A date or date-time value as written, before it is placed in a zone.
#[derive(Debug, Clone, Copy)]
pub(super) enum When {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    Local(NaiveDateTime),
}

/// A value with the zone its TZID parameter named.
#[derive(Debug, Clone)]
pub(super) struct Stamp {
    pub(super) when: When,
    pub(super) tz: Option<Tz>,
    pub(super) tzid: Option<String>,
}

impl Stamp {
    pub(super) fn to_parsed_start(&self) -> ParsedStart {
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
pub(super) fn seconds_between(start: &Stamp, end: &Stamp) -> i64 {
    match (start.instant(), end.instant()) {
        (Some(a), Some(b)) if !matches!(start.when, When::Date(_)) => (b - a).num_seconds(),
        _ => (end.naive() - start.naive()).num_seconds(),
    }
}

/// Expresses `stamp` as a wall-clock time in the zone of `start`, so that
/// exdates line up with the occurrences they cancel.
pub(super) fn in_start_zone(stamp: &Stamp, start: &ParsedStart) -> NaiveDateTime {
    match start {
        ParsedStart::AllDay(_) => stamp.naive().date().and_time(NaiveTime::MIN),
        _ if matches!(stamp.when, When::Date(_)) => stamp.naive(),
        ParsedStart::Utc(_) => stamp
            .instant()
            .map_or_else(|| stamp.naive(), |t| t.naive_utc()),
        // A wall-clock time in the start's own zone stays as written, so an
        // EXDATE or RECURRENCE-ID at a time a clock change skips or doubles
        // still names the rule's occurrence at that time.
        ParsedStart::Local { tz: Some(tz), .. }
            if stamp.tz == Some(*tz) && matches!(stamp.when, When::Local(_)) =>
        {
            stamp.naive()
        }
        ParsedStart::Local { tz: Some(tz), .. } => stamp
            .instant()
            .map_or_else(|| stamp.naive(), |t| t.with_timezone(tz).naive_local()),
        ParsedStart::Local { tz: None, .. } => stamp.naive(),
    }
}

pub(super) fn single_stamp(prop: &Property, zones: &HashSet<String>) -> Result<Stamp, IcsError> {
    let (tz, tzid) = prop_zone(prop, zones)?;
    let when = parse_when(prop, prop.value.trim())?;
    Ok(Stamp { when, tz, tzid })
}

/// Every value of a multi-valued RDATE or EXDATE.
pub(super) fn stamps(prop: &Property, zones: &HashSet<String>) -> Result<Vec<Stamp>, IcsError> {
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
pub(super) fn parse_duration(text: &str) -> Option<i64> {
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
