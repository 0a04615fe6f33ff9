//! The dependency map in and out as text: an all-or-nothing CSV import
//! (`service,depends_on,type,note`, problems as `row N: reason`) and DOT and
//! Mermaid exports of the whole map.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use signalbox_domain::deps::export::{to_dot, to_mermaid, Node};
use signalbox_domain::deps::{DependencyGraph, DependencyKind, ServiceDependency};
use signalbox_domain::EntityKind;
use signalbox_store::{dependencies, services};
use ts_rs::TS;

use crate::csv_io::rejected;
use crate::{Result, Workspace};

/// The columns, in order; `note` may be left out.
pub const DEPENDENCY_COLUMNS: [&str; 4] = ["service", "depends_on", "type", "note"];

/// What a dependency import stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct DependencyImportReport {
    pub created: u32,
    /// Rows naming an edge the map already has.
    pub unchanged: u32,
}

impl Workspace {
    /// The whole map as Graphviz DOT.
    pub fn export_dependencies_dot(&self) -> Result<String> {
        self.with_map(to_dot)
    }

    /// The whole map as a Mermaid flowchart.
    pub fn export_dependencies_mermaid(&self) -> Result<String> {
        self.with_map(to_mermaid)
    }

    fn with_map(
        &self,
        f: impl FnOnce(&[Node<'_>], &[ServiceDependency]) -> String,
    ) -> Result<String> {
        let all = services::list_all(self.conn())?;
        let nodes: Vec<Node<'_>> = all
            .iter()
            .map(|s| Node {
                id: s.id,
                name: &s.name,
                system: &s.system,
            })
            .collect();
        Ok(f(&nodes, &dependencies::list(self.conn())?))
    }

    /// Imports dependencies from CSV: every row is checked (known services,
    /// type, no self-dependency, no duplicate row, no deploy-order cycle with
    /// the map) before anything is stored, and then all are stored in one
    /// transaction, or none.
    pub fn import_dependencies_csv(&mut self, bytes: &[u8]) -> Result<DependencyImportReport> {
        let conn = self.conn();
        let catalog = services::list_all(conn)?;
        let by_name: HashMap<String, uuid::Uuid> = catalog
            .iter()
            .map(|s| (s.name.to_lowercase(), s.id))
            .collect();
        let names: HashMap<uuid::Uuid, String> =
            catalog.iter().map(|s| (s.id, s.name.clone())).collect();
        let existing = dependencies::list(conn)?;
        let rows = parse(bytes, &by_name)?;

        let stored: HashSet<_> = existing
            .iter()
            .map(|d| (d.service_id, d.depends_on, d.kind))
            .collect();
        let mut report = DependencyImportReport::default();
        let mut fresh: Vec<(usize, ServiceDependency)> = Vec::new();
        let now = self.now();
        for (number, from, to, kind, note) in rows {
            if stored.contains(&(from, to, kind)) {
                report.unchanged += 1;
                continue;
            }
            fresh.push((
                number,
                ServiceDependency {
                    id: signalbox_domain::new_id(now),
                    service_id: from,
                    depends_on: to,
                    kind,
                    note,
                    created_at: now,
                    updated_at: now,
                },
            ));
        }
        // Deploy-order cycles with the map and the file together.
        let all: Vec<ServiceDependency> = existing
            .iter()
            .cloned()
            .chain(fresh.iter().map(|(_, d)| d.clone()))
            .collect();
        let graph = DependencyGraph::new(names.keys().copied(), &all);
        let cycles = graph.cycles(&[DependencyKind::DeployOrder]);
        if !cycles.is_empty() {
            let problems = cycles
                .iter()
                .map(|cycle| {
                    let row = fresh
                        .iter()
                        .find(|(_, d)| {
                            d.kind == DependencyKind::DeployOrder
                                && cycle.contains(&d.service_id)
                                && cycle.contains(&d.depends_on)
                        })
                        .map_or(0, |(n, _)| *n);
                    let members: Vec<&str> = cycle
                        .iter()
                        .filter_map(|id| names.get(id).map(String::as_str))
                        .collect();
                    format!(
                        "row {row}: this would make a deploy-order cycle among {}",
                        members.join(", ")
                    )
                })
                .collect();
            return Err(rejected(problems));
        }
        report.created = u32::try_from(fresh.len()).unwrap_or(u32::MAX);
        self.write(&[EntityKind::Dependency], |tx, ctx| {
            for (_, d) in &fresh {
                let d = ServiceDependency {
                    created_at: ctx.now,
                    updated_at: ctx.now,
                    ..d.clone()
                };
                let name = |id| names.get(&id).map_or("?", String::as_str);
                crate::deps::store_new(tx, ctx, &d, name(d.service_id), name(d.depends_on))?;
            }
            Ok(())
        })?;
        Ok(report)
    }
}

type Parsed = (usize, uuid::Uuid, uuid::Uuid, DependencyKind, String);

/// Reads every row, collecting every problem; nothing is stored here.
fn parse(bytes: &[u8], by_name: &HashMap<String, uuid::Uuid>) -> Result<Vec<Parsed>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        None => {
            return Err(rejected(vec![
                "the file is empty: expected the header service,depends_on,type,note".into(),
            ]))
        }
        Some(Err(e)) => return Err(rejected(vec![format!("row 1: {e}")])),
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
    };
    if header.len() < 3
        || header.len() > 4
        || header.iter().zip(DEPENDENCY_COLUMNS).any(|(h, c)| h != c)
    {
        return Err(rejected(vec![format!(
            "row 1: the header must be {} (note may be left out), not {}",
            DEPENDENCY_COLUMNS.join(","),
            header.join(",")
        )]));
    }
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut seen: HashMap<(uuid::Uuid, uuid::Uuid, DependencyKind), usize> = HashMap::new();
    for (i, record) in records.enumerate() {
        let number = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("row {number}: {e}"));
                break;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            problems.push(format!(
                "row {number}: has {} fields but the header has {}",
                record.len(),
                header.len()
            ));
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or_default().trim();
        let service = |name: &str, column: &str| -> std::result::Result<uuid::Uuid, String> {
            if name.is_empty() {
                return Err(format!("row {number}: {column} is empty"));
            }
            by_name
                .get(&name.to_lowercase())
                .copied()
                .ok_or_else(|| format!("row {number}: unknown service \"{name}\""))
        };
        let from = service(field(0), "service");
        let to = service(field(1), "depends_on");
        let kind = if field(2).is_empty() {
            Ok(DependencyKind::Runtime)
        } else {
            DependencyKind::parse(field(2)).ok_or_else(|| {
                format!(
                    "row {number}: \"{}\" is not a type; use runtime, data or deploy-order",
                    field(2)
                )
            })
        };
        let note = field(3).to_owned();
        match (from, to, kind) {
            (Ok(from), Ok(to), Ok(kind)) => {
                if from == to {
                    problems.push(format!(
                        "row {number}: \"{}\" cannot depend on itself",
                        field(0)
                    ));
                } else if note.chars().count() > signalbox_domain::deps::model::MAX_NOTE_CHARS {
                    problems.push(format!(
                        "row {number}: the note is longer than 500 characters"
                    ));
                } else if let Some(first) = seen.insert((from, to, kind), number) {
                    problems.push(format!("row {number}: the same dependency as row {first}"));
                } else {
                    rows.push((number, from, to, kind, note));
                }
            }
            (a, b, c) => problems.extend([a.err(), b.err(), c.err()].into_iter().flatten()),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(rejected(problems))
    }
}
