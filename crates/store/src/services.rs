//! The `services` table, including the catalog search.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use signalbox_domain::{Service, ServicePage, ServiceQuery, ServiceSort};
use uuid::Uuid;

use crate::codec::{
    instant, like_pattern, read_id, read_instant, read_json, read_opt_id, write_json,
};
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
    Ok(conn.execute("DELETE FROM services WHERE id = ?1", [id.to_string()])? == 1)
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
    conn.query_row("SELECT id FROM services WHERE name = ?1", [name], |r| {
        r.get::<_, String>(0)
    })
    .optional()?
    .map(|s| read_id(&s))
    .transpose()
}

/// How many services there are.
pub fn count(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("SELECT count(*) FROM services", [], |r| r.get(0))?)
}

/// The distinct non-empty systems, for filter pickers.
pub fn systems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT system FROM services WHERE system <> '' ORDER BY system COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Searches the catalog: text over name, description, system, tags and owner
/// name; filters by owner, tier and system; sorted, then paged.
pub fn search(conn: &Connection, q: &ServiceQuery) -> Result<ServicePage> {
    let mut sql = format!(
        "SELECT {COLUMNS}, count(*) OVER () FROM services s \
         LEFT JOIN teams t ON t.id = s.owner_team_id WHERE 1 = 1"
    );
    let mut args: Vec<Value> = Vec::new();
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        args.push(Value::Text(like_pattern(text)));
        let n = args.len();
        sql.push_str(&format!(
            " AND (s.name LIKE ?{n} ESCAPE '\\' OR s.description LIKE ?{n} ESCAPE '\\' \
             OR s.system LIKE ?{n} ESCAPE '\\' OR s.tags LIKE ?{n} ESCAPE '\\' \
             OR t.name LIKE ?{n} ESCAPE '\\')"
        ));
    }
    if let Some(owner) = q.owner_team_id {
        args.push(Value::Text(owner.to_string()));
        sql.push_str(&format!(" AND s.owner_team_id = ?{}", args.len()));
    }
    if let Some(tier) = q.tier {
        args.push(Value::Text(tier.as_str().to_string()));
        sql.push_str(&format!(" AND s.tier = ?{}", args.len()));
    }
    if let Some(system) = q.system.as_deref().filter(|s| !s.is_empty()) {
        args.push(Value::Text(system.to_string()));
        sql.push_str(&format!(" AND s.system = ?{} COLLATE NOCASE", args.len()));
    }
    let dir = if q.descending { "DESC" } else { "ASC" };
    let order = match q.sort {
        ServiceSort::Name => format!("s.name COLLATE NOCASE {dir}"),
        // Tier is stored as a word; order by criticality, not alphabet.
        ServiceSort::Tier => format!(
            "CASE s.tier WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END {dir}, s.name COLLATE NOCASE"
        ),
        ServiceSort::System => format!("s.system COLLATE NOCASE {dir}, s.name COLLATE NOCASE"),
        ServiceSort::Owner => format!("t.name IS NULL, t.name COLLATE NOCASE {dir}, s.name COLLATE NOCASE"),
        ServiceSort::UpdatedAt => format!("s.updated_at {dir}, s.name COLLATE NOCASE"),
    };
    sql.push_str(&format!(" ORDER BY {order}"));
    args.push(Value::Integer(q.limit.map_or(-1, i64::from)));
    args.push(Value::Integer(i64::from(q.offset)));
    sql.push_str(&format!(
        " LIMIT ?{} OFFSET ?{}",
        args.len() - 1,
        args.len()
    ));

    let mut stmt = conn.prepare_cached(&sql)?;
    let mut total = 0u32;
    let mut items = Vec::new();
    let mut rows = stmt.query(params_from_iter(args))?;
    while let Some(row) = rows.next()? {
        total = row.get(11)?;
        items.push(decode(raw(row)?)?);
    }
    if items.is_empty() && q.offset > 0 {
        // Past the last page the window function has no row to report on.
        drop(rows);
        drop(stmt);
        total = count_matching(conn, q)?;
    }
    Ok(ServicePage { total, items })
}

fn count_matching(conn: &Connection, q: &ServiceQuery) -> Result<u32> {
    let everything = ServiceQuery {
        limit: None,
        offset: 0,
        ..q.clone()
    };
    Ok(search(conn, &everything)?.total)
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

    fn seeded() -> Db {
        let db = Db::open_in_memory().unwrap();
        insert(
            db.conn(),
            &service("checkout-api", Tier::High, "Checkout", &["pci"]),
        )
        .unwrap();
        insert(
            db.conn(),
            &service("ledger", Tier::Critical, "Payments", &[]),
        )
        .unwrap();
        insert(
            db.conn(),
            &service("email-worker", Tier::Low, "Messaging", &["batch"]),
        )
        .unwrap();
        insert(db.conn(), &service("100%_sure", Tier::Medium, "Misc", &[])).unwrap();
        db
    }

    fn names(page: &ServicePage) -> Vec<&str> {
        page.items.iter().map(|s| s.name.as_str()).collect()
    }

    #[test]
    fn a_service_round_trips() {
        let db = Db::open_in_memory().unwrap();
        let s = service("a", Tier::High, "S", &["x", "y"]);
        insert(db.conn(), &s).unwrap();
        assert_eq!(get(db.conn(), s.id).unwrap().unwrap(), s);
    }

    #[test]
    fn text_search_matches_tags_and_systems_and_escapes_wildcards() {
        let db = seeded();
        let q = |t: &str| ServiceQuery {
            text: Some(t.into()),
            ..Default::default()
        };
        assert_eq!(
            names(&search(db.conn(), &q("PCI")).unwrap()),
            ["checkout-api"]
        );
        assert_eq!(
            names(&search(db.conn(), &q("payments")).unwrap()),
            ["ledger"]
        );
        assert_eq!(names(&search(db.conn(), &q("0%_")).unwrap()), ["100%_sure"]);
        assert_eq!(search(db.conn(), &q("_")).unwrap().total, 1);
    }

    #[test]
    fn tier_sort_follows_criticality() {
        let db = seeded();
        let q = ServiceQuery {
            sort: ServiceSort::Tier,
            ..Default::default()
        };
        assert_eq!(
            names(&search(db.conn(), &q).unwrap()),
            ["ledger", "checkout-api", "100%_sure", "email-worker"]
        );
    }

    #[test]
    fn paging_reports_the_total_of_all_matches() {
        let db = seeded();
        let q = ServiceQuery {
            limit: Some(2),
            offset: 1,
            ..Default::default()
        };
        let page = search(db.conn(), &q).unwrap();
        assert_eq!((page.total, page.items.len()), (4, 2));
        let past = ServiceQuery {
            limit: Some(2),
            offset: 10,
            ..Default::default()
        };
        assert_eq!(search(db.conn(), &past).unwrap().total, 4);
    }

    #[test]
    fn filters_combine() {
        let db = seeded();
        let q = ServiceQuery {
            tier: Some(Tier::Low),
            system: Some("messaging".into()),
            ..Default::default()
        };
        assert_eq!(names(&search(db.conn(), &q).unwrap()), ["email-worker"]);
        assert_eq!(
            systems(db.conn()).unwrap(),
            ["Checkout", "Messaging", "Misc", "Payments"]
        );
    }
}
