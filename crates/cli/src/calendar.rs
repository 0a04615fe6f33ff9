//! The calendar commands: gate, windows, changes, trains, calendar interchange.

use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use signalbox_api::calendar::CalendarQuery;
use signalbox_api::domain::calendar::{
    window::{format_duration, parse_duration},
    ChangeInput, Conflict, Severity, TrainInput, TrainStatus, TrainTarget, WindowInput, WindowKind,
};
use signalbox_api::{ApiError, Workspace};
use uuid::Uuid;

use crate::args::{
    AddChange, AddWindow, CalendarCmd, ChangesCmd, Period, TrainsCmd, WindowKindArg, WindowsCmd,
};
use crate::run::{emit, print_raw, write_file, Result};

/// Exit code when the gate says no, or conflicts include errors.
const REFUSED: u8 = 2;

/// Parses an RFC 3339 time given to `flag`.
pub fn time(flag: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            ApiError::field(
                flag,
                format!("\"{text}\" is not an RFC 3339 time; write it like 2026-03-29T01:30:00Z or 2026-03-29T03:30:00+02:00"),
            )
        })
}

/// Parses a local date-time (no offset) given to `flag`.
fn local(flag: &str, text: &str) -> Result<NaiveDateTime> {
    let t = text.trim();
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(v) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(v);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default());
    }
    Err(ApiError::field(
        flag,
        format!("\"{text}\" is not a local date and time; write it like 2026-03-29T02:00 (no offset: the window's --tz applies)"),
    ))
}

fn period(ws: &Workspace, p: &Period) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    let from = match &p.from {
        Some(t) => time("from", t)?,
        None => ws.clock_now(),
    };
    let to = match &p.to {
        Some(t) => time("to", t)?,
        None => from + Duration::days(30),
    };
    Ok((from, to))
}

fn environment(ws: &Workspace, flag: &str, name: &str) -> Result<Uuid> {
    ws.environment_id_by_name(name)?
        .ok_or_else(|| ApiError::field(flag, format!("no environment called \"{name}\"")))
}

pub(crate) fn service(ws: &Workspace, flag: &str, name: &str) -> Result<Uuid> {
    ws.service_id_by_name(name)?
        .ok_or_else(|| ApiError::field(flag, format!("no service called \"{name}\"")))
}

fn conflict_lines(conflicts: &[Conflict]) -> String {
    conflicts
        .iter()
        .map(|c| {
            let tag = match c.severity {
                Severity::Error => "error  ",
                Severity::Warning => "warning",
            };
            format!("  {tag} {}", c.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn gate(
    ws: &Workspace,
    service: &str,
    env: &str,
    at: Option<&str>,
    json: bool,
) -> Result<ExitCode> {
    let at = at.map(|t| time("at", t)).transpose()?;
    let report = ws.gate(service, env, at)?;
    emit(json, &report, || {
        let when = report.at.format("%Y-%m-%d %H:%M:%S UTC");
        let mut out = if report.allowed {
            format!(
                "ALLOWED: {} may deploy to {} at {when}.",
                report.service, report.environment
            )
        } else {
            format!(
                "BLOCKED: {} may not deploy to {} at {when}:\n{}",
                report.service,
                report.environment,
                conflict_lines(&report.blocking)
            )
        };
        if !report.warnings.is_empty() {
            out.push_str(&format!(
                "\nWarnings:\n{}",
                conflict_lines(&report.warnings)
            ));
        }
        out
    })?;
    Ok(if report.allowed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(REFUSED)
    })
}

pub fn windows(ws: &mut Workspace, cmd: WindowsCmd, json: bool) -> Result<()> {
    match cmd {
        WindowsCmd::List => {
            let list = ws.list_windows()?;
            emit(json, &list, || {
                let mut out = format!(
                    "{:<40} {:<12} {:<20} {:<19} {:<8} {}\n",
                    "NAME", "KIND", "TIME ZONE", "START (LOCAL)", "LENGTH", "RULE"
                );
                for w in &list {
                    let kind = match (w.kind, w.soft) {
                        (WindowKind::Freeze, true) => "soft freeze",
                        (WindowKind::Freeze, false) => "hard freeze",
                        (WindowKind::Maintenance, _) => "maintenance",
                    };
                    out.push_str(&format!(
                        "{:<40} {:<12} {:<20} {:<19} {:<8} {}\n",
                        w.name,
                        kind,
                        w.time_zone,
                        w.start.format("%Y-%m-%d %H:%M"),
                        format_duration(w.duration_minutes),
                        w.rrule.as_deref().unwrap_or("(one-off)")
                    ));
                }
                out.push_str(&format!("{} windows", list.len()));
                out
            })
        }
        WindowsCmd::Add(a) => {
            let input = window_input(ws, a)?;
            let w = ws.create_window(&input)?;
            emit(json, &w, || {
                format!("Added window \"{}\" ({}).", w.name, w.id)
            })
        }
        WindowsCmd::Remove { name } => {
            let id = ws.window_id_by_name(&name)?;
            ws.delete_window(id)?;
            emit(json, &serde_json::json!({ "removed": name }), || {
                format!("Removed window \"{name}\".")
            })
        }
    }
}

fn window_input(ws: &Workspace, a: Box<AddWindow>) -> Result<WindowInput> {
    let duration_minutes =
        parse_duration(&a.duration).map_err(|m| ApiError::field("duration", m))?;
    Ok(WindowInput {
        name: a.name,
        kind: match a.kind {
            WindowKindArg::Freeze => WindowKind::Freeze,
            WindowKindArg::Maintenance => WindowKind::Maintenance,
        },
        soft: a.soft,
        description: a.description,
        time_zone: a.tz,
        start: local("start", &a.start)?,
        duration_minutes,
        rrule: a.rrule,
        rdates: a
            .rdate
            .iter()
            .map(|t| local("rdate", t))
            .collect::<Result<_>>()?,
        exdates: a
            .exdate
            .iter()
            .map(|t| local("exdate", t))
            .collect::<Result<_>>()?,
        environment_ids: a
            .env
            .iter()
            .map(|e| environment(ws, "env", e))
            .collect::<Result<_>>()?,
        service_ids: a
            .service
            .iter()
            .map(|s| service(ws, "service", s))
            .collect::<Result<_>>()?,
    })
}

pub fn changes(ws: &mut Workspace, cmd: ChangesCmd, json: bool) -> Result<ExitCode> {
    match cmd {
        ChangesCmd::Add(a) => {
            let input = change_input(ws, a)?;
            let change = ws.create_change(&input)?;
            let conflicts = ws.check_change(&signalbox_api::calendar::ChangeDraft {
                id: Some(change.id),
                input,
            })?;
            let out = serde_json::json!({ "change": change, "conflicts": conflicts });
            emit(json, &out, || {
                let mut text = format!("Planned \"{}\" ({}).", change.title, change.id);
                if !conflicts.is_empty() {
                    text.push_str(&format!("\nConflicts:\n{}", conflict_lines(&conflicts)));
                }
                text
            })?;
        }
        ChangesCmd::List(p) => {
            let (from, to) = period(ws, &p)?;
            let view = ws.calendar(&CalendarQuery {
                from,
                to,
                environment_ids: vec![],
                team_id: None,
                train_id: None,
                service_ids: vec![],
                statuses: vec![],
                with_conflicts: false,
            })?;
            let envs: std::collections::HashMap<Uuid, String> = ws
                .list_environments()?
                .into_iter()
                .map(|e| (e.id, e.name))
                .collect();
            emit(json, &view.changes, || {
                let mut out = format!(
                    "{:<17} {:<17} {:<14} {:<12} {}\n",
                    "START (UTC)", "END (UTC)", "ENVIRONMENT", "STATUS", "TITLE"
                );
                for c in &view.changes {
                    out.push_str(&format!(
                        "{:<17} {:<17} {:<14} {:<12} {}\n",
                        c.start.format("%Y-%m-%d %H:%M"),
                        c.end.format("%Y-%m-%d %H:%M"),
                        envs.get(&c.environment_id).map_or("?", |n| n.as_str()),
                        c.status.as_str(),
                        c.title
                    ));
                }
                out.push_str(&format!("{} changes", view.changes.len()));
                out
            })?;
        }
        ChangesCmd::Conflicts(p) => {
            let (from, to) = period(ws, &p)?;
            let conflicts = ws.conflicts(from, to)?;
            let errors = conflicts
                .iter()
                .filter(|c| c.severity == Severity::Error)
                .count();
            emit(json, &conflicts, || {
                if conflicts.is_empty() {
                    return "No conflicts.".to_string();
                }
                format!(
                    "{}\n{} conflicts ({errors} errors, {} warnings)",
                    conflict_lines(&conflicts),
                    conflicts.len(),
                    conflicts.len() - errors
                )
            })?;
            if errors > 0 {
                return Ok(ExitCode::from(REFUSED));
            }
        }
        ChangesCmd::Transition { change, to, reason } => {
            crate::governance::transition(ws, &change, &to, reason, json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn change_input(ws: &Workspace, a: AddChange) -> Result<ChangeInput> {
    Ok(ChangeInput {
        title: a.title,
        description: a.description,
        service_ids: a
            .service
            .iter()
            .map(|s| service(ws, "service", s))
            .collect::<Result<_>>()?,
        environment_id: environment(ws, "env", &a.env)?,
        start: time("start", &a.start)?,
        end: time("end", &a.end)?,
        owner: a.owner,
        train_id: a
            .train
            .as_deref()
            .map(|t| ws.train_id_by_name(t))
            .transpose()?,
    })
}

pub fn trains(ws: &mut Workspace, cmd: TrainsCmd, json: bool) -> Result<()> {
    match cmd {
        TrainsCmd::List => {
            let list = ws.list_trains()?;
            emit(json, &list, || {
                let mut out = format!(
                    "{:<28} {:<10} {:<10} {:<8} {}\n",
                    "NAME", "VERSION", "STATUS", "CHANGES", "DONE"
                );
                for t in &list {
                    out.push_str(&format!(
                        "{:<28} {:<10} {:<10} {:<8} {}\n",
                        t.train.name,
                        t.train.version,
                        t.train.status.as_str(),
                        t.progress.total,
                        t.progress.done
                    ));
                }
                out.push_str(&format!("{} trains", list.len()));
                out
            })
        }
        TrainsCmd::Add {
            name,
            version,
            owner,
            description,
            target,
        } => {
            let mut targets = Vec::new();
            for t in &target {
                let (env, date) = t.split_once('=').ok_or_else(|| {
                    ApiError::field("target", format!("\"{t}\" is not ENV=YYYY-MM-DD"))
                })?;
                let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
                    ApiError::field("target", format!("\"{date}\" is not a date (YYYY-MM-DD)"))
                })?;
                targets.push(TrainTarget {
                    environment_id: environment(ws, "target", env.trim())?,
                    date,
                });
            }
            let train = ws.create_train(&TrainInput {
                name,
                version,
                owner,
                description,
                status: TrainStatus::Planning,
                targets,
            })?;
            emit(json, &train, || {
                format!("Added train \"{}\" ({}).", train.name, train.id)
            })
        }
    }
}

pub fn calendar(ws: &mut Workspace, cmd: CalendarCmd, json: bool) -> Result<()> {
    match cmd {
        CalendarCmd::ExportIcs { period: p, out } => {
            let (from, to) = period(ws, &p)?;
            let text = ws.export_ics(from, to)?;
            output(out.as_deref(), &text)
        }
        CalendarCmd::ExportCsv { period: p, out } => {
            let (from, to) = period(ws, &p)?;
            let text = ws.export_changes_csv(from, to)?;
            output(out.as_deref(), &text)
        }
        CalendarCmd::ImportIcs {
            file,
            as_freeze: _,
            soft,
            env,
        } => {
            let bytes = std::fs::read(&file).map_err(|e| ApiError::Import {
                message: format!("cannot read {}: {e}", file.display()),
                problems: Vec::new(),
            })?;
            let envs = env
                .iter()
                .map(|e| environment(ws, "env", e))
                .collect::<Result<Vec<_>>>()?;
            let report = ws.import_ics_freezes(&bytes, soft, &envs)?;
            emit(json, &report, || {
                format!(
                    "Imported {}: {} freeze windows created, {} already there.",
                    file.display(),
                    report.created,
                    report.skipped
                )
            })
        }
    }
}

fn output(path: Option<&Path>, text: &str) -> Result<()> {
    match path {
        Some(p) => write_file(p, text),
        None => print_raw(text),
    }
}
