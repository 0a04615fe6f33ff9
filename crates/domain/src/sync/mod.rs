//! CI/CD status sync, the pure part: the providers, a synced run in the
//! common status model, and the table that maps each provider's status
//! vocabulary onto it (data the user can edit, not code branches).

pub mod board;
pub mod connection;
pub mod link;
pub mod provider;
pub mod report;
pub mod run;
pub mod status;

pub use connection::{Connection, ConnectionInput, EnvironmentRule, MappingRules, ServiceRule};
pub use provider::Provider;
pub use run::{RunKind, SyncedRun};
pub use status::{StatusRule, StatusTable};
