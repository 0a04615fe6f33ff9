//! The store's errors: what went wrong with the workspace file or a query.

use std::path::PathBuf;

/// Everything the store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not a Signalbox workspace: {reason}")]
    NotAWorkspace { path: PathBuf, reason: String },

    #[error("{path} was written by a newer Signalbox (schema version {found}; this version understands up to {supported}). It was left untouched: open it with a newer Signalbox.")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{path} is read-only: Signalbox needs to write to its workspace. Check the file's permissions or choose another workspace.")]
    ReadOnly { path: PathBuf },

    #[error("cannot use {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// True when the error is a UNIQUE constraint violation.
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
        )
    }
}
