//! Calendar interchange: iCalendar (RFC 5545) export of changes, trains and
//! windows; import of holiday and freeze calendars as freeze windows; CSV
//! export of the changes of a period.

use std::collections::HashMap;

use chrono::{DateTime, NaiveTime, Utc};
use serde::Serialize;
use signalbox_domain::calendar::ics::{
    self, IcsCalendar, IcsEvent, IcsStart, ParsedEvent, ParsedStart, MAX_ICS_BYTES,
};
use signalbox_domain::calendar::{Change, DeployStatus, Interval, Window, WindowInput, WindowKind};
use signalbox_domain::EntityKind;
use signalbox_store::{environments, trains, windows};
use ts_rs::TS;
use uuid::Uuid;

use super::checks::check_range;
use crate::{ApiError, Result, Workspace};

/// What importing an ICS file stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IcsImportReport {
    /// Freeze windows created.
    pub created: u32,
    /// Events skipped because a window of the same name already exists.
    pub skipped: u32,
}

fn status_text(s: DeployStatus) -> &'static str {
    match s {
        DeployStatus::Planned | DeployStatus::Blocked => "TENTATIVE",
        DeployStatus::Cancelled => "CANCELLED",
        _ => "CONFIRMED",
    }
}

impl Workspace {
    /// The calendar of `[from, to)` as an iCalendar file: the changes in it,
    /// the train targets in it, and every window with an occurrence in it
    /// (with its full recurrence, so calendar apps repeat it themselves).
    pub fn export_ics(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<String> {
        let span = check_range(from, to)?;
        let conn = self.conn();
        let envs: HashMap<Uuid, (String, String)> = environments::list(conn)?
            .into_iter()
            .map(|e| (e.id, (e.name, e.time_zone)))
            .collect();
        let env_name = |id: &Uuid| envs.get(id).map_or("?", |e| e.0.as_str()).to_string();
        let catalog = self.service_index()?;
        let all_trains = trains::list(conn)?;
        let train_names: HashMap<Uuid, &str> =
            all_trains.iter().map(|t| (t.id, t.name.as_str())).collect();
        let mut events: Vec<IcsEvent> = Vec::new();

        self.with_calendar(|cache| {
            for c in cache.overlapping(&span) {
                events.push(change_event(
                    c,
                    &env_name(&c.environment_id),
                    catalog.names(),
                    &train_names,
                ));
            }
        })?;
        for t in &all_trains {
            for target in &t.targets {
                let start = target.date.and_time(NaiveTime::MIN).and_utc();
                let day = Interval {
                    start,
                    end: start + chrono::Duration::days(1),
                };
                if !day.overlaps(&span) {
                    continue;
                }
                let env = env_name(&target.environment_id);
                events.push(IcsEvent {
                    uid: format!("train-{}-{}@signalbox", t.id, target.environment_id),
                    summary: format!("{} reaches {env}", t.name),
                    description: format!(
                        "Release train {} (version {}), owner {}.",
                        t.name, t.version, t.owner
                    ),
                    categories: vec!["Release train".into(), env],
                    start: IcsStart::Utc(start),
                    duration_minutes: 24 * 60,
                    rrule: None,
                    rdates: vec![],
                    exdates: vec![],
                    status: Some("CONFIRMED".into()),
                    transparent: true,
                });
            }
        }
        self.with_facts(span, |facts| {
            for x in facts.windows.expanded() {
                if !x.occurrences.is_empty() {
                    if let Some(e) = window_event(x.window) {
                        events.push(e);
                    }
                }
            }
        })?;
        Ok(ics::write_calendar(
            &IcsCalendar {
                name: "Signalbox release calendar".into(),
                events,
            },
            self.now(),
        ))
    }

    /// Stores the events of an iCalendar file (a holiday or freeze calendar)
    /// as freeze windows, all or none. Events whose window name already
    /// exists are skipped, so importing the same file twice adds nothing.
    pub fn import_ics_freezes(
        &mut self,
        bytes: &[u8],
        soft: bool,
        environment_ids: &[Uuid],
    ) -> Result<IcsImportReport> {
        let refuse = |message: String| ApiError::Import {
            problems: vec![message.clone()],
            message,
        };
        if bytes.len() > MAX_ICS_BYTES {
            return Err(refuse(format!(
                "the file is {:.1} MB; the most accepted is {} MB",
                bytes.len() as f64 / 1_048_576.0,
                MAX_ICS_BYTES / 1_048_576
            )));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            refuse(format!(
                "the file is not UTF-8 text (byte {})",
                e.valid_up_to()
            ))
        })?;
        let parsed = ics::parse_calendar(text).map_err(|e| refuse(e.to_string()))?;
        if parsed.is_empty() {
            return Err(refuse("the file holds no events (VEVENT)".into()));
        }
        let conn = self.conn();
        let mut default_zone = "UTC".to_string();
        for id in environment_ids {
            let env = environments::get(conn, *id)?.ok_or_else(|| {
                ApiError::field("env", format!("environment {id} no longer exists"))
            })?;
            if default_zone == "UTC" {
                default_zone = env.time_zone;
            }
        }
        let repeated = repeated_summaries(&parsed);
        let mut inputs: Vec<WindowInput> = Vec::new();
        let mut problems: Vec<String> = Vec::new();
        for event in &parsed {
            match freeze_input(event, soft, environment_ids, &default_zone, &repeated) {
                Ok(input) => match input.validate() {
                    Ok(valid) => inputs.push(valid),
                    Err(e) => problems.extend(
                        e.0.iter()
                            .map(|f| format!("line {}: {}: {}", event.line, f.field, f.message)),
                    ),
                },
                Err(m) => problems.push(format!("line {}: {m}", event.line)),
            }
        }
        if !problems.is_empty() {
            return Err(ApiError::Import {
                message: format!(
                    "the calendar was not imported: {} problem{} (nothing was saved)",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                ),
                problems,
            });
        }
        self.write(&[EntityKind::Window], |tx, ctx| {
            let mut report = IcsImportReport {
                created: 0,
                skipped: 0,
            };
            let mut seen: Vec<String> = Vec::new();
            for input in inputs {
                let key = input.name.to_lowercase();
                if seen.contains(&key) || windows::id_by_name(tx, &input.name)?.is_some() {
                    report.skipped += 1;
                    continue;
                }
                seen.push(key);
                super::windows_create_in(tx, ctx, input)?;
                report.created += 1;
            }
            Ok(report)
        })
    }

    /// The changes of `[from, to)` as CSV, by start.
    pub fn export_changes_csv(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<String> {
        let span = check_range(from, to)?;
        let conn = self.conn();
        let envs: HashMap<Uuid, String> = environments::list(conn)?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        let train_names: HashMap<Uuid, String> = trains::list(conn)?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let catalog = self.service_index()?;
        let internal = |e: csv::Error| ApiError::Internal(format!("cannot write CSV: {e}"));
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "id",
            "title",
            "environment",
            "services",
            "start",
            "end",
            "owner",
            "train",
            "status",
            "description",
        ])
        .map_err(internal)?;
        self.with_calendar(|cache| -> Result<()> {
            for c in cache.overlapping(&span) {
                let services: Vec<&str> = c
                    .service_ids
                    .iter()
                    .map(|s| catalog.names().get(s).map_or("?", |n| n.as_str()))
                    .collect();
                w.write_record([
                    c.id.to_string(),
                    c.title.clone(),
                    envs.get(&c.environment_id).cloned().unwrap_or_default(),
                    services.join(";"),
                    c.start.to_rfc3339(),
                    c.end.to_rfc3339(),
                    c.owner.clone(),
                    c.train_id
                        .and_then(|t| train_names.get(&t).cloned())
                        .unwrap_or_default(),
                    c.status.as_str().to_string(),
                    c.description.clone(),
                ])
                .map_err(internal)?;
            }
            Ok(())
        })??;
        let bytes = w
            .into_inner()
            .map_err(|e| ApiError::Internal(format!("cannot write CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| ApiError::Internal(e.to_string()))
    }
}

fn change_event(
    c: &Change,
    env: &str,
    names: &HashMap<Uuid, String>,
    trains: &HashMap<Uuid, &str>,
) -> IcsEvent {
    let services: Vec<&str> = c
        .service_ids
        .iter()
        .map(|s| names.get(s).map_or("?", |n| n.as_str()))
        .collect();
    let mut description = format!(
        "Services: {}\nEnvironment: {env}\nStatus: {}",
        services.join(", "),
        c.status.label()
    );
    if !c.owner.is_empty() {
        description.push_str(&format!("\nOwner: {}", c.owner));
    }
    if let Some(t) = c.train_id.and_then(|t| trains.get(&t)) {
        description.push_str(&format!("\nTrain: {t}"));
    }
    if !c.description.is_empty() {
        description.push_str(&format!("\n\n{}", c.description));
    }
    IcsEvent {
        uid: format!("change-{}@signalbox", c.id),
        summary: format!("[{env}] {}", c.title),
        description,
        categories: vec!["Change".into(), env.to_string()],
        start: IcsStart::Utc(c.start),
        duration_minutes: u32::try_from((c.end - c.start).num_minutes()).unwrap_or(u32::MAX),
        rrule: None,
        rdates: vec![],
        exdates: vec![],
        status: Some(status_text(c.status).into()),
        transparent: false,
    }
}

fn window_event(w: &Window) -> Option<IcsEvent> {
    let tz: chrono_tz::Tz = w.time_zone.parse().ok()?;
    let (label, categories) = match (w.kind, w.soft) {
        (WindowKind::Freeze, false) => ("Hard freeze", vec!["Freeze".to_string(), "Hard".into()]),
        (WindowKind::Freeze, true) => ("Soft freeze", vec!["Freeze".to_string(), "Soft".into()]),
        (WindowKind::Maintenance, _) => ("Maintenance window", vec!["Maintenance".to_string()]),
    };
    Some(IcsEvent {
        uid: format!("window-{}@signalbox", w.id),
        summary: format!("{label}: {}", w.name),
        description: w.description.clone(),
        categories,
        start: IcsStart::Local { tz, at: w.start },
        duration_minutes: w.duration_minutes,
        rrule: w.rrule.clone(),
        rdates: w.rdates.clone(),
        exdates: w.exdates.clone(),
        status: Some("CONFIRMED".into()),
        // Windows say what may happen when, not that anyone is busy.
        transparent: true,
    })
}

/// Summaries used by more than one event (yearly holiday exports list each
/// year's holiday as its own event), which get their date added to the name.
fn repeated_summaries(events: &[ParsedEvent]) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for e in events {
        *counts.entry(e.summary.trim().to_lowercase()).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(s, _)| s)
        .collect()
}

fn freeze_input(
    e: &ParsedEvent,
    soft: bool,
    environment_ids: &[Uuid],
    default_zone: &str,
    repeated: &[String],
) -> std::result::Result<WindowInput, String> {
    let (zone, start) = match &e.start {
        ParsedStart::AllDay(d) => (default_zone.to_string(), d.and_time(NaiveTime::MIN)),
        ParsedStart::Utc(t) => ("UTC".to_string(), t.naive_utc()),
        ParsedStart::Local { tz: Some(tz), at, .. } => (tz.name().to_string(), *at),
        ParsedStart::Local { tz: None, tzid: Some(id), .. } => {
            return Err(format!(
                "time zone \"{id}\" is not one Signalbox knows; re-export the calendar with IANA zone names (e.g. Europe/Berlin)"
            ))
        }
        ParsedStart::Local { tz: None, tzid: None, at } => (default_zone.to_string(), *at),
    };
    let summary = e.summary.trim();
    let summary = if summary.is_empty() {
        "Imported freeze"
    } else {
        summary
    };
    let name = if repeated.contains(&summary.to_lowercase()) && e.rrule.is_none() {
        format!("{summary} ({})", start.format("%Y-%m-%d"))
    } else {
        summary.to_string()
    };
    Ok(WindowInput {
        name,
        kind: WindowKind::Freeze,
        soft,
        description: e.description.clone(),
        time_zone: zone,
        start,
        duration_minutes: e.duration_minutes,
        rrule: e.rrule.clone(),
        rdates: e.rdates.clone(),
        exdates: e.exdates.clone(),
        environment_ids: environment_ids.to_vec(),
        service_ids: vec![],
    })
}
