//! What a sync did, so an incomplete one is never mistaken for a complete one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A provider's request budget as its last answer told it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Quota {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    pub reset_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncReport {
    /// Runs read (each counted once per page it came on).
    pub items: u64,
    pub pages: u64,
    /// HTTP requests sent, retries included.
    pub requests: u64,
    /// Answers of 304 Not Modified (free on GitHub's quota).
    pub not_modified: u64,
    /// Whether every run of the window was read.
    pub complete: bool,
    /// Why not, when it was not.
    pub gaps: Vec<String>,
    pub quota: Quota,
}

impl SyncReport {
    /// A report for a sync starting now: complete until a gap is found.
    pub fn new() -> SyncReport {
        SyncReport {
            complete: true,
            ..SyncReport::default()
        }
    }
}
