//! The fake GitHub's Deployments API: `GET /repos/{o}/{r}/deployments`
//! (newest first, `per_page`/`page`, `Link` next) and
//! `GET /repos/{o}/{r}/deployments/{id}/statuses` (newest first), with the
//! same token check and quota headers as the runs endpoint.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::github::{answer, refused, Fake};

/// A deployment with its statuses, newest status first.
#[derive(Debug, Clone)]
pub struct Deployment {
    pub json: Value,
    pub statuses: Vec<Value>,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A deployment as GitHub lists it (it carries no state of its own).
pub fn deployment(id: u64, created: DateTime<Utc>, environment: &str, sha: &str) -> Deployment {
    Deployment {
        json: json!({
            "url": format!("https://api.github.com/repos/acme/shop/deployments/{id}"),
            "id": id,
            "node_id": format!("DE_{id}"),
            "sha": sha,
            "ref": "main",
            "task": "deploy",
            "payload": {},
            "original_environment": environment,
            "environment": environment,
            "description": null,
            "creator": { "login": "release-bot", "id": 2 },
            "created_at": stamp(created),
            "updated_at": stamp(created),
            "transient_environment": false,
            "production_environment": environment == "production"
        }),
        statuses: Vec::new(),
    }
}

/// A deployment status with `state` at `at`.
pub fn status(id: u64, state: &str, at: DateTime<Utc>) -> Value {
    json!({
        "id": id,
        "state": state,
        "creator": { "login": "release-bot" },
        "description": "",
        "environment": "production",
        "target_url": format!("https://ci.example.com/deploys/{id}"),
        "log_url": format!("https://ci.example.com/deploys/{id}/log"),
        "created_at": stamp(at),
        "updated_at": stamp(at)
    })
}

type Shared = (Arc<Mutex<Fake>>, SocketAddr);

pub(crate) async fn list(
    State((fake, addr)): State<Shared>,
    Path((owner, repo)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let mut f = fake.lock().unwrap();
    let conditional = headers.contains_key("if-none-match");
    f.requests
        .push((format!("/repos/{owner}/{repo}/deployments"), conditional));
    if let Some(r) = refused(&mut f, &headers) {
        return r;
    }
    let key = format!("{owner}/{repo}");
    // A repository that exists (it has runs) and never deployed lists none.
    if !f.deployments.contains_key(&key) && !f.runs.contains_key(&key) {
        return (StatusCode::NOT_FOUND, r#"{"message":"Not Found"}"#).into_response();
    }
    let none = Vec::new();
    let all = f.deployments.get(&key).unwrap_or(&none);
    let mut sorted: Vec<&Deployment> = all
        .iter()
        .filter(|d| {
            q.get("environment")
                .is_none_or(|e| d.json["environment"] == *e)
        })
        .collect();
    sorted.sort_by(|a, b| {
        b.json["created_at"]
            .as_str()
            .cmp(&a.json["created_at"].as_str())
            .then(b.json["id"].as_u64().cmp(&a.json["id"].as_u64()))
    });
    let per_page: usize = q
        .get("per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
        .min(100);
    let page: usize = q.get("page").and_then(|v| v.parse().ok()).unwrap_or(1);
    let slice: Vec<&Value> = sorted
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|d| &d.json)
        .collect();
    let body = Value::Array(slice.into_iter().cloned().collect()).to_string();
    let next = (page * per_page < sorted.len()).then(|| {
        format!(
            "http://{addr}/repos/{owner}/{repo}/deployments?per_page={per_page}&page={}",
            page + 1
        )
    });
    answer(&mut f, &headers, body, next)
}

pub(crate) async fn statuses(
    State((fake, _)): State<Shared>,
    Path((owner, repo, id)): Path<(String, String, u64)>,
    headers: HeaderMap,
) -> Response {
    let mut f = fake.lock().unwrap();
    f.requests.push((
        format!("/repos/{owner}/{repo}/deployments/{id}/statuses"),
        false,
    ));
    if let Some(r) = refused(&mut f, &headers) {
        return r;
    }
    let found = f
        .deployments
        .get(&format!("{owner}/{repo}"))
        .and_then(|all| all.iter().find(|d| d.json["id"] == json!(id)))
        .map(|d| Value::Array(d.statuses.clone()).to_string());
    match found {
        Some(body) => answer(&mut f, &headers, body, None),
        None => (StatusCode::NOT_FOUND, r#"{"message":"Not Found"}"#).into_response(),
    }
}

pub(crate) async fn one(
    State((fake, _)): State<Shared>,
    Path((owner, repo, id)): Path<(String, String, u64)>,
    headers: HeaderMap,
) -> Response {
    let mut f = fake.lock().unwrap();
    f.requests
        .push((format!("/repos/{owner}/{repo}/deployments/{id}"), false));
    if let Some(r) = refused(&mut f, &headers) {
        return r;
    }
    let found = f
        .deployments
        .get(&format!("{owner}/{repo}"))
        .and_then(|all| all.iter().find(|d| d.json["id"] == json!(id)))
        .map(|d| d.json.to_string());
    match found {
        Some(body) => answer(&mut f, &headers, body, None),
        None => (StatusCode::NOT_FOUND, r#"{"message":"Not Found"}"#).into_response(),
    }
}
