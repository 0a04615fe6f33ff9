//! Governance from the shell: people, a change's risk and stage, approvals,
//! and CAB agendas and minutes. A refusal exits non-zero with the reason.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use signalbox_api::domain::governance::{
    AgendaFilter, CabInput, Cadence, ChangeModel, Decision, MeetingStatus, PersonInput, RiskLevel,
    Role, Stage,
};
use signalbox_api::governance::{DecisionInput, MinutesFormat, PrepareInput, StageInput};
use signalbox_api::{ApiError, Workspace};

use crate::run::{emit, parse, print_raw, write_file, Result};

#[derive(Debug, Subcommand)]
pub enum PeopleCmd {
    /// Everyone, with their role.
    List,
    /// Add a person.
    Add {
        #[arg(long)]
        name: String,
        /// release-manager, cab-member or viewer.
        #[arg(long)]
        role: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RiskCmd {
    /// A change's risk level, score and every reason.
    Show {
        /// The change's id or exact title.
        #[arg(long)]
        change: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApprovalsCmd {
    /// Decisions on one change (with what it still needs), or the newest on any.
    List {
        #[arg(long)]
        change: Option<String>,
    },
    /// Approve a change as the acting person.
    Approve(DecideArgs),
    /// Reject a change as the acting person (a note is required).
    Reject(DecideArgs),
}

#[derive(Debug, Args)]
pub struct DecideArgs {
    #[arg(long)]
    pub change: String,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Subcommand)]
pub enum CabCmd {
    /// Define a CAB.
    Add {
        #[arg(long)]
        cab: String,
        /// weekly, fortnightly, monthly or ad-hoc.
        #[arg(long, default_value = "weekly")]
        cadence: String,
        /// A member, by name (repeatable).
        #[arg(long)]
        member: Vec<String>,
        /// Only changes to this environment (repeatable; none means any).
        #[arg(long)]
        env: Vec<String>,
        /// Only changes at this risk level (repeatable; none means any).
        #[arg(long)]
        level: Vec<String>,
        /// Only changes of this model (repeatable; none means any).
        #[arg(long)]
        model: Vec<String>,
        /// Changes starting within this many days of the meeting.
        #[arg(long, default_value_t = 7)]
        horizon_days: u32,
    },
    /// The agenda of the CAB's open meeting, or a new one frozen now for
    /// a meeting at TIME (default: now).
    Agenda {
        #[arg(long)]
        cab: String,
        /// RFC 3339 time the meeting sits.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        #[arg(long, default_value = "md")]
        format: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The minutes of the CAB's latest closed meeting.
    Minutes {
        #[arg(long)]
        cab: String,
        /// md, html or pdf (HTML laid out for printing).
        #[arg(long, default_value = "md")]
        format: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn people(ws: &mut Workspace, cmd: PeopleCmd, json: bool) -> Result<()> {
    match cmd {
        PeopleCmd::List => {
            let people = ws.list_people()?;
            emit(json, &people, || {
                let mut out = format!("{:<32} {:<16} {}\n", "NAME", "ROLE", "DECISIONS");
                for p in &people {
                    out.push_str(&format!(
                        "{:<32} {:<16} {}\n",
                        p.person.name,
                        p.person.role.label(),
                        p.decisions
                    ));
                }
                out.push_str(&format!("{} people", people.len()));
                out
            })
        }
        PeopleCmd::Add { name, role } => {
            let role: Role = parse("role", &role)?;
            let p = ws.add_person(&PersonInput { name, role })?;
            emit(json, &p, || {
                format!("Added {} as {}.", p.name, p.role.label())
            })
        }
    }
}

pub fn risk(ws: &Workspace, cmd: RiskCmd, json: bool) -> Result<()> {
    let RiskCmd::Show { change } = cmd;
    let c = ws.find_change(&change)?;
    let view = ws.change_risk(c.id)?;
    emit(json, &view, || {
        let a = &view.assessment;
        let mut out = format!(
            "{}: {} risk (questionnaire score {}, {} change, {})\n",
            view.title,
            a.level.label(),
            a.score,
            view.model,
            view.stage
        );
        for r in &a.reasons {
            out.push_str(&format!("  {:<9} {}\n", r.level.label(), r.text));
        }
        if !a.unanswered.is_empty() {
            out.push_str(&format!("Unanswered: {}\n", a.unanswered.join("; ")));
        }
        out.trim_end().to_string()
    })
}

pub fn transition(
    ws: &mut Workspace,
    change: &str,
    to: &str,
    reason: Option<String>,
    json: bool,
) -> Result<()> {
    let c = ws.find_change(change)?;
    let to: Stage = parse("to", to)?;
    let view = ws.move_change(c.id, &StageInput { to, reason })?;
    emit(json, &view, || {
        let mut out = format!("\"{}\" is now in {}.", view.title, view.record.stage);
        if view.record.pir_owed {
            out.push_str(" Its post-implementation review is owed.");
        }
        out
    })
}

pub fn approvals(ws: &mut Workspace, cmd: ApprovalsCmd, json: bool) -> Result<()> {
    let (args, decision) = match cmd {
        ApprovalsCmd::List { change } => {
            let id = change
                .map(|c| ws.find_change(&c))
                .transpose()?
                .map(|c| c.id);
            let view = ws.list_approvals(id)?;
            return emit(json, &view, || {
                let mut out = String::new();
                if let Some(s) = &view.state {
                    for slot in &s.slots {
                        out.push_str(&format!(
                            "needs {:<16} {}\n",
                            slot.role.label(),
                            slot.filled_by
                                .as_deref()
                                .map_or("open".to_string(), |n| format!("given by {n}"))
                        ));
                    }
                    out.push_str(if s.satisfied {
                        "Approved.\n"
                    } else {
                        "Not approved yet.\n"
                    });
                }
                for d in &view.decisions {
                    out.push_str(&format!(
                        "{}  {:<24} {:<18} round {}  {}\n",
                        d.at.format("%Y-%m-%d %H:%M"),
                        d.person_name,
                        d.decision.past(),
                        d.round,
                        d.note
                    ));
                }
                if view.decisions.is_empty() {
                    out.push_str("No decisions yet.");
                }
                out.trim_end().to_string()
            });
        }
        ApprovalsCmd::Approve(a) => (a, Decision::Approve),
        ApprovalsCmd::Reject(a) => (a, Decision::Reject),
    };
    let c = ws.find_change(&args.change)?;
    let view = ws.decide_change(
        c.id,
        &DecisionInput {
            decision,
            note: args.note,
        },
    )?;
    emit(json, &view, || {
        let missing = view
            .state
            .as_ref()
            .map(|s| s.missing.clone())
            .unwrap_or_default();
        match decision {
            Decision::Approve if missing.is_empty() => format!(
                "Approved \"{}\": every approval it needs is given.",
                c.title
            ),
            Decision::Approve => format!("Approved \"{}\"; still to come: {missing}.", c.title),
            _ => format!("Rejected \"{}\".", c.title),
        }
    })
}

fn format_of(text: &str) -> Result<MinutesFormat> {
    parse("format", text)
}

fn deliver(text: &str, out: Option<PathBuf>) -> Result<()> {
    match out {
        Some(path) => write_file(&path, text),
        None => print_raw(text),
    }
}

pub fn cab(ws: &mut Workspace, cmd: CabCmd, json: bool) -> Result<()> {
    match cmd {
        CabCmd::Add {
            cab,
            cadence,
            member,
            env,
            level,
            model,
            horizon_days,
        } => {
            let cadence: Cadence = parse("cadence", &cadence)?;
            let mut member_ids = Vec::new();
            for m in &member {
                let p = ws.person_by_name(m)?.ok_or_else(|| {
                    ApiError::field(
                        "member",
                        format!("no person named \"{m}\" (`signalbox people add` adds one)"),
                    )
                })?;
                member_ids.push(p.id);
            }
            let envs = ws.list_environments()?;
            let mut environment_ids = Vec::new();
            for e in &env {
                let found = envs
                    .iter()
                    .find(|x| x.name.eq_ignore_ascii_case(e.trim()))
                    .ok_or_else(|| {
                        ApiError::field("env", format!("no environment named \"{e}\""))
                    })?;
                environment_ids.push(found.id);
            }
            let levels = level
                .iter()
                .map(|l| parse_level(l))
                .collect::<Result<Vec<_>>>()?;
            let models = model
                .iter()
                .map(|m| parse::<ChangeModel>("model", m))
                .collect::<Result<Vec<_>>>()?;
            let c = ws.create_cab(&CabInput {
                name: cab,
                cadence,
                member_ids,
                filter: AgendaFilter {
                    environment_ids,
                    levels,
                    models,
                    horizon_days,
                },
            })?;
            emit(json, &c, || {
                format!(
                    "Added the CAB \"{}\" ({} members).",
                    c.name,
                    c.member_ids.len()
                )
            })
        }
        CabCmd::Agenda {
            cab,
            at,
            format,
            out,
        } => {
            let format = format_of(&format)?;
            let c = ws.cab_by_name(&cab)?;
            let open = ws
                .cab_meetings(c.id)?
                .into_iter()
                .find(|m| m.status != MeetingStatus::Closed);
            let meeting = match open {
                Some(m) => m,
                None => {
                    let at = match at {
                        Some(t) => chrono::DateTime::parse_from_rfc3339(&t)
                            .map_err(|e| {
                                ApiError::field(
                                    "at",
                                    format!("\"{t}\" is not an RFC 3339 time: {e}"),
                                )
                            })?
                            .with_timezone(&chrono::Utc),
                        None => ws.clock_now(),
                    };
                    let m = ws.prepare_meeting(&PrepareInput { cab_id: c.id, at })?;
                    eprintln!(
                        "Prepared a meeting of {} for {}: the agenda is frozen now.",
                        m.cab_name,
                        m.at.format("%Y-%m-%d %H:%M UTC")
                    );
                    m
                }
            };
            if json {
                return emit(true, &ws.meeting(meeting.id)?.meeting, String::new);
            }
            deliver(&ws.meeting_document(meeting.id, false, format)?, out)
        }
        CabCmd::Minutes { cab, format, out } => {
            let format = format_of(&format)?;
            let c = ws.cab_by_name(&cab)?;
            let closed = ws
                .cab_meetings(c.id)?
                .into_iter()
                .find(|m| m.status == MeetingStatus::Closed)
                .ok_or_else(|| ApiError::NotFound(format!("\"{}\" has no closed meeting yet: minutes come from a meeting held in the app", c.name)))?;
            if json {
                return emit(true, &ws.meeting(closed.id)?.meeting, String::new);
            }
            deliver(&ws.meeting_document(closed.id, true, format)?, out)
        }
    }
}

fn parse_level(text: &str) -> Result<RiskLevel> {
    match text.trim().to_lowercase().as_str() {
        "low" => Ok(RiskLevel::Low),
        "moderate" => Ok(RiskLevel::Moderate),
        "high" => Ok(RiskLevel::High),
        "critical" => Ok(RiskLevel::Critical),
        _ => Err(ApiError::field(
            "level",
            format!("unknown risk level \"{text}\"; expected low, moderate, high or critical"),
        )),
    }
}
