//! The `changes` table and each change's services (`change_services`).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::calendar::{Change, DeployStatus};
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant, read_opt_id};
use crate::{Result, StoreError};

/// The longest change the range queries look back for (domain MAX_DAYS).
const LONGEST_S: i64 = signalbox_domain::calendar::change::MAX_DAYS * 86_400;

const SELECT: &str = "SELECT c.id, c.title, c.description, c.environment_id, c.start_s, c.end_s,
    c.owner, c.train_id, c.status, c.created_at, c.updated_at,
    (SELECT group_concat(service_id, ',') FROM
        (SELECT service_id FROM change_services WHERE change_id = c.id ORDER BY position))
    FROM changes c";

fn decode(r: &Row<'_>) -> rusqlite::Result<Result<Change>> {
    let id: String = r.get(0)?;
    let env: String = r.get(3)?;
    let start: i64 = r.get(4)?;
    let end: i64 = r.get(5)?;
    let train: Option<String> = r.get(7)?;
    let status: String = r.get(8)?;
    let created: String = r.get(9)?;
    let updated: String = r.get(10)?;
    let services: Option<String> = r.get(11)?;
    let (title, description, owner) = (r.get(1)?, r.get(2)?, r.get(6)?);
    Ok((|| {
        Ok(Change {
            id: read_id(&id)?,
            title,
            description,
            service_ids: services
                .as_deref()
                .unwrap_or("")
                .split(',')
                .filter(|s| !s.is_empty())
                .map(read_id)
                .collect::<Result<_>>()?,
            environment_id: read_id(&env)?,
            start: seconds(start)?,
            end: seconds(end)?,
            owner,
            train_id: read_opt_id(train)?,
            status: status
                .parse::<DeployStatus>()
                .unwrap_or(DeployStatus::Unknown),
            created_at: read_instant(&created)?,
            updated_at: read_instant(&updated)?,
        })
    })())
}

fn seconds(s: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(s, 0).ok_or_else(|| StoreError::Corrupt(format!("bad time {s}")))
}

fn collect(rows: impl Iterator<Item = rusqlite::Result<Result<Change>>>) -> Result<Vec<Change>> {
    rows.map(|r| r?).collect()
}

/// Replaces a change's services.
fn write_services(conn: &Connection, c: &Change) -> Result<()> {
    conn.prepare_cached("DELETE FROM change_services WHERE change_id = ?1")?
        .execute([c.id.to_string()])?;
    add_services(conn, c)
}

/// Stores a change's services; it has none yet. (A new change cannot: its
/// rows would reference a change that did not exist. Skipping the delete
/// matters when a bulk load inserts hundreds of thousands of changes.)
fn add_services(conn: &Connection, c: &Change) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO change_services (change_id, service_id, position) VALUES (?1, ?2, ?3)",
    )?;
    let (mut change, mut service) = (Uuid::encode_buffer(), Uuid::encode_buffer());
    let change = &*c.id.hyphenated().encode_lower(&mut change);
    for (i, s) in c.service_ids.iter().enumerate() {
        let service = &*s.hyphenated().encode_lower(&mut service);
        stmt.execute(params![change, service, i as i64])?;
    }
    Ok(())
}

/// Adds a change and its services.
pub fn insert(conn: &Connection, c: &Change) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO changes (id, title, description, environment_id, start_s, end_s, owner,
         train_id, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        c.id.to_string(),
        c.title,
        c.description,
        c.environment_id.to_string(),
        c.start.timestamp(),
        c.end.timestamp(),
        c.owner,
        c.train_id.map(|t| t.to_string()),
        c.status.as_str(),
        instant(c.created_at),
        instant(c.updated_at)
    ])?;
    add_services(conn, c)
}

/// Replaces a change's fields and services; false when it does not exist.
pub fn update(conn: &Connection, c: &Change) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE changes SET title = ?2, description = ?3, environment_id = ?4, start_s = ?5,
             end_s = ?6, owner = ?7, train_id = ?8, status = ?9, updated_at = ?10 WHERE id = ?1",
        )?
        .execute(params![
            c.id.to_string(),
            c.title,
            c.description,
            c.environment_id.to_string(),
            c.start.timestamp(),
            c.end.timestamp(),
            c.owner,
            c.train_id.map(|t| t.to_string()),
            c.status.as_str(),
            instant(c.updated_at)
        ])?;
    if n == 1 {
        write_services(conn, c)?;
    }
    Ok(n == 1)
}

/// Removes a change (its service rows go with it); false when there was none.
pub fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    crate::codec::delete_by_id(conn, "changes", id)
}

/// One change by id.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Change>> {
    conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?
        .query_row([id.to_string()], decode)
        .optional()?
        .transpose()
}

/// Every change overlapping `[from, to)`, by start then id.
pub fn overlapping(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.start_s >= ?1 AND c.start_s < ?2 AND c.end_s > ?3 ORDER BY c.start_s, c.id"
    ))?;
    let rows = stmt.query_map(
        params![
            from.timestamp() - LONGEST_S,
            to.timestamp(),
            from.timestamp()
        ],
        decode,
    )?;
    collect(rows)
}

/// Every change of a train, by start.
pub fn of_train(conn: &Connection, train: Uuid) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.train_id = ?1 ORDER BY c.start_s, c.id"
    ))?;
    let rows = stmt.query_map([train.to_string()], decode)?;
    collect(rows)
}

/// The changes on `service` that have not ended by `after`, soonest first,
/// at most `limit`.
pub fn upcoming_for_service(
    conn: &Connection,
    service: Uuid,
    after: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.id IN (SELECT change_id FROM change_services WHERE service_id = ?1)
         AND c.end_s > ?2 ORDER BY c.start_s, c.id LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![service.to_string(), after.timestamp(), limit],
        decode,
    )?;
    collect(rows)
}

/// The changes not ended by `after`, soonest first, at most `limit`.
pub fn upcoming(conn: &Connection, after: DateTime<Utc>, limit: u32) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.end_s > ?1 ORDER BY c.start_s, c.id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![after.timestamp(), limit], decode)?;
    collect(rows)
}

/// The changes whose title contains `text` (any case), latest start first,
/// at most `limit`.
pub fn search_titles(conn: &Connection, text: &str, limit: u32) -> Result<Vec<Change>> {
    let pattern = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.title LIKE ?1 ESCAPE '\\' ORDER BY c.start_s DESC, c.id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![pattern, limit], decode)?;
    collect(rows)
}

/// Every change, by start (exports and whole-calendar checks).
pub fn all(conn: &Connection) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY c.start_s, c.id"))?;
    let rows = stmt.query_map([], decode)?;
    collect(rows)
}

/// How many changes there are.
pub fn count(conn: &Connection) -> Result<i64> {
    crate::codec::count_rows(conn, "changes")
}

/// How many changes touch `service`.
pub fn count_for_service(conn: &Connection, service: Uuid) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM change_services WHERE service_id = ?1")?
        .query_row([service.to_string()], |r| r.get(0))?)
}

/// How many changes are planned in `environment`.
pub fn count_for_environment(conn: &Connection, environment: Uuid) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM changes WHERE environment_id = ?1")?
        .query_row([environment.to_string()], |r| r.get(0))?)
}

/// The ids of the changes titled exactly `title`, oldest first.
pub fn ids_by_title(conn: &Connection, title: &str) -> Result<Vec<Uuid>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM changes WHERE title = ?1 ORDER BY created_at, id")?;
    let rows = stmt.query_map([title], |r| r.get::<_, String>(0))?;
    rows.map(|r| read_id(&r?)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{environments, services, Db};
    use chrono::{Duration, TimeZone};
    use signalbox_domain::{Environment, Service, Tier};

    #[test]
    fn overlapping_finds_changes_by_range_edges_and_keeps_service_order() {
        let db = Db::open_in_memory().unwrap();
        let conn = db.conn();
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let env = Environment {
            id: Uuid::from_u128(1),
            name: "staging".into(),
            position: 0,
            production: false,
            deploy_quota: None,
            time_zone: "UTC".into(),
            created_at: now,
            updated_at: now,
        };
        environments::insert(conn, &env).unwrap();
        let mut ids = Vec::new();
        for (i, name) in ["b", "a"].iter().enumerate() {
            let s = Service {
                id: Uuid::from_u128(10 + i as u128),
                name: (*name).into(),
                description: String::new(),
                owner_team_id: None,
                tier: Tier::Low,
                system: String::new(),
                tags: vec![],
                repository_url: None,
                links: vec![],
                created_at: now,
                updated_at: now,
            };
            services::insert(conn, &s).unwrap();
            ids.push(s.id);
        }
        let at = |h: i64| now + Duration::hours(h);
        let change = |n: u128, start: i64, hours: i64| Change {
            id: Uuid::from_u128(100 + n),
            title: format!("c{n}"),
            description: String::new(),
            service_ids: ids.clone(),
            environment_id: env.id,
            start: at(start),
            end: at(start + hours),
            owner: String::new(),
            train_id: None,
            status: DeployStatus::Planned,
            created_at: now,
            updated_at: now,
        };
        // A long change that started well before the range still overlaps it.
        for c in [
            change(1, 0, 2),
            change(2, 10, 2),
            change(3, -200, 300),
            change(4, 12, 1),
        ] {
            insert(conn, &c).unwrap();
        }
        let found = overlapping(conn, at(2), at(12)).unwrap();
        let titles: Vec<_> = found.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["c3", "c2"], "touching edges are outside");
        assert_eq!(found[0].service_ids, ids, "services keep their order");
        let mut moved = change(2, 20, 1);
        moved.service_ids = vec![ids[1]];
        assert!(update(conn, &moved).unwrap());
        assert_eq!(get(conn, moved.id).unwrap().unwrap().service_ids, [ids[1]]);
        assert_eq!(count_for_service(conn, ids[0]).unwrap(), 3);
        assert!(delete(conn, moved.id).unwrap());
        assert_eq!(count(conn).unwrap(), 3);
    }
}
