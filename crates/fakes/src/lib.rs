//! Fake CI/CD providers on loopback for tests and benchmarks: each speaks
//! its provider's real JSON, headers, paging and errors, and takes failures
//! queued by the test (rate limits, server errors, truncated bodies).
//! Never part of the app: only tests and benches depend on it.
// Test support: a failed setup should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

pub mod argocd;
pub mod github;
pub mod gitlab;
pub mod jenkins;

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
