//! Conversions between domain values and their stored SQLite text.

use chrono::{DateTime, Utc};
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
