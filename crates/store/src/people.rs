//! The `people` table: who takes part in governance, with their role.

use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::governance::{Person, Role};
use uuid::Uuid;

use crate::codec::{self, instant, read_id, read_instant};
use crate::{Result, StoreError};

const SELECT: &str = "SELECT id, name, role, created_at, updated_at FROM people";

fn decode(r: &Row<'_>) -> rusqlite::Result<Result<Person>> {
    let (id, name, role, created, updated): (String, String, String, String, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    Ok((|| {
        Ok(Person {
            id: read_id(&id)?,
            name,
            role: role.parse::<Role>().map_err(StoreError::Corrupt)?,
            created_at: read_instant(&created)?,
            updated_at: read_instant(&updated)?,
        })
    })())
}

pub fn insert(conn: &Connection, p: &Person) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO people (id, name, role, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        p.id.to_string(),
        p.name,
        p.role.as_str(),
        instant(p.created_at),
        instant(p.updated_at)
    ])?;
    Ok(())
}

/// Replaces a person's name and role; false when they do not exist.
pub fn update(conn: &Connection, p: &Person) -> Result<bool> {
    Ok(conn
        .prepare_cached("UPDATE people SET name = ?2, role = ?3, updated_at = ?4 WHERE id = ?1")?
        .execute(params![
            p.id.to_string(),
            p.name,
            p.role.as_str(),
            instant(p.updated_at)
        ])?
        == 1)
}

pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Person>> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id.to_string()], decode)
        .optional()?
        .transpose()
}

/// The person of that name, whatever its case.
pub fn by_name(conn: &Connection, name: &str) -> Result<Option<Person>> {
    conn.prepare_cached(&format!("{SELECT} WHERE name = ?1"))?
        .query_row([name.trim()], decode)
        .optional()?
        .transpose()
}

/// Everyone, by name.
pub fn list(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY name"))?;
    let rows = stmt.query_map([], decode)?;
    rows.map(|r| r?).collect()
}

pub fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    codec::delete_by_id(conn, "people", id)
}

pub fn count(conn: &Connection) -> Result<i64> {
    codec::count_rows(conn, "people")
}

/// How many decisions a person has given (they cannot be deleted then).
pub fn decisions(conn: &Connection, id: Uuid) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM approvals WHERE person_id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?)
}
