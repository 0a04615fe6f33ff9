//! `signalbox deps list|add`, `signalbox impact` and `signalbox order`.

use std::collections::HashMap;

use signalbox_api::domain::deps::{DependencyInput, DependencyKind, ImpactOptions, OrderLayer};
use signalbox_api::{ApiError, Workspace};
use uuid::Uuid;

use crate::args::DepsCmd;
use crate::calendar::service;
use crate::run::{emit, print_raw, write_file, Result};

fn namer(names: &HashMap<Uuid, String>) -> impl Fn(Uuid) -> String + '_ {
    |id| names.get(&id).cloned().unwrap_or_else(|| id.to_string())
}

pub fn deps(ws: &mut Workspace, cmd: DepsCmd, json: bool) -> Result<()> {
    match cmd {
        DepsCmd::List => {
            let list = ws.list_dependencies()?;
            let names = ws.service_names()?;
            let name = namer(&names);
            emit(json, &list, || {
                let mut out = format!(
                    "{:<32} {:<32} {:<13} {}\n",
                    "SERVICE", "DEPENDS ON", "TYPE", "NOTE"
                );
                for d in &list {
                    out.push_str(&format!(
                        "{:<32} {:<32} {:<13} {}\n",
                        name(d.service_id),
                        name(d.depends_on),
                        d.kind.as_str(),
                        d.note
                    ));
                }
                out.push_str(&format!("{} dependencies", list.len()));
                out
            })
        }
        DepsCmd::Add {
            from,
            to,
            kind,
            note,
        } => {
            let kind = DependencyKind::parse(&kind).ok_or_else(|| {
                ApiError::field(
                    "type",
                    format!("\"{kind}\" is not a type; use runtime, data or deploy-order"),
                )
            })?;
            let input = DependencyInput {
                service_id: service(ws, "from", &from)?,
                depends_on: service(ws, "to", &to)?,
                kind,
                note,
            };
            let d = ws.create_dependency(input)?;
            emit(json, &d, || {
                format!("Added: {from} depends on {to} ({}).", d.kind.as_str())
            })
        }
        DepsCmd::ImportCsv { file } => {
            let bytes = std::fs::read(&file).map_err(|e| ApiError::Import {
                message: format!("cannot read {}: {e}", file.display()),
                problems: Vec::new(),
            })?;
            let r = ws.import_dependencies_csv(&bytes)?;
            emit(json, &r, || {
                format!(
                    "Imported {}: {} created, {} unchanged.",
                    file.display(),
                    r.created,
                    r.unchanged
                )
            })
        }
        DepsCmd::ImportBackstage { path } => {
            let r = ws.import_backstage(&path)?;
            emit(json, &r, || {
                let mut out = format!(
                    "Imported {} ({} file{}): services {} created, {} updated, {} unchanged; {} teams created; dependencies {} created, {} unchanged.",
                    path.display(),
                    r.files,
                    if r.files == 1 { "" } else { "s" },
                    r.services_created,
                    r.services_updated,
                    r.services_unchanged,
                    r.teams_created,
                    r.dependencies_created,
                    r.dependencies_unchanged
                );
                if !r.skipped.is_empty() {
                    out.push_str(&format!("\nSkipped ({}):", r.skipped.len()));
                    for s in &r.skipped {
                        out.push_str(&format!("\n  {s}"));
                    }
                }
                out
            })
        }
        DepsCmd::ExportDot { out } => text_out(&ws.export_dependencies_dot()?, out.as_deref()),
        DepsCmd::ExportMermaid { out } => {
            text_out(&ws.export_dependencies_mermaid()?, out.as_deref())
        }
    }
}

fn text_out(text: &str, out: Option<&std::path::Path>) -> Result<()> {
    match out {
        Some(path) => write_file(path, text),
        None => print_raw(text),
    }
}

pub fn impact(ws: &Workspace, services: &[String], depth: Option<u32>, json: bool) -> Result<()> {
    let ids = services
        .iter()
        .map(|s| service(ws, "service", s))
        .collect::<Result<Vec<_>>>()?;
    let result = ws.impact(
        &ids,
        &ImpactOptions {
            depth,
            kinds: vec![],
        },
    )?;
    let names = ws.service_names()?;
    let name = namer(&names);
    emit(json, &result, || {
        let mut out = format!(
            "Downstream (what may break): {} services; critical {}, high {}, medium {}, low {}.\n",
            result.downstream.len(),
            result.tiers.critical,
            result.tiers.high,
            result.tiers.medium,
            result.tiers.low
        );
        for r in &result.downstream {
            out.push_str(&format!(
                "  {}{} (via {}, {})\n",
                "  ".repeat(r.depth as usize - 1),
                name(r.service_id),
                name(r.via),
                r.kind.as_str()
            ));
        }
        out.push_str(&format!(
            "Upstream (what it needs): {} services.\n",
            result.upstream.len()
        ));
        for r in &result.upstream {
            out.push_str(&format!(
                "  {}{} (via {}, {})\n",
                "  ".repeat(r.depth as usize - 1),
                name(r.service_id),
                name(r.via),
                r.kind.as_str()
            ));
        }
        if result.truncated {
            out.push_str("The depth limit cut the search short; more lies beyond it.\n");
        }
        out.trim_end().to_owned()
    })
}

pub fn order(ws: &Workspace, train: &str, json: bool) -> Result<()> {
    let id = ws.train_id_by_name(train)?;
    let order = ws.train_order(id)?;
    let names = ws.service_names()?;
    let name = namer(&names);
    let layers = |title: &str, layers: &[OrderLayer]| {
        let mut out = format!("{title}\n");
        for (i, layer) in layers.iter().enumerate() {
            let steps: Vec<String> = layer
                .steps
                .iter()
                .map(|s| {
                    let after: Vec<String> = s.after.iter().map(|p| name(p.service_id)).collect();
                    let together: Vec<String> = s.together_with.iter().map(|p| name(*p)).collect();
                    let mut text = name(s.service_id);
                    if !after.is_empty() {
                        text.push_str(&format!(" (after {})", after.join(", ")));
                    }
                    if !together.is_empty() {
                        text.push_str(&format!(
                            " (with {}: a dependency loop)",
                            together.join(", ")
                        ));
                    }
                    text
                })
                .collect();
            out.push_str(&format!("  {}. {}\n", i + 1, steps.join("; ")));
        }
        out
    };
    emit(json, &order, || {
        if order.layers.is_empty() {
            return format!("Train \"{train}\" has no changes with services.");
        }
        let mut out = layers("Deploy order (each step in parallel):", &order.layers);
        out.push_str(&layers("Rollback order:", &order.rollback));
        out.trim_end().to_owned()
    })
}
