//! GitLab pipelines and deployments, from gitlab.com or a self-managed host
//! (`https://HOST[/prefix]/api/v4`). A project is named by its numeric id or
//! its full path, which GitLab wants as one URL-encoded segment
//! (`group%2Fsub%2Fproject`).
//!
//! Each list is read by `updated_after`, ordered by `updated_at` ascending,
//! page by page: the `Link` header's `next` as sent, else the page number in
//! `x-next-page`. Totals (`x-total`, `x-total-pages`, `rel="last"`) are never
//! read: GitLab leaves them out above 10,000 records. `updated_after` is
//! inclusive, so the newest `updated_at` read is the next cursor (the runs
//! at that instant come again, and are stored over themselves).
//!
//! Offset paging over a list that changes while it is read can skip a
//! record: a run read on an early page that is updated meanwhile moves to
//! the end, and the first run of the next page slides onto the page already
//! read. Such a run is seen twice; when one is, the report says the read may
//! have a gap, and the cursor returned goes back to where that run was first
//! read, so the next sync reads the skipped run.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use signalbox_domain::sync::{Provider, RunKind, StatusTable, SyncedRun};
use url::Url;

use crate::error::SyncError;
use crate::http::{Fetched, Http};
use crate::link;
use crate::report::SyncReport;

const PER_PAGE: u32 = 100;
/// Statuses after which a pipeline or a deployment no longer changes.
const FINISHED: &[&str] = &["success", "failed", "canceled", "skipped"];

pub struct GitLab<'a> {
    api: Url,
    token: &'a str,
    table: &'a StatusTable,
}

#[derive(Deserialize)]
struct PipelineJson {
    id: u64,
    iid: Option<u64>,
    name: Option<String>,
    sha: Option<String>,
    #[serde(rename = "ref")]
    git_ref: Option<String>,
    status: Option<String>,
    web_url: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct User {
    username: Option<String>,
}

#[derive(Deserialize)]
struct Environment {
    name: Option<String>,
}

/// The job that ran the deployment; absent for deployments made by API.
#[derive(Deserialize)]
struct Deployable {
    name: Option<String>,
    web_url: Option<String>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct DeploymentJson {
    id: u64,
    iid: Option<u64>,
    sha: Option<String>,
    #[serde(rename = "ref")]
    git_ref: Option<String>,
    status: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    user: Option<User>,
    environment: Option<Environment>,
    deployable: Option<Deployable>,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A project id or path as one path segment: every byte but the unreserved
/// ones percent-encoded, so `group/sub/project` becomes
/// `group%2Fsub%2Fproject`.
fn project_segment(project: &str) -> Result<String, SyncError> {
    if project.trim().is_empty() {
        return Err(SyncError::BadUrl(
            "a GitLab project needs its id or its path (group/project)".into(),
        ));
    }
    let mut segment = String::with_capacity(project.len() + 8);
    for b in project.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            segment.push(char::from(b));
        } else {
            let _ = write!(segment, "%{b:02X}");
        }
    }
    // `.` and `..` alone would be read as steps in the path.
    if segment.bytes().all(|b| b == b'.') {
        segment = segment.replace('.', "%2E");
    }
    Ok(segment)
}

/// The next page's URL: `Link`'s `next` as sent, else the current URL with
/// `x-next-page` as its page. `None` on the last page.
fn next_page(fetched: &Fetched, url: &str) -> Result<Option<String>, SyncError> {
    if let Some(next) = fetched.header("link").and_then(|h| link::find(h, "next")) {
        return Ok(Some(next));
    }
    let Some(page) = fetched
        .header("x-next-page")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    else {
        return Ok(None);
    };
    let page: u64 = page.parse().map_err(|_| SyncError::Malformed {
        url: url.to_owned(),
        reason: format!("x-next-page \"{page}\" is not a page number"),
    })?;
    let mut next = Url::parse(url).map_err(|e| SyncError::BadUrl(format!("{url}: {e}")))?;
    let kept: Vec<(String, String)> = next
        .query_pairs()
        .filter(|(k, _)| k != "page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    next.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("page", &page.to_string());
    Ok(Some(next.into()))
}

impl<'a> GitLab<'a> {
    /// `base_url`: `https://gitlab.com` or a self-managed host, with its
    /// relative URL root if it has one; `…/api/v4` is accepted too.
    pub fn new(base_url: &str, token: &'a str, table: &'a StatusTable) -> Result<Self, SyncError> {
        let mut api = crate::http::base_url(base_url)?;
        api.set_query(None);
        api.set_fragment(None);
        let root = api.path().trim_end_matches('/').to_owned();
        let path = if root.ends_with("/api/v4") {
            format!("{root}/")
        } else {
            format!("{root}/api/v4/")
        };
        api.set_path(&path);
        Ok(GitLab { api, token, table })
    }

    fn list_url(
        &self,
        project: &str,
        what: &str,
        updated_after: DateTime<Utc>,
    ) -> Result<Url, SyncError> {
        let segment = project_segment(project)?;
        let mut url = self
            .api
            .join(&format!("projects/{segment}/{what}"))
            .map_err(|e| SyncError::BadUrl(format!("project \"{project}\": {e}")))?;
        url.query_pairs_mut()
            .append_pair("updated_after", &stamp(updated_after))
            .append_pair("order_by", "updated_at")
            .append_pair("sort", "asc")
            .append_pair("per_page", &PER_PAGE.to_string());
        Ok(url)
    }

    /// Reads every pipeline of `project` updated at or after `updated_after`,
    /// handing each page to `sink`. Returns the next cursor: the newest
    /// `updated_at` read (or earlier, when the list moved while it was read),
    /// `None` when nothing was.
    pub async fn pipelines(
        &self,
        http: &mut Http,
        project: &str,
        updated_after: DateTime<Utc>,
        report: &mut SyncReport,
        sink: &mut dyn FnMut(Vec<SyncedRun>) -> Result<(), SyncError>,
    ) -> Result<Option<DateTime<Utc>>, SyncError> {
        let url = self.list_url(project, "pipelines", updated_after)?;
        self.read_list(
            http,
            url.into(),
            project,
            "pipelines",
            report,
            sink,
            &|p: PipelineJson| self.pipeline(project, p),
        )
        .await
    }

    /// Reads every deployment of `project` (to `environment`, when given)
    /// updated at or after `updated_after`, as `pipelines` does.
    pub async fn deployments(
        &self,
        http: &mut Http,
        project: &str,
        environment: Option<&str>,
        updated_after: DateTime<Utc>,
        report: &mut SyncReport,
        sink: &mut dyn FnMut(Vec<SyncedRun>) -> Result<(), SyncError>,
    ) -> Result<Option<DateTime<Utc>>, SyncError> {
        let mut url = self.list_url(project, "deployments", updated_after)?;
        if let Some(env) = environment {
            url.query_pairs_mut().append_pair("environment", env);
        }
        self.read_list(
            http,
            url.into(),
            project,
            "deployments",
            report,
            sink,
            &|d: DeploymentJson| self.deployment(project, d),
        )
        .await
    }

    /// One request that proves the token can list `project`'s pipelines.
    pub async fn probe(&self, http: &mut Http, project: &str) -> Result<(), SyncError> {
        let url = String::from(self.list_url(project, "pipelines", Utc::now())?);
        let headers = [
            ("private-token", self.token),
            ("accept", "application/json"),
        ];
        let fetched = http.get(&url, &headers).await?;
        serde_json::from_slice::<Vec<serde_json::Value>>(&fetched.body).map_err(|e| {
            SyncError::Malformed {
                url,
                reason: format!("not a list of pipelines ({e}): is the base URL GitLab's?"),
            }
        })?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn read_list<T: DeserializeOwned>(
        &self,
        http: &mut Http,
        first: String,
        project: &str,
        what: &str,
        report: &mut SyncReport,
        sink: &mut dyn FnMut(Vec<SyncedRun>) -> Result<(), SyncError>,
        to_run: &dyn Fn(T) -> SyncedRun,
    ) -> Result<Option<DateTime<Utc>>, SyncError> {
        let headers = [
            ("private-token", self.token),
            ("accept", "application/json"),
        ];
        // When each run was first read: a run read twice moved while paging.
        let mut seen: HashMap<String, DateTime<Utc>> = HashMap::new();
        let mut moved = 0u64;
        let mut set_back: Option<DateTime<Utc>> = None;
        let mut newest: Option<DateTime<Utc>> = None;
        let mut url = first;
        loop {
            let fetched = http.get(&url, &headers).await?;
            let items: Vec<T> =
                serde_json::from_slice(&fetched.body).map_err(|e| SyncError::Malformed {
                    url: url.clone(),
                    reason: format!("not a list of {what} ({e})"),
                })?;
            report.pages += 1;
            report.items += items.len() as u64;
            let runs: Vec<SyncedRun> = items.into_iter().map(to_run).collect();
            for run in &runs {
                newest = newest.max(Some(run.updated_at));
                if let Some(first_read) = seen.insert(run.external_id.clone(), run.updated_at) {
                    moved += 1;
                    set_back = Some(set_back.map_or(first_read, |t| t.min(first_read)));
                }
            }
            sink(runs)?;
            match next_page(&fetched, &url)? {
                Some(next) if next == url => {
                    return Err(SyncError::Malformed {
                        url,
                        reason: "the next page is this page again".into(),
                    });
                }
                Some(next) => url = next,
                None => break,
            }
        }
        if let Some(back) = set_back {
            report.complete = false;
            report.gaps.push(format!(
                "{project}: {moved} of the {what} read changed while the list was paged, so as \
                 many others may have been skipped; the cursor goes back to {} so that the next \
                 sync reads them",
                stamp(back)
            ));
            newest = newest.map(|n| n.min(back));
        }
        report.requests = http.requests;
        report.quota = http.quota;
        Ok(newest)
    }

    fn pipeline(&self, project: &str, p: PipelineJson) -> SyncedRun {
        let raw = p.status.unwrap_or_else(|| "unknown".into());
        let finished = FINISHED.contains(&raw.as_str()).then_some(p.updated_at);
        let name = match (p.name, p.iid) {
            (Some(n), _) if !n.trim().is_empty() => n,
            (_, Some(iid)) => format!("pipeline #{iid}"),
            _ => format!("pipeline {}", p.id),
        };
        SyncedRun {
            provider: Provider::Gitlab,
            kind: RunKind::Pipeline,
            source: project.to_owned(),
            external_id: p.id.to_string(),
            attempt: 1,
            name,
            environment: None,
            status: self.table.map(Provider::Gitlab, &raw),
            raw_status: raw,
            sha: p.sha,
            git_ref: p.git_ref,
            url: p.web_url,
            // The list leaves out `user` and `started_at`.
            actor: None,
            created_at: p.created_at,
            started_at: None,
            finished_at: finished,
            updated_at: p.updated_at,
        }
    }

    fn deployment(&self, project: &str, d: DeploymentJson) -> SyncedRun {
        let status = d.status.unwrap_or_else(|| "unknown".into());
        let finished = FINISHED.contains(&status.as_str());
        let raw = format!("deployment:{status}");
        let (job, url, started, job_finished) = match d.deployable {
            Some(j) => (j.name, j.web_url, j.started_at, j.finished_at),
            None => (None, None, None, None),
        };
        let name = match (job, d.iid) {
            (Some(n), _) if !n.trim().is_empty() => n,
            (_, Some(iid)) => format!("deployment #{iid}"),
            _ => format!("deployment {}", d.id),
        };
        SyncedRun {
            provider: Provider::Gitlab,
            kind: RunKind::Deployment,
            source: project.to_owned(),
            external_id: d.id.to_string(),
            attempt: 1,
            name,
            environment: d.environment.and_then(|e| e.name),
            status: self.table.map(Provider::Gitlab, &raw),
            raw_status: raw,
            sha: d.sha,
            git_ref: d.git_ref,
            url,
            actor: d.user.and_then(|u| u.username),
            created_at: d.created_at,
            started_at: started,
            finished_at: finished.then(|| job_finished.unwrap_or(d.updated_at)),
            updated_at: d.updated_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_path_is_one_encoded_segment() {
        assert_eq!(project_segment("42").ok().as_deref(), Some("42"));
        assert_eq!(
            project_segment("acme/platform/shop-v2").ok().as_deref(),
            Some("acme%2Fplatform%2Fshop-v2")
        );
        assert_eq!(
            project_segment("a b/c+d").ok().as_deref(),
            Some("a%20b%2Fc%2Bd")
        );
        assert_eq!(project_segment("..").ok().as_deref(), Some("%2E%2E"));
        assert!(project_segment(" ").is_err());
    }
}
