//! Runs a parsed command against the workspace and prints the result.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;
use signalbox_api::domain::{EnvironmentInput, ServiceInput, ServiceQuery};
use signalbox_api::{paths, ApiError, DemoSize, Workspace};

use crate::args::{AuditCmd, Cli, Command, EnvironmentsCmd, ServicesCmd, Size};
use crate::calendar;

pub type Result<T> = std::result::Result<T, ApiError>;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let path = cli
        .workspace
        .clone()
        .unwrap_or_else(paths::default_workspace);
    let mut ws = Workspace::open(&path)?;
    let configured = ws.status()?.display_name.is_some();
    match cli.actor.clone() {
        // `--actor` names a person the workspace knows; they act instead of
        // the configured user.
        Some(name) if configured || ws.person_by_name(&name)?.is_some() => {
            let person = ws.person_by_name(&name)?.ok_or_else(|| {
                ApiError::Refused(format!(
                    "--actor: no person named \"{name}\" in this workspace (`signalbox people add` adds one)"
                ))
            })?;
            ws.set_actor_override(Some(person.name));
        }
        // Without a configured user, the name is recorded as the author.
        Some(name) => ws.set_actor_override(Some(name)),
        None if !configured => {
            let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
            ws.set_actor_override(Some(format!("{user} (signalbox CLI)")));
        }
        None => {}
    }
    let json = cli.json;
    match cli.command {
        Command::Demo { size, seed } => {
            let size = match size {
                Size::Small => DemoSize::Small,
                Size::Large => DemoSize::Large,
            };
            let report = ws.load_sample(size, seed)?;
            let c = report.counts;
            emit(json, &report, || {
                format!(
                    "Loaded the {size} sample portfolio (seed {seed}) into {}: {} services, {} teams, {} environments, {} trains, {} changes, {} windows, {} dependencies.",
                    path.display(), c.services, c.teams, c.environments, c.trains, c.changes, c.windows, c.dependencies
                )
            })?;
        }
        Command::Whoami { name } => {
            let status = match name {
                Some(name) => ws.set_display_name(&name)?,
                None => ws.status()?,
            };
            emit(json, &status, || match &status.display_name {
                Some(n) => n.clone(),
                None => "No display name set yet: `signalbox whoami NAME` sets it.".into(),
            })?;
        }
        Command::Gate { service, env, at } => {
            return calendar::gate(&ws, &service, &env, at.as_deref(), json);
        }
        Command::Windows(cmd) => calendar::windows(&mut ws, cmd, json)?,
        Command::Changes(cmd) => return calendar::changes(&mut ws, cmd, json),
        Command::Trains(cmd) => calendar::trains(&mut ws, cmd, json)?,
        Command::Deps(cmd) => crate::deps::deps(&mut ws, cmd, json)?,
        Command::Connections(cmd) => return crate::sync::connections(&mut ws, cmd, json),
        Command::Sync { connection, token } => {
            return crate::sync::sync(&mut ws, connection.as_deref(), &token, json)
        }
        Command::Runs(cmd) => crate::sync::runs(&ws, cmd, json)?,
        Command::People(cmd) => crate::governance::people(&mut ws, cmd, json)?,
        Command::Risk(cmd) => crate::governance::risk(&ws, cmd, json)?,
        Command::Approvals(cmd) => crate::governance::approvals(&mut ws, cmd, json)?,
        Command::Cab(cmd) => crate::governance::cab(&mut ws, cmd, json)?,
        Command::Templates(cmd) => crate::notices::templates(&mut ws, cmd, json)?,
        Command::Notice(cmd) => crate::notices::notice(&mut ws, cmd, json)?,
        Command::Impact { service, depth } => crate::deps::impact(&ws, &service, depth, json)?,
        Command::Order { train } => crate::deps::order(&ws, &train, json)?,
        Command::Calendar(cmd) => calendar::calendar(&mut ws, cmd, json)?,
        Command::Services(cmd) => services(&mut ws, cmd, json)?,
        Command::Environments(cmd) => environments(&mut ws, cmd, json)?,
        Command::Audit(AuditCmd::Verify) => {
            let report = ws.verify_audit()?;
            let broken = report.first_broken.is_some();
            emit(json, &report, || match &report.first_broken {
                None => format!("Audit chain intact: {} events verified.", report.checked),
                Some(b) => format!("Audit chain BROKEN at event {}: {}", b.seq, b.message),
            })?;
            if broken {
                return Ok(ExitCode::from(3));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn services(ws: &mut Workspace, cmd: ServicesCmd, json: bool) -> Result<()> {
    match cmd {
        ServicesCmd::List { search } => {
            let page = ws.search_services(&ServiceQuery {
                text: search,
                ..Default::default()
            })?;
            let teams: std::collections::HashMap<_, _> = ws
                .list_teams()?
                .into_iter()
                .map(|t| (t.team.id, t.team.name))
                .collect();
            emit(json, &page.items, || {
                let mut out = format!(
                    "{:<40} {:<9} {:<16} {}\n",
                    "NAME", "TIER", "SYSTEM", "OWNER"
                );
                for s in &page.items {
                    let owner = s
                        .owner_team_id
                        .and_then(|id| teams.get(&id))
                        .map_or("-", |n| n.as_str());
                    out.push_str(&format!(
                        "{:<40} {:<9} {:<16} {}\n",
                        s.name,
                        s.tier.as_str(),
                        s.system,
                        owner
                    ));
                }
                out.push_str(&format!("{} services", page.total));
                out
            })
        }
        ServicesCmd::Add(a) => {
            let tier = a
                .tier
                .parse()
                .map_err(|m: String| ApiError::field("tier", m))?;
            let owner_team_id = match a.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
                None => None,
                Some(name) => Some(ws.team_id_by_name(name)?.ok_or_else(|| {
                    ApiError::field("owner", format!("no team named \"{name}\""))
                })?),
            };
            let service = ws.create_service(&ServiceInput {
                name: a.name,
                description: a.description,
                owner_team_id,
                tier,
                system: a.system,
                tags: a.tags.split(',').map(str::to_string).collect(),
                repository_url: a.repository_url,
                links: Vec::new(),
            })?;
            emit(json, &service, || {
                format!("Added service \"{}\" ({}).", service.name, service.id)
            })
        }
        ServicesCmd::ImportCsv { file } => {
            let bytes = std::fs::read(&file).map_err(|e| ApiError::Import {
                message: format!("cannot read {}: {e}", file.display()),
                problems: Vec::new(),
            })?;
            let r = ws.import_services_csv(&bytes)?;
            emit(json, &r, || {
                format!(
                    "Imported {}: {} created, {} updated, {} unchanged, {} teams created.",
                    file.display(),
                    r.created,
                    r.updated,
                    r.unchanged,
                    r.teams_created
                )
            })
        }
        ServicesCmd::ExportCsv { file } => {
            let text = ws.export_services_csv()?;
            match file {
                Some(path) => write_file(&path, &text),
                None => print_raw(&text),
            }
        }
    }
}

fn environments(ws: &mut Workspace, cmd: EnvironmentsCmd, json: bool) -> Result<()> {
    match cmd {
        EnvironmentsCmd::List => {
            let envs = ws.list_environments()?;
            emit(json, &envs, || {
                let mut out = format!(
                    "{:<4} {:<20} {:<10} {:<8} {}\n",
                    "POS", "NAME", "PROD", "QUOTA", "TIME ZONE"
                );
                for e in &envs {
                    let quota = e.deploy_quota.map_or("-".to_string(), |q| q.to_string());
                    let prod = if e.production { "yes" } else { "no" };
                    out.push_str(&format!(
                        "{:<4} {:<20} {:<10} {:<8} {}\n",
                        e.position, e.name, prod, quota, e.time_zone
                    ));
                }
                out.push_str(&format!("{} environments", envs.len()));
                out
            })
        }
        EnvironmentsCmd::Add {
            name,
            position,
            production,
            quota,
            time_zone,
        } => {
            let env = ws.create_environment(&EnvironmentInput {
                name,
                position,
                production,
                deploy_quota: quota,
                time_zone,
            })?;
            emit(json, &env, || {
                format!("Added environment \"{}\" ({}).", env.name, env.id)
            })
        }
    }
}

/// Prints `value` as JSON, or the human text.
pub fn emit<T: Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) -> Result<()> {
    if json {
        let out = serde_json::to_string_pretty(value)
            .map_err(|e| ApiError::Internal(format!("cannot encode JSON: {e}")))?;
        print_raw(&format!("{out}\n"))
    } else {
        print_raw(&format!("{}\n", text()))
    }
}

pub fn print_raw(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a message.
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(ApiError::Internal(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

/// An argument parsed by its type's `FromStr`, the error on `field`.
pub fn parse<T: std::str::FromStr<Err = String>>(field: &str, text: &str) -> Result<T> {
    text.parse::<T>().map_err(|m| ApiError::field(field, m))
}

/// Writes `text` to `path`, naming the file in the error.
pub fn write_file(path: &std::path::Path, text: &str) -> Result<()> {
    std::fs::write(path, text)
        .map_err(|e| ApiError::Internal(format!("cannot write {}: {e}", path.display())))
}
