//! Each change's governance record (`change_governance`) and the decisions
//! given on it (`approvals`).

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::governance::{
    Approval, ChangeGovernance, ChangeModel, Decision, Role, Stage,
};
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant, read_json, read_opt_id, write_json};
use crate::{Result, StoreError};

const SELECT: &str = "SELECT change_id, model, stage, requested_by, answers, round, pir_owed,
    pir, bypass_reason, updated_at FROM change_governance";

fn decode(r: &Row<'_>) -> rusqlite::Result<Result<ChangeGovernance>> {
    let id: String = r.get(0)?;
    let model: String = r.get(1)?;
    let stage: String = r.get(2)?;
    let answers: String = r.get(4)?;
    let round: i64 = r.get(5)?;
    let updated: String = r.get(9)?;
    let (requested_by, pir_owed, pir, bypass_reason) = (r.get(3)?, r.get(6)?, r.get(7)?, r.get(8)?);
    Ok((|| {
        Ok(ChangeGovernance {
            change_id: read_id(&id)?,
            model: model.parse::<ChangeModel>().map_err(StoreError::Corrupt)?,
            stage: stage.parse::<Stage>().map_err(StoreError::Corrupt)?,
            requested_by,
            answers: read_json(&answers)?,
            round: u32::try_from(round).unwrap_or(1),
            pir_owed,
            pir,
            bypass_reason,
            updated_at: read_instant(&updated)?,
        })
    })())
}

/// A change's record, if one was ever written.
pub fn get(conn: &Connection, change: Uuid) -> Result<Option<ChangeGovernance>> {
    conn.prepare_cached(&format!("{SELECT} WHERE change_id = ?1"))?
        .query_row([change.to_string()], decode)
        .optional()?
        .transpose()
}

/// Every record written, by change.
pub fn all(conn: &Connection) -> Result<HashMap<Uuid, ChangeGovernance>> {
    let mut stmt = conn.prepare_cached(SELECT)?;
    let rows = stmt.query_map([], decode)?;
    rows.map(|r| r?.map(|g| (g.change_id, g))).collect()
}

/// Writes a change's record, replacing the one before.
pub fn put(conn: &Connection, g: &ChangeGovernance) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO change_governance (change_id, model, stage, requested_by, answers,
         round, pir_owed, pir, bypass_reason, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        g.change_id.to_string(),
        g.model.as_str(),
        g.stage.as_str(),
        g.requested_by,
        write_json(&g.answers)?,
        i64::from(g.round),
        g.pir_owed,
        g.pir,
        g.bypass_reason,
        instant(g.updated_at)
    ])?;
    Ok(())
}

/// Records of changes whose post-implementation review is still owed.
pub fn pir_owed(conn: &Connection) -> Result<Vec<ChangeGovernance>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE pir_owed = 1"))?;
    let rows = stmt.query_map([], decode)?;
    rows.map(|r| r?).collect()
}

const APPROVALS: &str = "SELECT id, change_id, round, person_id, person_name, role, decision,
    note, at, meeting_id FROM approvals";

fn decode_approval(r: &Row<'_>) -> rusqlite::Result<Result<Approval>> {
    let (id, change, round, person, name, role, decision, note, at, meeting): (
        String,
        String,
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
    ) = (
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
    );
    Ok((|| {
        Ok(Approval {
            id: read_id(&id)?,
            change_id: read_id(&change)?,
            round: u32::try_from(round).unwrap_or(1),
            person_id: read_id(&person)?,
            person_name: name,
            role: role.parse::<Role>().map_err(StoreError::Corrupt)?,
            decision: match decision.as_str() {
                "approve" => Decision::Approve,
                "reject" => Decision::Reject,
                "request_changes" => Decision::RequestChanges,
                other => return Err(StoreError::Corrupt(format!("bad decision \"{other}\""))),
            },
            note,
            at: read_instant(&at)?,
            meeting_id: read_opt_id(meeting)?,
        })
    })())
}

fn decision_text(d: Decision) -> &'static str {
    match d {
        Decision::Approve => "approve",
        Decision::Reject => "reject",
        Decision::RequestChanges => "request_changes",
    }
}

pub fn insert_approval(conn: &Connection, a: &Approval) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO approvals (id, change_id, round, person_id, person_name, role, decision,
         note, at, meeting_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        a.id.to_string(),
        a.change_id.to_string(),
        i64::from(a.round),
        a.person_id.to_string(),
        a.person_name,
        a.role.as_str(),
        decision_text(a.decision),
        a.note,
        instant(a.at),
        a.meeting_id.map(|m| m.to_string())
    ])?;
    Ok(())
}

/// A change's decisions, every round, oldest first.
pub fn approvals_of(conn: &Connection, change: Uuid) -> Result<Vec<Approval>> {
    let mut stmt =
        conn.prepare_cached(&format!("{APPROVALS} WHERE change_id = ?1 ORDER BY at, id"))?;
    let rows = stmt.query_map([change.to_string()], decode_approval)?;
    rows.map(|r| r?).collect()
}

/// The newest `limit` decisions on any change, newest first.
pub fn recent_approvals(conn: &Connection, limit: u32) -> Result<Vec<Approval>> {
    let mut stmt =
        conn.prepare_cached(&format!("{APPROVALS} ORDER BY at DESC, id DESC LIMIT ?1"))?;
    let rows = stmt.query_map([i64::from(limit)], decode_approval)?;
    rows.map(|r| r?).collect()
}
