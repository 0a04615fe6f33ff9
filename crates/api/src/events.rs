//! Change events: what a committed write touched, for listeners to refresh.

use serde::Serialize;
use signalbox_domain::EntityKind;
use ts_rs::TS;

/// Sent to listeners after a transaction commits, never before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChangeEvent {
    /// The kinds of record that changed; the UI reloads those views.
    pub entities: Vec<EntityKind>,
}
