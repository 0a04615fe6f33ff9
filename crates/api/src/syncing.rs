//! Running a sync: read a connection's sources through its provider's
//! connector and store the runs. Each page is stored in its own transaction
//! (runs are keyed by provider id, so storing a page again changes nothing),
//! and a source's cursor and ETags move only after every page of its window
//! is stored: a sync stopped at any point resumes with nothing lost and
//! nothing twice. The token is passed in for this one sync and kept nowhere.

use chrono::{DateTime, Duration, NaiveTime, SecondsFormat, Utc};
use serde::Serialize;
use signalbox_domain::sync::{Connection, Provider, StatusTable};
use signalbox_store::{connections, runs};
use signalbox_sync::github::{GitHub, Window};
use signalbox_sync::http::{Http, Policy};
use signalbox_sync::{SyncError, SyncReport};
use uuid::Uuid;

use crate::{ApiError, Result, Workspace};

/// How far back the first sync of a source reads.
pub const FIRST_SYNC_DAYS: i64 = 30;

/// What one connection's sync did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncOutcome {
    pub connection: String,
    pub provider: Provider,
    /// Runs added or changed.
    pub stored: u64,
    pub report: SyncReport,
}

fn sync_error(c: &Connection, e: SyncError) -> ApiError {
    ApiError::Sync(format!("{}: {e}", c.name))
}

fn midnight(t: DateTime<Utc>) -> DateTime<Utc> {
    t.date_naive().and_time(NaiveTime::MIN).and_utc()
}

impl Workspace {
    /// Syncs connection `id` with `token`, using `policy` for retries and waits.
    pub fn sync_connection(&self, id: Uuid, token: &str, policy: Policy) -> Result<SyncOutcome> {
        let c = self.get_connection(id)?;
        if token.trim().is_empty() {
            return Err(ApiError::field("token", "The token is empty"));
        }
        match c.provider {
            Provider::Github => self.sync_github(&c, token.trim(), policy),
            other => Err(ApiError::Sync(format!(
                "{}: {} connections cannot be synced yet",
                c.name,
                other.label()
            ))),
        }
    }

    fn sync_github(&self, c: &Connection, token: &str, policy: Policy) -> Result<SyncOutcome> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ApiError::Internal(format!("cannot start the sync: {e}")))?;
        let table = StatusTable::defaults();
        let github = GitHub::new(&c.base_url, token, &table).map_err(|e| sync_error(c, e))?;
        let mut http = Http::new(policy).map_err(|e| sync_error(c, e))?;
        let mut report = SyncReport::new();
        let now = self.now();
        // A window that ends at the next midnight keeps the query the same
        // all day, so an unchanged repository answers 304.
        let end = midnight(now) + Duration::days(1);
        let conn = self.conn();
        let mut stored = 0u64;
        for repo in &c.scope {
            let (from, mut etags) = match connections::cursor(conn, c.id, repo)? {
                Some((text, etags)) => (
                    DateTime::parse_from_rfc3339(&text)
                        .map(|t| t.with_timezone(&Utc))
                        .map_err(|_| ApiError::Internal(format!("bad sync cursor \"{text}\"")))?,
                    etags,
                ),
                None => (
                    midnight(now) - Duration::days(FIRST_SYNC_DAYS),
                    Default::default(),
                ),
            };
            // A run still going may sit on a later page, which the first
            // page's ETag does not cover: read the window whole while any is.
            if runs::unfinished_since(conn, c.id, repo, from)? > 0 {
                etags.clear();
            }
            let mut oldest_open: Option<DateTime<Utc>> = None;
            let mut store_page = |page: Vec<signalbox_domain::sync::SyncedRun>| {
                for r in &page {
                    if r.finished_at.is_none() {
                        oldest_open =
                            Some(oldest_open.map_or(r.created_at, |o| o.min(r.created_at)));
                    }
                }
                let write = || -> Result<usize> {
                    let tx = conn.unchecked_transaction()?;
                    let n = runs::upsert(&tx, c.id, &page)?;
                    tx.commit()?;
                    Ok(n)
                };
                let n = write().map_err(|e| SyncError::Store(e.to_string()))?;
                stored += n as u64;
                Ok(())
            };
            runtime
                .block_on(github.runs(
                    &mut http,
                    repo,
                    Window { from, to: end },
                    &mut etags,
                    &mut report,
                    &mut store_page,
                ))
                .map_err(|e| sync_error(c, e))?;
            // Read again from yesterday (or from the oldest run still going),
            // so runs that finish later are seen finishing.
            let mut next = midnight(now) - Duration::days(1);
            if let Some(open) = oldest_open {
                next = next.min(midnight(open));
            }
            let next = next.max(from);
            let tx = conn.unchecked_transaction()?;
            connections::set_cursor(
                &tx,
                c.id,
                repo,
                &next.to_rfc3339_opts(SecondsFormat::Secs, true),
                &etags,
            )?;
            tx.commit()?;
        }
        report.requests = http.requests;
        report.quota = http.quota;
        Ok(SyncOutcome {
            connection: c.name.clone(),
            provider: c.provider,
            stored,
            report,
        })
    }
}
