//! `signalbox connections add|list|set-token|remove`, `signalbox sync` and
//! `signalbox runs list`. A token comes from an environment variable or
//! standard input, never from the command line; `add` and `set-token` keep it
//! in the OS keyring (and only there), and a sync given no token uses each
//! connection's token from the keyring.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use signalbox_api::domain::sync::{Connection, ConnectionInput, MappingRules, Provider};
use signalbox_api::secrets::{KeyringSecrets, Secrets};
use signalbox_api::sync::http::Policy;
use signalbox_api::syncing::{SyncOutcome, SyncProgress};
use signalbox_api::{ApiError, Workspace};

use crate::args::{ConnectionsCmd, RunsCmd, TokenArgs};
use crate::run::{emit, Result};

pub fn connections(ws: &mut Workspace, cmd: ConnectionsCmd, json: bool) -> Result<ExitCode> {
    let done: Result<()> = match cmd {
        // The one with an exit code of its own.
        ConnectionsCmd::Test { name, token } => return test(ws, &name, &token, json),
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
            token,
        } => {
            // Read first: a missing variable or an empty token adds nothing.
            let token = if token_given(&token) {
                Some(read_token(&token)?)
            } else {
                None
            };
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
            let stored = token
                .as_deref()
                .map(|t| ws.set_connection_token(&KeyringSecrets::new(), c.id, t));
            let token_stored = matches!(stored, Some(Ok(())));
            emit(
                json,
                &Added {
                    connection: &c,
                    token_stored,
                },
                || {
                    format!(
                        "Added connection \"{}\" ({}, {} source{}){}",
                        c.name,
                        c.provider.label(),
                        c.scope.len(),
                        if c.scope.len() == 1 { "" } else { "s" },
                        if token_stored {
                            "; its token is in the OS keyring."
                        } else {
                            "."
                        }
                    )
                },
            )?;
            match stored {
                // The connection stays: say plainly that its token does not.
                Some(Err(e)) => Err(ApiError::Sync(format!(
                    "Connection \"{}\" was added, but its token was NOT stored. {e} Once a keyring runs, `signalbox connections set-token {} --token-stdin` stores it.",
                    c.name, c.name
                ))),
                _ => Ok(()),
            }
        }
        ConnectionsCmd::SetToken { name, token } => {
            let c = ws.connection_named(&name)?;
            if !token_given(&token) {
                return Err(no_token_source());
            }
            let token = read_token(&token)?;
            ws.set_connection_token(&KeyringSecrets::new(), c.id, &token)?;
            emit(
                json,
                &serde_json::json!({ "connection": c.name, "token_stored": true }),
                || {
                    format!(
                        "Stored the token of connection \"{}\" in the OS keyring.",
                        c.name
                    )
                },
            )
        }
        ConnectionsCmd::Remove { name } => {
            let c = ws.connection_named(&name)?;
            ws.delete_connection(c.id)?;
            // The connection is gone either way; a token left behind in a
            // keyring that cannot be reached now is said, not hidden.
            let token_deleted = match KeyringSecrets::new().delete(c.id) {
                Ok(deleted) => deleted,
                Err(e) => {
                    eprintln!("note: {e} The connection's id: {}.", c.id);
                    false
                }
            };
            emit(
                json,
                &serde_json::json!({ "removed": c.name, "token_deleted": token_deleted }),
                || {
                    format!(
                        "Removed connection \"{}\" and the runs synced from it{}",
                        c.name,
                        if token_deleted {
                            ", and deleted its token from the OS keyring."
                        } else {
                            "."
                        }
                    )
                },
            )
        }
    };
    done.map(|()| ExitCode::SUCCESS)
}

/// `connections test`: one request per source with the given (or stored) token.
fn test(ws: &Workspace, name: &str, token: &TokenArgs, json: bool) -> Result<ExitCode> {
    let c = ws.connection_named(name)?;
    let (c, token) = tokens_for(ws, vec![c], token)?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("no connection to test".into()))?;
    let checks = ws.test_connection(c.id, &token, Policy::default())?;
    let all_ok = checks.iter().all(|k| k.ok);
    emit(json, &checks, || {
        let mut out = format!("{} ({}):", c.name, c.provider.label());
        for k in &checks {
            out.push_str(&format!(
                "\n  {} {}: {}",
                if k.ok { "ok  " } else { "FAIL" },
                k.source,
                k.message
            ));
        }
        out
    })?;
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// A connection as `connections add` prints it: whether its token was stored
/// beside its settings (never the token).
#[derive(serde::Serialize)]
struct Added<'a> {
    #[serde(flatten)]
    connection: &'a Connection,
    token_stored: bool,
}

fn token_given(args: &TokenArgs) -> bool {
    args.token_env.is_some() || args.token_stdin
}

fn no_token_source() -> ApiError {
    ApiError::field(
        "token",
        "give the token with --token-env VAR or --token-stdin (never on the command line)",
    )
}

fn read_token(args: &TokenArgs) -> Result<String> {
    let token = if let Some(var) = &args.token_env {
        std::env::var(var).map_err(|_| {
            ApiError::field(
                "token",
                format!("the environment variable {var} is not set"),
            )
        })?
    } else if args.token_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| ApiError::field("token", format!("cannot read standard input: {e}")))?;
        line
    } else {
        return Err(no_token_source());
    };
    let token = token.trim();
    if token.is_empty() {
        return Err(ApiError::field("token", "The token is empty"));
    }
    Ok(token.to_owned())
}

/// Each target's token: the one given for this run, else the connection's
/// own from the OS keyring. Every connection without one is named.
fn tokens_for(
    ws: &Workspace,
    targets: Vec<Connection>,
    given: &TokenArgs,
) -> Result<Vec<(Connection, String)>> {
    if token_given(given) {
        let token = read_token(given)?;
        return Ok(targets.into_iter().map(|c| (c, token.clone())).collect());
    }
    let secrets = KeyringSecrets::new();
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for c in targets {
        match ws.connection_token(&secrets, c.id) {
            Ok(Some(token)) => found.push((c, token)),
            Ok(None) => missing.push(c.name),
            Err(e) => return Err(ApiError::Sync(format!("Connection \"{}\": {e}", c.name))),
        }
    }
    match missing.as_slice() {
        [] => Ok(found),
        [one] => Err(ApiError::NotFound(format!(
            "No token is stored for connection \"{one}\": store one with `signalbox connections set-token {one} --token-stdin`, or give it at each sync with --token-env VAR or --token-stdin (never on the command line)"
        ))),
        many => Err(ApiError::NotFound(format!(
            "No token is stored for connections {}: store each with `signalbox connections set-token NAME --token-stdin`, or give one at each sync with --token-env VAR or --token-stdin (never on the command line)",
            many.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
        ))),
    }
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
    for step in &o.advanced {
        text.push_str(&format!("\n  moved {step}"));
    }
    text
}

/// Syncs one connection or all; exits 2 when a window could not be read whole.
pub fn sync(
    ws: &mut Workspace,
    only: Option<&str>,
    token: &TokenArgs,
    json: bool,
) -> Result<ExitCode> {
    let targets = match only {
        Some(name) => vec![ws.connection_named(name)?],
        None => ws.list_connections()?,
    };
    if targets.is_empty() {
        return Err(ApiError::NotFound(
            "No connections yet: add one with `signalbox connections add`".into(),
        ));
    }
    // A live count on a terminal; nothing when output goes to a file or
    // another program.
    let live = !json && std::io::stderr().is_terminal();
    let mut outcomes = Vec::new();
    for (c, token) in tokens_for(ws, targets, token)? {
        let mut on_page = |p: SyncProgress| {
            if live {
                let pages = if p.pages == 1 { "page" } else { "pages" };
                eprint!(
                    "\r\x1b[Ksyncing {}: {} {pages}, {} runs read, {} stored",
                    c.name, p.pages, p.items, p.stored
                );
            }
        };
        let outcome = ws.sync_connection_with(c.id, &token, Policy::default(), &mut on_page);
        if live {
            eprint!("\r\x1b[K");
        }
        outcomes.push(outcome?);
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
    let RunsCmd::List {
        source,
        service,
        environment,
        limit,
    } = cmd;
    let list = ws.find_runs(
        source.as_deref(),
        service.as_deref(),
        environment.as_deref(),
        limit,
    )?;
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
