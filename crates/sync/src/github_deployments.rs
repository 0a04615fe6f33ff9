//! GitHub Deployments: `GET /repos/{o}/{r}/deployments` lists them newest
//! first (a deployment names its environment but carries no state), and
//! each one's `statuses` say how it went, newest first. `inactive` only
//! means a later deployment superseded it, so the state shown is the newest
//! that is not `inactive`.
//!
//! There is no "changed since" filter: the list is read from its newest end
//! back to `since`, the first page asked for with the ETag of the last read
//! (a 304 costs no quota). Statuses are read only for deployments not known
//! to have finished; on a 304, for the ones still running.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use signalbox_domain::sync::{Provider, RunKind, SyncedRun};

use crate::error::SyncError;
use crate::github::{Etags, GitHub};
use crate::http::Http;
use crate::link;
use crate::report::SyncReport;

const PER_PAGE: u32 = 100;

#[derive(Deserialize)]
struct Creator {
    login: Option<String>,
}

#[derive(Deserialize)]
struct DeploymentJson {
    id: u64,
    sha: Option<String>,
    #[serde(rename = "ref")]
    git_ref: Option<String>,
    task: Option<String>,
    environment: Option<String>,
    creator: Option<Creator>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct StatusJson {
    state: String,
    log_url: Option<String>,
    target_url: Option<String>,
    created_at: DateTime<Utc>,
}

/// What the store already knows of a repository's deployments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// Read back to deployments created at this time.
    pub since: DateTime<Utc>,
    /// Ids stored as finished: their statuses are not read again.
    pub finished: HashSet<String>,
    /// Ids stored as still going: read even when the list is unchanged.
    pub open: Vec<u64>,
}

/// What reading a repository's deployments found out for its cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeploymentsRead {
    /// When the oldest deployment still going was created.
    pub oldest_open: Option<DateTime<Utc>>,
}

impl GitHub<'_> {
    fn headers(&self) -> [(&'static str, String); 3] {
        [
            ("authorization", format!("Bearer {}", self.token)),
            ("accept", "application/vnd.github+json".into()),
            ("x-github-api-version", "2022-11-28".into()),
        ]
    }

    fn deployments_url(&self, repo: &str) -> Result<String, SyncError> {
        let mut url = self
            .api
            .join(&format!("repos/{repo}/deployments"))
            .map_err(|e| SyncError::BadUrl(format!("repository \"{repo}\": {e}")))?;
        url.query_pairs_mut()
            .append_pair("per_page", &PER_PAGE.to_string());
        Ok(url.into())
    }

    /// Reads `repo`'s deployments created since `known.since`, handing each
    /// page of them to `sink`. `etags` keeps the list's ETag; store it with
    /// what `sink` stored.
    pub async fn deployments(
        &self,
        http: &mut Http,
        repo: &str,
        known: &Known,
        etags: &mut Etags,
        report: &mut SyncReport,
        sink: &mut dyn FnMut(Vec<SyncedRun>) -> Result<(), SyncError>,
    ) -> Result<DeploymentsRead, SyncError> {
        let first = self.deployments_url(repo)?;
        let headers = self.headers();
        let mut url = first.clone();
        let mut page_no = 0u32;
        let mut first_etag = None;
        let mut read = DeploymentsRead::default();
        loop {
            page_no += 1;
            let mut h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let tag = etags.get(&first).cloned();
            if page_no == 1 {
                if let Some(tag) = tag.as_deref() {
                    h.push(("if-none-match", tag));
                }
            }
            let fetched = http.get(&url, &h).await?;
            if fetched.not_modified() {
                report.not_modified += 1;
                // Nothing new listed; those still going may have moved on.
                let mut runs = Vec::new();
                for id in &known.open {
                    runs.push(self.with_status(http, repo, *id, None).await?);
                }
                read.oldest_open = oldest_open(&runs);
                if !runs.is_empty() {
                    report.items += runs.len() as u64;
                    sink(runs)?;
                }
                return Ok(read);
            }
            let page: Vec<DeploymentJson> =
                serde_json::from_slice(&fetched.body).map_err(|e| SyncError::Malformed {
                    url: url.clone(),
                    reason: format!("not a list of deployments ({e})"),
                })?;
            if page_no == 1 {
                first_etag = fetched.header("etag").map(str::to_owned);
            }
            report.pages += 1;
            let reached_since = page.iter().any(|d| d.created_at < known.since);
            let mut runs = Vec::new();
            for d in page.into_iter().filter(|d| d.created_at >= known.since) {
                if known.finished.contains(&d.id.to_string()) {
                    continue;
                }
                let id = d.id;
                runs.push(self.with_status(http, repo, id, Some(d)).await?);
            }
            if let Some(t) = oldest_open(&runs) {
                read.oldest_open = Some(read.oldest_open.map_or(t, |o| o.min(t)));
            }
            report.items += runs.len() as u64;
            sink(runs)?;
            if reached_since {
                break;
            }
            match fetched.header("link").and_then(|h| link::find(h, "next")) {
                Some(next) => url = next,
                None => break,
            }
        }
        if let Some(tag) = first_etag {
            etags.insert(first, tag);
        }
        Ok(read)
    }

    /// Deployment `id` of `repo` with the state its statuses give it; the
    /// deployment itself is read too when not given.
    async fn with_status(
        &self,
        http: &mut Http,
        repo: &str,
        id: u64,
        deployment: Option<DeploymentJson>,
    ) -> Result<SyncedRun, SyncError> {
        let headers = self.headers();
        let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let d = match deployment {
            Some(d) => d,
            None => {
                let url = self.item_url(repo, &format!("deployments/{id}"))?;
                let fetched = http.get(&url, &h).await?;
                serde_json::from_slice(&fetched.body).map_err(|e| SyncError::Malformed {
                    url,
                    reason: format!("not a deployment ({e})"),
                })?
            }
        };
        let url = self.item_url(repo, &format!("deployments/{id}/statuses"))?;
        let fetched = http.get(&url, &h).await?;
        let statuses: Vec<StatusJson> =
            serde_json::from_slice(&fetched.body).map_err(|e| SyncError::Malformed {
                url,
                reason: format!("not a list of deployment statuses ({e})"),
            })?;
        Ok(self.deployment_run(repo, d, &statuses))
    }

    fn item_url(&self, repo: &str, path: &str) -> Result<String, SyncError> {
        Ok(self
            .api
            .join(&format!("repos/{repo}/{path}"))
            .map_err(|e| SyncError::BadUrl(format!("repository \"{repo}\": {e}")))?
            .into())
    }

    fn deployment_run(&self, repo: &str, d: DeploymentJson, statuses: &[StatusJson]) -> SyncedRun {
        // Newest first; `inactive` only says a later deployment took over.
        let current = statuses.iter().find(|s| s.state != "inactive");
        let state = match (current, statuses.is_empty()) {
            (Some(s), _) => s.state.as_str(),
            (None, true) => "pending",
            (None, false) => "inactive",
        };
        let raw = format!("deployment:{state}");
        let started = statuses
            .iter()
            .rev()
            .find(|s| s.state == "in_progress")
            .map_or(d.created_at, |s| s.created_at);
        let finished = current
            .filter(|s| matches!(s.state.as_str(), "success" | "failure" | "error"))
            .map(|s| s.created_at);
        let updated = statuses
            .first()
            .map_or(d.updated_at, |s| s.created_at.max(d.updated_at));
        SyncedRun {
            provider: Provider::Github,
            kind: RunKind::Deployment,
            source: repo.to_owned(),
            external_id: d.id.to_string(),
            attempt: 1,
            name: d.task.unwrap_or_else(|| "deploy".into()),
            environment: d.environment,
            status: self.table.map(Provider::Github, &raw),
            raw_status: raw,
            sha: d.sha,
            git_ref: d.git_ref,
            url: current.and_then(|s| s.log_url.clone().or_else(|| s.target_url.clone())),
            actor: d.creator.and_then(|c| c.login),
            created_at: d.created_at,
            started_at: Some(started),
            finished_at: finished,
            updated_at: updated,
        }
    }
}

fn oldest_open(runs: &[SyncedRun]) -> Option<DateTime<Utc>> {
    runs.iter()
        .filter(|r| r.finished_at.is_none())
        .map(|r| r.created_at)
        .min()
}
