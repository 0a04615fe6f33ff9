//! Fake CI/CD providers on loopback for tests and benchmarks: each speaks
//! its provider's real JSON, headers, paging and errors, and takes failures
//! queued by the test (rate limits, server errors, truncated bodies).
//! Never part of the app: only tests and benches depend on it.
// Test support: a failed setup should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

pub mod argocd;
pub mod github;
pub mod github_deployments;
pub mod gitlab;
pub mod jenkins;

use std::path::{Path, PathBuf};
use std::time::Duration;

use signalbox_sync::http::Policy;

/// Quick retries and waits, so failure tests run in seconds.
pub fn policy() -> Policy {
    Policy {
        attempts: 4,
        backoff: Duration::from_millis(20),
        rate_limit_wait: Duration::from_millis(50),
        max_wait: Duration::from_secs(5),
        timeout: Duration::from_secs(5),
    }
}

/// Every byte SQLite wrote for the workspace at `path`: the file, its WAL,
/// its index and journal (to prove a secret never reached any of them).
pub fn workspace_bytes(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(b) = std::fs::read(PathBuf::from(p)) {
            bytes.extend(b);
        }
    }
    assert!(!bytes.is_empty(), "no workspace file at {}", path.display());
    bytes
}

/// Whether `bytes` hold `text` anywhere.
pub fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}
