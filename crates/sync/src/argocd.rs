//! Argo CD applications and their sync history, read with a bearer token.
//! `GET /api/v1/applications` (no paging; `projects=` to keep one project)
//! gives each application's current state; `GET /api/v1/applications/{name}`
//! gives one application with its `status.history`.
//!
//! An application's current state is one run, `{app}@{revision}` (the
//! revision the last operation synced, else the one Argo compares against:
//! a commit SHA for Git, a chart version for a Helm repository). Its raw
//! status is the operation phase (`Running`, `Failed`…), with `:` and the
//! health once the phase is `Succeeded` (`Succeeded:Degraded`), or the
//! health alone when no operation ran; the status table maps it.
//!
//! History entries are one run each, `{app}#{id}` (Argo's own number, so a
//! revision deployed twice is two runs). Argo records only syncs that
//! succeeded, so these are not mapped through the table: their raw status
//! is `history` and their status is `succeeded`, always. Argo keeps the
//! last `spec.revisionHistoryLimit` entries (10 unless set): when the
//! history is full and its oldest entry is not the application's first,
//! older deploys were dropped, perhaps since the last poll, and the report
//! says so. Failed syncs never reach the history: poll `applications`
//! often enough to see them.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use signalbox_domain::calendar::DeployStatus;
use signalbox_domain::sync::{Provider, RunKind, StatusTable, SyncedRun};
use url::Url;

use crate::error::SyncError;
use crate::http::{Fetched, Http};
use crate::report::SyncReport;

/// The history Argo keeps when `spec.revisionHistoryLimit` is not set.
pub const HISTORY_LIMIT: u64 = 10;

/// The raw status of a history entry.
pub const HISTORY_RAW: &str = "history";

pub struct ArgoCd<'a> {
    base: Url,
    token: &'a str,
    table: &'a StatusTable,
}

#[derive(Deserialize)]
struct AppList {
    /// `null` when there are none.
    items: Option<Vec<AppJson>>,
}

#[derive(Deserialize)]
struct AppJson {
    metadata: Metadata,
    #[serde(default)]
    spec: Spec,
    #[serde(default)]
    status: Status,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    name: String,
    creation_timestamp: Option<DateTime<Utc>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Spec {
    destination: Option<Destination>,
    source: Option<Source>,
    revision_history_limit: Option<u64>,
}

#[derive(Deserialize)]
struct Destination {
    namespace: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Source {
    target_revision: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Status {
    sync: Option<Revisions>,
    health: Option<Health>,
    operation_state: Option<OperationState>,
    #[serde(default)]
    history: Vec<HistoryJson>,
    reconciled_at: Option<DateTime<Utc>>,
}

/// `status.sync` and `operationState.syncResult`: a revision, or one per
/// source for a multi-source application.
#[derive(Deserialize)]
struct Revisions {
    revision: Option<String>,
    revisions: Option<Vec<String>>,
}

impl Revisions {
    fn text(&self) -> Option<String> {
        self.revision
            .clone()
            .filter(|r| !r.is_empty())
            .or_else(|| self.revisions.as_ref().map(|r| r.join(",")))
            .filter(|r| !r.is_empty())
    }
}

#[derive(Deserialize)]
struct Health {
    status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OperationState {
    phase: Option<String>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    sync_result: Option<Revisions>,
    operation: Option<Operation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Operation {
    initiated_by: Option<InitiatedBy>,
}

#[derive(Deserialize)]
struct InitiatedBy {
    username: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HistoryJson {
    id: i64,
    revision: Option<String>,
    revisions: Option<Vec<String>>,
    deploy_started_at: Option<DateTime<Utc>>,
    deployed_at: DateTime<Utc>,
    initiated_by: Option<InitiatedBy>,
    source: Option<Source>,
}

impl<'a> ArgoCd<'a> {
    /// `base_url`: the Argo CD server, `https://argocd.example.com` (with
    /// its root path, if it has one).
    pub fn new(base_url: &str, token: &'a str, table: &'a StatusTable) -> Result<Self, SyncError> {
        let base = crate::http::base_url(base_url)?;
        Ok(ArgoCd { base, token, table })
    }

    /// `base` with `segments` added, each encoded.
    fn url(&self, segments: &[&str]) -> Result<Url, SyncError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|_| SyncError::BadUrl(format!("{} cannot hold a path", self.base)))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    async fn fetch(&self, http: &mut Http, url: &str) -> Result<Fetched, SyncError> {
        let auth = format!("Bearer {}", self.token);
        http.get(
            url,
            &[
                ("authorization", auth.as_str()),
                ("accept", "application/json"),
            ],
        )
        .await
    }

    /// Reads every application (of `project`, when given), one run each for
    /// its current state, handed to `sink` as one page.
    /// One request that proves the token can list `project`'s applications.
    pub async fn probe(&self, http: &mut Http, project: &str) -> Result<(), SyncError> {
        let mut report = SyncReport::new();
        self.applications(http, Some(project), &mut report, &mut |_| Ok(()))
            .await
    }

    pub async fn applications(
        &self,
        http: &mut Http,
        project: Option<&str>,
        report: &mut SyncReport,
        sink: &mut dyn FnMut(Vec<SyncedRun>) -> Result<(), SyncError>,
    ) -> Result<(), SyncError> {
        let mut url = self.url(&["api", "v1", "applications"])?;
        if let Some(project) = project.map(str::trim).filter(|p| !p.is_empty()) {
            url.query_pairs_mut().append_pair("projects", project);
        }
        let url = String::from(url);
        let fetched = self.fetch(http, &url).await?;
        let list: AppList =
            serde_json::from_slice(&fetched.body).map_err(|e| SyncError::Malformed {
                url: url.clone(),
                reason: format!("not a list of applications ({e})"),
            })?;
        let apps = list.items.unwrap_or_default();
        let runs = apps
            .into_iter()
            .map(|a| self.current(a, &url))
            .collect::<Result<Vec<_>, _>>()?;
        report.pages += 1;
        report.items += runs.len() as u64;
        sink(runs)?;
        report.requests = http.requests;
        report.quota = http.quota;
        Ok(())
    }

    /// Reads `app`'s sync history, one run per entry, handed to `sink` as
    /// one page; a full history is reported as a possible gap.
    pub async fn history(
        &self,
        http: &mut Http,
        app: &str,
        report: &mut SyncReport,
        sink: &mut dyn FnMut(Vec<SyncedRun>) -> Result<(), SyncError>,
    ) -> Result<(), SyncError> {
        if app.trim().is_empty() {
            return Err(SyncError::BadUrl("no Argo CD application named".into()));
        }
        let url = String::from(self.url(&["api", "v1", "applications", app])?);
        let fetched = self.fetch(http, &url).await?;
        let a: AppJson =
            serde_json::from_slice(&fetched.body).map_err(|e| SyncError::Malformed {
                url: url.clone(),
                reason: format!("not an application ({e})"),
            })?;
        let limit = a.spec.revision_history_limit.unwrap_or(HISTORY_LIMIT);
        let held = a.status.history.len() as u64;
        let oldest = a.status.history.iter().map(|h| h.id).min();
        if let Some(oldest) = oldest.filter(|&o| held >= limit && o > 0) {
            report.complete = false;
            report.gaps.push(format!(
                "{}: the history holds {held} syncs, as many as Argo CD keeps; \
                 any before #{oldest} were dropped, perhaps since the last poll",
                a.metadata.name
            ));
        }
        let name = a.metadata.name.clone();
        let environment = a
            .spec
            .destination
            .as_ref()
            .and_then(|d| d.namespace.clone());
        let page = self.app_page(&name)?;
        let runs: Vec<SyncedRun> = a
            .status
            .history
            .into_iter()
            .map(|h| {
                let sha = h
                    .revision
                    .filter(|r| !r.is_empty())
                    .or_else(|| h.revisions.map(|r| r.join(",")));
                SyncedRun {
                    provider: Provider::Argocd,
                    kind: RunKind::Sync,
                    source: name.clone(),
                    external_id: format!("{name}#{}", h.id),
                    attempt: 1,
                    name: name.clone(),
                    environment: environment.clone(),
                    raw_status: HISTORY_RAW.to_owned(),
                    status: DeployStatus::Succeeded,
                    sha,
                    git_ref: h.source.and_then(|s| s.target_revision),
                    url: page.clone(),
                    actor: h.initiated_by.and_then(|i| i.username),
                    created_at: h.deploy_started_at.unwrap_or(h.deployed_at),
                    started_at: h.deploy_started_at,
                    finished_at: Some(h.deployed_at),
                    updated_at: h.deployed_at,
                }
            })
            .collect();
        report.pages += 1;
        report.items += runs.len() as u64;
        sink(runs)?;
        report.requests = http.requests;
        report.quota = http.quota;
        Ok(())
    }

    /// The application's page in Argo CD's web UI.
    fn app_page(&self, name: &str) -> Result<Option<String>, SyncError> {
        Ok(Some(self.url(&["applications", name])?.into()))
    }

    fn current(&self, a: AppJson, url: &str) -> Result<SyncedRun, SyncError> {
        let name = a.metadata.name;
        let op = a.status.operation_state;
        let health = a
            .status
            .health
            .and_then(|h| h.status)
            .unwrap_or_else(|| "Unknown".into());
        let raw = match op.as_ref() {
            Some(o) => {
                let phase = o.phase.clone().unwrap_or_else(|| "Unknown".into());
                if phase == "Succeeded" {
                    format!("{phase}:{health}")
                } else {
                    phase
                }
            }
            None => health,
        };
        let revision = op
            .as_ref()
            .and_then(|o| o.sync_result.as_ref())
            .and_then(Revisions::text)
            .or_else(|| a.status.sync.as_ref().and_then(Revisions::text));
        let started = op.as_ref().and_then(|o| o.started_at);
        let finished = op.as_ref().and_then(|o| o.finished_at);
        let created = started
            .or(a.metadata.creation_timestamp)
            .or(a.status.reconciled_at)
            .ok_or_else(|| SyncError::Malformed {
                url: url.to_owned(),
                reason: format!("application {name} carries no time at all"),
            })?;
        Ok(SyncedRun {
            provider: Provider::Argocd,
            kind: RunKind::Sync,
            source: name.clone(),
            external_id: format!("{name}@{}", revision.as_deref().unwrap_or("unknown")),
            attempt: 1,
            environment: a.spec.destination.and_then(|d| d.namespace),
            status: self.table.map(Provider::Argocd, &raw),
            raw_status: raw,
            sha: revision,
            git_ref: a.spec.source.and_then(|s| s.target_revision),
            url: self.app_page(&name)?,
            actor: op
                .and_then(|o| o.operation)
                .and_then(|o| o.initiated_by)
                .and_then(|i| i.username),
            created_at: created,
            started_at: started,
            finished_at: finished,
            updated_at: finished.or(started).unwrap_or(created),
            name,
        })
    }
}
