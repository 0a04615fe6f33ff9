//! The `dependencies` table: typed edges of the dependency map.

use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::deps::{DependencyKind, ServiceDependency};
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant};
use crate::{Result, StoreError};

const COLUMNS: &str = "id, service_id, depends_on, kind, note, created_at, updated_at";

fn decode(r: &Row<'_>) -> rusqlite::Result<Result<ServiceDependency>> {
    let (id, from, to, kind): (String, String, String, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
    let note: String = r.get(4)?;
    let (created, updated): (String, String) = (r.get(5)?, r.get(6)?);
    Ok((|| {
        Ok(ServiceDependency {
            id: read_id(&id)?,
            service_id: read_id(&from)?,
            depends_on: read_id(&to)?,
            kind: DependencyKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown dependency kind {kind:?}")))?,
            note,
            created_at: read_instant(&created)?,
            updated_at: read_instant(&updated)?,
        })
    })())
}

/// Adds a dependency.
pub fn insert(conn: &Connection, d: &ServiceDependency) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO dependencies ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    ))?
    .execute(params![
        d.id.to_string(),
        d.service_id.to_string(),
        d.depends_on.to_string(),
        d.kind.as_str(),
        d.note,
        instant(d.created_at),
        instant(d.updated_at)
    ])?;
    Ok(())
}

/// Replaces a dependency's fields; false when it does not exist.
pub fn update(conn: &Connection, d: &ServiceDependency) -> Result<bool> {
    let n = conn.execute(
        "UPDATE dependencies SET service_id = ?2, depends_on = ?3, kind = ?4, note = ?5,
         updated_at = ?6 WHERE id = ?1",
        params![
            d.id.to_string(),
            d.service_id.to_string(),
            d.depends_on.to_string(),
            d.kind.as_str(),
            d.note,
            instant(d.updated_at)
        ],
    )?;
    Ok(n == 1)
}

/// Removes a dependency; false when none.
pub fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    crate::codec::delete_by_id(conn, "dependencies", id)
}

/// One dependency by id.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<ServiceDependency>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM dependencies WHERE id = ?1"))?
        .query_row([id.to_string()], decode)
        .optional()?
        .transpose()
}

/// Every dependency, in a stable order (by id, which ascends with creation).
pub fn list(conn: &Connection) -> Result<Vec<ServiceDependency>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM dependencies ORDER BY id"))?;
    let rows = stmt.query_map([], decode)?;
    rows.map(|r| r?).collect()
}

/// How many dependencies name `service` on either side.
pub fn count_for_service(conn: &Connection, service: Uuid) -> Result<i64> {
    let id = service.to_string();
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM dependencies WHERE service_id = ?1 OR depends_on = ?1",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// How many dependencies there are.
pub fn count(conn: &Connection) -> Result<i64> {
    crate::codec::count_rows(conn, "dependencies")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{services, Db};
    use chrono::{TimeZone, Utc};
    use signalbox_domain::{Service, Tier};

    fn service(conn: &Connection, n: u128, name: &str) -> Uuid {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let s = Service {
            id: Uuid::from_u128(n),
            name: name.into(),
            description: String::new(),
            owner_team_id: None,
            tier: Tier::Medium,
            system: String::new(),
            tags: vec![],
            repository_url: None,
            links: vec![],
            created_at: now,
            updated_at: now,
        };
        services::insert(conn, &s).unwrap();
        s.id
    }

    fn edge(n: u128, from: Uuid, to: Uuid, kind: DependencyKind) -> ServiceDependency {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        ServiceDependency {
            id: Uuid::from_u128(n),
            service_id: from,
            depends_on: to,
            kind,
            note: "schema first".into(),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn dependencies_round_trip_and_guard_their_services() {
        let db = Db::open_in_memory().unwrap();
        let conn = db.conn();
        let (web, db_svc) = (service(conn, 1, "web"), service(conn, 2, "orders-db"));
        let d = edge(10, web, db_svc, DependencyKind::DeployOrder);
        insert(conn, &d).unwrap();
        assert_eq!(get(conn, d.id).unwrap(), Some(d.clone()));
        assert_eq!(list(conn).unwrap(), vec![d.clone()]);
        assert_eq!(count_for_service(conn, db_svc).unwrap(), 1);

        // The same edge twice, a self-dependency and a deleted service are refused by the schema.
        assert!(insert(conn, &edge(11, web, db_svc, DependencyKind::DeployOrder)).is_err());
        assert!(insert(conn, &edge(12, web, web, DependencyKind::Runtime)).is_err());
        assert!(services::delete(conn, db_svc).is_err());
        // Another kind between the same two is a different edge.
        insert(conn, &edge(13, web, db_svc, DependencyKind::Data)).unwrap();

        let mut changed = d.clone();
        changed.kind = DependencyKind::Runtime;
        changed.note = String::new();
        assert!(update(conn, &changed).unwrap());
        assert_eq!(get(conn, d.id).unwrap(), Some(changed));
        assert!(delete(conn, d.id).unwrap());
        assert!(!delete(conn, d.id).unwrap());
        assert_eq!(count(conn).unwrap(), 1);
    }
}
