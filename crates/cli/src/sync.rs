//! `signalbox connections add|list|remove`, `signalbox sync` and
//! `signalbox runs list`. A token comes from an environment variable or
//! standard input for each sync, never from the command line.

use std::io::BufRead;
use std::process::ExitCode;

use signalbox_api::domain::sync::{ConnectionInput, MappingRules, Provider};
use signalbox_api::sync::http::Policy;
use signalbox_api::syncing::SyncOutcome;
use signalbox_api::{ApiError, Workspace};

use crate::args::{ConnectionsCmd, RunsCmd, TokenArgs};
use crate::run::{emit, Result};

pub fn connections(ws: &mut Workspace, cmd: ConnectionsCmd, json: bool) -> Result<()> {
    match cmd {
        ConnectionsCmd::List => {
            let list = ws.list_connections()?;
            emit(json, &list, || {
                let mut out = format!(
                    "{:<24} {:<8} {:<40} {:>6}  {}\n",
                    "NAME", "PROVIDER", "BASE URL", "POLL", "SCOPE"
                );
                for c in &list {
                    out.push_str(&format!(
                        "{:<24} {:<8} {:<40} {:>5}s  {}\n",
                        c.name,
                        c.provider.as_str(),
                        c.base_url,
                        c.poll_interval_s,
                        c.scope.join(", ")
                    ));
                }
                out.push_str(&format!("{} connections", list.len()));
                out
            })
        }
        ConnectionsCmd::Add {
            name,
            provider,
            base_url,
            scope,
            poll,
            user,
        } => {
            let provider = Provider::parse(&provider).ok_or_else(|| {
                ApiError::field(
                    "provider",
                    format!(
                        "\"{provider}\" is not a provider; use github, gitlab, jenkins or argocd"
                    ),
                )
            })?;
            let c = ws.create_connection(&ConnectionInput {
                name,
                provider,
                base_url,
                scope,
                poll_interval_s: poll,
                username: user,
                rules: MappingRules::default(),
            })?;
            emit(json, &c, || {
                format!(
                    "Added connection \"{}\" ({}, {} source{}).",
                    c.name,
                    c.provider.label(),
                    c.scope.len(),
                    if c.scope.len() == 1 { "" } else { "s" }
                )
            })
        }
        ConnectionsCmd::Remove { name } => {
            let c = ws.connection_named(&name)?;
            ws.delete_connection(c.id)?;
            emit(json, &serde_json::json!({ "removed": c.name }), || {
                format!(
                    "Removed connection \"{}\" and the runs synced from it.",
                    c.name
                )
            })
        }
    }
}

fn read_token(args: &TokenArgs) -> Result<String> {
    if let Some(var) = &args.token_env {
        return std::env::var(var).map_err(|_| {
            ApiError::field(
                "token",
                format!("the environment variable {var} is not set"),
            )
        });
    }
    if args.token_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| ApiError::field("token", format!("cannot read standard input: {e}")))?;
        return Ok(line.trim().to_owned());
    }
    Err(ApiError::field(
        "token",
        "give the token with --token-env VAR or --token-stdin (never on the command line)",
    ))
}

fn summary(o: &SyncOutcome) -> String {
    let r = &o.report;
    let mut text = format!(
        "{}: {} runs read on {} pages, {} stored; {} requests, {} not modified",
        o.connection, r.items, r.pages, o.stored, r.requests, r.not_modified
    );
    if let Some(left) = r.quota.remaining {
        text.push_str(&format!("; quota left {left}"));
    }
    if r.complete {
        text.push_str("; complete.");
    } else {
        text.push_str("; INCOMPLETE:");
        for gap in &r.gaps {
            text.push_str(&format!("\n  {gap}"));
        }
    }
    text
}

/// Syncs one connection or all; exits 2 when a window could not be read whole.
pub fn sync(ws: &Workspace, only: Option<&str>, token: &TokenArgs, json: bool) -> Result<ExitCode> {
    let targets = match only {
        Some(name) => vec![ws.connection_named(name)?],
        None => ws.list_connections()?,
    };
    if targets.is_empty() {
        return Err(ApiError::NotFound(
            "No connections yet: add one with `signalbox connections add`".into(),
        ));
    }
    let token = read_token(token)?;
    let mut outcomes = Vec::new();
    for c in &targets {
        outcomes.push(ws.sync_connection(c.id, &token, Policy::default())?);
    }
    let complete = outcomes.iter().all(|o| o.report.complete);
    emit(json, &outcomes, || {
        outcomes.iter().map(summary).collect::<Vec<_>>().join("\n")
    })?;
    Ok(if complete {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

pub fn runs(ws: &Workspace, cmd: RunsCmd, json: bool) -> Result<()> {
    let RunsCmd::List { source, limit } = cmd;
    let list = ws.list_runs(source.as_deref(), limit)?;
    emit(json, &list, || {
        let mut out = format!(
            "{:<20} {:<24} {:<12} {:<26} {:<12} {}\n",
            "CREATED", "SOURCE", "ID", "STATUS (RAW)", "REF", "NAME"
        );
        for r in &list {
            out.push_str(&format!(
                "{:<20} {:<24} {:<12} {:<26} {:<12} {}\n",
                r.created_at.format("%Y-%m-%d %H:%M:%S"),
                r.source,
                r.external_id,
                format!("{} ({})", r.status.as_str(), r.raw_status),
                r.git_ref.as_deref().unwrap_or(""),
                r.name
            ));
        }
        out.push_str(&format!("{} runs", list.len()));
        out
    })
}
