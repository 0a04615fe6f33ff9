//! Notice templates and rendering from the shell: list, show and add
//! templates; render one for a train, change, window or incident as
//! Markdown, HTML, text or an .eml draft, to stdout or a file.

use std::io::Read;
use std::path::PathBuf;

use clap::Subcommand;
use signalbox_api::domain::notices::{
    Audience, NoticeKind, NoticeTarget, TargetKind, Template, TemplateInput,
};
use signalbox_api::notices::ExportFormat;
use signalbox_api::{ApiError, Workspace};

use crate::run::{emit, parse, print_raw, write_file, Result};

#[derive(Debug, Subcommand)]
pub enum TemplatesCmd {
    /// Every template: kind, audience, version.
    List,
    /// One template's subject, body, history and customer warnings.
    Show {
        /// The template's name or id.
        template: String,
    },
    /// Add a template.
    Add {
        #[arg(long)]
        name: String,
        /// maintenance-window, release-announcement, incident-update,
        /// rollback-notice, freeze-announcement or cab-outcome.
        #[arg(long)]
        kind: String,
        /// operations, executives, customers or support.
        #[arg(long)]
        audience: String,
        /// The subject line (Jinja).
        #[arg(long)]
        subject: String,
        /// A file holding the body (Jinja producing Markdown); `-` reads stdin.
        #[arg(long, value_name = "FILE")]
        body_file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum NoticeCmd {
    /// Render a template for an object, storing nothing.
    Render {
        /// A template's name or id, or a kind (maintenance-window, …) to use
        /// that kind's template for --audience.
        #[arg(long)]
        template: String,
        #[arg(long, group = "object")]
        train: Option<String>,
        #[arg(long, group = "object")]
        change: Option<String>,
        #[arg(long, group = "object")]
        window: Option<String>,
        #[arg(long, group = "object")]
        incident: Option<String>,
        /// operations, executives, customers or support (default: the
        /// template's own; with a kind, operations).
        #[arg(long)]
        audience: Option<String>,
        /// md, html, txt or eml.
        #[arg(long, default_value = "md")]
        format: String,
        /// Where to write it (default: stdout).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The readers' time zone, e.g. Europe/Berlin (default: $TZ, else UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
    },
}

pub fn templates(ws: &mut Workspace, cmd: TemplatesCmd, json: bool) -> Result<()> {
    match cmd {
        TemplatesCmd::List => {
            let list = ws.list_templates()?;
            emit(json, &list, || {
                let mut out = format!(
                    "{:<48} {:<22} {:<11} {:>4}  {}\n",
                    "NAME", "KIND", "AUDIENCE", "VER", "BUILT-IN"
                );
                for t in &list {
                    out.push_str(&format!(
                        "{:<48} {:<22} {:<11} {:>4}  {}\n",
                        t.name,
                        t.kind.as_str(),
                        t.audience.as_str(),
                        t.version,
                        if t.builtin.is_some() { "yes" } else { "" }
                    ));
                }
                out.trim_end().to_owned()
            })
        }
        TemplatesCmd::Show { template } => {
            let t = ws.find_template(&template)?;
            let view = ws.template(t.id)?;
            emit(json, &view, || {
                let t = &view.template;
                let mut out = format!(
                    "{} ({}, for {}; version {})\n\nSubject: {}\n\n{}\n",
                    t.name,
                    t.kind.label(),
                    t.audience.label().to_lowercase(),
                    t.version,
                    t.subject,
                    t.body.trim_end()
                );
                for w in &view.lint {
                    out.push_str(&format!("\nwarning: {w}"));
                }
                out.push_str("\nHistory:");
                for v in &view.versions {
                    out.push_str(&format!(
                        "\n  v{} {} by {}",
                        v.version,
                        v.saved_at.format("%Y-%m-%d %H:%M UTC"),
                        v.saved_by
                    ));
                }
                out
            })
        }
        TemplatesCmd::Add {
            name,
            kind,
            audience,
            subject,
            body_file,
        } => {
            let body = if body_file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(|e| ApiError::field("body_file", format!("cannot read stdin: {e}")))?;
                s
            } else {
                std::fs::read_to_string(&body_file).map_err(|e| {
                    ApiError::field(
                        "body_file",
                        format!("cannot read {}: {e}", body_file.display()),
                    )
                })?
            };
            let t = ws.add_template(&TemplateInput {
                name,
                kind: parse("kind", &kind)?,
                audience: parse("audience", &audience)?,
                subject,
                body,
            })?;
            let lint = ws.template(t.id)?.lint;
            emit(json, &t, || {
                let mut out = format!("Added template \"{}\" (version 1).", t.name);
                for w in &lint {
                    out.push_str(&format!("\nwarning: {w}"));
                }
                out
            })
        }
    }
}

/// The template `reference` names, or (when it names a kind) that kind's
/// template for the audience, a built-in first.
fn choose(ws: &Workspace, reference: &str, audience: Option<Audience>) -> Result<Template> {
    if let Ok(kind) = reference.parse::<NoticeKind>() {
        let audience = audience.unwrap_or(Audience::Operations);
        let mut found: Vec<Template> = ws
            .list_templates()?
            .into_iter()
            .filter(|t| t.kind == kind && t.audience == audience)
            .collect();
        found.sort_by_key(|t| t.builtin.is_none());
        return found.into_iter().next().ok_or_else(|| {
            ApiError::NotFound(format!(
                "no {} template for {}",
                kind.label().to_lowercase(),
                audience.label().to_lowercase()
            ))
        });
    }
    let t = ws.find_template(reference)?;
    if let Some(a) = audience {
        if a != t.audience {
            return Err(ApiError::field(
                "audience",
                format!(
                    "--audience: \"{}\" is written for {}, not {}",
                    t.name,
                    t.audience.label().to_lowercase(),
                    a.label().to_lowercase()
                ),
            ));
        }
    }
    Ok(t)
}

pub fn notice(ws: &mut Workspace, cmd: NoticeCmd, json: bool) -> Result<()> {
    let NoticeCmd::Render {
        template,
        train,
        change,
        window,
        incident,
        audience,
        format,
        out,
        tz,
    } = cmd;
    let audience = audience
        .map(|a| parse::<Audience>("audience", &a))
        .transpose()?;
    let format: ExportFormat = parse("format", &format)?;
    let template = choose(ws, &template, audience)?;
    let target = match (train, change, window, incident) {
        (Some(t), ..) => NoticeTarget {
            kind: TargetKind::Train,
            id: ws.train_id_by_name(&t)?,
        },
        (_, Some(c), ..) => NoticeTarget {
            kind: TargetKind::Change,
            id: ws.find_change(&c)?.id,
        },
        (_, _, Some(w), _) => NoticeTarget {
            kind: TargetKind::Window,
            id: ws.window_id_by_name(&w)?,
        },
        (_, _, _, Some(i)) => NoticeTarget {
            kind: TargetKind::Incident,
            id: ws.find_incident(&i)?.id,
        },
        _ => {
            return Err(ApiError::field(
                "object",
                "name what the notice is about: --train, --change, --window or --incident",
            ))
        }
    };
    let tz = tz
        .or_else(|| {
            std::env::var("TZ")
                .ok()
                .filter(|z| z.parse::<chrono_tz::Tz>().is_ok())
        })
        .unwrap_or_else(|| "UTC".into());
    let file = ws.render_notice(&template, target, &tz, format)?;
    match out {
        Some(path) => {
            write_file(&path, &file.content)?;
            emit(
                json,
                &serde_json::json!({ "path": path.display().to_string() }),
                || format!("Wrote {} ({}).", path.display(), template.name),
            )
        }
        None => print_raw(&file.content),
    }
}
