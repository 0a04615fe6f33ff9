//! `sync_log`: each attempt to sync a connection, for its health (last
//! sync, duration, quota left, last error, the report). Only the newest
//! few per connection are kept.

use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::sync::board::SyncRecord;
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant, read_json, write_json};
use crate::Result;

/// Attempts kept per connection.
pub const KEEP: u32 = 50;

const COLUMNS: &str =
    "connection_id, started_at, finished_at, duration_ms, ok, error, stored, advanced, report";

/// Adds `record`, dropping that connection's attempts beyond [`KEEP`].
pub fn insert(conn: &Connection, record: &SyncRecord) -> Result<()> {
    let id = record.connection_id.to_string();
    conn.prepare_cached(&format!(
        "INSERT INTO sync_log ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    ))?
    .execute(params![
        id,
        instant(record.started_at),
        instant(record.finished_at),
        i64::try_from(record.duration_ms).unwrap_or(i64::MAX),
        record.ok,
        record.error,
        i64::try_from(record.stored).unwrap_or(i64::MAX),
        write_json(&record.advanced)?,
        write_json(&record.report)?,
    ])?;
    conn.prepare_cached(
        "DELETE FROM sync_log WHERE connection_id = ?1 AND id NOT IN
           (SELECT id FROM sync_log WHERE connection_id = ?1 ORDER BY id DESC LIMIT ?2)",
    )?
    .execute(params![id, KEEP])?;
    Ok(())
}

fn decode(r: &Row<'_>) -> rusqlite::Result<Result<SyncRecord>> {
    let id: String = r.get(0)?;
    let started: String = r.get(1)?;
    let finished: String = r.get(2)?;
    let duration: i64 = r.get(3)?;
    let ok: bool = r.get(4)?;
    let error: Option<String> = r.get(5)?;
    let stored: i64 = r.get(6)?;
    let advanced: String = r.get(7)?;
    let report: String = r.get(8)?;
    Ok((|| {
        Ok(SyncRecord {
            connection_id: read_id(&id)?,
            started_at: read_instant(&started)?,
            finished_at: read_instant(&finished)?,
            duration_ms: u64::try_from(duration).unwrap_or(0),
            ok,
            error,
            stored: u64::try_from(stored).unwrap_or(0),
            advanced: read_json(&advanced)?,
            report: read_json(&report)?,
        })
    })())
}

/// `connection`'s newest attempts first, at most `limit`.
pub fn recent(conn: &Connection, connection: Uuid, limit: u32) -> Result<Vec<SyncRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM sync_log WHERE connection_id = ?1 ORDER BY id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![connection.to_string(), limit], decode)?;
    rows.map(|r| r?).collect()
}

/// When `connection`'s newest attempt that ran to the end finished.
pub fn last_ok_at(
    conn: &Connection,
    connection: Uuid,
) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    let text: Option<String> = conn
        .prepare_cached(
            "SELECT finished_at FROM sync_log WHERE connection_id = ?1 AND ok = 1
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([connection.to_string()], |r| r.get(0))
        .optional()?;
    text.as_deref().map(read_instant).transpose()
}
