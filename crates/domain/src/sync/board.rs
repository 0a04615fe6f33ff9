//! The Pipelines board's model: for each service × environment the
//! deployments synced there, with what the providers never say themselves
//! worked out here: a deployment in progress past its connection's timeout
//! is *stalled*, and a successful deployment that puts an environment back
//! on a revision it ran before is a *rollback* (labelled inferred, since no
//! provider signals it). Also the health of each connection's syncs.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::report::SyncReport;
use super::{Connection, Provider, RunKind};
use crate::calendar::DeployStatus;

/// Why a shown status is not the provider's own word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Inference {
    /// In progress for longer than the connection's stall timeout.
    Stalled,
    /// The environment went back to a revision it ran before.
    Rollback,
}

/// A synced deployment as the board shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BoardRun {
    /// The stored row's id: stable, for drill-down and keys.
    pub id: i64,
    pub connection_id: Uuid,
    pub provider: Provider,
    pub kind: RunKind,
    pub source: String,
    pub external_id: String,
    pub attempt: u32,
    pub name: String,
    /// The provider's environment name, when it gave one.
    pub provider_environment: Option<String>,
    /// The provider's words, as read.
    pub raw_status: String,
    /// The status shown: the mapped one, or the inferred one.
    pub status: DeployStatus,
    /// Set when `status` was inferred rather than read.
    pub inferred: Option<Inference>,
    pub sha: Option<String>,
    pub git_ref: Option<String>,
    /// The run's page at the provider.
    pub url: Option<String>,
    pub actor: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl BoardRun {
    /// Run `s`, stored as row `id` of `connection`, with its status as read.
    pub fn from_synced(id: i64, connection_id: Uuid, s: super::SyncedRun) -> BoardRun {
        BoardRun {
            id,
            connection_id,
            provider: s.provider,
            kind: s.kind,
            source: s.source,
            external_id: s.external_id,
            attempt: s.attempt,
            name: s.name,
            provider_environment: s.environment,
            raw_status: s.raw_status,
            status: s.status,
            inferred: None,
            sha: s.sha,
            git_ref: s.git_ref,
            url: s.url,
            actor: s.actor,
            created_at: s.created_at,
            started_at: s.started_at,
            finished_at: s.finished_at,
        }
    }
}

/// One service in one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BoardCell {
    pub environment_id: Uuid,
    /// The newest deployment; `None` when nothing was deployed here.
    pub latest: Option<BoardRun>,
    /// The shown statuses of the few deployments before it, newest first.
    pub previous: Vec<DeployStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BoardRow {
    pub service_id: Uuid,
    pub service_name: String,
    pub team_name: Option<String>,
    /// One per environment of the board, in the board's order.
    pub cells: Vec<BoardCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BoardEnvironment {
    pub id: Uuid,
    pub name: String,
    pub production: bool,
}

/// Which services the board shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BoardQuery {
    /// Part of a service name, any case.
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    pub offset: u32,
    /// Rows per page; 0 means the default.
    #[serde(default)]
    pub limit: u32,
}

/// One attempt to sync a connection, kept for its health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncRecord {
    pub connection_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub duration_ms: u64,
    /// Whether it ran to the end (it may still have gaps: see the report).
    pub ok: bool,
    /// What went wrong, when it did not.
    pub error: Option<String>,
    /// Rows written.
    pub stored: u64,
    /// Planned changes it moved, "title: planned → in progress".
    pub advanced: Vec<String>,
    /// What it read; also kept for a failed sync, as far as it got.
    pub report: SyncReport,
}

/// A connection with how its syncs have gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConnectionHealth {
    pub connection: Connection,
    /// The latest attempt.
    pub last: Option<SyncRecord>,
    /// When a sync last ran to the end.
    pub last_ok_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Board {
    pub environments: Vec<BoardEnvironment>,
    pub rows: Vec<BoardRow>,
    /// Services matching the query, over all pages.
    pub total: u32,
    pub offset: u32,
    pub connections: Vec<ConnectionHealth>,
}

/// A production deployment that failed or stalled, to tell someone about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeployAlert {
    pub run: BoardRun,
    pub service_name: String,
    pub environment_name: String,
}

impl DeployAlert {
    /// The one line a notification carries.
    pub fn headline(&self) -> String {
        let what = match self.run.status {
            DeployStatus::Stalled => "stalled",
            _ => "failed",
        };
        format!(
            "{} deployment to {} {what}",
            self.service_name, self.environment_name
        )
    }
}

/// A stored run's status as shown at `now`: stalled when it has been in
/// progress longer than `stall_after`.
pub fn shown_status(
    status: DeployStatus,
    started: DateTime<Utc>,
    now: DateTime<Utc>,
    stall_after: Duration,
) -> (DeployStatus, Option<Inference>) {
    if status == DeployStatus::InProgress && now - started > stall_after {
        (DeployStatus::Stalled, Some(Inference::Stalled))
    } else {
        (status, None)
    }
}

/// Marks the successful deployments that are rollbacks. `runs` are one
/// service's deployments to one environment, newest first, as `(status,
/// revision)`. A success is a rollback when its revision differs from the
/// revision the environment ran just before it, and equals one it ran
/// earlier still.
pub fn rollbacks(runs: &[(DeployStatus, Option<&str>)]) -> Vec<bool> {
    // Revisions each success put in place, oldest first.
    let mut marks = vec![false; runs.len()];
    let mut history: Vec<&str> = Vec::new();
    for (i, (status, sha)) in runs.iter().enumerate().rev() {
        let (DeployStatus::Succeeded, Some(sha)) = (status, sha) else {
            continue;
        };
        if history.last() == Some(sha) {
            continue;
        }
        if history.contains(sha) {
            marks[i] = true;
        }
        history.push(sha);
    }
    marks
}

/// Places runs on the board by a connection's rules: which service and
/// environment a deployment lands in. Built once per sync or load (a
/// sample connection maps thousands of repositories), then a lookup per run.
pub struct Placer<'a> {
    rules: &'a super::MappingRules,
    services: HashMap<String, Uuid>,
    environments: HashMap<String, Uuid>,
}

impl<'a> Placer<'a> {
    pub fn new(c: &'a Connection) -> Placer<'a> {
        // The first rule wins, as in `MappingRules::service_of`.
        let mut services = HashMap::new();
        for r in c.rules.services.iter().rev() {
            services.insert(r.source.to_lowercase(), r.service_id);
        }
        let mut environments = HashMap::new();
        for r in c.rules.environments.iter().rev() {
            environments.insert(r.provider_environment.to_lowercase(), r.environment_id);
        }
        Placer {
            rules: &c.rules,
            services,
            environments,
        }
    }

    /// The service and environment of a run that counts as a deployment
    /// and that the rules place; `None` for any other run.
    pub fn place(
        &self,
        kind: RunKind,
        name: &str,
        source: &str,
        environment: Option<&str>,
    ) -> Option<(Uuid, Uuid)> {
        if !self.rules.counts_as_deployment(kind, name) {
            return None;
        }
        let service = *self.services.get(&source.to_lowercase())?;
        let env = *self
            .environments
            .get(&environment.unwrap_or("").to_lowercase())?;
        Some((service, env))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DeployStatus::*;
    use chrono::TimeZone;

    #[test]
    fn a_return_to_an_earlier_revision_is_a_rollback_and_a_redeploy_is_not() {
        // Newest first: c, then b, then a; then a again after c.
        let runs = [
            (Succeeded, Some("a")),
            (Failed, Some("d")),
            (Succeeded, Some("c")),
            (Succeeded, Some("c")),
            (Succeeded, Some("b")),
            (Succeeded, Some("a")),
        ];
        assert_eq!(
            rollbacks(&runs),
            vec![true, false, false, false, false, false]
        );
        // Deploying the same revision twice is not going back.
        let same = [(Succeeded, Some("a")), (Succeeded, Some("a"))];
        assert_eq!(rollbacks(&same), vec![false, false]);
        // A failure on an old revision changes nothing.
        let failed = [
            (Failed, Some("a")),
            (Succeeded, Some("b")),
            (Succeeded, Some("a")),
        ];
        assert_eq!(rollbacks(&failed), vec![false, false, false]);
        // No revision, no inference.
        assert_eq!(
            rollbacks(&[(Succeeded, None), (Succeeded, None)]),
            vec![false, false]
        );
    }

    #[test]
    fn in_progress_past_the_timeout_is_stalled() {
        let start = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
        let hour = Duration::minutes(60);
        assert_eq!(
            shown_status(InProgress, start, start + Duration::minutes(59), hour),
            (InProgress, None)
        );
        assert_eq!(
            shown_status(InProgress, start, start + Duration::minutes(61), hour),
            (Stalled, Some(Inference::Stalled))
        );
        assert_eq!(
            shown_status(Succeeded, start, start + Duration::days(2), hour),
            (Succeeded, None)
        );
    }
}
