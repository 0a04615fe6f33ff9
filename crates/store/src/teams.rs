//! The `teams` table.

use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::Team;
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant};
use crate::Result;

const COLUMNS: &str = "id, name, description, contact, created_at, updated_at";

type Raw = (String, String, String, String, String, String);

fn raw(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn decode((id, name, description, contact, created, updated): Raw) -> Result<Team> {
    Ok(Team {
        id: read_id(&id)?,
        name,
        description,
        contact,
        created_at: read_instant(&created)?,
        updated_at: read_instant(&updated)?,
    })
}

/// Adds a team.
pub fn insert(conn: &Connection, t: &Team) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO teams (id, name, description, contact, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        t.id.to_string(),
        t.name,
        t.description,
        t.contact,
        instant(t.created_at),
        instant(t.updated_at)
    ])?;
    Ok(())
}

/// Replaces a team's editable fields; returns false when it does not exist.
pub fn update(conn: &Connection, t: &Team) -> Result<bool> {
    let n = conn.execute(
        "UPDATE teams SET name = ?2, description = ?3, contact = ?4, updated_at = ?5 WHERE id = ?1",
        params![
            t.id.to_string(),
            t.name,
            t.description,
            t.contact,
            instant(t.updated_at)
        ],
    )?;
    Ok(n == 1)
}

/// Removes a team; returns false when it did not exist.
pub fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    crate::codec::delete_by_id(conn, "teams", id)
}

/// One team by id.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Team>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM teams WHERE id = ?1"),
        [id.to_string()],
        raw,
    )
    .optional()?
    .map(decode)
    .transpose()
}

/// Every team, by name.
pub fn list(conn: &Connection) -> Result<Vec<Team>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM teams ORDER BY name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], raw)?;
    rows.map(|r| decode(r?)).collect()
}

/// The id of the team called `name` (ignoring case), if any.
pub fn id_by_name(conn: &Connection, name: &str) -> Result<Option<Uuid>> {
    crate::codec::id_by_name(conn, "teams", name)
}

/// How many services each team owns, by team id.
pub fn service_counts(conn: &Connection) -> Result<Vec<(Uuid, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT owner_team_id, count(*) FROM services WHERE owner_team_id IS NOT NULL GROUP BY owner_team_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
    rows.map(|r| {
        let (id, n) = r?;
        Ok((read_id(&id)?, n))
    })
    .collect()
}

/// How many teams there are.
pub fn count(conn: &Connection) -> Result<i64> {
    crate::codec::count_rows(conn, "teams")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Db;
    use chrono::Utc;

    fn team(name: &str) -> Team {
        let now = Utc::now();
        Team {
            id: signalbox_domain::new_id(now),
            name: name.into(),
            description: "d".into(),
            contact: "c".into(),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn insert_get_update_delete() {
        let db = Db::open_in_memory().unwrap();
        let mut t = team("Payments");
        insert(db.conn(), &t).unwrap();
        assert_eq!(get(db.conn(), t.id).unwrap().unwrap().name, "Payments");
        t.name = "Billing".into();
        assert!(update(db.conn(), &t).unwrap());
        assert_eq!(list(db.conn()).unwrap()[0].name, "Billing");
        assert_eq!(id_by_name(db.conn(), "billing").unwrap(), Some(t.id));
        assert!(delete(db.conn(), t.id).unwrap());
        assert!(get(db.conn(), t.id).unwrap().is_none());
    }

    #[test]
    fn names_are_unique_ignoring_case() {
        let db = Db::open_in_memory().unwrap();
        insert(db.conn(), &team("Payments")).unwrap();
        let err = insert(db.conn(), &team("PAYMENTS")).unwrap_err();
        assert!(err.is_unique_violation());
    }
}
