//! A fake Jenkins on loopback: `GET /job/{a}/job/{b}/…/api/json` through
//! folders, with `tree=allBuilds[…]{M,N}` honoured for its range (and plain
//! `builds[…]` capped at 100, as Jenkins caps it), the real JSON (`_class`
//! on everything, actions that are `{}` or only a `_class`), HTTP Basic
//! auth checked against a header worked out by hand (a 401 HTML page from
//! Jetty for a wrong token, a 403 login page for none), a folder answered as
//! a folder, and failures queued by the test: 500, a truncated body, and a
//! slow answer (sleeping past the client's timeout).

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

pub const USER: &str = "alice";
pub const TOKEN: &str = "11d2c6a1e5f1b9b0c8a4e7f3d2c1b0a9f8";
/// `alice:` and the token in base64, by coreutils' `base64`, not by the
/// code under test.
const BASIC: &str = "Basic YWxpY2U6MTFkMmM2YTFlNWYxYjliMGM4YTRlN2YzZDJjMWIwYTlmOA==";

#[derive(Debug, Clone)]
pub enum Failure {
    ServerError,
    Truncated,
    /// Answer, but only after this long.
    Slow(Duration),
}

#[derive(Default)]
pub struct Fake {
    /// Builds by job path (`team/app/deploy`), any order.
    pub jobs: HashMap<String, Vec<Value>>,
    pub failures: VecDeque<Failure>,
    /// Every request: its path as sent, and the `tree` asked for (decoded).
    pub requests: Vec<(String, String)>,
}

pub struct Server {
    pub base: String,
    pub fake: Arc<Mutex<Fake>>,
}

/// A Pipeline build as `tree=allBuilds[…]` returns it: building while
/// `result` is `None`, else finished after 90 s. Started by `alice`, on
/// `main` at a SHA made of its number.
pub fn build(number: u64, timestamp_ms: i64, result: Option<&str>) -> Value {
    let sha = format!("{number:040x}");
    json!({
        "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
        "actions": [
            {
                "_class": "hudson.model.CauseAction",
                "causes": [{
                    "_class": "hudson.model.Cause$UserIdCause",
                    "userId": USER,
                    "userName": "Alice Example"
                }]
            },
            {},
            { "_class": "jenkins.metrics.impl.TimeInQueueAction" },
            {
                "_class": "hudson.plugins.git.util.BuildData",
                "lastBuiltRevision": {
                    "SHA1": sha,
                    "branch": [{ "SHA1": sha, "name": "refs/remotes/origin/main" }]
                }
            },
            { "_class": "org.jenkinsci.plugins.workflow.job.views.FlowGraphAction" }
        ],
        "building": result.is_none(),
        "duration": if result.is_none() { 0 } else { 90_000 },
        "number": number,
        "result": result,
        "timestamp": timestamp_ms
    })
}

pub async fn start() -> Server {
    let fake = Arc::new(Mutex::new(Fake::default()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let app = Router::new()
        .fallback(answer)
        .with_state((fake.clone(), addr));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Server {
        base: format!("http://{addr}"),
        fake,
    }
}

/// `%XX` decoded (a job named `feature%2Fx` comes as `feature%252Fx`).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// `job/a/job/b` as `a/b`; `None` when the path is not a job path.
fn job_path(path: &str) -> Option<String> {
    let inner = path.strip_prefix('/')?.strip_suffix("/api/json")?;
    let parts: Vec<&str> = inner.split('/').collect();
    if parts.is_empty() || !parts.len().is_multiple_of(2) {
        return None;
    }
    let mut names = Vec::new();
    for pair in parts.chunks(2) {
        if pair[0] != "job" {
            return None;
        }
        names.push(decode(pair[1]));
    }
    Some(names.join("/"))
}

/// The `{M,N}` at the end of a `tree`: from M up to (not including) N.
fn range(tree: &str) -> (usize, usize) {
    let Some(open) = tree.rfind('{') else {
        return (0, usize::MAX);
    };
    let inner = tree[open + 1..].trim_end_matches('}');
    match inner.split_once(',') {
        Some((m, n)) => (m.parse().unwrap_or(0), n.parse().unwrap_or(usize::MAX)),
        None => {
            let m: usize = inner.parse().unwrap();
            (m, m + 1)
        }
    }
}

fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let page = format!(
        "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=ISO-8859-1\"/>\n\
         <title>{title}</title>\n</head>\n<body>{body}\n<hr><a href=\"https://eclipse.org/jetty\">\
         Powered by Jetty:// 10.0.20</a><hr/>\n</body>\n</html>\n"
    );
    (
        status,
        [("content-type", "text/html;charset=iso-8859-1")],
        page,
    )
        .into_response()
}

async fn answer(
    State((fake, addr)): State<(Arc<Mutex<Fake>>, SocketAddr)>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let tree = url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "tree")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let job = job_path(uri.path());
    let failure = {
        let mut f = fake.lock().unwrap();
        f.requests.push((uri.path().to_owned(), tree.clone()));
        match headers.get("authorization").and_then(|v| v.to_str().ok()) {
            Some(BASIC) => {}
            Some(_) => {
                let why = format!("Invalid password/token for user: {USER}");
                return html(
                    StatusCode::UNAUTHORIZED,
                    &format!("Error 401 {why}"),
                    &format!("<h2>HTTP ERROR 401 {why}</h2>"),
                );
            }
            None => {
                return (
                    StatusCode::FORBIDDEN,
                    [("content-type", "text/html;charset=utf-8")],
                    "<html><head><meta http-equiv='refresh' content='1;url=/login'/></head>\
                     <body style='background-color:white; color:white;'>\n\
                     Authentication required\n</body></html>",
                )
                    .into_response();
            }
        }
        f.failures.pop_front()
    };
    match failure {
        Some(Failure::ServerError) => {
            return html(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Jenkins [Jenkins]",
                "<h1>Oops!</h1>A problem occurred while processing the request.",
            );
        }
        Some(Failure::Truncated) => {
            return (
                StatusCode::OK,
                [("content-type", "application/json;charset=utf-8")],
                r#"{"_class":"org.jenkinsci.plugins.workflow.job.WorkflowJob","allBuilds":[{"_class":"org.jenkinsci.plugins.workflow.job.WorkflowRun","actions":[{"_cl"#,
            )
                .into_response();
        }
        Some(Failure::Slow(wait)) => tokio::time::sleep(wait).await,
        None => {}
    }
    let f = fake.lock().unwrap();
    let Some(job) = job else {
        return html(
            StatusCode::NOT_FOUND,
            "Error 404 Not Found",
            "<h2>HTTP ERROR 404 Not Found</h2>",
        );
    };
    let Some(builds) = f.jobs.get(&job) else {
        if f.jobs.keys().any(|k| k.starts_with(&format!("{job}/"))) {
            return json_answer(json!({ "_class": "com.cloudbees.hudson.plugins.folder.Folder" }));
        }
        return html(
            StatusCode::NOT_FOUND,
            "Error 404 Not Found",
            "<h2>HTTP ERROR 404 Not Found</h2>",
        );
    };
    let job_url: String = job
        .split('/')
        .map(|n| format!("job/{}/", n.replace('%', "%25")))
        .collect();
    let mut builds = builds.clone();
    builds.sort_by(|a, b| b["number"].as_u64().cmp(&a["number"].as_u64()));
    for b in &mut builds {
        b["url"] = json!(format!("http://{addr}/{job_url}{}/", b["number"]));
    }
    let (from, to) = range(&tree);
    let (field, cap) = if tree.starts_with("allBuilds[") {
        ("allBuilds", usize::MAX)
    } else {
        ("builds", 100)
    };
    let slice: Vec<Value> = builds
        .into_iter()
        .take(cap)
        .skip(from)
        .take(to.saturating_sub(from))
        .collect();
    json_answer(json!({
        "_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob",
        field: slice
    }))
}

fn json_answer(body: Value) -> Response {
    (
        StatusCode::OK,
        [
            ("content-type", "application/json;charset=utf-8"),
            ("x-jenkins", "2.462.3"),
        ],
        body.to_string(),
    )
        .into_response()
}
