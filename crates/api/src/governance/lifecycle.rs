//! A change's lifecycle: its model and stage, the next legal move, and
//! moving it, checked by the rules in `domain::governance::model` against
//! its assessment and approvals. Every move is audited.

use serde::{Deserialize, Serialize};
use signalbox_domain::calendar::Change;
use signalbox_domain::governance::approvals::{self, ApprovalState};
use signalbox_domain::governance::model::{self, Effect, Gate};
use signalbox_domain::governance::{
    Approval, ChangeGovernance, ChangeModel, RiskAssessment, Stage,
};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{changes, governance, Connection};
use ts_rs::TS;
use uuid::Uuid;

use super::facts::Radius;
use super::policy::approval_policy;
use super::record_of;
use crate::workspace::{record, Ctx, Subject};
use crate::{ApiError, Result, Workspace};

/// A request to move a change to another stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StageInput {
    pub to: Stage,
    /// Needed to cancel, to bypass approval in an emergency, and as the
    /// post-implementation review when an emergency change is closed.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Everything the governance panel of a change shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GovernanceView {
    pub change_id: Uuid,
    pub title: String,
    pub record: ChangeGovernance,
    pub path: Vec<Stage>,
    /// The next stage on its path, if any.
    pub next: Option<Stage>,
    pub risk: RiskAssessment,
    pub approvals: ApprovalState,
    /// Every decision, every round, oldest first.
    pub decisions: Vec<Approval>,
    /// The person the current user acts as, if they are one.
    pub acting_as: Option<signalbox_domain::governance::Person>,
}

/// An emergency change whose post-implementation review is still owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PirOwed {
    pub change_id: Uuid,
    pub title: String,
    pub start: chrono::DateTime<chrono::Utc>,
    pub stage: Stage,
    /// Why it went ahead without its approvals, if it did.
    pub bypass_reason: String,
}

/// The approvals a change needs now and where they stand this round.
pub(crate) fn approval_state(
    conn: &Connection,
    change: &Change,
    g: &ChangeGovernance,
    risk: &RiskAssessment,
) -> Result<(
    Vec<signalbox_domain::governance::Role>,
    Vec<Approval>,
    ApprovalState,
)> {
    approval_state_with(conn, &approval_policy(conn)?, change, g, risk)
}

/// [`approval_state`] with the policy already read (an agenda reads it once).
pub(crate) fn approval_state_with(
    conn: &Connection,
    policy: &signalbox_domain::governance::ApprovalPolicy,
    change: &Change,
    g: &ChangeGovernance,
    risk: &RiskAssessment,
) -> Result<(
    Vec<signalbox_domain::governance::Role>,
    Vec<Approval>,
    ApprovalState,
)> {
    let required = policy.slots(risk.level, change.environment_id);
    let all = governance::approvals_of(conn, change.id)?;
    let round: Vec<&Approval> = all.iter().filter(|a| a.round == g.round).collect();
    let state = approvals::state(&required, &round);
    Ok((required, all, state))
}

impl Workspace {
    /// A change's governance: record, path, risk, approvals.
    pub fn change_governance(&self, id: Uuid) -> Result<GovernanceView> {
        let change = self.load_change(id)?;
        let conn = self.conn();
        let g = record_of(conn, &change)?;
        let (_, risk) = self.assess_one(&change, Radius::UpToLimit)?;
        let (_, decisions, approvals) = approval_state(conn, &change, &g, &risk)?;
        let actor = self.actor()?;
        Ok(GovernanceView {
            change_id: id,
            title: change.title,
            path: g.model.path().to_vec(),
            next: model::next(g.model, g.stage),
            acting_as: signalbox_store::people::by_name(conn, &actor)?,
            record: g,
            risk,
            approvals,
            decisions,
        })
    }

    /// Moves a change to another stage by its model's rules.
    pub fn move_change(&mut self, id: Uuid, input: &StageInput) -> Result<GovernanceView> {
        let change = self.load_change(id)?;
        let (_, risk) = self.assess_one(&change, Radius::UpToLimit)?;
        let reason = input.reason.as_deref().map(str::trim).unwrap_or("");
        if reason.chars().count() > approvals::NOTE_MAX {
            return Err(ApiError::field(
                "reason",
                format!(
                    "The reason is longer than {} characters",
                    approvals::NOTE_MAX
                ),
            ));
        }
        self.write_governance(&[EntityKind::Change], |tx, ctx| {
            let before = record_of(tx, &change)?;
            let (_, _, state) = approval_state(tx, &change, &before, &risk)?;
            let gate = Gate {
                assessed: risk.unanswered.is_empty(),
                approved: state.satisfied,
                approvals_missing: state.missing.clone(),
                pir_owed: before.pir_owed,
            };
            let effect = model::check(before.model, before.stage, input.to, &gate, Some(reason))
                .map_err(ApiError::Refused)?;
            let mut after = before.clone();
            after.stage = input.to;
            after.updated_at = ctx.now;
            match effect {
                Effect::Bypassed => {
                    after.bypass_reason = reason.to_owned();
                    after.pir_owed = true;
                }
                Effect::ReviewRecorded => {
                    after.pir = reason.to_owned();
                    after.pir_owed = false;
                }
                Effect::None => {}
            }
            // An emergency change owes its review from the moment it is implemented.
            if after.model == ChangeModel::Emergency && after.stage == Stage::Implement {
                after.pir_owed = true;
            }
            write_stage(tx, ctx, &change, &before, &after, effect, reason)
        })?;
        self.change_governance(id)
    }

    /// Every post-implementation review still owed, oldest change first:
    /// tracked until each is written.
    pub fn pir_owed(&self) -> Result<Vec<PirOwed>> {
        let conn = self.conn();
        let mut out = Vec::new();
        for g in governance::pir_owed(conn)? {
            if let Some(c) = changes::get(conn, g.change_id)? {
                out.push(PirOwed {
                    change_id: c.id,
                    title: c.title,
                    start: c.start,
                    stage: g.stage,
                    bypass_reason: g.bypass_reason,
                });
            }
        }
        out.sort_by_key(|p| (p.start, p.change_id));
        Ok(out)
    }

    /// Switches a change to another model (before it is scheduled).
    pub fn set_change_model(&mut self, id: Uuid, to: ChangeModel) -> Result<GovernanceView> {
        self.write_governance(&[EntityKind::Change], |tx, ctx| {
            let change =
                changes::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Change, id))?;
            let before = record_of(tx, &change)?;
            if before.model == to {
                return Ok(());
            }
            if !matches!(before.stage, Stage::New | Stage::Assess | Stage::Authorise) {
                return Err(ApiError::Refused(format!(
                    "The change is already {}; its model can only change before it is scheduled",
                    before.stage
                )));
            }
            let mut after = before.clone();
            after.model = to;
            after.stage = model::remap(before.model, to, before.stage);
            after.updated_at = ctx.now;
            governance::put(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Change, id, &change.title),
                AuditAction::Updated,
                Some(&serde_json::json!({ "model": before.model, "stage": before.stage })),
                Some(&serde_json::json!({ "model": after.model, "stage": after.stage })),
            )
        })?;
        self.change_governance(id)
    }
}

/// Stores a stage move and its audit event (and the bypass's own event).
pub(crate) fn write_stage(
    tx: &Connection,
    ctx: &Ctx<'_>,
    change: &Change,
    before: &ChangeGovernance,
    after: &ChangeGovernance,
    effect: Effect,
    reason: &str,
) -> Result<()> {
    governance::put(tx, after)?;
    let subject = || Subject(EntityKind::Change, change.id, &change.title);
    if effect == Effect::Bypassed {
        record(
            tx,
            ctx,
            subject(),
            AuditAction::Bypassed,
            None,
            Some(&serde_json::json!({ "reason": reason, "pir_owed": true })),
        )?;
    }
    record(
        tx,
        ctx,
        subject(),
        AuditAction::StageChanged,
        Some(&serde_json::json!({ "stage": before.stage })),
        Some(&serde_json::json!({ "stage": after.stage, "reason": reason })),
    )
}
