//! A fake GitLab REST API on loopback: `GET /api/v4/projects/:id/pipelines`
//! and `…/deployments`, the project named by its number or its URL-encoded
//! path, with `updated_after` (inclusive), `order_by`, `sort`, `environment`,
//! `page` and `per_page`; the real list bodies; `x-page`, `x-per-page`,
//! `x-next-page` and `Link` with absolute URLs, and the totals (`x-total`,
//! `x-total-pages`, `rel="last"`) only up to 10,000 records, as GitLab does;
//! the 400 for a deployment `updated_after` without `order_by=updated_at`;
//! `RateLimit-*` headers; `PRIVATE-TOKEN` checked; and failures queued by
//! the test: 429 with `Retry-After` and a plain-text body, 500, a truncated
//! body, a status value nobody documented, and a run updated while a list is
//! being paged.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

pub const TOKEN: &str = "glpat-fake-token-for-tests";
pub const PROJECT_ID: u64 = 42;
pub const PROJECT_PATH: &str = "acme/platform/shop";
/// Above this many records GitLab sends no totals.
pub const TOTALS_CAP: usize = 10_000;
pub const LIMIT: u64 = 2000;

#[derive(Debug, Clone)]
pub enum Failure {
    TooMany {
        retry_after_s: u64,
    },
    ServerError,
    Truncated,
    /// The next list answered gives its first record this status.
    NewStatus(String),
}

#[derive(Debug, Clone)]
pub struct Pipeline {
    pub id: u64,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Deployment {
    pub id: u64,
    pub status: String,
    pub environment: String,
    pub pipeline_id: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The deploy job's end, when it ended.
    pub finished_at: Option<DateTime<Utc>>,
}

/// A change to one pipeline, made right after the next page is served.
#[derive(Debug, Clone)]
pub struct Touch {
    pub id: u64,
    pub status: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Default)]
pub struct Fake {
    /// Project ids by full path.
    pub projects: HashMap<String, u64>,
    pub pipelines: HashMap<u64, Vec<Pipeline>>,
    pub deployments: HashMap<u64, Vec<Deployment>>,
    pub failures: VecDeque<Failure>,
    /// Every request's path and query, as sent (still percent-encoded).
    pub requests: Vec<String>,
    pub remaining: u64,
    /// Whether answers carry a `Link` header (GitLab's do).
    pub links: bool,
    pub touch: Option<Touch>,
    /// How long each answer takes (a server too slow for the client's timeout).
    pub delay: std::time::Duration,
}

pub struct Server {
    pub base: String,
    pub fake: Arc<Mutex<Fake>>,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A pipeline as GitLab lists it.
pub fn pipeline_json(project_id: u64, p: &Pipeline) -> Value {
    json!({
        "id": p.id,
        "iid": p.id,
        "project_id": project_id,
        "sha": format!("{:040x}", p.id),
        "ref": "main",
        "status": p.status,
        "source": "push",
        "created_at": stamp(p.created_at),
        "updated_at": stamp(p.updated_at),
        "web_url": format!("https://gitlab.example.com/{PROJECT_PATH}/-/pipelines/{}", p.id),
    })
}

/// A deployment as GitLab lists it, its deploy job and pipeline inside.
pub fn deployment_json(project_id: u64, d: &Deployment) -> Value {
    let user = json!({
        "id": 1, "name": "Ada Lovelace", "username": "ada", "state": "active",
        "avatar_url": null, "web_url": "https://gitlab.example.com/ada"
    });
    let sha = format!("{:040x}", d.pipeline_id);
    json!({
        "id": d.id,
        "iid": d.id,
        "ref": "main",
        "sha": sha,
        "status": d.status,
        "created_at": stamp(d.created_at),
        "updated_at": stamp(d.updated_at),
        "user": user,
        "environment": {
            "id": 7, "name": d.environment, "slug": d.environment,
            "external_url": format!("https://{}.example.com", d.environment),
            "state": "available", "tier": d.environment,
        },
        "deployable": {
            "id": d.id * 10, "status": d.status, "stage": "deploy", "name": "deploy",
            "ref": "main", "tag": false, "coverage": null,
            "created_at": stamp(d.created_at), "started_at": stamp(d.created_at),
            "finished_at": d.finished_at.map(stamp),
            "duration": null, "queued_duration": 0.5, "user": user,
            "commit": { "id": sha, "short_id": &sha[..8], "title": "Deploy" },
            "pipeline": {
                "id": d.pipeline_id, "iid": d.pipeline_id, "project_id": project_id,
                "sha": sha, "ref": "main", "status": "success", "source": "push",
                "created_at": stamp(d.created_at), "updated_at": stamp(d.updated_at),
                "web_url": format!("https://gitlab.example.com/{PROJECT_PATH}/-/pipelines/{}", d.pipeline_id),
            },
            "web_url": format!("https://gitlab.example.com/{PROJECT_PATH}/-/jobs/{}", d.id * 10),
            "artifacts": [], "runner": null, "artifacts_expire_at": null,
        },
    })
}

pub async fn start() -> Server {
    let fake = Arc::new(Mutex::new(Fake {
        projects: HashMap::from([(PROJECT_PATH.to_owned(), PROJECT_ID)]),
        remaining: LIMIT,
        links: true,
        ..Fake::default()
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/api/v4/projects/{id}/pipelines", get(pipelines))
        .route("/api/v4/projects/{id}/deployments", get(deployments))
        .with_state((fake.clone(), addr));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Server {
        base: format!("http://{addr}"),
        fake,
    }
}

type Shared = State<(Arc<Mutex<Fake>>, SocketAddr)>;

async fn pipelines(
    state: Shared,
    id: Path<String>,
    q: Query<HashMap<String, String>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    pause(&state).await;
    list(Kind::Pipelines, state, id, q, uri, headers)
}

async fn deployments(
    state: Shared,
    id: Path<String>,
    q: Query<HashMap<String, String>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    pause(&state).await;
    list(Kind::Deployments, state, id, q, uri, headers)
}

async fn pause(state: &Shared) {
    let delay = state.0 .0.lock().unwrap().delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Pipelines,
    Deployments,
}

fn message(status: StatusCode, text: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        json!({ "message": text }).to_string(),
    )
        .into_response()
}

fn quota(r: &mut Response, remaining: u64) {
    let reset = (Utc::now().timestamp() + 60).to_string();
    for (k, v) in [
        ("ratelimit-limit", LIMIT.to_string()),
        ("ratelimit-remaining", remaining.to_string()),
        ("ratelimit-reset", reset),
        ("ratelimit-observed", (LIMIT - remaining).to_string()),
    ] {
        r.headers_mut().insert(k, v.parse().unwrap());
    }
}

/// One record of either list, reduced to what sorting and filtering need.
struct Row {
    at: usize,
    id: u64,
    updated: DateTime<Utc>,
}

fn list(
    kind: Kind,
    State((fake, addr)): Shared,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let mut f = fake.lock().unwrap();
    f.requests.push(uri.to_string());
    if headers.get("private-token").and_then(|v| v.to_str().ok()) != Some(TOKEN) {
        return message(StatusCode::UNAUTHORIZED, "401 Unauthorized");
    }
    let mut new_status = None;
    match f.failures.pop_front() {
        Some(Failure::TooMany { retry_after_s }) => {
            let mut r = (
                StatusCode::TOO_MANY_REQUESTS,
                [
                    ("content-type", "text/plain".to_owned()),
                    ("retry-after", retry_after_s.to_string()),
                ],
                "Retry later\n",
            )
                .into_response();
            quota(&mut r, 0);
            return r;
        }
        Some(Failure::ServerError) => {
            return message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "500 Internal Server Error",
            )
        }
        Some(Failure::Truncated) => {
            return (
                StatusCode::OK,
                [("content-type", "application/json")],
                r#"[{"id": 1, "iid": 1, "project_id": 42, "sta"#,
            )
                .into_response()
        }
        Some(Failure::NewStatus(s)) => new_status = Some(s),
        None => {}
    }
    let Some(project) = id
        .parse::<u64>()
        .ok()
        .or_else(|| f.projects.get(&id).copied())
    else {
        return message(StatusCode::NOT_FOUND, "404 Project Not Found");
    };
    let order_by = q.get("order_by").map_or("id", String::as_str);
    let allowed: &[&str] = match kind {
        Kind::Pipelines => &["id", "status", "ref", "updated_at", "user_id"],
        Kind::Deployments => &["id", "iid", "created_at", "updated_at", "finished_at"],
    };
    if !allowed.contains(&order_by) {
        return (
            StatusCode::BAD_REQUEST,
            json!({ "error": "order_by does not have a valid value" }).to_string(),
        )
            .into_response();
    }
    let filters_updated = q.contains_key("updated_after") || q.contains_key("updated_before");
    if kind == Kind::Deployments && filters_updated && order_by != "updated_at" {
        return message(
            StatusCode::BAD_REQUEST,
            "400 Bad request - `updated_at` filter requires `updated_at` sort",
        );
    }
    let after = match q.get("updated_after").map(|v| v.parse::<DateTime<Utc>>()) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(_)) => {
            return (
                StatusCode::BAD_REQUEST,
                json!({ "error": "updated_after is invalid" }).to_string(),
            )
                .into_response()
        }
    };
    let kept = |updated: DateTime<Utc>| after.is_none_or(|a| updated >= a);
    let mut rows: Vec<Row> = match kind {
        Kind::Pipelines => f
            .pipelines
            .get(&project)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, p)| kept(p.updated_at))
            .map(|(at, p)| Row {
                at,
                id: p.id,
                updated: p.updated_at,
            })
            .collect(),
        Kind::Deployments => f
            .deployments
            .get(&project)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, d)| kept(d.updated_at))
            .filter(|(_, d)| q.get("environment").is_none_or(|e| *e == d.environment))
            .map(|(at, d)| Row {
                at,
                id: d.id,
                updated: d.updated_at,
            })
            .collect(),
    };
    if order_by == "updated_at" {
        rows.sort_by_key(|r| (r.updated, r.id));
    } else {
        rows.sort_by_key(|r| r.id);
    }
    let default_sort = if kind == Kind::Pipelines {
        "desc"
    } else {
        "asc"
    };
    if q.get("sort").map_or(default_sort, String::as_str) == "desc" {
        rows.reverse();
    }
    let per_page: usize = q
        .get("per_page")
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(20)
        .min(100);
    let page: usize = q
        .get("page")
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1);
    let total = rows.len();
    // Only the page served is rendered: the 10,250-record list stays quick.
    let mut slice: Vec<Value> = rows
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|row| match kind {
            Kind::Pipelines => pipeline_json(project, &f.pipelines[&project][row.at]),
            Kind::Deployments => deployment_json(project, &f.deployments[&project][row.at]),
        })
        .collect();
    if let (Some(s), Some(first)) = (new_status, slice.first_mut()) {
        first["status"] = json!(s);
    }
    let body = Value::Array(slice).to_string();

    if let Some(t) = f.touch.take() {
        if let Some(p) = f
            .pipelines
            .get_mut(&project)
            .and_then(|ps| ps.iter_mut().find(|p| p.id == t.id))
        {
            p.status = t.status;
            p.updated_at = t.updated_at;
        }
    }
    f.remaining = f.remaining.saturating_sub(1);
    let pages = total.div_ceil(per_page).max(1);
    let has_next = page * per_page < total;
    let mut r = (StatusCode::OK, body).into_response();
    quota(&mut r, f.remaining);
    let page_url = |n: usize| {
        let mut u = url::Url::parse(&format!("http://{addr}{}", uri.path())).unwrap();
        u.query_pairs_mut()
            .extend_pairs(q.iter().filter(|(k, _)| *k != "page"))
            .append_pair("page", &n.to_string());
        u.to_string()
    };
    let next = if has_next {
        (page + 1).to_string()
    } else {
        String::new()
    };
    let prev = if page > 1 {
        (page - 1).to_string()
    } else {
        String::new()
    };
    let mut set = vec![
        ("content-type", "application/json".to_owned()),
        ("x-page", page.to_string()),
        ("x-per-page", per_page.to_string()),
        ("x-next-page", next),
        ("x-prev-page", prev),
    ];
    let mut link = Vec::new();
    if page > 1 {
        link.push(format!("<{}>; rel=\"prev\"", page_url(page - 1)));
    }
    if has_next {
        link.push(format!("<{}>; rel=\"next\"", page_url(page + 1)));
    }
    link.push(format!("<{}>; rel=\"first\"", page_url(1)));
    if total <= TOTALS_CAP {
        set.push(("x-total", total.to_string()));
        set.push(("x-total-pages", pages.to_string()));
        link.push(format!("<{}>; rel=\"last\"", page_url(pages)));
    }
    if f.links {
        set.push(("link", link.join(", ")));
    }
    for (k, v) in set {
        r.headers_mut().insert(k, v.parse().unwrap());
    }
    r
}
