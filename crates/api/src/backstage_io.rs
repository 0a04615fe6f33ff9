//! Importing a Backstage catalog: `catalog-info.yaml` files from one file or
//! a folder tree. Components and Resources become services (matched by name:
//! created, or updated in description, owner team and system; a new one
//! starts at tier medium), Groups become teams, and what they depend on
//! (directly or through the APIs they consume) becomes runtime dependencies.
//! Everything is checked first and stored in one transaction, or nothing;
//! importing the same catalog again changes nothing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use signalbox_domain::deps::backstage::{parse_catalog, CatalogFile, CatalogKind, Entity};
use signalbox_domain::deps::{DependencyKind, ServiceDependency};
use signalbox_domain::{EntityKind, ServiceInput, TeamInput, Tier};
use signalbox_store::{dependencies, services, teams};
use ts_rs::TS;

use crate::{ApiError, Result, Workspace};

/// The most files a folder import reads.
pub const MAX_FILES: usize = 20_000;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct BackstageReport {
    pub files: u32,
    pub services_created: u32,
    pub services_updated: u32,
    pub services_unchanged: u32,
    pub teams_created: u32,
    pub dependencies_created: u32,
    pub dependencies_unchanged: u32,
    /// What was not imported, each as `file:line: reason`.
    pub skipped: Vec<String>,
}

fn failed(message: String, problems: Vec<String>) -> ApiError {
    ApiError::Import { message, problems }
}

/// The YAML files under `root` (or `root` itself), sorted; hidden folders and
/// `node_modules` are not entered.
fn catalog_files(root: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(root)
        .map_err(|e| failed(format!("cannot read {}: {e}", root.display()), vec![]))?;
    if meta.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            failed(
                format!("cannot read the folder {}: {e}", dir.display()),
                vec![],
            )
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !name.starts_with('.') && name != "node_modules" {
                    todo.push(path);
                }
            } else if kind.is_file() && (name.ends_with(".yaml") || name.ends_with(".yml")) {
                out.push(path);
                if out.len() > MAX_FILES {
                    return Err(failed(
                        format!(
                            "{} holds more than {MAX_FILES} YAML files; import a narrower folder",
                            root.display()
                        ),
                        vec![],
                    ));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A service's fields as the catalog says them, over what it already is.
fn service_input(
    e: &Entity,
    before: Option<&signalbox_domain::Service>,
    owner: Option<uuid::Uuid>,
) -> ServiceInput {
    let description = e.description.clone().or_else(|| e.title.clone());
    ServiceInput {
        name: before.map_or_else(|| e.name.clone(), |b| b.name.clone()),
        description: description
            .unwrap_or_else(|| before.map(|b| b.description.clone()).unwrap_or_default()),
        owner_team_id: owner.or_else(|| before.and_then(|b| b.owner_team_id)),
        tier: before.map_or(Tier::Medium, |b| b.tier),
        system: e
            .system
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_else(|| before.map(|b| b.system.clone()).unwrap_or_default()),
        tags: before.map(|b| b.tags.clone()).unwrap_or_default(),
        repository_url: before.and_then(|b| b.repository_url.clone()),
        links: before.map(|b| b.links.clone()).unwrap_or_default(),
    }
}

impl Workspace {
    /// Imports the catalog at `path` (a file, or a folder searched for
    /// `.yaml`/`.yml` files).
    pub fn import_backstage(&mut self, path: &Path) -> Result<BackstageReport> {
        let files = catalog_files(path)?;
        let mut texts = Vec::with_capacity(files.len());
        for f in &files {
            let label = f
                .strip_prefix(path)
                .ok()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(f);
            let bytes = std::fs::read(f)
                .map_err(|e| failed(format!("cannot read {}: {e}", f.display()), vec![]))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                failed(
                    format!("{}: not UTF-8 text", label.display()),
                    vec![format!("{}:1: not UTF-8 text", label.display())],
                )
            })?;
            texts.push((label.display().to_string(), text));
        }
        let inputs: Vec<CatalogFile<'_>> = texts
            .iter()
            .map(|(p, t)| CatalogFile { path: p, text: t })
            .collect();
        let catalog = parse_catalog(&inputs).map_err(|errors| {
            let problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
            let message = match problems.len() {
                1 => format!("the catalog was not imported: {}", problems[0]),
                n => format!(
                    "the catalog was not imported: {n} problems, the first: {}",
                    problems[0]
                ),
            };
            failed(message, problems)
        })?;
        let (resolved, unresolved) = catalog.service_dependencies();
        let mut report = BackstageReport {
            files: u32::try_from(files.len()).unwrap_or(u32::MAX),
            skipped: catalog
                .skipped
                .iter()
                .chain(&unresolved)
                .map(ToString::to_string)
                .collect(),
            ..Default::default()
        };

        self.write(&[EntityKind::Service, EntityKind::Team, EntityKind::Dependency], |tx, ctx| {
            let mut team_ids: HashMap<String, uuid::Uuid> =
                teams::list(tx)?.into_iter().map(|t| (t.name.to_lowercase(), t.id)).collect();
            let mut team = |name: &str, report: &mut BackstageReport| -> Result<uuid::Uuid> {
                if let Some(id) = team_ids.get(&name.to_lowercase()) {
                    return Ok(*id);
                }
                let input = TeamInput { name: name.to_owned(), ..Default::default() }.validate()?;
                let id = crate::teams::create_in(tx, ctx, input)?.id;
                report.teams_created += 1;
                team_ids.insert(name.to_lowercase(), id);
                Ok(id)
            };
            for e in catalog.entities.iter().filter(|e| e.kind == CatalogKind::Group) {
                team(&e.name, &mut report)?;
            }
            let mut ids: HashMap<String, uuid::Uuid> = HashMap::new();
            for e in catalog.entities.iter().filter(|e| e.kind.is_service()) {
                let owner = match &e.owner {
                    Some(r) if r.kind.as_deref().is_none_or(|k| k == "group") => Some(team(&r.name, &mut report)?),
                    Some(r) => {
                        report.skipped.push(format!("{}:{}: owner {r} is not a group; the owner team was left as it was", e.file, e.line));
                        None
                    }
                    None => None,
                };
                let before = services::id_by_name(tx, &e.name)?.map(|id| services::get(tx, id)).transpose()?.flatten();
                let input = service_input(e, before.as_ref(), owner);
                let at = |err: ApiError| match err {
                    ApiError::Validation(v) => failed(format!("{}:{}: {}", e.file, e.line, v.summary()), vec![format!("{}:{}: {}", e.file, e.line, v.summary())]),
                    other => other,
                };
                let service = match before {
                    Some(before) => {
                        let stamp = before.updated_at;
                        let after = crate::services::update_in(tx, ctx, before, input).map_err(at)?;
                        if after.updated_at == stamp {
                            report.services_unchanged += 1;
                        } else {
                            report.services_updated += 1;
                        }
                        after
                    }
                    None => {
                        report.services_created += 1;
                        crate::services::create_in(tx, ctx, input).map_err(at)?
                    }
                };
                ids.insert(e.name.to_lowercase(), service.id);
            }
            let stored: HashSet<_> = dependencies::list(tx)?.into_iter().map(|d| (d.service_id, d.depends_on, d.kind)).collect();
            for d in &resolved {
                let (Some(from), Some(to)) = (ids.get(&d.from.to_lowercase()), ids.get(&d.to.to_lowercase())) else {
                    continue;
                };
                if stored.contains(&(*from, *to, DependencyKind::Runtime)) {
                    report.dependencies_unchanged += 1;
                    continue;
                }
                let edge = ServiceDependency {
                    id: signalbox_domain::new_id(ctx.now),
                    service_id: *from,
                    depends_on: *to,
                    kind: DependencyKind::Runtime,
                    note: d.note.clone(),
                    created_at: ctx.now,
                    updated_at: ctx.now,
                };
                crate::deps::store_new(tx, ctx, &edge, &d.from, &d.to)?;
                report.dependencies_created += 1;
            }
            Ok(())
        })?;
        Ok(report)
    }
}
