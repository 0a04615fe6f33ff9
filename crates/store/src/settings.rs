//! The `settings` table: small workspace-wide values such as the user's display name.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

/// The local user's display name, recorded as the actor of audit events.
pub const DISPLAY_NAME: &str = "display_name";

/// Reads a setting.
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Writes a setting, replacing any previous value.
pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::Db;

    #[test]
    fn settings_round_trip_and_overwrite() {
        let db = Db::open_in_memory().unwrap();
        assert_eq!(super::get(db.conn(), "k").unwrap(), None);
        super::set(db.conn(), "k", "a").unwrap();
        super::set(db.conn(), "k", "b").unwrap();
        assert_eq!(super::get(db.conn(), "k").unwrap().as_deref(), Some("b"));
    }
}
