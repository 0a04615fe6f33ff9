//! The `environments` table.

use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::Environment;
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant};
use crate::Result;

const COLUMNS: &str =
    "id, name, position, production, deploy_quota, time_zone, created_at, updated_at";

type Raw = (
    String,
    String,
    u32,
    bool,
    Option<u32>,
    String,
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
    ))
}

fn decode(
    (id, name, position, production, deploy_quota, time_zone, c, u): Raw,
) -> Result<Environment> {
    Ok(Environment {
        id: read_id(&id)?,
        name,
        position,
        production,
        deploy_quota,
        time_zone,
        created_at: read_instant(&c)?,
        updated_at: read_instant(&u)?,
    })
}

/// Adds an environment.
pub fn insert(conn: &Connection, e: &Environment) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO environments ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))?
    .execute(params![
        e.id.to_string(),
        e.name,
        e.position,
        e.production,
        e.deploy_quota,
        e.time_zone,
        instant(e.created_at),
        instant(e.updated_at)
    ])?;
    Ok(())
}

/// Replaces an environment's editable fields; false when it does not exist.
pub fn update(conn: &Connection, e: &Environment) -> Result<bool> {
    let n = conn.execute(
        "UPDATE environments SET name = ?2, position = ?3, production = ?4, deploy_quota = ?5,
         time_zone = ?6, updated_at = ?7 WHERE id = ?1",
        params![
            e.id.to_string(),
            e.name,
            e.position,
            e.production,
            e.deploy_quota,
            e.time_zone,
            instant(e.updated_at)
        ],
    )?;
    Ok(n == 1)
}

/// Removes an environment; false when it did not exist.
pub fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    crate::codec::delete_by_id(conn, "environments", id)
}

/// One environment by id.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Environment>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM environments WHERE id = ?1"),
        [id.to_string()],
        raw,
    )
    .optional()?
    .map(decode)
    .transpose()
}

/// Every environment in promotion order.
pub fn list(conn: &Connection) -> Result<Vec<Environment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM environments ORDER BY position, name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], raw)?;
    rows.map(|r| decode(r?)).collect()
}

/// The id of the environment called `name` (ignoring case), if any.
pub fn id_by_name(conn: &Connection, name: &str) -> Result<Option<Uuid>> {
    crate::codec::id_by_name(conn, "environments", name)
}

/// How many environments there are.
pub fn count(conn: &Connection) -> Result<i64> {
    crate::codec::count_rows(conn, "environments")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Db;
    use chrono::Utc;

    #[test]
    fn environments_list_in_promotion_order() {
        let db = Db::open_in_memory().unwrap();
        let now = Utc::now();
        for (name, position) in [("production", 2), ("dev", 0), ("staging", 1)] {
            insert(
                db.conn(),
                &Environment {
                    id: signalbox_domain::new_id(now),
                    name: name.into(),
                    position,
                    production: name == "production",
                    deploy_quota: None,
                    time_zone: "UTC".into(),
                    created_at: now,
                    updated_at: now,
                },
            )
            .unwrap();
        }
        let names: Vec<_> = list(db.conn())
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["dev", "staging", "production"]);
        let prod = id_by_name(db.conn(), "PRODUCTION").unwrap().unwrap();
        let got = get(db.conn(), prod).unwrap().unwrap();
        assert!(got.production);
        assert!(delete(db.conn(), prod).unwrap());
        assert!(!update(db.conn(), &got).unwrap());
    }
}
