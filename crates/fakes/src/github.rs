//! A fake GitHub REST API on loopback: `GET /repos/{owner}/{repo}/actions/runs`
//! with `per_page`, `page` and `created=A..B`, the real list body, `Link`
//! headers with absolute URLs, the 1,000-result cap (a 422 past it), ETags
//! and 304s (which leave the quota alone), rate-limit headers, and failures
//! queued by the test: 429 with `retry-after`, 403 with a spent quota and a
//! reset time, 500, a truncated body, a bad token. Deployments and their
//! statuses are served by `github_deployments`.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

pub const TOKEN: &str = "ghp_fake_token_for_tests";

#[derive(Debug, Clone)]
pub enum Failure {
    /// Let this request through (to fail a later one).
    Pass,
    TooMany {
        retry_after_s: u64,
    },
    QuotaSpent {
        reset_in_s: i64,
    },
    ServerError,
    Truncated,
}

#[derive(Default)]
pub struct Fake {
    /// Runs by `owner/repo`, any order.
    pub runs: Runs,
    pub failures: VecDeque<Failure>,
    /// Every request: path and query, and whether it carried If-None-Match.
    pub requests: Vec<(String, bool)>,
    /// Every request's Authorization header, as sent.
    pub authorizations: Vec<String>,
    /// Accept any token (to see which one a client sends), not only `TOKEN`.
    pub any_token: bool,
    pub remaining: u64,
    /// How long each answer takes (a slow server, for killing a sync mid-way).
    pub delay: std::time::Duration,
    /// Deployments by `owner/repo` (see `github_deployments`).
    pub deployments: HashMap<String, Vec<crate::github_deployments::Deployment>>,
}

/// Runs by `owner/repo` (used as a `HashMap<String, Vec<Value>>`), with a
/// per-repository index by creation time that the handler builds on first
/// read, so a seed of 100,000 runs answers each page without scanning or
/// sorting them all. Any mutable access drops the index.
#[derive(Default)]
pub struct Runs {
    by_repo: HashMap<String, Vec<Value>>,
    index: HashMap<String, Vec<Indexed>>,
}

/// One run of a repository: when it was created, its id, its position.
struct Indexed {
    created: DateTime<Utc>,
    id: Option<u64>,
    at: usize,
}

impl Deref for Runs {
    type Target = HashMap<String, Vec<Value>>;

    fn deref(&self) -> &Self::Target {
        &self.by_repo
    }
}

impl DerefMut for Runs {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.index.clear();
        &mut self.by_repo
    }
}

impl Runs {
    /// `repo`'s runs, newest first (ties: highest id first), and the list.
    fn sorted(&mut self, repo: &str) -> (&[Indexed], &[Value]) {
        let Some(all) = self.by_repo.get(repo) else {
            return (&[], &[]);
        };
        let index = self.index.entry(repo.to_owned()).or_insert_with(|| {
            let mut index: Vec<Indexed> = all
                .iter()
                .enumerate()
                .map(|(at, r)| Indexed {
                    created: r["created_at"].as_str().unwrap().parse().unwrap(),
                    id: r["id"].as_u64(),
                    at,
                })
                .collect();
            index.sort_by(|x, y| y.created.cmp(&x.created).then(y.id.cmp(&x.id)));
            index
        });
        (index, all)
    }
}

pub struct Server {
    pub base: String,
    pub fake: Arc<Mutex<Fake>>,
}

/// A workflow run as GitHub lists it.
pub fn run(id: u64, created: DateTime<Utc>, status: &str, conclusion: Option<&str>) -> Value {
    let stamp = created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    json!({
        "id": id,
        "name": "deploy",
        "node_id": format!("WFR_{id}"),
        "head_branch": "main",
        "head_sha": format!("{:040x}", id),
        "path": ".github/workflows/deploy.yml",
        "run_number": id,
        "run_attempt": 1,
        "event": "push",
        "status": status,
        "conclusion": conclusion,
        "workflow_id": 7,
        "html_url": format!("https://github.com/acme/shop/actions/runs/{id}"),
        "created_at": stamp,
        "updated_at": stamp,
        "run_started_at": stamp,
        "actor": { "login": "octocat", "id": 1 }
    })
}

pub async fn start() -> Server {
    let fake = Arc::new(Mutex::new(Fake {
        remaining: 5000,
        ..Fake::default()
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/repos/{owner}/{repo}/actions/runs", get(runs))
        .route(
            "/repos/{owner}/{repo}/deployments",
            get(crate::github_deployments::list),
        )
        .route(
            "/repos/{owner}/{repo}/deployments/{id}",
            get(crate::github_deployments::one),
        )
        .route(
            "/repos/{owner}/{repo}/deployments/{id}/statuses",
            get(crate::github_deployments::statuses),
        )
        .with_state((fake.clone(), addr));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Server {
        base: format!("http://{addr}"),
        fake,
    }
}

/// Records the Authorization header; a 401 unless it carries `TOKEN` (or
/// any token is accepted).
pub(crate) fn refused(f: &mut Fake, headers: &HeaderMap) -> Option<Response> {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    f.authorizations.push(auth.clone());
    (!f.any_token && auth != format!("Bearer {TOKEN}")).then(|| {
        (
            StatusCode::UNAUTHORIZED,
            r#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}"#,
        )
            .into_response()
    })
}

pub(crate) fn hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

pub(crate) fn quota_headers(remaining: u64) -> [(&'static str, String); 3] {
    [
        ("x-ratelimit-limit", "5000".into()),
        ("x-ratelimit-remaining", remaining.to_string()),
        (
            "x-ratelimit-reset",
            (Utc::now().timestamp() + 3600).to_string(),
        ),
    ]
}

async fn runs(
    State((fake, addr)): State<(Arc<Mutex<Fake>>, SocketAddr)>,
    Path((owner, repo)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let delay = fake.lock().unwrap().delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut f = fake.lock().unwrap();
    let query: Vec<String> = q.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let conditional = headers.contains_key("if-none-match");
    f.requests.push((
        format!("/repos/{owner}/{repo}/actions/runs?{}", query.join("&")),
        conditional,
    ));
    if let Some(r) = refused(&mut f, &headers) {
        return r;
    }
    // As GitHub does for a repository that is not there (or not visible).
    if !f.runs.contains_key(&format!("{owner}/{repo}")) {
        return (
            StatusCode::NOT_FOUND,
            r#"{"message":"Not Found","documentation_url":"https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository","status":"404"}"#,
        )
            .into_response();
    }
    match f.failures.pop_front() {
        Some(Failure::TooMany { retry_after_s }) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", retry_after_s.to_string())],
                r#"{"message":"You have exceeded a secondary rate limit."}"#,
            )
                .into_response();
        }
        Some(Failure::QuotaSpent { reset_in_s }) => {
            let reset = (Utc::now().timestamp() + reset_in_s).to_string();
            return (
                StatusCode::FORBIDDEN,
                [
                    ("x-ratelimit-remaining", "0".to_string()),
                    ("x-ratelimit-limit", "5000".to_string()),
                    ("x-ratelimit-reset", reset),
                ],
                r#"{"message":"API rate limit exceeded"}"#,
            )
                .into_response();
        }
        Some(Failure::ServerError) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "upstream trouble").into_response()
        }
        Some(Failure::Truncated) => {
            return (
                StatusCode::OK,
                r#"{"total_count": 3, "workflow_runs": [{"id": 1, "na"#,
            )
                .into_response()
        }
        Some(Failure::Pass) | None => {}
    }
    let per_page: usize = q
        .get("per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
        .min(100);
    let page: usize = q.get("page").and_then(|v| v.parse().ok()).unwrap_or(1);
    let (sorted, all) = f.runs.sorted(&format!("{owner}/{repo}"));
    // Newest first, like GitHub; `created=A..B` includes both ends.
    let matched: &[Indexed] = match q.get("created").and_then(|c| c.split_once("..")) {
        Some((a, b)) => {
            let a: DateTime<Utc> = a.parse().unwrap();
            let b: DateTime<Utc> = b.parse().unwrap();
            let start = sorted.partition_point(|r| r.created > b);
            let end = sorted.partition_point(|r| r.created >= a).max(start);
            &sorted[start..end]
        }
        None => sorted,
    };
    if (page - 1) * per_page >= 1000 {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            r#"{"message":"Only the first 1000 search results are available"}"#,
        )
            .into_response();
    }
    let listable = matched.len().min(1000);
    let slice: Vec<&Value> = matched
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|r| &all[r.at])
        .collect();
    let body = json!({ "total_count": matched.len(), "workflow_runs": slice }).to_string();
    let next = (page * per_page < listable).then(|| {
        let mut next =
            url::Url::parse(&format!("http://{addr}/repos/{owner}/{repo}/actions/runs")).unwrap();
        for (k, v) in &q {
            if k != "page" {
                next.query_pairs_mut().append_pair(k, v);
            }
        }
        next.query_pairs_mut()
            .append_pair("page", &(page + 1).to_string());
        next.to_string()
    });
    answer(&mut f, &headers, body, next)
}

/// `body` with its ETag, the quota headers and a `Link` to `next`; a 304
/// (which leaves the quota alone) when the client already has it.
pub(crate) fn answer(
    f: &mut Fake,
    headers: &HeaderMap,
    body: String,
    next: Option<String>,
) -> Response {
    let etag = format!("W/\"{:016x}\"", hash(&body));
    if headers.get("if-none-match").and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        for (k, v) in quota_headers(f.remaining) {
            r.headers_mut().insert(k, v.parse().unwrap());
        }
        r.headers_mut().insert("etag", etag.parse().unwrap());
        return r;
    }
    f.remaining = f.remaining.saturating_sub(1);
    let mut r = (StatusCode::OK, body).into_response();
    for (k, v) in quota_headers(f.remaining) {
        r.headers_mut().insert(k, v.parse().unwrap());
    }
    r.headers_mut().insert("etag", etag.parse().unwrap());
    r.headers_mut().insert(
        "content-type",
        "application/json; charset=utf-8".parse().unwrap(),
    );
    if let Some(next) = next {
        r.headers_mut()
            .insert("link", format!("<{next}>; rel=\"next\"").parse().unwrap());
    }
    r
}
