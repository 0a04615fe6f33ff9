//! The `templates` and `template_versions` tables: notice templates and
//! every version each has had.

use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::notices::{Template, TemplateVersion};
use uuid::Uuid;

use crate::codec::{self, instant, read_id, read_instant};
use crate::{Result, StoreError};

const SELECT: &str = "SELECT id, name, kind, audience, subject, body, version, builtin, \
                      created_at, updated_at FROM templates";

fn decode(r: &Row<'_>) -> rusqlite::Result<Result<Template>> {
    let id: String = r.get(0)?;
    let name: String = r.get(1)?;
    let kind: String = r.get(2)?;
    let audience: String = r.get(3)?;
    let subject: String = r.get(4)?;
    let body: String = r.get(5)?;
    let version: i64 = r.get(6)?;
    let builtin: Option<String> = r.get(7)?;
    let created: String = r.get(8)?;
    let updated: String = r.get(9)?;
    Ok((|| {
        Ok(Template {
            id: read_id(&id)?,
            name,
            kind: kind.parse().map_err(StoreError::Corrupt)?,
            audience: audience.parse().map_err(StoreError::Corrupt)?,
            subject,
            body,
            version: u32::try_from(version).unwrap_or(1),
            builtin,
            created_at: read_instant(&created)?,
            updated_at: read_instant(&updated)?,
        })
    })())
}

/// Inserts a template and its current text as a version.
pub fn insert(conn: &Connection, t: &Template, saved_by: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO templates (id, name, kind, audience, subject, body, version, builtin, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        t.id.to_string(),
        t.name,
        t.kind.as_str(),
        t.audience.as_str(),
        t.subject,
        t.body,
        t.version,
        t.builtin,
        instant(t.created_at),
        instant(t.updated_at),
    ])?;
    insert_version(conn, t, saved_by)
}

fn insert_version(conn: &Connection, t: &Template, saved_by: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO template_versions (template_id, version, name, subject, body, saved_at, \
         saved_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        t.id.to_string(),
        t.version,
        t.name,
        t.subject,
        t.body,
        instant(t.updated_at),
        saved_by,
    ])?;
    Ok(())
}

/// Replaces a template's text with a new version (the caller bumps
/// `version`); false when it does not exist.
pub fn update(conn: &Connection, t: &Template, saved_by: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE templates SET name = ?2, kind = ?3, audience = ?4, subject = ?5, body = ?6, \
             version = ?7, updated_at = ?8 WHERE id = ?1",
        )?
        .execute(params![
            t.id.to_string(),
            t.name,
            t.kind.as_str(),
            t.audience.as_str(),
            t.subject,
            t.body,
            t.version,
            instant(t.updated_at),
        ])?;
    if n == 1 {
        insert_version(conn, t, saved_by)?;
    }
    Ok(n == 1)
}

pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Template>> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id.to_string()], decode)
        .optional()?
        .transpose()
}

/// The template of that name, whatever its case.
pub fn by_name(conn: &Connection, name: &str) -> Result<Option<Template>> {
    conn.prepare_cached(&format!("{SELECT} WHERE name = ?1"))?
        .query_row([name.trim()], decode)
        .optional()?
        .transpose()
}

/// Every template, by kind, audience and name.
pub fn list(conn: &Connection) -> Result<Vec<Template>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY kind, audience, name"))?;
    let rows = stmt.query_map([], decode)?;
    rows.map(|r| r?).collect()
}

/// The built-in keys already stored.
pub fn builtin_keys(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT builtin FROM templates WHERE builtin IS NOT NULL")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A template's versions, newest first.
pub fn versions(conn: &Connection, id: Uuid) -> Result<Vec<TemplateVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT version, name, subject, body, saved_at, saved_by FROM template_versions \
         WHERE template_id = ?1 ORDER BY version DESC",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    rows.map(|r| {
        let (version, name, subject, body, saved_at, saved_by) = r?;
        Ok(TemplateVersion {
            version: u32::try_from(version).unwrap_or(1),
            name,
            subject,
            body,
            saved_at: read_instant(&saved_at)?,
            saved_by,
        })
    })
    .collect()
}

pub fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    codec::delete_by_id(conn, "templates", id)
}

pub fn count(conn: &Connection) -> Result<i64> {
    codec::count_rows(conn, "templates")
}
