//! Audit trail use cases: browse the events, verify the hash chain.

use serde::Deserialize;
use signalbox_store::audit::{self, AuditPage, VerifyReport};
use ts_rs::TS;
use uuid::Uuid;

use crate::{Result, Workspace};

/// Largest page of events returned at once.
pub const PAGE_MAX: u32 = 500;

/// Which events to list: newest first, optionally older than a sequence
/// number (for "load more") and about one record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
pub struct AuditQuery {
    #[serde(default)]
    #[ts(type = "number | null")]
    pub before_seq: Option<i64>,
    #[serde(default)]
    pub entity_id: Option<Uuid>,
    #[serde(default)]
    pub limit: Option<u32>,
}

impl Workspace {
    /// A page of the audit trail, newest first.
    pub fn list_audit(&self, query: &AuditQuery) -> Result<AuditPage> {
        let limit = query.limit.unwrap_or(100).clamp(1, PAGE_MAX);
        Ok(audit::list(
            self.conn(),
            query.before_seq,
            query.entity_id,
            limit,
        )?)
    }

    /// Walks the whole chain and reports the first broken link, if any.
    pub fn verify_audit(&self) -> Result<VerifyReport> {
        Ok(audit::verify(self.conn())?)
    }
}
