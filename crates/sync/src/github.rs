//! GitHub Actions workflow runs, from github.com or GitHub Enterprise Server
//! (`https://HOST/api/v3`). A window of creation times is read page by page,
//! following the `Link` header's `next` as sent. GitHub answers a filtered
//! query with at most 1,000 runs, so a window holding more is split in
//! halves until each half fits. The first page of each window is asked for
//! conditionally with the ETag of the last complete read: a 304 means
//! nothing changed there, and costs no quota.

use std::collections::HashMap;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::Deserialize;
use signalbox_domain::sync::{Provider, RunKind, StatusTable, SyncedRun};
use url::Url;

use crate::error::SyncError;
use crate::http::Http;
use crate::link;
use crate::report::SyncReport;

/// The most runs GitHub returns for one filtered query.
pub const RESULT_CAP: u64 = 1000;
const PER_PAGE: u32 = 100;

/// The ETags of complete reads, by the URL of their first page.
pub type Etags = HashMap<String, String>;

/// `[from, to)` by creation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

pub struct GitHub<'a> {
    pub(crate) api: Url,
    pub(crate) token: &'a str,
    pub(crate) table: &'a StatusTable,
}

#[derive(Deserialize)]
struct RunsPage {
    total_count: u64,
    workflow_runs: Vec<RunJson>,
}

#[derive(Deserialize)]
struct Actor {
    login: Option<String>,
}

#[derive(Deserialize)]
struct RunJson {
    id: u64,
    name: Option<String>,
    run_attempt: Option<u32>,
    status: Option<String>,
    conclusion: Option<String>,
    head_branch: Option<String>,
    head_sha: Option<String>,
    html_url: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    run_started_at: Option<DateTime<Utc>>,
    actor: Option<Actor>,
}

/// Drops the ETags of windows that end before `t` (keys that cannot be read
/// go too): nothing will ask for those queries again.
pub fn forget_before(etags: &mut Etags, t: DateTime<Utc>) {
    etags.retain(|key, _| {
        let Ok(url) = Url::parse(key) else {
            return false;
        };
        let end = url
            .query_pairs()
            .find(|(k, _)| k == "created")
            .and_then(|(_, v)| v.split_once("..").map(|(_, b)| b.to_owned()))
            .and_then(|b| DateTime::parse_from_rfc3339(&b).ok());
        end.is_some_and(|e| e.with_timezone(&Utc) >= t)
    });
}

pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl<'a> GitHub<'a> {
    /// `base_url`: `https://api.github.com` or an Enterprise Server's `…/api/v3`.
    pub fn new(base_url: &str, token: &'a str, table: &'a StatusTable) -> Result<Self, SyncError> {
        let api = crate::http::base_url(base_url)?;
        Ok(GitHub { api, token, table })
    }

    fn runs_url(&self, repo: &str, window: Window) -> Result<String, SyncError> {
        let mut url = self
            .api
            .join(&format!("repos/{repo}/actions/runs"))
            .map_err(|e| SyncError::BadUrl(format!("repository \"{repo}\": {e}")))?;
        // GitHub's range is inclusive at both ends; ours excludes its end.
        let last = window.to - Duration::seconds(1);
        url.query_pairs_mut()
            .append_pair("per_page", &PER_PAGE.to_string())
            .append_pair(
                "created",
                &format!("{}..{}", stamp(window.from), stamp(last)),
            );
        Ok(url.into())
    }

    /// Reads every run of `repo` created in `window`, handing each page to
    /// `sink`. `etags` holds the ETags of earlier complete reads and gets the
    /// new ones; store it with what `sink` stored.
    pub async fn runs(
        &self,
        http: &mut Http,
        repo: &str,
        window: Window,
        etags: &mut Etags,
        report: &mut SyncReport,
        sink: &mut dyn FnMut(Vec<SyncedRun>) -> Result<(), SyncError>,
    ) -> Result<(), SyncError> {
        let mut todo = vec![window];
        while let Some(w) = todo.pop() {
            if let Some((a, b)) = self.read_window(http, repo, w, etags, report, sink).await? {
                // Newest half last on the stack: read the older half first.
                todo.push(b);
                todo.push(a);
            }
        }
        report.requests = http.requests;
        report.quota = http.quota;
        Ok(())
    }

    /// Reads one window; returns its halves instead when it holds more than
    /// GitHub will list.
    async fn read_window(
        &self,
        http: &mut Http,
        repo: &str,
        window: Window,
        etags: &mut Etags,
        report: &mut SyncReport,
        sink: &mut dyn FnMut(Vec<SyncedRun>) -> Result<(), SyncError>,
    ) -> Result<Option<(Window, Window)>, SyncError> {
        let first = self.runs_url(repo, window)?;
        let auth = format!("Bearer {}", self.token);
        let mut url = first.clone();
        let mut first_etag: Option<String> = None;
        let mut page_no = 0u32;
        loop {
            page_no += 1;
            let mut headers = vec![
                ("authorization", auth.as_str()),
                ("accept", "application/vnd.github+json"),
                ("x-github-api-version", "2022-11-28"),
            ];
            let known = etags.get(&first).cloned();
            if page_no == 1 {
                if let Some(tag) = known.as_deref() {
                    headers.push(("if-none-match", tag));
                }
            }
            let fetched = http.get(&url, &headers).await?;
            if fetched.not_modified() {
                report.not_modified += 1;
                return Ok(None);
            }
            let page: RunsPage =
                serde_json::from_slice(&fetched.body).map_err(|e| SyncError::Malformed {
                    url: url.clone(),
                    reason: format!("not a list of workflow runs ({e})"),
                })?;
            if page_no == 1 {
                first_etag = fetched.header("etag").map(str::to_owned);
                if page.total_count > RESULT_CAP {
                    let span = window.to - window.from;
                    if span > Duration::seconds(1) {
                        let mid = window.from + span / 2;
                        return Ok(Some((
                            Window {
                                from: window.from,
                                to: mid,
                            },
                            Window {
                                from: mid,
                                to: window.to,
                            },
                        )));
                    }
                    report.complete = false;
                    report.gaps.push(format!(
                        "{repo}: {} runs created in the second at {}; GitHub lists only {RESULT_CAP}",
                        page.total_count,
                        stamp(window.from)
                    ));
                }
            }
            report.pages += 1;
            report.items += page.workflow_runs.len() as u64;
            let runs = page
                .workflow_runs
                .into_iter()
                .map(|r| self.run(repo, r))
                .collect();
            sink(runs)?;
            // Past the cap GitHub answers 422: stop at what it will list.
            if u64::from(page_no) * u64::from(PER_PAGE) >= RESULT_CAP {
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
        Ok(None)
    }

    /// One request that proves the token can list `repo`'s runs.
    pub async fn probe(&self, http: &mut Http, repo: &str) -> Result<(), SyncError> {
        let now = Utc::now();
        let url = self.runs_url(
            repo,
            Window {
                from: now - Duration::days(1),
                to: now,
            },
        )?;
        let auth = format!("Bearer {}", self.token);
        let fetched = http
            .get(
                &url,
                &[
                    ("authorization", auth.as_str()),
                    ("accept", "application/vnd.github+json"),
                    ("x-github-api-version", "2022-11-28"),
                ],
            )
            .await?;
        serde_json::from_slice::<RunsPage>(&fetched.body).map_err(|e| SyncError::Malformed {
            url,
            reason: format!("not a list of workflow runs ({e}): is the base URL GitHub's API?"),
        })?;
        Ok(())
    }

    fn run(&self, repo: &str, r: RunJson) -> SyncedRun {
        let status = r.status.unwrap_or_else(|| "unknown".into());
        let raw = if status == "completed" {
            format!("completed:{}", r.conclusion.as_deref().unwrap_or("unknown"))
        } else {
            status
        };
        let finished = raw.starts_with("completed:").then_some(r.updated_at);
        SyncedRun {
            provider: Provider::Github,
            kind: RunKind::Pipeline,
            source: repo.to_owned(),
            external_id: r.id.to_string(),
            attempt: r.run_attempt.unwrap_or(1),
            name: r.name.unwrap_or_default(),
            environment: None,
            status: self.table.map(Provider::Github, &raw),
            raw_status: raw,
            sha: r.head_sha,
            git_ref: r.head_branch,
            url: r.html_url,
            actor: r.actor.and_then(|a| a.login),
            created_at: r.created_at,
            started_at: r.run_started_at,
            finished_at: finished,
            updated_at: r.updated_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn etags_of_windows_ending_before_a_time_are_forgotten() {
        let table = StatusTable::defaults();
        let gh =
            GitHub::new("https://api.github.com", "t", &table).unwrap_or_else(|e| panic!("{e}"));
        let day = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
        let old = gh
            .runs_url(
                "a/b",
                Window {
                    from: day(1),
                    to: day(10),
                },
            )
            .unwrap_or_default();
        let current = gh
            .runs_url(
                "a/b",
                Window {
                    from: day(10),
                    to: day(12),
                },
            )
            .unwrap_or_default();
        let mut etags = Etags::from([
            (old, "\"1\"".to_owned()),
            (current.clone(), "\"2\"".to_owned()),
            ("not a url".to_owned(), "\"3\"".to_owned()),
        ]);
        forget_before(&mut etags, day(10));
        assert_eq!(etags.keys().collect::<Vec<_>>(), vec![&current]);
    }
}
