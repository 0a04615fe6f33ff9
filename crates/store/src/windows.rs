//! The `windows` table and each window's scope (`window_environments`,
//! `window_services`).

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::calendar::{Window, WindowKind};
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant, read_json, write_json};
use crate::{Result, StoreError};

/// Local date-times are stored as ISO text without an offset.
const LOCAL: &str = "%Y-%m-%dT%H:%M:%S";

const SELECT: &str = "SELECT w.id, w.name, w.kind, w.soft, w.description, w.time_zone,
    w.start_local, w.duration_minutes, w.rrule, w.rdates, w.exdates, w.created_at, w.updated_at,
    (SELECT group_concat(environment_id, ',') FROM window_environments WHERE window_id = w.id),
    (SELECT group_concat(service_id, ',') FROM window_services WHERE window_id = w.id)
    FROM windows w";

fn ids(text: Option<String>) -> Result<Vec<Uuid>> {
    let mut out: Vec<Uuid> = text
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|s| !s.is_empty())
        .map(read_id)
        .collect::<Result<_>>()?;
    out.sort();
    Ok(out)
}

fn local(text: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, LOCAL)
        .map_err(|_| StoreError::Corrupt(format!("bad local time \"{text}\"")))
}

fn locals(text: &str) -> Result<Vec<NaiveDateTime>> {
    let raw: Vec<String> = read_json(text)?;
    raw.iter().map(|t| local(t)).collect()
}

fn write_locals(values: &[NaiveDateTime]) -> Result<String> {
    let raw: Vec<String> = values.iter().map(|v| v.format(LOCAL).to_string()).collect();
    write_json(&raw)
}

fn decode(r: &Row<'_>) -> rusqlite::Result<Result<Window>> {
    let id: String = r.get(0)?;
    let kind: String = r.get(2)?;
    let start: String = r.get(6)?;
    let rdates: String = r.get(9)?;
    let exdates: String = r.get(10)?;
    let created: String = r.get(11)?;
    let updated: String = r.get(12)?;
    let envs: Option<String> = r.get(13)?;
    let services: Option<String> = r.get(14)?;
    let (name, soft, description, time_zone, duration_minutes, rrule) = (
        r.get(1)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(7)?,
        r.get(8)?,
    );
    Ok((|| {
        Ok(Window {
            id: read_id(&id)?,
            name,
            kind: kind.parse::<WindowKind>().map_err(StoreError::Corrupt)?,
            soft,
            description,
            time_zone,
            start: local(&start)?,
            duration_minutes,
            rrule,
            rdates: locals(&rdates)?,
            exdates: locals(&exdates)?,
            environment_ids: ids(envs)?,
            service_ids: ids(services)?,
            created_at: read_instant(&created)?,
            updated_at: read_instant(&updated)?,
        })
    })())
}

fn write_scope(conn: &Connection, w: &Window) -> Result<()> {
    let id = w.id.to_string();
    conn.prepare_cached("DELETE FROM window_environments WHERE window_id = ?1")?
        .execute([&id])?;
    conn.prepare_cached("DELETE FROM window_services WHERE window_id = ?1")?
        .execute([&id])?;
    let mut env = conn.prepare_cached(
        "INSERT INTO window_environments (window_id, environment_id) VALUES (?1, ?2)",
    )?;
    for e in &w.environment_ids {
        env.execute(params![id, e.to_string()])?;
    }
    let mut svc =
        conn.prepare_cached("INSERT INTO window_services (window_id, service_id) VALUES (?1, ?2)")?;
    for s in &w.service_ids {
        svc.execute(params![id, s.to_string()])?;
    }
    Ok(())
}

/// Adds a window and its scope.
pub fn insert(conn: &Connection, w: &Window) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO windows (id, name, kind, soft, description, time_zone, start_local,
         duration_minutes, rrule, rdates, exdates, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        w.id.to_string(),
        w.name,
        w.kind.as_str(),
        w.soft,
        w.description,
        w.time_zone,
        w.start.format(LOCAL).to_string(),
        w.duration_minutes,
        w.rrule,
        write_locals(&w.rdates)?,
        write_locals(&w.exdates)?,
        instant(w.created_at),
        instant(w.updated_at)
    ])?;
    write_scope(conn, w)
}

/// Replaces a window's fields and scope; false when it does not exist.
pub fn update(conn: &Connection, w: &Window) -> Result<bool> {
    let n = conn.execute(
        "UPDATE windows SET name = ?2, kind = ?3, soft = ?4, description = ?5, time_zone = ?6,
         start_local = ?7, duration_minutes = ?8, rrule = ?9, rdates = ?10, exdates = ?11,
         updated_at = ?12 WHERE id = ?1",
        params![
            w.id.to_string(),
            w.name,
            w.kind.as_str(),
            w.soft,
            w.description,
            w.time_zone,
            w.start.format(LOCAL).to_string(),
            w.duration_minutes,
            w.rrule,
            write_locals(&w.rdates)?,
            write_locals(&w.exdates)?,
            instant(w.updated_at)
        ],
    )?;
    if n == 1 {
        write_scope(conn, w)?;
    }
    Ok(n == 1)
}

/// Removes a window and its scope; false when there was none.
pub fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    crate::codec::delete_by_id(conn, "windows", id)
}

/// One window by id.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Window>> {
    conn.prepare_cached(&format!("{SELECT} WHERE w.id = ?1"))?
        .query_row([id.to_string()], decode)
        .optional()?
        .transpose()
}

/// Every window, by name.
pub fn list(conn: &Connection) -> Result<Vec<Window>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY w.name COLLATE NOCASE"))?;
    let rows = stmt.query_map([], decode)?;
    rows.map(|r| r?).collect()
}

/// The id of the window called `name` (ignoring case), if any.
pub fn id_by_name(conn: &Connection, name: &str) -> Result<Option<Uuid>> {
    crate::codec::id_by_name(conn, "windows", name)
}

/// How many windows there are.
pub fn count(conn: &Connection) -> Result<i64> {
    crate::codec::count_rows(conn, "windows")
}

/// How many windows name `service` or `environment` in their scope.
pub fn count_scoping(
    conn: &Connection,
    service: Option<Uuid>,
    environment: Option<Uuid>,
) -> Result<i64> {
    let mut n = 0;
    if let Some(s) = service {
        n += conn
            .prepare_cached("SELECT count(*) FROM window_services WHERE service_id = ?1")?
            .query_row([s.to_string()], |r| r.get::<_, i64>(0))?;
    }
    if let Some(e) = environment {
        n += conn
            .prepare_cached("SELECT count(*) FROM window_environments WHERE environment_id = ?1")?
            .query_row([e.to_string()], |r| r.get::<_, i64>(0))?;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{environments, Db};
    use chrono::{TimeZone, Utc};
    use signalbox_domain::Environment;

    #[test]
    fn windows_round_trip_local_times_rules_and_scope() {
        let db = Db::open_in_memory().unwrap();
        let conn = db.conn();
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let env = Environment {
            id: Uuid::from_u128(1),
            name: "production".into(),
            position: 0,
            production: true,
            deploy_quota: None,
            time_zone: "UTC".into(),
            created_at: now,
            updated_at: now,
        };
        environments::insert(conn, &env).unwrap();
        let local = |t: &str| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").unwrap();
        let w = Window {
            id: Uuid::from_u128(7),
            name: "Saturday nights".into(),
            kind: WindowKind::Freeze,
            soft: true,
            description: "weekly".into(),
            time_zone: "Europe/London".into(),
            start: local("2026-03-28T02:30"),
            duration_minutes: 90,
            rrule: Some("FREQ=WEEKLY;BYDAY=SA".into()),
            rdates: vec![local("2026-04-01T02:30")],
            exdates: vec![local("2026-04-04T02:30")],
            environment_ids: vec![env.id],
            service_ids: vec![],
            created_at: now,
            updated_at: now,
        };
        insert(conn, &w).unwrap();
        assert_eq!(get(conn, w.id).unwrap().unwrap(), w);
        assert_eq!(count_scoping(conn, None, Some(env.id)).unwrap(), 1);
        assert_eq!(id_by_name(conn, "SATURDAY NIGHTS").unwrap(), Some(w.id));
        // The environment a window names cannot go while the window stays.
        assert!(environments::delete(conn, env.id).is_err());
        assert!(delete(conn, w.id).unwrap());
        assert_eq!(count_scoping(conn, None, Some(env.id)).unwrap(), 0);
        assert!(environments::delete(conn, env.id).unwrap());
    }
}
