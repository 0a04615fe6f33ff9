//! Fake providers on loopback that speak the real JSON, headers and paging.
#![allow(dead_code)]

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
