//! The `notices`, `notice_sends`, `incidents` and `recipients` tables.

use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::notices::{Audience, Incident, Notice, NoticeSend, NoticeTarget, Recipient};
use uuid::Uuid;

use crate::codec::{self, instant, read_id, read_instant, read_json, read_opt_id, write_json};
use crate::{Result, StoreError};

const SELECT: &str = "SELECT n.id, n.template_id, n.template_name, n.template_version, n.kind, \
    n.audience, n.target_kind, n.target_id, n.target_label, n.time_zone, n.subject, n.body, \
    n.edited, n.created_by, n.created_at, n.updated_at, \
    (SELECT max(at) FROM notice_sends s WHERE s.notice_id = n.id) FROM notices n";

fn decode(r: &Row<'_>) -> rusqlite::Result<Result<Notice>> {
    let text = |i| r.get::<_, String>(i);
    let (id, template_id, template_name, version) = (
        text(0)?,
        r.get::<_, Option<String>>(1)?,
        text(2)?,
        r.get::<_, i64>(3)?,
    );
    let (kind, audience, target_kind, target_id, target_label, zone) =
        (text(4)?, text(5)?, text(6)?, text(7)?, text(8)?, text(9)?);
    let (subject, body, edited, by, created, updated) = (
        text(10)?,
        text(11)?,
        r.get::<_, i64>(12)?,
        text(13)?,
        text(14)?,
        text(15)?,
    );
    let sent: Option<String> = r.get(16)?;
    Ok((|| {
        Ok(Notice {
            id: read_id(&id)?,
            template_id: read_opt_id(template_id)?,
            template_name,
            template_version: u32::try_from(version).unwrap_or(1),
            kind: kind.parse().map_err(StoreError::Corrupt)?,
            audience: audience.parse().map_err(StoreError::Corrupt)?,
            target: NoticeTarget {
                kind: target_kind.parse().map_err(StoreError::Corrupt)?,
                id: read_id(&target_id)?,
            },
            target_label,
            time_zone: zone,
            subject,
            body,
            edited: edited != 0,
            created_by: by,
            created_at: read_instant(&created)?,
            updated_at: read_instant(&updated)?,
            sent_at: sent.as_deref().map(read_instant).transpose()?,
        })
    })())
}

pub fn insert(conn: &Connection, n: &Notice) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO notices (id, template_id, template_name, template_version, kind, audience, \
         target_kind, target_id, target_label, time_zone, subject, body, edited, created_by, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
         ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        n.id.to_string(),
        n.template_id.map(|t| t.to_string()),
        n.template_name,
        n.template_version,
        n.kind.as_str(),
        n.audience.as_str(),
        n.target.kind.as_str(),
        n.target.id.to_string(),
        n.target_label,
        n.time_zone,
        n.subject,
        n.body,
        n.edited,
        n.created_by,
        instant(n.created_at),
        instant(n.updated_at),
    ])?;
    Ok(())
}

/// Replaces a notice's text; false when it does not exist.
pub fn update_text(conn: &Connection, n: &Notice) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE notices SET subject = ?2, body = ?3, edited = ?4, updated_at = ?5 \
             WHERE id = ?1",
        )?
        .execute(params![
            n.id.to_string(),
            n.subject,
            n.body,
            n.edited,
            instant(n.updated_at)
        ])?
        == 1)
}

pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Notice>> {
    conn.prepare_cached(&format!("{SELECT} WHERE n.id = ?1"))?
        .query_row([id.to_string()], decode)
        .optional()?
        .transpose()
}

/// The newest notices first, at most `limit`.
pub fn list(conn: &Connection, limit: u32) -> Result<Vec<Notice>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} ORDER BY n.created_at DESC, n.id DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit], decode)?;
    rows.map(|r| r?).collect()
}

pub fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    codec::delete_by_id(conn, "notices", id)
}

pub fn count(conn: &Connection) -> Result<i64> {
    codec::count_rows(conn, "notices")
}

pub fn insert_send(conn: &Connection, s: &NoticeSend) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO notice_sends (id, notice_id, at, by_name, recipients) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        s.id.to_string(),
        s.notice_id.to_string(),
        instant(s.at),
        s.by,
        write_json(&s.recipients)?,
    ])?;
    Ok(())
}

/// A notice's sendings, newest first.
pub fn sends(conn: &Connection, notice: Uuid) -> Result<Vec<NoticeSend>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, by_name, recipients FROM notice_sends WHERE notice_id = ?1 \
         ORDER BY at DESC, id DESC",
    )?;
    let rows = stmt.query_map([notice.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|r| {
        let (id, at, by, recipients) = r?;
        Ok(NoticeSend {
            id: read_id(&id)?,
            notice_id: notice,
            at: read_instant(&at)?,
            by,
            recipients: read_json(&recipients)?,
        })
    })
    .collect()
}

const INCIDENT: &str = "SELECT id, title, status, impact, service_ids, started_at, resolved_at, \
                        created_at, updated_at FROM incidents";

fn decode_incident(r: &Row<'_>) -> rusqlite::Result<Result<Incident>> {
    let text = |i| r.get::<_, String>(i);
    let (id, title, status, impact, services, started) =
        (text(0)?, text(1)?, text(2)?, text(3)?, text(4)?, text(5)?);
    let resolved: Option<String> = r.get(6)?;
    let (created, updated) = (text(7)?, text(8)?);
    Ok((|| {
        Ok(Incident {
            id: read_id(&id)?,
            title,
            status: status.parse().map_err(StoreError::Corrupt)?,
            impact,
            service_ids: read_json(&services)?,
            started_at: read_instant(&started)?,
            resolved_at: resolved.as_deref().map(read_instant).transpose()?,
            created_at: read_instant(&created)?,
            updated_at: read_instant(&updated)?,
        })
    })())
}

/// Inserts or replaces an incident.
pub fn put_incident(conn: &Connection, i: &Incident) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO incidents (id, title, status, impact, service_ids, started_at, \
         resolved_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        i.id.to_string(),
        i.title,
        i.status.as_str(),
        i.impact,
        write_json(&i.service_ids)?,
        instant(i.started_at),
        i.resolved_at.map(instant),
        instant(i.created_at),
        instant(i.updated_at),
    ])?;
    Ok(())
}

pub fn incident(conn: &Connection, id: Uuid) -> Result<Option<Incident>> {
    conn.prepare_cached(&format!("{INCIDENT} WHERE id = ?1"))?
        .query_row([id.to_string()], decode_incident)
        .optional()?
        .transpose()
}

/// Incidents, the newest first.
pub fn incidents(conn: &Connection) -> Result<Vec<Incident>> {
    let mut stmt = conn.prepare_cached(&format!("{INCIDENT} ORDER BY started_at DESC"))?;
    let rows = stmt.query_map([], decode_incident)?;
    rows.map(|r| r?).collect()
}

/// One audience's recipients in their order.
pub fn recipients(conn: &Connection, audience: Audience) -> Result<Vec<Recipient>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, address FROM recipients WHERE audience = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([audience.as_str()], |r| {
        Ok(Recipient {
            name: r.get(0)?,
            address: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces one audience's recipients.
pub fn set_recipients(conn: &Connection, audience: Audience, list: &[Recipient]) -> Result<()> {
    conn.prepare_cached("DELETE FROM recipients WHERE audience = ?1")?
        .execute([audience.as_str()])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO recipients (audience, position, name, address) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, r) in list.iter().enumerate() {
        stmt.execute(params![audience.as_str(), i as i64, r.name, r.address])?;
    }
    Ok(())
}
