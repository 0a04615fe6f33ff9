//! Change advisory boards (`cabs`), their meetings (`meetings`) and each
//! meeting's frozen agenda with its decisions (`meeting_items`).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::governance::{
    AgendaItem, Cab, Cadence, Meeting, MeetingDecision, MeetingStatus,
};
use uuid::Uuid;

use crate::codec::{self, instant, read_id, read_instant, read_json, write_json};
use crate::{Result, StoreError};

fn cadence_text(c: Cadence) -> &'static str {
    match c {
        Cadence::Weekly => "weekly",
        Cadence::Fortnightly => "fortnightly",
        Cadence::Monthly => "monthly",
        Cadence::AdHoc => "ad_hoc",
    }
}

const CABS: &str = "SELECT id, name, cadence, members, filter, created_at, updated_at FROM cabs";

fn decode_cab(r: &Row<'_>) -> rusqlite::Result<Result<Cab>> {
    let (id, name, cadence, members, filter, created, updated): (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    ) = (
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    );
    Ok((|| {
        Ok(Cab {
            id: read_id(&id)?,
            name,
            cadence: cadence.parse::<Cadence>().map_err(StoreError::Corrupt)?,
            member_ids: read_json(&members)?,
            filter: read_json(&filter)?,
            created_at: read_instant(&created)?,
            updated_at: read_instant(&updated)?,
        })
    })())
}

pub fn insert_cab(conn: &Connection, c: &Cab) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO cabs (id, name, cadence, members, filter, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        c.id.to_string(),
        c.name,
        cadence_text(c.cadence),
        write_json(&c.member_ids)?,
        write_json(&c.filter)?,
        instant(c.created_at),
        instant(c.updated_at)
    ])?;
    Ok(())
}

pub fn update_cab(conn: &Connection, c: &Cab) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE cabs SET name = ?2, cadence = ?3, members = ?4, filter = ?5, updated_at = ?6
             WHERE id = ?1",
        )?
        .execute(params![
            c.id.to_string(),
            c.name,
            cadence_text(c.cadence),
            write_json(&c.member_ids)?,
            write_json(&c.filter)?,
            instant(c.updated_at)
        ])?
        == 1)
}

pub fn get_cab(conn: &Connection, id: Uuid) -> Result<Option<Cab>> {
    conn.prepare_cached(&format!("{CABS} WHERE id = ?1"))?
        .query_row([id.to_string()], decode_cab)
        .optional()?
        .transpose()
}

pub fn cab_by_name(conn: &Connection, name: &str) -> Result<Option<Cab>> {
    conn.prepare_cached(&format!("{CABS} WHERE name = ?1"))?
        .query_row([name.trim()], decode_cab)
        .optional()?
        .transpose()
}

pub fn list_cabs(conn: &Connection) -> Result<Vec<Cab>> {
    let mut stmt = conn.prepare_cached(&format!("{CABS} ORDER BY name"))?;
    let rows = stmt.query_map([], decode_cab)?;
    rows.map(|r| r?).collect()
}

pub fn delete_cab(conn: &Connection, id: Uuid) -> Result<bool> {
    codec::delete_by_id(conn, "cabs", id)
}

pub fn count_cabs(conn: &Connection) -> Result<i64> {
    codec::count_rows(conn, "cabs")
}

fn status_text(s: MeetingStatus) -> &'static str {
    match s {
        MeetingStatus::Prepared => "prepared",
        MeetingStatus::InProgress => "in_progress",
        MeetingStatus::Closed => "closed",
    }
}

fn decision_text(d: MeetingDecision) -> &'static str {
    match d {
        MeetingDecision::Approve => "approve",
        MeetingDecision::Reject => "reject",
        MeetingDecision::Defer => "defer",
        MeetingDecision::RequestChanges => "request_changes",
    }
}

const MEETINGS: &str = "SELECT id, cab_id, cab_name, at_s, cutoff, status, chair, attendees,
    current, current_since, started_at, ended_at FROM meetings";

type MeetingRaw = (
    String,
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn raw_meeting(r: &Row<'_>) -> rusqlite::Result<MeetingRaw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    ))
}

fn opt_instant(t: Option<String>) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    t.as_deref().map(read_instant).transpose()
}

fn decode_meeting(raw: MeetingRaw, items: Vec<AgendaItem>) -> Result<Meeting> {
    let (id, cab, cab_name, at, cutoff, status, chair, attendees, current, since, started, ended) =
        raw;
    Ok(Meeting {
        id: read_id(&id)?,
        cab_id: read_id(&cab)?,
        cab_name,
        at: chrono::DateTime::from_timestamp(at, 0)
            .ok_or_else(|| StoreError::Corrupt(format!("bad time {at}")))?,
        cutoff: read_instant(&cutoff)?,
        status: match status.as_str() {
            "prepared" => MeetingStatus::Prepared,
            "in_progress" => MeetingStatus::InProgress,
            "closed" => MeetingStatus::Closed,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "bad meeting status \"{other}\""
                )))
            }
        },
        chair,
        attendees: read_json(&attendees)?,
        items,
        current: u32::try_from(current).unwrap_or(0),
        current_since: opt_instant(since)?,
        started_at: opt_instant(started)?,
        ended_at: opt_instant(ended)?,
    })
}

fn items(conn: &Connection, meeting: &str) -> Result<Vec<AgendaItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, facts, late, decision, note, decided_by, decided_at, seconds
         FROM meeting_items WHERE meeting_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([meeting], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, i64>(7)?,
        ))
    })?;
    rows.map(|r| {
        let (position, facts, late, decision, note, by, at, seconds) = r?;
        Ok(AgendaItem {
            position: u32::try_from(position).unwrap_or(0),
            facts: read_json(&facts)?,
            late,
            decision: decision
                .as_deref()
                .map(|d| d.parse::<MeetingDecision>().map_err(StoreError::Corrupt))
                .transpose()?,
            note,
            decided_by: by,
            decided_at: opt_instant(at)?,
            seconds: u32::try_from(seconds).unwrap_or(0),
        })
    })
    .collect()
}

/// A meeting with its items.
pub fn get_meeting(conn: &Connection, id: Uuid) -> Result<Option<Meeting>> {
    let raw = conn
        .prepare_cached(&format!("{MEETINGS} WHERE id = ?1"))?
        .query_row([id.to_string()], raw_meeting)
        .optional()?;
    match raw {
        None => Ok(None),
        Some(raw) => {
            let items = items(conn, &raw.0)?;
            decode_meeting(raw, items).map(Some)
        }
    }
}

/// A CAB's meetings without their items, newest first.
pub fn meetings_of(conn: &Connection, cab: Uuid) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{MEETINGS} WHERE cab_id = ?1 ORDER BY at_s DESC, id"
    ))?;
    let rows = stmt.query_map([cab.to_string()], raw_meeting)?;
    rows.map(|r| decode_meeting(r?, Vec::new())).collect()
}

pub fn count_meetings(conn: &Connection, cab: Uuid) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM meetings WHERE cab_id = ?1")?
        .query_row([cab.to_string()], |r| r.get(0))?)
}

/// Stores a new meeting and its items.
pub fn insert_meeting(conn: &Connection, m: &Meeting) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meetings (id, cab_id, cab_name, at_s, cutoff, status, chair, attendees,
         current, current_since, started_at, ended_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        m.id.to_string(),
        m.cab_id.to_string(),
        m.cab_name,
        m.at.timestamp(),
        instant(m.cutoff),
        status_text(m.status),
        m.chair,
        write_json(&m.attendees)?,
        i64::from(m.current),
        m.current_since.map(instant),
        m.started_at.map(instant),
        m.ended_at.map(instant)
    ])?;
    for item in &m.items {
        put_item(conn, m.id, item)?;
    }
    Ok(())
}

/// Writes a meeting's own fields (not its items).
pub fn update_meeting(conn: &Connection, m: &Meeting) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE meetings SET status = ?2, chair = ?3, attendees = ?4, current = ?5,
             current_since = ?6, started_at = ?7, ended_at = ?8 WHERE id = ?1",
        )?
        .execute(params![
            m.id.to_string(),
            status_text(m.status),
            m.chair,
            write_json(&m.attendees)?,
            i64::from(m.current),
            m.current_since.map(instant),
            m.started_at.map(instant),
            m.ended_at.map(instant)
        ])?
        == 1)
}

/// Adds or replaces one agenda item.
pub fn put_item(conn: &Connection, meeting: Uuid, i: &AgendaItem) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO meeting_items (meeting_id, position, change_id, facts, late,
         decision, note, decided_by, decided_at, seconds)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        meeting.to_string(),
        i64::from(i.position),
        i.facts.change_id.to_string(),
        write_json(&i.facts)?,
        i.late,
        i.decision.map(decision_text),
        i.note,
        i.decided_by,
        i.decided_at.map(instant),
        i64::from(i.seconds)
    ])?;
    Ok(())
}

/// A CAB's decision on one change, for notices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeDecision {
    pub change_id: Uuid,
    pub cab_name: String,
    /// When the meeting was held (its scheduled time).
    pub at: DateTime<Utc>,
    pub decision: MeetingDecision,
    pub note: String,
}

/// Every CAB decision on any of `changes`, oldest first.
pub fn decisions_for(conn: &Connection, changes: &[Uuid]) -> Result<Vec<ChangeDecision>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT m.cab_name, m.at_s, i.decision, i.note FROM meeting_items i \
         JOIN meetings m ON m.id = i.meeting_id \
         WHERE i.change_id = ?1 AND i.decision IS NOT NULL ORDER BY m.at_s",
    )?;
    for id in changes {
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (cab_name, at_s, decision, note) = row?;
            out.push(ChangeDecision {
                change_id: *id,
                cab_name,
                at: DateTime::from_timestamp(at_s, 0)
                    .ok_or_else(|| StoreError::Corrupt(format!("bad meeting time {at_s}")))?,
                decision: decision.parse().map_err(StoreError::Corrupt)?,
                note,
            });
        }
    }
    out.sort_by_key(|d| d.at);
    Ok(out)
}
