//! The `runs` table: runs synced from CI/CD connections, one row per
//! (connection, kind, source, provider id), updated in place as a run moves
//! on (and when it is re-run: the attempt counts up).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};
use signalbox_domain::calendar::DeployStatus;
use signalbox_domain::sync::board::Placer;
use signalbox_domain::sync::{Connection as Conn, Provider, RunKind, SyncedRun};
use uuid::Uuid;

use crate::{Result, StoreError};

pub(crate) fn kind_str(k: RunKind) -> &'static str {
    match k {
        RunKind::Pipeline => "pipeline",
        RunKind::Deployment => "deployment",
        RunKind::Build => "build",
        RunKind::Sync => "sync",
    }
}

pub(crate) fn read_kind(s: &str) -> Result<RunKind> {
    Ok(match s {
        "pipeline" => RunKind::Pipeline,
        "deployment" => RunKind::Deployment,
        "build" => RunKind::Build,
        "sync" => RunKind::Sync,
        other => return Err(StoreError::Corrupt(format!("unknown run kind \"{other}\""))),
    })
}

pub(crate) fn secs(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(crate) fn at(s: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(s, 0).ok_or_else(|| StoreError::Corrupt(format!("bad time {s}")))
}

/// Stores `runs` of connection `c`: new ones added, known ones brought up to
/// date (an older state arriving late is ignored), each placed on the board
/// by `c`'s rules. Returns the rows written.
pub fn upsert(conn: &Connection, c: &Conn, runs: &[SyncedRun]) -> Result<usize> {
    upsert_placed(conn, c.id, &Placer::new(c), runs)
}

/// [`upsert`] with the connection's rules already indexed (for bulk loads).
pub fn upsert_placed(
    conn: &Connection,
    connection: Uuid,
    placer: &Placer<'_>,
    runs: &[SyncedRun],
) -> Result<usize> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO runs (connection_id, kind, source, external_id, attempt, name, environment,
             raw_status, status, sha, git_ref, url, actor, created_s, started_s, finished_s, updated_s,
             service_id, environment_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
         ON CONFLICT (connection_id, kind, source, external_id) DO UPDATE SET
             attempt = excluded.attempt, name = excluded.name, environment = excluded.environment,
             raw_status = excluded.raw_status, status = excluded.status, sha = excluded.sha,
             git_ref = excluded.git_ref, url = excluded.url, actor = excluded.actor,
             started_s = excluded.started_s, finished_s = excluded.finished_s,
             updated_s = excluded.updated_s, service_id = excluded.service_id,
             environment_id = excluded.environment_id
         WHERE excluded.updated_s >= runs.updated_s",
    )?;
    let id = connection.to_string();
    let mut changed = 0;
    for r in runs {
        let place = placer.place(r.kind, &r.name, &r.source, r.environment.as_deref());
        changed += stmt.execute(params![
            id,
            kind_str(r.kind),
            r.source,
            r.external_id,
            r.attempt,
            r.name,
            r.environment,
            r.raw_status,
            r.status.as_str(),
            r.sha,
            r.git_ref,
            r.url,
            r.actor,
            secs(r.created_at),
            r.started_at.map(secs),
            r.finished_at.map(secs),
            secs(r.updated_at),
            place.map(|(s, _)| s.to_string()),
            place.map(|(_, e)| e.to_string()),
        ])?;
    }
    Ok(changed)
}

/// The provider ids of `connection`'s runs of `kind` from `source` created
/// at or after `from`: those finished, and those still going.
pub fn finished_and_open(
    conn: &Connection,
    connection: Uuid,
    kind: RunKind,
    source: &str,
    from: DateTime<Utc>,
) -> Result<(Vec<String>, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT external_id, finished_s IS NOT NULL FROM runs
         WHERE connection_id = ?1 AND kind = ?2 AND source = ?3 AND created_s >= ?4",
    )?;
    let rows = stmt.query_map(
        params![connection.to_string(), kind_str(kind), source, secs(from)],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)),
    )?;
    let (mut finished, mut open) = (Vec::new(), Vec::new());
    for row in rows {
        let (id, done) = row?;
        if done {
            finished.push(id);
        } else {
            open.push(id);
        }
    }
    Ok((finished, open))
}

/// Runs `f` (a bulk load) with the secondary indexes of `runs` dropped,
/// then builds them again: one sorted build is far cheaper than millions of
/// scattered index inserts. Use inside a transaction.
pub fn bulk_load<T, E: From<StoreError>>(
    conn: &Connection,
    f: impl FnOnce() -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    let sql = |e: rusqlite::Error| E::from(StoreError::from(e));
    let indexes: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND tbl_name = 'runs' AND sql IS NOT NULL",
        )
        .map_err(sql)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(sql)?
        .collect::<rusqlite::Result<_>>()
        .map_err(sql)?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))
            .map_err(sql)?;
    }
    let out = f()?;
    for (_, create) in &indexes {
        conn.execute_batch(create).map_err(sql)?;
    }
    Ok(out)
}

/// Places `c`'s stored runs on the board again by its current rules; the
/// rows changed.
pub fn remap(conn: &Connection, c: &Conn) -> Result<usize> {
    let id = c.id.to_string();
    let groups: Vec<(String, String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT DISTINCT kind, source, name, environment FROM runs WHERE connection_id = ?1",
        )?
        .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "UPDATE runs SET service_id = ?1, environment_id = ?2
         WHERE connection_id = ?3 AND kind = ?4 AND source = ?5 AND name = ?6
           AND environment IS ?7
           AND (service_id IS NOT ?1 OR environment_id IS NOT ?2)",
    )?;
    let placer = Placer::new(c);
    let mut changed = 0;
    for (kind, source, name, environment) in groups {
        let place = placer.place(read_kind(&kind)?, &name, &source, environment.as_deref());
        changed += stmt.execute(params![
            place.map(|(s, _)| s.to_string()),
            place.map(|(_, e)| e.to_string()),
            id,
            kind,
            source,
            name,
            environment,
        ])?;
    }
    Ok(changed)
}

/// Runs alike in everything the mapping rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunGroup {
    pub kind: RunKind,
    pub source: String,
    pub name: String,
    pub environment: Option<String>,
    pub runs: u64,
}

/// `connection`'s runs grouped by what the rules look at (kind, source,
/// name, provider environment), with a count each: the biggest groups first.
pub fn groups(conn: &Connection, connection: Uuid, limit: u32) -> Result<Vec<RunGroup>> {
    let rows: Vec<(String, String, String, Option<String>, i64)> = conn
        .prepare_cached(
            "SELECT kind, source, name, environment, count(*) FROM runs
             WHERE connection_id = ?1 GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 2, 3 LIMIT ?2",
        )?
        .query_map(params![connection.to_string(), limit], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(k, source, name, env, n)| {
            Ok(RunGroup {
                kind: read_kind(&k)?,
                source,
                name,
                environment: env,
                runs: u64::try_from(n).unwrap_or(0),
            })
        })
        .collect()
}

/// Gives every run of `provider` whose raw status is `raw` the status `status`.
pub fn restatus(
    conn: &Connection,
    provider: Provider,
    raw: &str,
    status: DeployStatus,
) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE runs SET status = ?1 WHERE raw_status = ?2 AND status <> ?1
           AND connection_id IN (SELECT id FROM connections WHERE provider = ?3)",
        params![status.as_str(), raw, provider.as_str()],
    )?)
}

/// The raw values of each provider that map to `unknown` in stored runs.
pub fn unknown_values(conn: &Connection) -> Result<Vec<(Provider, String)>> {
    let rows: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT DISTINCT c.provider, r.raw_status FROM runs r
             JOIN connections c ON c.id = r.connection_id
             WHERE r.status = 'unknown' ORDER BY 1, 2 LIMIT 200",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(p, raw)| {
            Provider::parse(&p)
                .map(|p| (p, raw))
                .ok_or_else(|| StoreError::Corrupt(format!("unknown provider \"{p}\"")))
        })
        .collect()
}

/// How many runs `connection` has (all connections with `None`).
pub fn count(conn: &Connection, connection: Option<Uuid>) -> Result<i64> {
    Ok(match connection {
        Some(c) => conn
            .prepare_cached("SELECT count(*) FROM runs WHERE connection_id = ?1")?
            .query_row([c.to_string()], |r| r.get(0))?,
        None => crate::codec::count_rows(conn, "runs")?,
    })
}

/// How many runs of `kind` from `source` created at or after `from` have
/// not finished: a sync must look at them again even when the first page is
/// unchanged.
pub fn unfinished_since(
    conn: &Connection,
    connection: Uuid,
    kind: RunKind,
    source: &str,
    from: DateTime<Utc>,
) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM runs WHERE connection_id = ?1 AND kind = ?2 AND source = ?3
             AND created_s >= ?4 AND finished_s IS NULL",
        )?
        .query_row(
            params![connection.to_string(), kind_str(kind), source, secs(from)],
            |r| r.get(0),
        )?)
}

/// Every column of a run: [`decode`] reads the first 17; the row id,
/// connection and place follow, for the board (`board::decode`).
pub(crate) const SELECT: &str = "SELECT r.kind, r.source, r.external_id, r.attempt, r.name,
    r.environment, r.raw_status, r.status, r.sha, r.git_ref, r.url, r.actor, r.created_s,
    r.started_s, r.finished_s, r.updated_s, c.provider, r.id, r.connection_id, r.service_id,
    r.environment_id FROM runs r JOIN connections c ON c.id = r.connection_id";

pub(crate) fn decode(r: &Row<'_>) -> rusqlite::Result<Result<SyncedRun>> {
    let kind: String = r.get(0)?;
    let status: String = r.get(7)?;
    let provider: String = r.get(16)?;
    let created: i64 = r.get(12)?;
    let started: Option<i64> = r.get(13)?;
    let finished: Option<i64> = r.get(14)?;
    let updated: i64 = r.get(15)?;
    let fields = (
        r.get::<_, String>(1)?,
        r.get::<_, String>(2)?,
        r.get::<_, u32>(3)?,
        r.get::<_, String>(4)?,
        r.get::<_, Option<String>>(5)?,
        r.get::<_, String>(6)?,
        r.get::<_, Option<String>>(8)?,
        r.get::<_, Option<String>>(9)?,
        r.get::<_, Option<String>>(10)?,
        r.get::<_, Option<String>>(11)?,
    );
    Ok((|| {
        let (source, external_id, attempt, name, environment, raw_status, sha, git_ref, url, actor) =
            fields;
        Ok(SyncedRun {
            provider: Provider::parse(&provider)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown provider \"{provider}\"")))?,
            kind: read_kind(&kind)?,
            source,
            external_id,
            attempt,
            name,
            environment,
            status: status.parse().unwrap_or(DeployStatus::Unknown),
            raw_status,
            sha,
            git_ref,
            url,
            actor,
            created_at: at(created)?,
            started_at: started.map(at).transpose()?,
            finished_at: finished.map(at).transpose()?,
            updated_at: at(updated)?,
        })
    })())
}

/// Which runs a listing shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunFilter {
    pub source: Option<String>,
    /// Deployments placed on this service.
    pub service: Option<Uuid>,
    /// Deployments placed in this environment.
    pub environment: Option<Uuid>,
}

/// The newest runs first, of `source` when given, at most `limit`.
pub fn latest(conn: &Connection, source: Option<&str>, limit: u32) -> Result<Vec<SyncedRun>> {
    let filter = RunFilter {
        source: source.map(str::to_owned),
        ..RunFilter::default()
    };
    filtered(conn, &filter, limit)
}

/// The newest runs `filter` lets through, at most `limit`.
pub fn filtered(conn: &Connection, filter: &RunFilter, limit: u32) -> Result<Vec<SyncedRun>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR r.source = ?1) AND (?2 IS NULL OR r.service_id = ?2)
           AND (?3 IS NULL OR r.environment_id = ?3)
         ORDER BY r.created_s DESC, r.id DESC LIMIT ?4"
    ))?;
    let rows = stmt.query_map(
        params![
            filter.source,
            filter.service.map(|s| s.to_string()),
            filter.environment.map(|e| e.to_string()),
            limit
        ],
        decode,
    )?;
    rows.map(|r| r?).collect()
}

/// For each service with a failed (or rolled back) deployment placed on it
/// since `since`, when the newest such run was created (Unix seconds).
pub fn failures_since(
    conn: &Connection,
    since: DateTime<Utc>,
) -> Result<std::collections::HashMap<Uuid, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT service_id, max(created_s) FROM runs
         WHERE status IN ('failed', 'rolled_back') AND created_s >= ?1 AND service_id IS NOT NULL
         GROUP BY service_id",
    )?;
    let rows = stmt.query_map([since.timestamp()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut out = std::collections::HashMap::new();
    for row in rows {
        let (id, at) = row?;
        out.insert(crate::codec::read_id(&id)?, at);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{connections, Db};
    use chrono::TimeZone;
    use signalbox_domain::sync::{Connection as Conn, MappingRules};
    use std::collections::HashMap;

    fn connection(conn: &Connection) -> Conn {
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let c = Conn {
            id: Uuid::from_u128(9),
            name: "shop".into(),
            provider: Provider::Github,
            base_url: "https://api.github.com".into(),
            scope: vec!["acme/shop".into()],
            poll_interval_s: 300,
            username: None,
            rules: MappingRules::default(),
            created_at: now,
            updated_at: now,
        };
        connections::insert(conn, &c).unwrap();
        c
    }

    fn run(id: &str, status: DeployStatus, updated_min: i64) -> SyncedRun {
        let t = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
        SyncedRun {
            provider: Provider::Github,
            kind: RunKind::Pipeline,
            source: "acme/shop".into(),
            external_id: id.into(),
            attempt: 1,
            name: "deploy".into(),
            environment: None,
            raw_status: status.as_str().into(),
            status,
            sha: Some("abc".into()),
            git_ref: Some("main".into()),
            url: None,
            actor: None,
            created_at: t,
            started_at: Some(t),
            finished_at: None,
            updated_at: t + chrono::Duration::minutes(updated_min),
        }
    }

    #[test]
    fn storing_a_page_again_changes_nothing_and_a_newer_state_wins() {
        let db = Db::open_in_memory().unwrap();
        let conn = db.conn();
        let c = connection(conn);
        let page = vec![
            run("1", DeployStatus::InProgress, 0),
            run("2", DeployStatus::Queued, 0),
        ];
        assert_eq!(upsert(conn, &c, &page).unwrap(), 2);
        assert_eq!(
            upsert(conn, &c, &page).unwrap(),
            2,
            "same state: rewritten in place"
        );
        assert_eq!(count(conn, Some(c.id)).unwrap(), 2);
        // An older answer arriving late does not undo a newer one.
        upsert(conn, &c, &[run("1", DeployStatus::Succeeded, 5)]).unwrap();
        upsert(conn, &c, &[run("1", DeployStatus::InProgress, 1)]).unwrap();
        let latest = latest(conn, Some("acme/shop"), 10).unwrap();
        let one = latest.iter().find(|r| r.external_id == "1").unwrap();
        assert_eq!(one.status, DeployStatus::Succeeded);
        assert_eq!(count(conn, None).unwrap(), 2);
    }

    #[test]
    fn a_cursor_is_kept_per_source_and_removing_the_connection_removes_its_runs() {
        let db = Db::open_in_memory().unwrap();
        let conn = db.conn();
        let c = connection(conn);
        assert!(connections::cursor(conn, c.id, "acme/shop")
            .unwrap()
            .is_none());
        let etags = HashMap::from([("u".to_string(), "W/\"1\"".to_string())]);
        connections::set_cursor(conn, c.id, "acme/shop", "2026-11-01T00:00:00Z", &etags).unwrap();
        connections::set_cursor(conn, c.id, "acme/shop", "2026-11-02T00:00:00Z", &etags).unwrap();
        let (cursor, tags) = connections::cursor(conn, c.id, "acme/shop")
            .unwrap()
            .unwrap();
        assert_eq!(cursor, "2026-11-02T00:00:00Z");
        assert_eq!(tags, etags);
        upsert(conn, &c, &[run("1", DeployStatus::Queued, 0)]).unwrap();
        assert!(connections::delete(conn, c.id).unwrap());
        assert_eq!(count(conn, None).unwrap(), 0);
        assert!(connections::cursor(conn, c.id, "acme/shop")
            .unwrap()
            .is_none());
    }
}
