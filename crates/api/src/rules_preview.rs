//! What a connection's mapping rules match, shown while they are edited:
//! the runs already synced from it, grouped by what the rules look at, each
//! with whether it counts as a deployment and where it lands.

use serde::{Deserialize, Serialize};
use signalbox_domain::sync::{ConnectionInput, RunKind};
use signalbox_store::{environments, runs, services};
use ts_rs::TS;
use uuid::Uuid;

use crate::{Result, Workspace};

/// Groups shown at most.
const MAX_GROUPS: u32 = 300;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    pub kind: RunKind,
    pub source: String,
    pub name: String,
    pub provider_environment: Option<String>,
    /// Runs in this group.
    pub runs: u64,
    pub deployment: bool,
    /// The service the rules give it, by name.
    pub service: Option<String>,
    /// The environment the rules give it, by name.
    pub environment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RulesPreview {
    pub rows: Vec<PreviewRow>,
    /// Runs in the groups shown.
    pub runs: u64,
    /// Of those, the deployments the rules place on the board.
    pub placed: u64,
    /// Sources in the scope with no runs synced yet.
    pub unsynced: Vec<String>,
}

impl Workspace {
    /// What `input`'s rules would match among connection `id`'s synced runs.
    pub fn preview_rules(&self, id: Uuid, input: &ConnectionInput) -> Result<RulesPreview> {
        self.get_connection(id)?;
        let rules = &input.rules;
        let conn = self.conn();
        let envs = environments::list(conn)?;
        let mut preview = RulesPreview {
            rows: Vec::new(),
            runs: 0,
            placed: 0,
            unsynced: Vec::new(),
        };
        let mut seen = std::collections::HashSet::new();
        for g in runs::groups(conn, id, MAX_GROUPS)? {
            let (kind, source, name, provider_env, n) =
                (g.kind, g.source, g.name, g.environment, g.runs);
            seen.insert(source.to_lowercase());
            let deployment = rules.counts_as_deployment(kind, &name);
            let service = match rules.service_of(&source) {
                Some(s) => services::get(conn, s)?.map(|s| s.name),
                None => None,
            };
            let environment = rules
                .environment_of(provider_env.as_deref().unwrap_or(""))
                .and_then(|e| envs.iter().find(|x| x.id == e))
                .map(|e| e.name.clone());
            preview.runs += n;
            if deployment && service.is_some() && environment.is_some() {
                preview.placed += n;
            }
            preview.rows.push(PreviewRow {
                kind,
                source,
                name,
                provider_environment: provider_env,
                runs: n,
                deployment,
                service,
                environment,
            });
        }
        preview.unsynced = input
            .scope
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty() && !seen.contains(&s.to_lowercase()))
            .collect();
        Ok(preview)
    }
}
