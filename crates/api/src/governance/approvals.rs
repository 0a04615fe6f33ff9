//! Approving, rejecting and requesting changes: each decision checked
//! against the approval policy and separation of duties, stored with the
//! approver's name, audited, and moving the change when it ends a round.

use serde::{Deserialize, Serialize};
use signalbox_domain::calendar::Change;
use signalbox_domain::governance::approvals::{self, ApprovalState};
use signalbox_domain::governance::model::{self, Effect};
use signalbox_domain::governance::{Approval, Decision, Person, RiskAssessment, Role, Stage};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{governance, Connection};
use ts_rs::TS;
use uuid::Uuid;

use super::facts::Radius;
use super::lifecycle::{approval_state, write_stage};
use super::record_of;
use crate::workspace::{record, Ctx, Subject};
use crate::{ApiError, Result, Workspace};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecisionInput {
    pub decision: Decision,
    /// Why; required to reject or request changes.
    #[serde(default)]
    pub note: String,
}

/// Decisions, for the approvals list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ApprovalsView {
    pub decisions: Vec<Approval>,
    /// The change's approvals now, when one change was asked for.
    pub state: Option<ApprovalState>,
    pub required: Vec<Role>,
}

/// Records `person`'s decision on `change` (in `meeting`, if any), after
/// checking every rule. Nothing is written when a rule refuses.
#[allow(clippy::too_many_arguments)]
pub(crate) fn decide_in(
    tx: &Connection,
    ctx: &Ctx<'_>,
    change: &Change,
    risk: &RiskAssessment,
    person: &Person,
    decision: Decision,
    note: &str,
    meeting: Option<Uuid>,
) -> Result<()> {
    let g = record_of(tx, change)?;
    if g.stage != Stage::Authorise {
        return Err(ApiError::Refused(format!(
            "\"{}\" is in {}, not awaiting authorisation: decisions are taken in the authorise stage",
            change.title, g.stage
        )));
    }
    let (required, all, _) = approval_state(tx, change, &g, risk)?;
    let round: Vec<&Approval> = all.iter().filter(|a| a.round == g.round).collect();
    approvals::check_decision(person, &g.requested_by, decision, note, &required, &round)
        .map_err(ApiError::Refused)?;
    let a = Approval {
        id: signalbox_domain::new_id(ctx.now),
        change_id: change.id,
        round: g.round,
        person_id: person.id,
        person_name: person.name.clone(),
        role: person.role,
        decision,
        note: note.trim().to_owned(),
        at: ctx.now,
        meeting_id: meeting,
    };
    governance::insert_approval(tx, &a)?;
    record(
        tx,
        ctx,
        Subject(EntityKind::Change, change.id, &change.title),
        match decision {
            Decision::Approve => AuditAction::Approved,
            Decision::Reject => AuditAction::Rejected,
            Decision::RequestChanges => AuditAction::ChangesRequested,
        },
        None,
        Some(&a),
    )?;
    let mut after = g.clone();
    after.updated_at = ctx.now;
    match decision {
        Decision::Approve => return Ok(()),
        Decision::Reject => after.stage = Stage::Rejected,
        Decision::RequestChanges => {
            after.stage = model::rework_stage(g.model);
            after.round += 1;
        }
    }
    write_stage(tx, ctx, change, &g, &after, Effect::None, &a.note)
}

impl Workspace {
    /// The current user's decision on a change.
    pub fn decide_change(&mut self, id: Uuid, input: &DecisionInput) -> Result<ApprovalsView> {
        let change = self.load_change(id)?;
        let (_, risk) = self.assess_one(&change, Radius::UpToLimit)?;
        let person = self.acting_person(self.conn())?;
        self.write_governance(&[EntityKind::Change], |tx, ctx| {
            decide_in(
                tx,
                ctx,
                &change,
                &risk,
                &person,
                input.decision,
                &input.note,
                None,
            )
        })?;
        self.list_approvals(Some(id))
    }

    /// Decisions on one change (with where its approvals stand), or the
    /// newest 500 on any.
    pub fn list_approvals(&self, change: Option<Uuid>) -> Result<ApprovalsView> {
        let conn = self.conn();
        match change {
            None => Ok(ApprovalsView {
                decisions: governance::recent_approvals(conn, 500)?,
                state: None,
                required: Vec::new(),
            }),
            Some(id) => {
                let c = self.load_change(id)?;
                let g = record_of(conn, &c)?;
                let (_, risk) = self.assess_one(&c, Radius::UpToLimit)?;
                let (required, decisions, state) = approval_state(conn, &c, &g, &risk)?;
                Ok(ApprovalsView {
                    decisions,
                    state: Some(state),
                    required,
                })
            }
        }
    }
}
