//! Conversions between domain values and their stored SQLite text.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use signalbox_domain::ids::{format_instant, parse_instant};
use uuid::Uuid;

use crate::StoreError;

pub(crate) fn instant(at: DateTime<Utc>) -> String {
    format_instant(at)
}

pub(crate) fn read_instant(text: &str) -> Result<DateTime<Utc>, StoreError> {
    parse_instant(text).ok_or_else(|| StoreError::Corrupt(format!("bad timestamp \"{text}\"")))
}

pub(crate) fn read_id(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|_| StoreError::Corrupt(format!("bad id \"{text}\"")))
}

pub(crate) fn read_opt_id(text: Option<String>) -> Result<Option<Uuid>, StoreError> {
    text.as_deref().map(read_id).transpose()
}

pub(crate) fn read_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("bad JSON column: {e}")))
}

pub(crate) fn write_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("cannot encode: {e}")))
}

/// The id of the row of `table` whose `name` equals `name` (the column's
/// collation decides case). `table` is always one of our constants.
pub(crate) fn id_by_name(
    conn: &Connection,
    table: &str,
    name: &str,
) -> Result<Option<Uuid>, StoreError> {
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE name = ?1"))?
        .query_row([name], |r| r.get::<_, String>(0))
        .optional()?
        .map(|s| read_id(&s))
        .transpose()
}

/// How many rows `table` holds. `table` is always one of our constants.
pub(crate) fn count_rows(conn: &Connection, table: &str) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached(&format!("SELECT count(*) FROM {table}"))?
        .query_row([], |r| r.get(0))?)
}

/// Deletes the row of `table` with `id`; false when there was none.
pub(crate) fn delete_by_id(conn: &Connection, table: &str, id: Uuid) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
        .execute([id.to_string()])?
        == 1)
}
