//! The `connections` table: CI/CD connections (never their tokens), and
//! `sync_cursors`, how far each of a connection's sources was read.

use std::collections::HashMap;

use rusqlite::{params, Connection as Conn, OptionalExtension, Row};
use signalbox_domain::sync::{Connection, Provider};
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant, read_json, write_json};
use crate::{Result, StoreError};

const COLUMNS: &str =
    "id, name, provider, base_url, scope, poll_interval_s, username, rules, created_at, updated_at";

fn decode(r: &Row<'_>) -> rusqlite::Result<Result<Connection>> {
    let id: String = r.get(0)?;
    let provider: String = r.get(2)?;
    let scope: String = r.get(4)?;
    let rules: String = r.get(7)?;
    let created: String = r.get(8)?;
    let updated: String = r.get(9)?;
    let name: String = r.get(1)?;
    let base_url: String = r.get(3)?;
    let poll: i64 = r.get(5)?;
    let username: Option<String> = r.get(6)?;
    Ok((|| {
        Ok(Connection {
            id: read_id(&id)?,
            name,
            provider: Provider::parse(&provider)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown provider \"{provider}\"")))?,
            base_url,
            scope: read_json(&scope)?,
            poll_interval_s: u32::try_from(poll)
                .map_err(|_| StoreError::Corrupt(format!("bad poll interval {poll}")))?,
            username,
            rules: read_json(&rules)?,
            created_at: read_instant(&created)?,
            updated_at: read_instant(&updated)?,
        })
    })())
}

pub fn insert(conn: &Conn, c: &Connection) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO connections ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ),
        params![
            c.id.to_string(),
            c.name,
            c.provider.as_str(),
            c.base_url,
            write_json(&c.scope)?,
            c.poll_interval_s,
            c.username,
            write_json(&c.rules)?,
            instant(c.created_at),
            instant(c.updated_at),
        ],
    )?;
    Ok(())
}

/// Replaces a connection's editable fields; false when it does not exist.
pub fn update(conn: &Conn, c: &Connection) -> Result<bool> {
    let n = conn.execute(
        "UPDATE connections SET name = ?2, provider = ?3, base_url = ?4, scope = ?5,
         poll_interval_s = ?6, username = ?7, rules = ?8, updated_at = ?9 WHERE id = ?1",
        params![
            c.id.to_string(),
            c.name,
            c.provider.as_str(),
            c.base_url,
            write_json(&c.scope)?,
            c.poll_interval_s,
            c.username,
            write_json(&c.rules)?,
            instant(c.updated_at),
        ],
    )?;
    Ok(n == 1)
}

/// Removes a connection with its cursors and runs; false when there was none.
pub fn delete(conn: &Conn, id: Uuid) -> Result<bool> {
    crate::codec::delete_by_id(conn, "connections", id)
}

pub fn get(conn: &Conn, id: Uuid) -> Result<Option<Connection>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM connections WHERE id = ?1"),
        [id.to_string()],
        decode,
    )
    .optional()?
    .transpose()
}

pub fn id_by_name(conn: &Conn, name: &str) -> Result<Option<Uuid>> {
    crate::codec::id_by_name(conn, "connections", name)
}

/// Every connection, by name.
pub fn count(conn: &Conn) -> Result<i64> {
    crate::codec::count_rows(conn, "connections")
}

pub fn list(conn: &Conn) -> Result<Vec<Connection>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM connections ORDER BY name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], decode)?;
    rows.map(|r| r?).collect()
}

/// How far `source` of `connection` was read, and the ETags of its last
/// complete read.
pub fn cursor(
    conn: &Conn,
    connection: Uuid,
    source: &str,
) -> Result<Option<(String, HashMap<String, String>)>> {
    conn.prepare_cached(
        "SELECT cursor, etags FROM sync_cursors WHERE connection_id = ?1 AND source = ?2",
    )?
    .query_row(params![connection.to_string(), source], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })
    .optional()?
    .map(|(c, e)| Ok((c, read_json(&e)?)))
    .transpose()
}

/// Records how far `source` was read; call it in the transaction that
/// stores what was read.
pub fn set_cursor(
    conn: &Conn,
    connection: Uuid,
    source: &str,
    cursor: &str,
    etags: &HashMap<String, String>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_cursors (connection_id, source, cursor, etags) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (connection_id, source) DO UPDATE SET cursor = excluded.cursor, etags = excluded.etags",
    )?
    .execute(params![
        connection.to_string(),
        source,
        cursor,
        write_json(etags)?
    ])?;
    Ok(())
}
