//! Signalbox's domain: the pure types and rules of the product.
//!
//! Nothing here touches a file, a database, the network or the clock; callers
//! pass `now` in. That keeps every rule testable in isolation and lets the
//! store, the API and the CLI share one definition of each entity.

pub mod audit;
pub mod calendar;
pub mod catalog;
pub mod demo;
pub mod deps;
pub mod environment;
pub mod governance;
pub mod ids;
pub mod notices;
pub mod service;
pub mod sync;
pub mod team;
pub mod validation;

pub use audit::{AuditAction, AuditEvent, EntityKind, GENESIS_HASH};
pub use environment::{Environment, EnvironmentInput};
pub use ids::new_id;
pub use service::{
    Service, ServiceInput, ServiceLink, ServicePage, ServiceQuery, ServiceSort, Tier,
};
pub use team::{Team, TeamInput};
pub use validation::{FieldError, ValidationErrors};
