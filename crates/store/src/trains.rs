//! The `trains` table.

use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::calendar::{Train, TrainStatus};
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant, read_json, write_json};
use crate::{Result, StoreError};

const COLUMNS: &str =
    "id, name, version, owner, description, status, targets, created_at, updated_at";

fn decode(r: &Row<'_>) -> rusqlite::Result<Result<Train>> {
    let id: String = r.get(0)?;
    let status: String = r.get(5)?;
    let targets: String = r.get(6)?;
    let created: String = r.get(7)?;
    let updated: String = r.get(8)?;
    let (name, version, owner, description) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    Ok((|| {
        Ok(Train {
            id: read_id(&id)?,
            name,
            version,
            owner,
            description,
            status: status.parse::<TrainStatus>().map_err(StoreError::Corrupt)?,
            targets: read_json(&targets)?,
            created_at: read_instant(&created)?,
            updated_at: read_instant(&updated)?,
        })
    })())
}

/// Adds a train.
pub fn insert(conn: &Connection, t: &Train) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO trains ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    ))?
    .execute(params![
        t.id.to_string(),
        t.name,
        t.version,
        t.owner,
        t.description,
        t.status.as_str(),
        write_json(&t.targets)?,
        instant(t.created_at),
        instant(t.updated_at)
    ])?;
    Ok(())
}

/// Replaces a train's fields; false when it does not exist.
pub fn update(conn: &Connection, t: &Train) -> Result<bool> {
    let n = conn.execute(
        "UPDATE trains SET name = ?2, version = ?3, owner = ?4, description = ?5, status = ?6,
         targets = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            t.id.to_string(),
            t.name,
            t.version,
            t.owner,
            t.description,
            t.status.as_str(),
            write_json(&t.targets)?,
            instant(t.updated_at)
        ],
    )?;
    Ok(n == 1)
}

/// Removes a train (its changes stay, without a train); false when none.
pub fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    crate::codec::delete_by_id(conn, "trains", id)
}

/// One train by id.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Train>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM trains WHERE id = ?1"))?
        .query_row([id.to_string()], decode)
        .optional()?
        .transpose()
}

/// Every train, by name.
pub fn list(conn: &Connection) -> Result<Vec<Train>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM trains ORDER BY name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], decode)?;
    rows.map(|r| r?).collect()
}

/// The id of the train called `name` (ignoring case), if any.
pub fn id_by_name(conn: &Connection, name: &str) -> Result<Option<Uuid>> {
    crate::codec::id_by_name(conn, "trains", name)
}

/// How many trains there are.
pub fn count(conn: &Connection) -> Result<i64> {
    crate::codec::count_rows(conn, "trains")
}
