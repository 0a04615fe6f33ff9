//! Jenkins builds of one job, folders included (`team/app/deploy` is
//! `job/team/job/app/job/deploy`), read with HTTP Basic auth (`user` and an
//! API token). Always through `tree=allBuilds[…]{M,N}`: plain `builds` is
//! capped at 100, and a `tree` keeps each answer to the fields used. Pages
//! are `{0,100}`, `{100,200}`, … newest first, until a page comes back short
//! or reaches the cursor. Jenkins has no time filter, so the cursor is a
//! build number.
//!
//! The cursor rule: `builds` returns the lowest-numbered build it saw still
//! building, or else the highest-numbered build it saw, or else the cursor it
//! was given. Pass that back next time: every build numbered at or above it
//! is read again (the build at the cursor too, so one rule serves both
//! cases: a finished build read twice is stored twice, harmlessly), and
//! paging stops at the first page that reaches it. Builds finish out of
//! order, so "the highest" alone would lose a long build that a shorter,
//! newer one overtook. Store the cursor once `builds` returns, after every
//! page was stored: a sync that fails half-way leaves the old cursor, and
//! its pages are read again. When the newest build is below the cursor (the
//! job was recreated or its builds deleted) every build is read again.
//!
//! A build that starts while pages are read shifts the later pages by one:
//! a build may come twice, never not at all.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use signalbox_domain::sync::{Provider, RunKind, StatusTable, SyncedRun};
use url::Url;

use crate::error::SyncError;
use crate::http::Http;
use crate::report::SyncReport;

/// Builds per page: `allBuilds[…]{M,M+PAGE}`.
pub const PAGE: u64 = 100;

/// The fields read of each build, in Jenkins' `tree` syntax.
const TREE: &str = "allBuilds[number,url,building,result,timestamp,duration,\
actions[lastBuiltRevision[SHA1,branch[name]],causes[userId,userName]]]";

pub struct Jenkins<'a> {
    base: Url,
    /// `Basic …`: the user and API token, never shown in a message.
    auth: String,
    table: &'a StatusTable,
}

#[derive(Deserialize)]
struct JobJson {
    #[serde(rename = "_class")]
    class: Option<String>,
    #[serde(rename = "allBuilds")]
    all_builds: Option<Vec<BuildJson>>,
}

#[derive(Deserialize)]
struct BuildJson {
    number: u64,
    url: Option<String>,
    building: Option<bool>,
    result: Option<String>,
    /// Epoch milliseconds: when the build was scheduled.
    timestamp: i64,
    /// Milliseconds; 0 while building.
    duration: Option<i64>,
    #[serde(default)]
    actions: Vec<ActionJson>,
}

/// One of a build's actions; the `tree` leaves only the fields asked for
/// (often none: `{"_class": …}`).
#[derive(Deserialize)]
struct ActionJson {
    #[serde(rename = "lastBuiltRevision")]
    last_built_revision: Option<RevisionJson>,
    #[serde(default)]
    causes: Vec<CauseJson>,
}

#[derive(Deserialize)]
struct RevisionJson {
    #[serde(rename = "SHA1")]
    sha1: Option<String>,
    #[serde(default)]
    branch: Vec<BranchJson>,
}

#[derive(Deserialize)]
struct BranchJson {
    name: Option<String>,
}

#[derive(Deserialize)]
struct CauseJson {
    #[serde(rename = "userId")]
    user_id: Option<String>,
    #[serde(rename = "userName")]
    user_name: Option<String>,
}

impl<'a> Jenkins<'a> {
    /// `base_url`: the Jenkins root, `https://ci.example.com` or
    /// `https://example.com/jenkins`.
    pub fn new(
        base_url: &str,
        user: &str,
        api_token: &str,
        table: &'a StatusTable,
    ) -> Result<Self, SyncError> {
        let base = crate::http::base_url(base_url)?;
        Ok(Jenkins {
            base,
            auth: basic(user, api_token),
            table,
        })
    }

    /// The URL of the page of `job`'s builds from index `from` (newest is 0).
    fn page_url(&self, job: &str, from: u64) -> Result<String, SyncError> {
        let mut url = self.base.clone();
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|_| SyncError::BadUrl(format!("{} cannot hold a job path", self.base)))?;
            path.pop_if_empty();
            // Each name is encoded: a multibranch job's `feature%2Fx` goes as
            // `feature%252Fx`, as Jenkins' own links spell it.
            for name in job.split('/').filter(|n| !n.is_empty()) {
                path.push("job").push(name);
            }
            path.push("api").push("json");
        }
        url.query_pairs_mut()
            .append_pair("tree", &format!("{TREE}{{{from},{}}}", from + PAGE));
        Ok(url.into())
    }

    /// One request that proves the credentials can read `job`'s builds.
    pub async fn probe(&self, http: &mut Http, job: &str) -> Result<(), SyncError> {
        let names: Vec<&str> = job.split('/').filter(|n| !n.is_empty()).collect();
        if names.is_empty() {
            return Err(SyncError::BadUrl("no Jenkins job named".into()));
        }
        self.fetch_page(http, &names.join("/"), 0).await.map(|_| ())
    }

    /// One page of `job`'s builds from `from`, and its URL.
    async fn fetch_page(
        &self,
        http: &mut Http,
        job: &str,
        from: u64,
    ) -> Result<(String, Vec<BuildJson>), SyncError> {
        let url = self.page_url(job, from)?;
        let headers = [
            ("authorization", self.auth.as_str()),
            ("accept", "application/json"),
        ];
        let fetched = http.get(&url, &headers).await.map_err(plain_refusal)?;
        let page: JobJson =
            serde_json::from_slice(&fetched.body).map_err(|e| SyncError::Malformed {
                url: url.clone(),
                reason: format!("not a list of builds ({e})"),
            })?;
        let Some(builds) = page.all_builds else {
            let class = page.class.as_deref().unwrap_or("something");
            return Err(SyncError::Malformed {
                url,
                reason: format!("{job} is a {class}, not a job with builds"),
            });
        };
        Ok((url, builds))
    }

    /// Reads the builds of `job` (a path through folders: `team/app/deploy`)
    /// numbered at or above `since` (all when `None`), newest first, handing
    /// each page to `sink`. Returns the cursor to pass next time (see the
    /// module notes).
    pub async fn builds(
        &self,
        http: &mut Http,
        job: &str,
        since: Option<u64>,
        report: &mut SyncReport,
        sink: &mut dyn FnMut(Vec<SyncedRun>) -> Result<(), SyncError>,
    ) -> Result<Option<u64>, SyncError> {
        let names: Vec<&str> = job.split('/').filter(|n| !n.is_empty()).collect();
        if names.is_empty() {
            return Err(SyncError::BadUrl("no Jenkins job named".into()));
        }
        // `team/app/` and `/team/app` are `team/app`.
        let job = names.join("/");
        let job = job.as_str();
        let mut since = since;
        let mut lowest_building: Option<u64> = None;
        let mut highest: Option<u64> = None;
        let mut from = 0;
        loop {
            let (url, builds) = self.fetch_page(http, job, from).await?;
            let newest = builds.iter().map(|b| b.number).max();
            if from == 0 && newest.zip(since).is_some_and(|(n, s)| n < s) {
                // Renumbered or deleted: the cursor means nothing any more.
                since = None;
            }
            let full = builds.len() as u64 >= PAGE;
            let reached = since.is_some_and(|s| builds.iter().any(|b| b.number <= s));
            report.pages += 1;
            let mut runs = Vec::with_capacity(builds.len());
            for b in builds {
                if since.is_some_and(|s| b.number < s) {
                    continue;
                }
                if b.building == Some(true) {
                    lowest_building = Some(lowest_building.map_or(b.number, |n| n.min(b.number)));
                }
                highest = Some(highest.map_or(b.number, |n| n.max(b.number)));
                runs.push(self.run(job, b, &url)?);
            }
            report.items += runs.len() as u64;
            if !runs.is_empty() {
                sink(runs)?;
            }
            if reached || !full {
                break;
            }
            from += PAGE;
        }
        report.requests = http.requests;
        report.quota = http.quota;
        Ok(lowest_building.or(highest).or(since))
    }

    fn run(&self, job: &str, b: BuildJson, url: &str) -> Result<SyncedRun, SyncError> {
        let number = b.number;
        let at = |ms: i64| {
            DateTime::<Utc>::from_timestamp_millis(ms).ok_or_else(|| SyncError::Malformed {
                url: url.to_owned(),
                reason: format!("build #{number} has an impossible time ({ms} ms)"),
            })
        };
        let started = at(b.timestamp)?;
        let building = b.building == Some(true);
        let finished = if building {
            None
        } else {
            Some(at(b.timestamp.saturating_add(b.duration.unwrap_or(0)))?)
        };
        let raw = if building {
            "building".to_owned()
        } else {
            b.result.unwrap_or_else(|| "unknown".into())
        };
        // A Pipeline carries one revision per checkout, a shared library's
        // too: the first is taken, usually (not always) the job's own.
        let revision = b
            .actions
            .iter()
            .find_map(|a| a.last_built_revision.as_ref());
        let sha = revision.and_then(|r| r.sha1.clone());
        let git_ref = revision
            .and_then(|r| r.branch.iter().find_map(|br| br.name.as_deref()))
            .map(branch_name);
        let actor = b
            .actions
            .iter()
            .flat_map(|a| &a.causes)
            .find_map(|c| c.user_id.clone().or_else(|| c.user_name.clone()));
        Ok(SyncedRun {
            provider: Provider::Jenkins,
            kind: RunKind::Build,
            source: job.to_owned(),
            external_id: number.to_string(),
            attempt: 1,
            name: job.to_owned(),
            environment: None,
            status: self.table.map(Provider::Jenkins, &raw),
            raw_status: raw,
            sha,
            git_ref,
            url: b.url,
            actor,
            created_at: started,
            started_at: Some(started),
            finished_at: finished,
            updated_at: finished.unwrap_or(started),
        })
    }
}

/// `refs/remotes/origin/main` and `refs/heads/main` as `main`; other names
/// (`origin/main`, a multibranch `PR-12`) as they are.
fn branch_name(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("refs/remotes/") {
        if let Some((_remote, branch)) = rest.split_once('/') {
            return branch.to_owned();
        }
    }
    name.strip_prefix("refs/heads/").unwrap_or(name).to_owned()
}

/// Jenkins refuses with an HTML page; its `<title>` says why
/// ("Invalid password/token for user: …"), the rest is markup.
fn plain_refusal(e: SyncError) -> SyncError {
    match e {
        SyncError::Refused {
            url,
            status,
            reason,
        } if reason.contains('<') => {
            let (what, page) = reason.split_once(": ").unwrap_or((reason.as_str(), ""));
            let title = page
                .split_once("<title>")
                .and_then(|(_, rest)| rest.split_once("</title>"))
                .map(|(t, _)| t.trim())
                .map(|t| {
                    t.strip_prefix(&format!("Error {status}"))
                        .unwrap_or(t)
                        .trim()
                })
                .filter(|t| !t.is_empty() && !t.contains('<'));
            let reason = match title {
                Some(t) => format!("{what}: {t}"),
                None => what.to_owned(),
            };
            SyncError::Refused {
                url,
                status,
                reason,
            }
        }
        other => other,
    }
}

/// `Basic` and base64 of `user:token` (RFC 7617; the alphabet of RFC 4648).
fn basic(user: &str, token: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{user}:{token}").into_bytes();
    let mut out = String::with_capacity(6 + bytes.len().div_ceil(3) * 4);
    out.push_str("Basic ");
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = byte(0) << 16 | byte(1) << 8 | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let six = (n >> (18 - 6 * i)) & 63;
                out.push(char::from(ALPHABET[six as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_is_base64_as_rfc_4648_spells_it() {
        // Each padding case: 1, 2 and 0 bytes left over.
        assert_eq!(basic("f", ""), "Basic Zjo=");
        assert_eq!(basic("", ""), "Basic Og==");
        assert_eq!(basic("fo", "o"), "Basic Zm86bw==");
        assert_eq!(basic("foo", "bar"), "Basic Zm9vOmJhcg==");
        assert_eq!(
            basic("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic("ab", "cdef"), "Basic YWI6Y2RlZg==");
    }

    #[test]
    fn branch_names_lose_their_remote_prefix_only() {
        assert_eq!(branch_name("refs/remotes/origin/main"), "main");
        assert_eq!(branch_name("refs/remotes/origin/feature/x"), "feature/x");
        assert_eq!(branch_name("refs/heads/main"), "main");
        assert_eq!(branch_name("origin/main"), "origin/main");
        assert_eq!(branch_name("PR-12"), "PR-12");
    }

    #[test]
    fn an_html_refusal_keeps_its_title_and_drops_the_markup() {
        let e = plain_refusal(SyncError::Refused {
            url: "u".into(),
            status: 401,
            reason:
                "refused: <html><head><title>Error 401 Invalid password/token for user: a</title>"
                    .into(),
        });
        assert_eq!(
            e.to_string(),
            "u: 401 refused: Invalid password/token for user: a"
        );
        let e = plain_refusal(SyncError::Refused {
            url: "u".into(),
            status: 403,
            reason: "refused: <html><body>Authentication required".into(),
        });
        assert_eq!(e.to_string(), "u: 403 refused");
    }
}
