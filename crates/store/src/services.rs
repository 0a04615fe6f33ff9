//! The `services` table, including the catalog search.

use rusqlite::{params, Connection, OptionalExtension, Row};
use signalbox_domain::Service;
use uuid::Uuid;

use crate::codec::{instant, read_id, read_instant, read_json, read_opt_id, write_json};
use crate::Result;

const COLUMNS: &str = "s.id, s.name, s.description, s.owner_team_id, s.tier, s.system, s.tags, \
                       s.repository_url, s.links, s.created_at, s.updated_at";

struct Raw {
    id: String,
    name: String,
    description: String,
    owner: Option<String>,
    tier: String,
    system: String,
    tags: String,
    repository_url: Option<String>,
    links: String,
    created: String,
    updated: String,
}

fn raw(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok(Raw {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        owner: r.get(3)?,
        tier: r.get(4)?,
        system: r.get(5)?,
        tags: r.get(6)?,
        repository_url: r.get(7)?,
        links: r.get(8)?,
        created: r.get(9)?,
        updated: r.get(10)?,
    })
}

fn decode(r: Raw) -> Result<Service> {
    Ok(Service {
        id: read_id(&r.id)?,
        name: r.name,
        description: r.description,
        owner_team_id: read_opt_id(r.owner)?,
        tier: r.tier.parse().map_err(crate::StoreError::Corrupt)?,
        system: r.system,
        tags: read_json(&r.tags)?,
        repository_url: r.repository_url,
        links: read_json(&r.links)?,
        created_at: read_instant(&r.created)?,
        updated_at: read_instant(&r.updated)?,
    })
}

/// Adds a service.
pub fn insert(conn: &Connection, s: &Service) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO services (id, name, description, owner_team_id, tier, system, tags,
                               repository_url, links, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        s.id.to_string(),
        s.name,
        s.description,
        s.owner_team_id.map(|id| id.to_string()),
        s.tier.as_str(),
        s.system,
        write_json(&s.tags)?,
        s.repository_url,
        write_json(&s.links)?,
        instant(s.created_at),
        instant(s.updated_at)
    ])?;
    Ok(())
}

/// Replaces a service's editable fields; false when it does not exist.
pub fn update(conn: &Connection, s: &Service) -> Result<bool> {
    let n = conn.execute(
        "UPDATE services SET name = ?2, description = ?3, owner_team_id = ?4, tier = ?5,
         system = ?6, tags = ?7, repository_url = ?8, links = ?9, updated_at = ?10 WHERE id = ?1",
        params![
            s.id.to_string(),
            s.name,
            s.description,
            s.owner_team_id.map(|id| id.to_string()),
            s.tier.as_str(),
            s.system,
            write_json(&s.tags)?,
            s.repository_url,
            write_json(&s.links)?,
            instant(s.updated_at)
        ],
    )?;
    Ok(n == 1)
}

/// Removes a service; false when it did not exist.
pub fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    crate::codec::delete_by_id(conn, "services", id)
}

/// One service by id.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Service>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM services s WHERE s.id = ?1"),
        [id.to_string()],
        raw,
    )
    .optional()?
    .map(decode)
    .transpose()
}

/// The id of the service called `name` (ignoring case), if any.
pub fn id_by_name(conn: &Connection, name: &str) -> Result<Option<Uuid>> {
    crate::codec::id_by_name(conn, "services", name)
}

/// How many services there are.
pub fn count(conn: &Connection) -> Result<i64> {
    crate::codec::count_rows(conn, "services")
}

/// How many services `team` owns.
pub fn count_owned_by(conn: &Connection, team: Uuid) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM services WHERE owner_team_id = ?1")?
        .query_row([team.to_string()], |r| r.get(0))?)
}

/// The distinct non-empty systems, for filter pickers.
pub fn systems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT system FROM services WHERE system <> '' ORDER BY system COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every service, in no particular order (the catalog index sorts).
pub fn list_all(conn: &Connection) -> Result<Vec<Service>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM services s"))?;
    let rows = stmt.query_map([], raw)?;
    rows.map(|r| decode(r?)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Db;
    use chrono::Utc;
    use signalbox_domain::{ServiceLink, Tier};

    fn service(name: &str, tier: Tier, system: &str, tags: &[&str]) -> Service {
        let now = signalbox_domain::ids::stored_precision(Utc::now());
        Service {
            id: signalbox_domain::new_id(now),
            name: name.into(),
            description: format!("{name} does things"),
            owner_team_id: None,
            tier,
            system: system.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            repository_url: Some("https://git.example.com/x".into()),
            links: vec![ServiceLink {
                label: "Runbook".into(),
                url: "https://r.example.com".into(),
            }],
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn a_service_round_trips_and_lists() {
        let db = Db::open_in_memory().unwrap();
        let s = service("a", Tier::High, "S", &["x", "y"]);
        insert(db.conn(), &s).unwrap();
        assert_eq!(get(db.conn(), s.id).unwrap().unwrap(), s);
        assert_eq!(list_all(db.conn()).unwrap(), std::slice::from_ref(&s));
        assert_eq!(systems(db.conn()).unwrap(), ["S"]);
        assert_eq!(id_by_name(db.conn(), "A").unwrap(), Some(s.id));
        assert!(delete(db.conn(), s.id).unwrap());
        assert_eq!(count(db.conn()).unwrap(), 0);
    }
}
