//! Opening a workspace: file checks, connection pragmas, and migrations.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::migrations::{migrate, APPLICATION_ID, SCHEMA_VERSION};
use crate::{Result, StoreError};

/// An open workspace database.
pub struct Db {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Db {
    /// Opens (creating if missing) the workspace at `path` and brings its
    /// schema up to date. A file that is not SQLite, belongs to another
    /// application, is read-only or comes from a newer Signalbox is refused
    /// before anything is written to it.
    pub fn open(path: &Path) -> Result<Db> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        if path.exists() {
            check_existing_file(path)?;
        } else if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify_open_error(path, e))?;
        let version = check_identity(&conn, path)?;
        // SQLite falls back to reading when it may not write: refuse that
        // here, before a write fails half-way through a user's work.
        if conn
            .is_readonly(rusqlite::MAIN_DB)
            .map_err(|e| classify_open_error(path, e))?
        {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        configure(&conn).map_err(|e| classify_open_error(path, e))?;
        migrate(&mut conn, version)?;
        Ok(Db {
            conn,
            path: Some(path.to_path_buf()),
        })
    }

    /// A fresh in-memory workspace, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Db> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate(&mut conn, 0)?;
        Ok(Db { conn, path: None })
    }

    /// The workspace file, or `None` for an in-memory database.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, for opening transactions.
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// For one big load into this file while no other connection has it
    /// open: a rollback journal (which writes each new page once, where the
    /// WAL writes it to the log and then again into the file), synced fully
    /// as a rollback journal needs to survive a power cut. Whether it switched:
    /// with any other connection on the file it cannot, at once, and the
    /// load then keeps the WAL. [`Db::end_bulk_load`] switches back.
    pub fn begin_bulk_load(&self) -> Result<bool> {
        if self.path.is_none() {
            return Ok(false);
        }
        self.conn.busy_timeout(Duration::ZERO)?;
        let mode = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            });
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        match mode {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => {
                self.conn.pragma_update(None, "synchronous", "FULL")?;
                Ok(true)
            }
            Ok(_) => Ok(false),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Back to the WAL and the usual syncing after [`Db::begin_bulk_load`].
    pub fn end_bulk_load(&self) -> Result<()> {
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }
}

/// SQLite page cache per connection, in KiB (SQLite's own default). Views
/// read the API's in-memory indexes, so a bigger cache would only cost memory.
pub const DEFAULT_CACHE_KIB: i64 = 2000;

/// How long a connection waits for another one's lock before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The same pragmas on every connection (architecture.md, practice 2).
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // journal_mode answers with the mode it settled on; in-memory stays "memory".
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -DEFAULT_CACHE_KIB)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Refuses a folder. Nothing here opens the file: in a process that already
/// has the workspace open through SQLite (the app's background sync opens it
/// again), closing any other descriptor of the file would drop SQLite's
/// POSIX locks on it, and another process could then corrupt it. Whether it
/// is SQLite, and writable, is asked of SQLite itself once it is open.
fn check_existing_file(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        return Err(StoreError::NotAWorkspace {
            path: path.to_path_buf(),
            reason: "it is a folder, not a file".into(),
        });
    }
    Ok(())
}

/// Reads the schema version and checks the file is ours, without writing.
fn check_identity(conn: &Connection, path: &Path) -> Result<i64> {
    let not_ours = |reason: &str| StoreError::NotAWorkspace {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| classify_open_error(path, e))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    if app_id == 0 && tables > 0 {
        return Err(not_ours("it is an SQLite database made by another program"));
    }
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(not_ours("it is an SQLite database made by another program"));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

fn classify_open_error(path: &Path, e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            rusqlite::ErrorCode::NotADatabase => StoreError::NotAWorkspace {
                path: path.to_path_buf(),
                reason: "it is not an SQLite database (or it is damaged)".into(),
            },
            rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen => {
                StoreError::ReadOnly {
                    path: path.to_path_buf(),
                }
            }
            _ => StoreError::Sqlite(e),
        },
        _ => StoreError::Sqlite(e),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    fn journal_mode(db: &Db) -> String {
        db.conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_bulk_load_alone_on_the_file_uses_a_rollback_journal_then_the_wal_again() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("w.signalbox")).unwrap();
        assert_eq!(journal_mode(&db), "wal");
        assert!(db.begin_bulk_load().unwrap());
        assert_eq!(journal_mode(&db), "delete");
        db.end_bulk_load().unwrap();
        assert_eq!(journal_mode(&db), "wal");
    }

    #[test]
    fn a_bulk_load_keeps_the_wal_at_once_while_another_connection_has_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.signalbox");
        let db = Db::open(&path).unwrap();
        let other = Db::open(&path).unwrap();
        let _: i64 = other
            .conn()
            .query_row("SELECT count(*) FROM services", [], |r| r.get(0))
            .unwrap();
        let started = Instant::now();
        assert!(!db.begin_bulk_load().unwrap());
        // No waiting out the busy timeout for a switch that cannot happen.
        assert!(started.elapsed() < BUSY_TIMEOUT / 2);
        assert_eq!(journal_mode(&db), "wal");
        assert_eq!(journal_mode(&other), "wal");
    }

    #[test]
    fn an_in_memory_database_has_no_bulk_journal() {
        let db = Db::open_in_memory().unwrap();
        assert!(!db.begin_bulk_load().unwrap());
    }
}
