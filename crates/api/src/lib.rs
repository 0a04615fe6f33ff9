//! Signalbox's use cases: the one API the desktop shell and the CLI call.
//!
//! A [`Workspace`] owns the open database. Every write runs domain validation,
//! the store writes and its audit event in one transaction, and only after the
//! commit notifies change listeners (the desktop shell turns those into UI
//! events). Errors are [`ApiError`]s, which cross IPC as `{code, message}`.

pub mod audit;
pub mod backstage_io;
pub mod bindings;
pub mod board;
pub mod calendar;
pub mod connection_check;
pub mod connections;
pub mod csv_io;
mod deps;
pub mod deps_io;
pub mod deps_map;
mod environments;
mod error;
mod events;
pub mod governance;
pub mod notices;
pub mod paths;
pub mod rules_preview;
pub mod sample;
mod sample_governance;
mod sample_runs;
pub mod scheduler;
pub mod secrets;
mod services;
mod status_table;
pub mod syncing;
mod teams;
mod workspace;

pub use error::{ApiError, ErrorCode, ErrorPayload};
pub use events::ChangeEvent;
pub use signalbox_domain as domain;
pub use signalbox_domain::demo::DemoSize;
pub use signalbox_store::audit::{AuditPage, VerifyReport};
pub use signalbox_sync as sync;
pub use status_table::{StatusRow, StatusTableView};
pub use teams::TeamListItem;
pub use workspace::{Counts, Workspace, WorkspaceStatus};

/// Result of a use case.
pub type Result<T> = std::result::Result<T, ApiError>;
