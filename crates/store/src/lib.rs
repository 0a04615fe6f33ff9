//! Signalbox's SQLite store.
//!
//! [`Db`] opens a workspace file (or an in-memory database for tests) with
//! the same pragmas every time, applies the embedded migrations atomically,
//! and refuses files that are not Signalbox workspaces or come from a newer
//! version. Each table has its own module of queries taking a `&Connection`,
//! so the API layer can run several of them in one transaction.

pub mod audit;
pub mod board;
pub mod cabs;
pub mod changes;
mod codec;
mod connection;
pub mod connections;
pub mod dependencies;
pub mod environments;
mod error;
pub mod governance;
mod migrations;
pub mod notices;
pub mod people;
pub mod runs;
pub mod services;
pub mod settings;
pub mod status_rules;
pub mod sync_log;
pub mod teams;
pub mod templates;
pub mod trains;
pub mod windows;

pub use connection::{Db, DEFAULT_CACHE_KIB};
pub use error::StoreError;
pub use migrations::SCHEMA_VERSION;
pub use rusqlite::{Connection, Transaction, TransactionBehavior};
/// The rusqlite error types, for callers that classify failures.
pub mod rusqlite_error {
    pub use rusqlite::{Error, ErrorCode};
}

/// Result of a store operation.
pub type Result<T> = std::result::Result<T, StoreError>;
