//! A fake Argo CD API server on loopback: `GET /api/v1/applications` (the
//! `projects=` filter, repeatable; `items` is `null` when none match) and
//! `GET /api/v1/applications/{name}`, with the real application JSON
//! (metadata, spec.source/destination/project, status.sync, health,
//! operationState, history, resources), a bearer token checked (401 with
//! Argo's gRPC-gateway error body otherwise), and failures queued by the
//! test: 500 and a truncated body.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

pub const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzaWduYWxib3gifQ.fake";

#[derive(Debug, Clone)]
pub enum Failure {
    ServerError,
    Truncated,
}

#[derive(Default)]
pub struct Fake {
    pub apps: Vec<Value>,
    pub failures: VecDeque<Failure>,
    /// Every request: path and query, as sent.
    pub requests: Vec<String>,
    /// How long each answer takes (a server too slow for the client's timeout).
    pub delay: std::time::Duration,
}

pub struct Server {
    pub base: String,
    pub fake: Arc<Mutex<Fake>>,
}

pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An application of `project` deploying `apps/{name}` at `main` to
/// `namespace`, synced at `revision`, with `health` and no operation yet.
pub fn app(name: &str, project: &str, namespace: &str, revision: &str, health: &str) -> Value {
    json!({
        "metadata": {
            "name": name,
            "namespace": "argocd",
            "uid": format!("0b7c5e7e-{name}"),
            "resourceVersion": "48213",
            "generation": 12,
            "creationTimestamp": "2026-01-05T09:00:00Z",
            "labels": { "team": "payments" }
        },
        "spec": {
            "source": {
                "repoURL": "https://github.com/acme/deploy.git",
                "path": format!("apps/{name}"),
                "targetRevision": "main"
            },
            "destination": {
                "server": "https://kubernetes.default.svc",
                "namespace": namespace
            },
            "project": project,
            "syncPolicy": { "automated": { "prune": true, "selfHeal": true } }
        },
        "status": {
            "resources": [{
                "version": "v1", "kind": "Service", "namespace": namespace,
                "name": name, "status": "Synced", "health": { "status": "Healthy" }
            }],
            "sync": {
                "status": "Synced",
                "comparedTo": {
                    "source": {
                        "repoURL": "https://github.com/acme/deploy.git",
                        "path": format!("apps/{name}"),
                        "targetRevision": "main"
                    },
                    "destination": {
                        "server": "https://kubernetes.default.svc",
                        "namespace": namespace
                    }
                },
                "revision": revision
            },
            "health": { "status": health },
            "reconciledAt": "2026-03-02T10:15:00Z",
            "sourceType": "Kustomize",
            "summary": { "images": [format!("ghcr.io/acme/{name}:1.4.2")] }
        }
    })
}

/// `app` with an operation in `phase` that synced `revision`, started by
/// `admin`; `finished` is absent while it runs.
pub fn with_operation(
    mut app: Value,
    phase: &str,
    revision: &str,
    started: DateTime<Utc>,
    finished: Option<DateTime<Utc>>,
) -> Value {
    let mut op = json!({
        "operation": {
            "sync": { "revision": revision, "syncStrategy": { "hook": {} } },
            "initiatedBy": { "username": "admin" },
            "retry": {}
        },
        "phase": phase,
        "message": "successfully synced (all tasks run)",
        "syncResult": {
            "resources": [],
            "revision": revision,
            "source": { "repoURL": "https://github.com/acme/deploy.git", "targetRevision": "main" }
        },
        "startedAt": stamp(started)
    });
    if let Some(f) = finished {
        op["finishedAt"] = json!(stamp(f));
    }
    app["status"]["operationState"] = op;
    app
}

/// A `status.history` entry; `user` `None` for an automated sync.
pub fn history(
    id: i64,
    revision: &str,
    started: DateTime<Utc>,
    deployed: DateTime<Utc>,
    user: Option<&str>,
) -> Value {
    let by = match user {
        Some(u) => json!({ "username": u }),
        None => json!({ "automated": true }),
    };
    json!({
        "revision": revision,
        "deployedAt": stamp(deployed),
        "id": id,
        "source": {
            "repoURL": "https://github.com/acme/deploy.git",
            "path": "apps/shop",
            "targetRevision": "main"
        },
        "deployStartedAt": stamp(started),
        "initiatedBy": by
    })
}

pub async fn start() -> Server {
    let fake = Arc::new(Mutex::new(Fake::default()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/api/v1/applications", get(list))
        .route("/api/v1/applications/{name}", get(one))
        .with_state(fake.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Server {
        base: format!("http://{addr}"),
        fake,
    }
}

fn error(status: StatusCode, code: u32, message: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        json!({ "error": message, "code": code, "message": message }).to_string(),
    )
        .into_response()
}

/// The answer to a request before the route's own: a refusal or a queued failure.
fn gate(fake: &Mutex<Fake>, request: String, headers: &HeaderMap) -> Option<Response> {
    let mut f = fake.lock().unwrap();
    f.requests.push(request);
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some(&format!("Bearer {TOKEN}"))
    {
        return Some(error(StatusCode::UNAUTHORIZED, 16, "invalid session"));
    }
    match f.failures.pop_front()? {
        Failure::ServerError => Some(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            13,
            "rpc error: code = Unavailable desc = connection refused",
        )),
        Failure::Truncated => Some(
            (
                StatusCode::OK,
                r#"{"metadata":{"resourceVersion":"48213"},"items":[{"metadata":{"name":"sh"#,
            )
                .into_response(),
        ),
    }
}

fn ok(body: Value) -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn pause(fake: &Arc<Mutex<Fake>>) {
    let delay = fake.lock().unwrap().delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}

async fn list(
    State(fake): State<Arc<Mutex<Fake>>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    pause(&fake).await;
    let query = query.unwrap_or_default();
    let request = format!("/api/v1/applications?{query}");
    if let Some(refused) = gate(&fake, request, &headers) {
        return refused;
    }
    let projects: Vec<String> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "projects")
        .map(|(_, v)| v.into_owned())
        .collect();
    let f = fake.lock().unwrap();
    let items: Vec<Value> = f
        .apps
        .iter()
        .filter(|a| {
            projects.is_empty()
                || projects
                    .iter()
                    .any(|p| a["spec"]["project"].as_str() == Some(p))
        })
        .cloned()
        .collect();
    // Argo CD's list is a Go nil slice when empty: `null`, not `[]`.
    let items = if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    };
    ok(json!({ "metadata": { "resourceVersion": "48213" }, "items": items }))
}

async fn one(
    State(fake): State<Arc<Mutex<Fake>>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    pause(&fake).await;
    if let Some(refused) = gate(&fake, format!("/api/v1/applications/{name}"), &headers) {
        return refused;
    }
    let f = fake.lock().unwrap();
    match f
        .apps
        .iter()
        .find(|a| a["metadata"]["name"].as_str() == Some(&name))
    {
        Some(a) => ok(a.clone()),
        None => error(
            StatusCode::NOT_FOUND,
            5,
            &format!("applications.argoproj.io \"{name}\" not found"),
        ),
    }
}
