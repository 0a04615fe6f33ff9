//! Freeze (blackout) and maintenance windows: recurring, in a time zone, and
//! scoped to environments and/or services (or to everything).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::recurrence::Recurrence;
use crate::validation::{self, ValidationErrors};

/// Longest window name accepted.
pub const NAME_MAX: usize = 120;
/// Longest window: a year and a day, in minutes.
pub const DURATION_MAX_MINUTES: u32 = 366 * 24 * 60;

/// What a window does to changes inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    /// No changes: a hard freeze blocks, a soft one warns.
    Freeze,
    /// Changes allowed; production changes belong inside one.
    Maintenance,
}

impl WindowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WindowKind::Freeze => "freeze",
            WindowKind::Maintenance => "maintenance",
        }
    }
}

impl fmt::Display for WindowKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WindowKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "freeze" | "blackout" => Ok(WindowKind::Freeze),
            "maintenance" => Ok(WindowKind::Maintenance),
            _ => Err(format!(
                "\"{s}\" is not a window kind; use freeze or maintenance"
            )),
        }
    }
}

/// A window as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Window {
    pub id: Uuid,
    pub name: String,
    pub kind: WindowKind,
    /// A soft freeze warns instead of blocking. Always false for maintenance.
    pub soft: bool,
    pub description: String,
    /// IANA zone the local times are in.
    pub time_zone: String,
    /// Local wall-clock start of the first occurrence.
    #[ts(type = "string")]
    pub start: NaiveDateTime,
    pub duration_minutes: u32,
    /// RFC 5545 RRULE value (without `RRULE:`), or none for one-off dates.
    pub rrule: Option<String>,
    /// Extra local starts.
    #[ts(type = "Array<string>")]
    pub rdates: Vec<NaiveDateTime>,
    /// Local starts skipped.
    #[ts(type = "Array<string>")]
    pub exdates: Vec<NaiveDateTime>,
    /// Empty with `service_ids` empty: everything.
    pub environment_ids: Vec<Uuid>,
    pub service_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Window {
    /// The timing, as the recurrence engine reads it.
    pub fn recurrence(&self) -> Result<Recurrence, String> {
        Recurrence::new(
            &self.time_zone,
            self.start,
            self.duration_minutes,
            self.rrule.as_deref(),
            self.rdates.clone(),
            self.exdates.clone(),
        )
        .map_err(|errors| {
            let parts: Vec<_> = errors.iter().map(|e| e.message.clone()).collect();
            format!("window \"{}\": {}", self.name, parts.join("; "))
        })
    }

    /// True when the window covers `service` in `environment`: an empty
    /// environment list means every environment, an empty service list every
    /// service.
    pub fn applies_to(&self, environment: Uuid, service: Uuid) -> bool {
        self.covers_environment(environment)
            && (self.service_ids.is_empty() || self.service_ids.contains(&service))
    }

    /// True when the window covers some or all services of `environment`.
    pub fn covers_environment(&self, environment: Uuid) -> bool {
        self.environment_ids.is_empty() || self.environment_ids.contains(&environment)
    }

    /// True for a freeze that blocks (not a soft one).
    pub fn is_hard_freeze(&self) -> bool {
        self.kind == WindowKind::Freeze && !self.soft
    }
}

/// What a user submits to create or edit a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WindowInput {
    pub name: String,
    pub kind: WindowKind,
    #[serde(default)]
    pub soft: bool,
    #[serde(default)]
    pub description: String,
    pub time_zone: String,
    #[ts(type = "string")]
    pub start: NaiveDateTime,
    pub duration_minutes: u32,
    #[serde(default)]
    pub rrule: Option<String>,
    #[serde(default)]
    #[ts(type = "Array<string>")]
    pub rdates: Vec<NaiveDateTime>,
    #[serde(default)]
    #[ts(type = "Array<string>")]
    pub exdates: Vec<NaiveDateTime>,
    #[serde(default)]
    pub environment_ids: Vec<Uuid>,
    #[serde(default)]
    pub service_ids: Vec<Uuid>,
}

impl WindowInput {
    /// Trims and checks every field, the recurrence included; that the
    /// environments and services exist is the store's to check.
    pub fn validate(&self) -> Result<WindowInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let name = validation::name(&mut e, "name", "Name", &self.name, NAME_MAX);
        let description = validation::text(
            &mut e,
            "description",
            "Description",
            &self.description,
            false,
            4000,
        );
        let time_zone = self.time_zone.trim().to_string();
        let rrule = self
            .rrule
            .as_deref()
            .map(|r| r.trim().trim_start_matches("RRULE:").trim().to_string())
            .filter(|r| !r.is_empty());
        if self.duration_minutes == 0 {
            e.add(
                "duration_minutes",
                "Duration must be longer than zero, e.g. 90m, 8h or 2d",
            );
        } else if self.duration_minutes > DURATION_MAX_MINUTES {
            e.add(
                "duration_minutes",
                "Duration may be at most 366 days; use a recurrence for longer periods",
            );
        } else if let Err(problems) = Recurrence::new(
            &time_zone,
            self.start,
            self.duration_minutes,
            rrule.as_deref(),
            self.rdates.clone(),
            self.exdates.clone(),
        ) {
            for p in problems {
                e.add(recurrence_field(p.field), p.message);
            }
        }
        e.into_result(WindowInput {
            name,
            kind: self.kind,
            soft: self.kind == WindowKind::Freeze && self.soft,
            description,
            time_zone,
            start: self.start,
            duration_minutes: self.duration_minutes,
            rrule,
            rdates: self.rdates.clone(),
            exdates: self.exdates.clone(),
            environment_ids: validation::unique(&self.environment_ids),
            service_ids: validation::unique(&self.service_ids),
        })
    }
}

/// The input field a recurrence problem belongs to.
fn recurrence_field(field: &str) -> &'static str {
    match field {
        "time_zone" => "time_zone",
        "start" => "start",
        "duration" => "duration_minutes",
        "exdates" => "exdates",
        "rdates" => "rdates",
        _ => "rrule",
    }
}

/// Parses a duration such as `90m`, `8h`, `2d`, `1h30m` or `1d12h` into
/// minutes.
pub fn parse_duration(text: &str) -> Result<u32, String> {
    let t = text.trim().to_ascii_lowercase();
    let bad = || format!("\"{text}\" is not a duration; write it like 90m, 8h, 2d or 1h30m");
    if t.is_empty() {
        return Err(bad());
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit: u64 = match c {
            'm' => 1,
            'h' => 60,
            'd' => 24 * 60,
            'w' => 7 * 24 * 60,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        total = total.saturating_add(n.saturating_mul(unit));
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    if total == 0 {
        return Err(format!(
            "\"{text}\" is zero long; a window must last at least a minute"
        ));
    }
    u32::try_from(total)
        .ok()
        .filter(|m| *m <= DURATION_MAX_MINUTES)
        .ok_or_else(|| format!("\"{text}\" is longer than 366 days"))
}

/// Minutes as text the way `parse_duration` reads it: `1d2h30m`.
pub fn format_duration(minutes: u32) -> String {
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut out = String::new();
    if d > 0 {
        out.push_str(&format!("{d}d"));
    }
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 || out.is_empty() {
        out.push_str(&format!("{m}m"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(parse_duration("90m"), Ok(90));
        assert_eq!(parse_duration("8h"), Ok(480));
        assert_eq!(parse_duration("2d"), Ok(2880));
        assert_eq!(parse_duration("1h30m"), Ok(90));
        assert_eq!(format_duration(90), "1h30m");
        assert_eq!(format_duration(2880), "2d");
        for bad in ["", "h", "10", "-5m", "5x", "0m"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert!(parse_duration("400d").unwrap_err().contains("366"));
    }

    #[test]
    fn zero_duration_is_refused_on_its_field() {
        let input = WindowInput {
            name: "Nightly".into(),
            kind: WindowKind::Maintenance,
            soft: true,
            description: String::new(),
            time_zone: "Europe/London".into(),
            start: NaiveDateTime::parse_from_str("2026-03-01T02:00:00", "%Y-%m-%dT%H:%M:%S")
                .unwrap(),
            duration_minutes: 0,
            rrule: None,
            rdates: vec![],
            exdates: vec![],
            environment_ids: vec![],
            service_ids: vec![],
        };
        let e = input.validate().unwrap_err();
        assert_eq!(e.0[0].field, "duration_minutes");
    }

    #[test]
    fn scope_empty_means_everything() {
        let env = Uuid::from_u128(1);
        let svc = Uuid::from_u128(2);
        let mut w = Window {
            id: Uuid::nil(),
            name: "w".into(),
            kind: WindowKind::Freeze,
            soft: false,
            description: String::new(),
            time_zone: "UTC".into(),
            start: NaiveDateTime::default(),
            duration_minutes: 60,
            rrule: None,
            rdates: vec![],
            exdates: vec![],
            environment_ids: vec![],
            service_ids: vec![],
            created_at: DateTime::default(),
            updated_at: DateTime::default(),
        };
        assert!(w.applies_to(env, svc));
        w.environment_ids = vec![Uuid::from_u128(9)];
        assert!(!w.applies_to(env, svc));
        w.environment_ids = vec![env];
        w.service_ids = vec![Uuid::from_u128(8)];
        assert!(!w.applies_to(env, svc) && w.covers_environment(env));
    }
}
