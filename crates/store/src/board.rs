//! The Pipelines board's reads over `runs`: one service's deployments to
//! one environment (an index seek on `runs_cell`), the production
//! deployments that failed or are still running (for alerts), and which
//! alerts were already raised.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::calendar::DeployStatus;
use signalbox_domain::sync::board::BoardRun;
use uuid::Uuid;

use crate::codec::{instant, read_id};
use crate::runs::{self, at, secs, SELECT};
use crate::{Result, StoreError};

/// A placed run as stored (its status not yet inferred), with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedRun {
    pub run: BoardRun,
    pub service_id: Uuid,
    pub environment_id: Uuid,
}

/// A placed run: the run as `runs::decode` reads it, then its row id,
/// connection and place.
fn decode(r: &Row<'_>) -> rusqlite::Result<Result<PlacedRun>> {
    let synced = runs::decode(r)?;
    let id: i64 = r.get(17)?;
    let connection: String = r.get(18)?;
    let service: String = r.get(19)?;
    let environment: String = r.get(20)?;
    Ok((|| {
        Ok(PlacedRun {
            run: BoardRun::from_synced(id, read_id(&connection)?, synced?),
            service_id: read_id(&service)?,
            environment_id: read_id(&environment)?,
        })
    })())
}

/// `service`'s newest deployments to `environment`, at most `limit`.
pub fn cell(
    conn: &Connection,
    service: Uuid,
    environment: Uuid,
    limit: u32,
) -> Result<Vec<PlacedRun>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE r.service_id = ?1 AND r.environment_id = ?2
         ORDER BY r.created_s DESC, r.id DESC LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![service.to_string(), environment.to_string(), limit],
        decode,
    )?;
    rows.map(|r| r?).collect()
}

/// Just enough of a run to infer a cell's statuses from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunHead {
    pub id: i64,
    pub connection_id: Uuid,
    pub status: DeployStatus,
    pub sha: Option<String>,
    pub started_at: DateTime<Utc>,
}

/// The heads of `service`'s newest deployments to `environment`, at most
/// `limit`: the board reads these for every cell, and whole runs only for
/// the newest of each.
pub fn cell_heads(
    conn: &Connection,
    service: Uuid,
    environment: Uuid,
    limit: u32,
) -> Result<Vec<RunHead>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, connection_id, status, sha, coalesce(started_s, created_s) FROM runs
         WHERE service_id = ?1 AND environment_id = ?2
         ORDER BY created_s DESC, id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(
        params![service.to_string(), environment.to_string(), limit],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        },
    )?;
    rows.map(|row| {
        let (id, connection, status, sha, started) = row?;
        Ok(RunHead {
            id,
            connection_id: read_id(&connection)?,
            status: status.parse().unwrap_or(DeployStatus::Unknown),
            sha,
            started_at: at(started)?,
        })
    })
    .collect()
}

/// One placed run by its id.
pub fn placed_run(conn: &Connection, id: i64) -> Result<Option<PlacedRun>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE r.id = ?1"))?;
    let mut rows = stmt.query_map([id], decode)?;
    rows.next().transpose()?.transpose()
}

/// Placed deployments to `environments` created since `since` that failed
/// or are still in progress and were not alerted on yet.
pub fn alert_candidates(
    conn: &Connection,
    environments: &[Uuid],
    since: DateTime<Utc>,
) -> Result<Vec<PlacedRun>> {
    if environments.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = environments.iter().map(Uuid::to_string).collect();
    let ids = serde_json::to_string(&ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE r.service_id IS NOT NULL AND r.created_s >= ?1
           AND r.status IN ('failed', 'in_progress')
           AND r.environment_id IN (SELECT value FROM json_each(?2))
           AND NOT EXISTS (SELECT 1 FROM run_alerts a WHERE a.run_id = r.id)
         ORDER BY r.created_s"
    ))?;
    let rows = stmt.query_map(params![secs(since), ids], decode)?;
    rows.map(|r| r?).collect()
}

/// Remembers that run `id` was alerted on as `status`.
pub fn mark_alerted(
    conn: &Connection,
    id: i64,
    status: DeployStatus,
    at: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO run_alerts (run_id, status, alerted_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![id, status.as_str(), instant(at)])?;
    Ok(())
}

/// A service on the board: its id, name and owning team's name.
pub type ServiceLine = (Uuid, String, Option<String>);

/// Names and teams of `services` whose name contains `search` (any case),
/// of `team` when given, sorted by name: one page from `offset`, and how
/// many match in all.
pub fn services_page(
    conn: &Connection,
    services: &[Uuid],
    search: &str,
    team: Option<Uuid>,
    offset: u32,
    limit: u32,
) -> Result<(Vec<ServiceLine>, u32)> {
    // Services are read in name order and kept when placed: cheaper than
    // handing SQLite thousands of ids to look up.
    let placed: HashSet<String> = services.iter().map(Uuid::to_string).collect();
    let pattern = format!(
        "%{}%",
        search
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let team = team.map(|t| t.to_string());
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, owner_team_id FROM services
         WHERE (?1 = '%%' OR name LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR owner_team_id = ?2)
         ORDER BY name",
    )?;
    let mut rows = stmt.query(params![pattern, team])?;
    let (mut total, mut page) = (0u32, Vec::new());
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        if !placed.contains(id) {
            continue;
        }
        if total >= offset && page.len() < limit as usize {
            page.push((read_id(id)?, r.get(1)?, r.get::<_, Option<String>>(2)?));
        }
        total += 1;
    }
    // Team names for the page only.
    let mut team_name = conn.prepare_cached("SELECT name FROM teams WHERE id = ?1")?;
    let page = page
        .into_iter()
        .map(|(id, name, team)| {
            let team = match team {
                Some(t) => team_name.query_row([t], |r| r.get(0)).optional()?,
                None => None,
            };
            Ok((id, name, team))
        })
        .collect::<Result<_>>()?;
    Ok((page, total))
}
