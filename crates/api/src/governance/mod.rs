//! Change governance use cases (issue 6): risk assessment and the risk
//! register, change models and their stages, people and approvals, CAB
//! definitions and meetings. Each gathers the facts the pure rules in
//! `domain::governance` need, runs them, and writes the result with its
//! audit event in one transaction.

mod approvals;
pub(crate) mod cab;
mod facts;
mod lifecycle;
mod meeting;
pub(crate) mod people;
mod policy;
mod register;
mod risk;

pub use approvals::{ApprovalsView, DecisionInput};
pub use cab::{CabView, LateAddition, PrepareInput};
pub(crate) use facts::{Radius, RiskBase};
pub use lifecycle::{GovernanceView, PirOwed, StageInput};
pub use meeting::{MeetingView, MinutesFormat};
pub use people::PersonView;
pub use register::{RegisterPage, RegisterQuery, RegisterRow};
pub use risk::RiskView;

use signalbox_domain::calendar::Change;
use signalbox_domain::governance::{ChangeGovernance, Person};
use signalbox_store::{governance, Connection};

use crate::{ApiError, Result, Workspace};

/// A change's governance record: the stored one, or what a change without
/// one is (normal, new, requested by its owner).
pub(crate) fn record_of(conn: &Connection, change: &Change) -> Result<ChangeGovernance> {
    Ok(governance::get(conn, change.id)?
        .unwrap_or_else(|| ChangeGovernance::initial(change.id, &change.owner, change.created_at)))
}

impl Workspace {
    /// A change by its id or its exact title (refused when several share it).
    pub fn find_change(&self, reference: &str) -> Result<Change> {
        let reference = reference.trim();
        if let Ok(id) = uuid::Uuid::parse_str(reference) {
            return self.load_change(id);
        }
        let ids = signalbox_store::changes::ids_by_title(self.conn(), reference)?;
        match ids.as_slice() {
            [] => Err(ApiError::NotFound(format!(
                "no change titled \"{reference}\" (give its exact title or its id)"
            ))),
            [id] => self.load_change(*id),
            many => Err(ApiError::Refused(format!(
                "{} changes are titled \"{reference}\"; give one of their ids: {}",
                many.len(),
                many.iter()
                    .take(5)
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// The person the current user acts as: the one named like the actor.
    pub(crate) fn acting_person(&self, conn: &Connection) -> Result<Person> {
        let actor = self.actor()?;
        signalbox_store::people::by_name(conn, &actor)?.ok_or_else(|| {
            ApiError::Refused(format!(
                "You act as \"{actor}\", who is not among this workspace's people; add them under People with a role first"
            ))
        })
    }
}
