//! The `audit_events` table: appending to the hash chain, reading it, and
//! verifying it end to end.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use signalbox_domain::audit::{event_hash, verify_link, BrokenLink};
use signalbox_domain::{AuditAction, AuditEvent, EntityKind, GENESIS_HASH};
use ts_rs::TS;
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant};
use crate::{Result, StoreError};

const COLUMNS: &str = "seq, id, at, actor, entity, entity_id, entity_label, action, \
                       before_json, after_json, prev_hash, hash";

/// Appends one event (a constant: every write of a bulk load looks its
/// statement up by this text).
const INSERT: &str = "INSERT INTO audit_events (seq, id, at, actor, entity, entity_id, \
                      entity_label, action, before_json, after_json, prev_hash, hash) \
                      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/// What an append records; the chain fields are filled in by [`append`].
pub struct NewEvent<'a> {
    pub at: DateTime<Utc>,
    pub actor: &'a str,
    pub entity: EntityKind,
    pub entity_id: Uuid,
    pub entity_label: &'a str,
    pub action: AuditAction,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Appends an event to the chain. Call inside the transaction that made the
/// change, so the change and its record commit together or not at all.
pub fn append(conn: &Connection, e: NewEvent<'_>) -> Result<AuditEvent> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (prev_seq, prev_hash) = last.unwrap_or((0, GENESIS_HASH.to_string()));
    let seq = prev_seq + 1;
    let e = NewEvent {
        at: signalbox_domain::ids::stored_precision(e.at),
        ..e
    };
    let id = signalbox_domain::new_id(e.at);
    let hash = event_hash(
        seq,
        id,
        e.at,
        e.actor,
        e.entity,
        e.entity_id,
        e.entity_label,
        e.action,
        e.before.as_deref(),
        e.after.as_deref(),
        &prev_hash,
    );
    let (mut id_buf, mut entity_buf) = (Uuid::encode_buffer(), Uuid::encode_buffer());
    conn.prepare_cached(INSERT)?.execute(params![
        seq,
        &*id.hyphenated().encode_lower(&mut id_buf),
        instant(e.at),
        e.actor,
        e.entity.as_str(),
        &*e.entity_id.hyphenated().encode_lower(&mut entity_buf),
        e.entity_label,
        e.action.as_str(),
        e.before,
        e.after,
        prev_hash,
        hash
    ])?;
    Ok(AuditEvent {
        seq,
        id,
        at: e.at,
        actor: e.actor.to_string(),
        entity: e.entity,
        entity_id: e.entity_id,
        entity_label: e.entity_label.to_string(),
        action: e.action,
        before: e.before,
        after: e.after,
        prev_hash,
        hash,
    })
}

type Raw = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
);

fn raw(r: &Row<'_>) -> rusqlite::Result<Raw> {
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

fn decode(r: Raw) -> Result<AuditEvent> {
    let (seq, id, at, actor, entity, entity_id, entity_label, action, before, after, prev, hash) =
        r;
    Ok(AuditEvent {
        seq,
        id: read_id(&id)?,
        at: read_instant(&at)?,
        actor,
        entity: entity.parse().map_err(StoreError::Corrupt)?,
        entity_id: read_id(&entity_id)?,
        entity_label,
        action: action.parse().map_err(StoreError::Corrupt)?,
        before,
        after,
        prev_hash: prev,
        hash,
    })
}

/// A page of the audit trail, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditPage {
    /// Events in the whole trail.
    #[ts(type = "number")]
    pub total: i64,
    pub items: Vec<AuditEvent>,
}

/// Events newest first, optionally only those before `before_seq` and about
/// one entity.
pub fn list(
    conn: &Connection,
    before_seq: Option<i64>,
    entity_id: Option<Uuid>,
    limit: u32,
) -> Result<AuditPage> {
    let total = count(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM audit_events
         WHERE (?1 IS NULL OR seq < ?1) AND (?2 IS NULL OR entity_id = ?2)
         ORDER BY seq DESC LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![before_seq, entity_id.map(|id| id.to_string()), limit],
        raw,
    )?;
    let items = rows.map(|r| decode(r?)).collect::<Result<Vec<_>>>()?;
    Ok(AuditPage { total, items })
}

/// The outcome of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VerifyReport {
    /// Events checked before stopping (all of them when the chain is intact).
    #[ts(type = "number")]
    pub checked: i64,
    /// The first event that does not link correctly, if any.
    pub first_broken: Option<BrokenEvent>,
}

/// Where and how the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BrokenEvent {
    #[ts(type = "number")]
    pub seq: i64,
    pub reason: BrokenLink,
    /// A sentence for the user.
    pub message: String,
}

/// Walks the chain from the first event and reports the first broken link.
pub fn verify(conn: &Connection) -> Result<VerifyReport> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM audit_events ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut prev: Option<(i64, String)> = None;
    let mut checked = 0i64;
    while let Some(row) = rows.next()? {
        let event = decode(raw(row)?)?;
        if let Some(reason) = verify_link(prev.as_ref().map(|(s, h)| (*s, h.as_str())), &event) {
            let message = match reason {
                BrokenLink::ContentAltered => format!(
                    "Event {} ({} {} \"{}\") was altered after it was written: its contents no longer match its hash.",
                    event.seq, event.entity, event.action.as_str(), event.entity_label
                ),
                BrokenLink::ChainBroken => format!(
                    "Event {} does not follow event {}: an event before it was removed, inserted or reordered.",
                    event.seq,
                    prev.as_ref().map_or(0, |p| p.0)
                ),
                BrokenLink::SequenceGap => format!(
                    "Event {} follows event {}: the events in between are missing.",
                    event.seq,
                    prev.as_ref().map_or(0, |p| p.0)
                ),
            };
            return Ok(VerifyReport {
                checked,
                first_broken: Some(BrokenEvent {
                    seq: event.seq,
                    reason,
                    message,
                }),
            });
        }
        checked += 1;
        prev = Some((event.seq, event.hash));
    }
    Ok(VerifyReport {
        checked,
        first_broken: None,
    })
}

/// How many audit events there are.
pub fn count(conn: &Connection) -> Result<i64> {
    // Sequence numbers run 1, 2, 3… with no gaps and no deletes (triggers
    // refuse them), so the last one is the count: one index seek instead of a
    // scan of every event, which the status on every start would pay.
    Ok(conn
        .prepare_cached("SELECT coalesce(max(seq), 0) FROM audit_events")?
        .query_row([], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Db;

    fn add(conn: &Connection, label: &str) -> AuditEvent {
        append(
            conn,
            NewEvent {
                at: Utc::now(),
                actor: "Ada",
                entity: EntityKind::Service,
                entity_id: Uuid::nil(),
                entity_label: label,
                action: AuditAction::Created,
                before: None,
                after: Some(format!("{{\"name\":\"{label}\"}}")),
            },
        )
        .unwrap()
    }

    #[test]
    fn events_chain_and_verify() {
        let db = Db::open_in_memory().unwrap();
        let a = add(db.conn(), "a");
        let b = add(db.conn(), "b");
        assert_eq!(a.prev_hash, GENESIS_HASH);
        assert_eq!(b.prev_hash, a.hash);
        let report = verify(db.conn()).unwrap();
        assert_eq!((report.checked, report.first_broken), (2, None));
        let page = list(db.conn(), None, None, 10).unwrap();
        assert_eq!(page.total, 2);
        assert_eq!(page.items[0].seq, 2);
    }

    #[test]
    fn updates_and_deletes_are_refused_by_triggers() {
        let db = Db::open_in_memory().unwrap();
        add(db.conn(), "a");
        let err = db
            .conn()
            .execute("UPDATE audit_events SET actor = 'Mallory'", [])
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
        let err = db
            .conn()
            .execute("DELETE FROM audit_events", [])
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }

    #[test]
    fn tampering_behind_the_triggers_back_is_reported_at_the_first_broken_event() {
        let db = Db::open_in_memory().unwrap();
        for l in ["a", "b", "c"] {
            add(db.conn(), l);
        }
        db.conn()
            .execute_batch(
                "DROP TRIGGER audit_events_no_update;
                 UPDATE audit_events SET actor = 'Mallory' WHERE seq = 2;",
            )
            .unwrap();
        let report = verify(db.conn()).unwrap();
        assert_eq!(report.checked, 1);
        let broken = report.first_broken.unwrap();
        assert_eq!((broken.seq, broken.reason), (2, BrokenLink::ContentAltered));
        assert!(broken.message.contains("altered"));
    }
}
