//! Services as CSV: export, and all-or-nothing import.
//!
//! Rows are numbered as a spreadsheet shows them: the header is row 1. Tags
//! are separated by `;`; links are `label|url`, one per line inside the cell.
//! Importing matches services by name (ignoring case): new names are
//! created, existing ones updated, and owner teams that do not exist yet are
//! created. Any problem anywhere refuses the whole file and stores nothing.

use std::collections::HashMap;

use serde::Serialize;
use signalbox_domain::{EntityKind, ServiceInput, ServiceLink, ServiceQuery, TeamInput, Tier};
use signalbox_store::{services, teams};
use ts_rs::TS;
use uuid::Uuid;

use crate::{ApiError, Result, Workspace};

/// Every column, in export order.
pub const COLUMNS: [&str; 8] = [
    "name",
    "description",
    "owner_team",
    "tier",
    "system",
    "tags",
    "repository_url",
    "links",
];
const REQUIRED: [&str; 2] = ["name", "tier"];
/// Problems listed before the rest are summarised as "and N more".
const PROBLEMS_MAX: usize = 100;

/// What an import stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub teams_created: u32,
}

struct Row {
    number: usize,
    owner_team: String,
    input: ServiceInput,
}

impl Workspace {
    /// Every service as CSV text, sorted by name.
    pub fn export_services_csv(&self) -> Result<String> {
        let team_names: HashMap<Uuid, String> = teams::list(self.conn())?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let page = self.search_services(&ServiceQuery::default())?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let internal = |e: csv::Error| ApiError::Internal(format!("cannot write CSV: {e}"));
        w.write_record(COLUMNS).map_err(internal)?;
        for s in page.items {
            let owner = s
                .owner_team_id
                .and_then(|id| team_names.get(&id).cloned())
                .unwrap_or_default();
            let links = s
                .links
                .iter()
                .map(|l| format!("{}|{}", l.label, l.url))
                .collect::<Vec<_>>()
                .join("\n");
            w.write_record([
                s.name.as_str(),
                &s.description,
                &owner,
                s.tier.as_str(),
                &s.system,
                &s.tags.join(";"),
                s.repository_url.as_deref().unwrap_or(""),
                &links,
            ])
            .map_err(internal)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| ApiError::Internal(format!("cannot write CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| ApiError::Internal(e.to_string()))
    }

    /// Imports services from CSV bytes: everything or nothing.
    pub fn import_services_csv(&mut self, bytes: &[u8]) -> Result<ImportReport> {
        let rows = parse(bytes)?;
        self.write(&[EntityKind::Service, EntityKind::Team], |tx, ctx| {
            let mut report = ImportReport::default();
            let mut team_ids: HashMap<String, Uuid> = teams::list(tx)?
                .into_iter()
                .map(|t| (t.name.to_lowercase(), t.id))
                .collect();
            for row in rows {
                let mut input = row.input;
                if !row.owner_team.is_empty() {
                    let key = row.owner_team.to_lowercase();
                    let id = match team_ids.get(&key) {
                        Some(id) => *id,
                        None => {
                            let team = TeamInput {
                                name: row.owner_team.clone(),
                                ..Default::default()
                            }
                            .validate()
                            .map_err(|e| row_error(row.number, "owner_team", &e.summary()))?;
                            let id = crate::teams::create_in(tx, ctx, team)?.id;
                            report.teams_created += 1;
                            team_ids.insert(key, id);
                            id
                        }
                    };
                    input.owner_team_id = Some(id);
                }
                let existing = services::id_by_name(tx, &input.name)?
                    .map(|id| services::get(tx, id))
                    .transpose()?
                    .flatten();
                match existing {
                    Some(before) => {
                        let updated_at = before.updated_at;
                        let after = crate::services::update_in(tx, ctx, before, input)?;
                        if after.updated_at == updated_at {
                            report.unchanged += 1;
                        } else {
                            report.updated += 1;
                        }
                    }
                    None => {
                        crate::services::create_in(tx, ctx, input)?;
                        report.created += 1;
                    }
                }
            }
            Ok(report)
        })
    }
}

fn row_error(row: usize, column: &str, message: &str) -> ApiError {
    let problem = format!("row {row}, column {column}: {message}");
    ApiError::Import {
        message: format!("the CSV was not imported: {problem}"),
        problems: vec![problem],
    }
}

/// Reads and validates every row without touching the database.
fn parse(bytes: &[u8]) -> Result<Vec<Row>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut problems: Vec<String> = Vec::new();
    let mut records = reader.byte_records();
    let header = match records.next() {
        None => {
            return Err(rejected(vec![
                "the file is empty: expected a header row".into()
            ]))
        }
        Some(Err(e)) => return Err(rejected(vec![format!("row 1: {e}")])),
        Some(Ok(h)) => h,
    };
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut header_names = Vec::new();
    for (i, raw) in header.iter().enumerate() {
        let name = match std::str::from_utf8(raw) {
            Ok(n) => n.trim().to_lowercase(),
            Err(_) => {
                problems.push(format!(
                    "row 1, column {}: the header is not valid UTF-8 text",
                    i + 1
                ));
                continue;
            }
        };
        header_names.push(name);
    }
    for (i, name) in header_names.iter().enumerate() {
        match COLUMNS.iter().find(|c| **c == name) {
            Some(c) if index.contains_key(c) => {
                problems.push(format!("row 1, column {}: \"{c}\" appears twice", i + 1))
            }
            Some(c) => {
                index.insert(c, i);
            }
            None => problems.push(format!(
                "row 1, column {}: unknown column \"{name}\"; the columns are {}",
                i + 1,
                COLUMNS.join(", ")
            )),
        }
    }
    for required in REQUIRED {
        if !index.contains_key(required) {
            problems.push(format!("row 1: missing column \"{required}\""));
        }
    }
    if !problems.is_empty() {
        return Err(rejected(problems));
    }

    let mut rows = Vec::new();
    let mut first_row_of: HashMap<String, usize> = HashMap::new();
    for (i, record) in records.enumerate() {
        let number = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("row {number}: {e}"));
                break;
            }
        };
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if record.len() != header_names.len() {
            problems.push(format!(
                "row {number}: has {} fields but the header has {}",
                record.len(),
                header_names.len()
            ));
            continue;
        }
        let mut cell = |column: &str| -> Option<String> {
            let i = *index.get(column)?;
            match std::str::from_utf8(record.get(i).unwrap_or_default()) {
                Ok(text) => Some(text.to_string()),
                Err(_) => {
                    problems.push(format!(
                        "row {number}, column {column}: not valid UTF-8 text"
                    ));
                    None
                }
            }
        };
        let name = cell("name").unwrap_or_default();
        let description = cell("description").unwrap_or_default();
        let owner_team = cell("owner_team").unwrap_or_default().trim().to_string();
        let tier_text = cell("tier").unwrap_or_default();
        let system = cell("system").unwrap_or_default();
        let tags = cell("tags").unwrap_or_default();
        let repository_url = cell("repository_url");
        let links_text = cell("links").unwrap_or_default();

        let tier = match tier_text.parse::<Tier>() {
            Ok(t) => t,
            Err(_) if tier_text.trim().is_empty() => {
                problems.push(format!(
                    "row {number}, column tier: tier is required (critical, high, medium or low)"
                ));
                Tier::Medium
            }
            Err(e) => {
                problems.push(format!("row {number}, column tier: {e}"));
                Tier::Medium
            }
        };
        let mut links = Vec::new();
        for line in links_text.lines().filter(|l| !l.trim().is_empty()) {
            match line.split_once('|') {
                Some((label, url)) => links.push(ServiceLink {
                    label: label.to_string(),
                    url: url.to_string(),
                }),
                None => problems.push(format!(
                    "row {number}, column links: \"{line}\" should be label|url"
                )),
            }
        }
        let input = ServiceInput {
            name,
            description,
            owner_team_id: None,
            tier,
            system,
            tags: tags.split(';').map(str::to_string).collect(),
            repository_url,
            links,
        };
        match input.validate() {
            Ok(input) => {
                let key = input.name.to_lowercase();
                if let Some(first) = first_row_of.get(&key) {
                    problems.push(format!(
                        "row {number}, column name: \"{}\" already appears in row {first}",
                        input.name
                    ));
                } else {
                    first_row_of.insert(key, number);
                }
                rows.push(Row {
                    number,
                    owner_team,
                    input,
                });
            }
            Err(errors) => {
                for e in errors.0 {
                    let column = if e.field == "owner_team_id" {
                        "owner_team"
                    } else {
                        &e.field
                    };
                    problems.push(format!("row {number}, column {column}: {}", e.message));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(rejected(problems))
    }
}

pub(crate) fn rejected(mut problems: Vec<String>) -> ApiError {
    let total = problems.len();
    if total > PROBLEMS_MAX {
        problems.truncate(PROBLEMS_MAX);
        problems.push(format!("and {} more", total - PROBLEMS_MAX));
    }
    let message = if total == 1 {
        format!("the CSV was not imported: {}", problems[0])
    } else {
        format!(
            "the CSV was not imported: {total} problems, the first: {}",
            problems[0]
        )
    };
    ApiError::Import { message, problems }
}
