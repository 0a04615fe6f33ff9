//! `status_rules`: the user's changes to the status table. A row overrides
//! the default for its provider and raw value, or adds a value the defaults
//! do not know.

use rusqlite::{params, Connection};
use signalbox_domain::calendar::DeployStatus;
use signalbox_domain::sync::{Provider, StatusRule};

use crate::{Result, StoreError};

pub fn list(conn: &Connection) -> Result<Vec<StatusRule>> {
    let rows: Vec<(String, String, String)> = conn
        .prepare_cached("SELECT provider, raw, status FROM status_rules ORDER BY provider, raw")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(p, raw, status)| {
            Ok(StatusRule {
                provider: Provider::parse(&p)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown provider \"{p}\"")))?,
                raw,
                status: status
                    .parse::<DeployStatus>()
                    .map_err(|_| StoreError::Corrupt(format!("unknown status \"{status}\"")))?,
            })
        })
        .collect()
}

pub fn set(conn: &Connection, rule: &StatusRule) -> Result<()> {
    conn.execute(
        "INSERT INTO status_rules (provider, raw, status) VALUES (?1, ?2, ?3)
         ON CONFLICT (provider, raw) DO UPDATE SET status = excluded.status",
        params![rule.provider.as_str(), rule.raw, rule.status.as_str()],
    )?;
    Ok(())
}

/// Drops the user's row for `raw`; whether there was one.
pub fn remove(conn: &Connection, provider: Provider, raw: &str) -> Result<bool> {
    Ok(conn.execute(
        "DELETE FROM status_rules WHERE provider = ?1 AND raw = ?2",
        params![provider.as_str(), raw],
    )? > 0)
}
