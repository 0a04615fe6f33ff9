//! One change's risk: its assessment with every reason and the facts behind
//! them, and answering its questionnaire.

use serde::Serialize;
use signalbox_domain::calendar::Change;
use signalbox_domain::governance::{
    Answers, ChangeModel, Question, RiskAssessment, RiskFacts, Stage,
};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{changes, governance};
use ts_rs::TS;
use uuid::Uuid;

use super::facts::Radius;
use super::record_of;
use crate::workspace::{record, Subject};
use crate::{ApiError, Result, Workspace};

/// A change's risk as its panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RiskView {
    pub change_id: Uuid,
    pub title: String,
    pub model: ChangeModel,
    pub stage: Stage,
    pub assessment: RiskAssessment,
    pub facts: RiskFacts,
    pub questions: Vec<Question>,
    pub answers: Answers,
    /// False for standard changes (pre-approved: no assessment) and changes
    /// past authorisation.
    pub editable: bool,
}

impl Workspace {
    pub(crate) fn load_change(&self, id: Uuid) -> Result<Change> {
        changes::get(self.conn(), id)?.ok_or_else(|| ApiError::not_found(EntityKind::Change, id))
    }

    /// The risk of one change, with the whole blast radius counted.
    pub fn change_risk(&self, id: Uuid) -> Result<RiskView> {
        let change = self.load_change(id)?;
        let (facts, assessment) = self.assess_one(&change, Radius::Exact)?;
        let g = record_of(self.conn(), &change)?;
        let policy = super::policy::risk_policy(self.conn())?;
        Ok(RiskView {
            change_id: id,
            title: change.title,
            model: g.model,
            stage: g.stage,
            editable: answerable(g.model, g.stage),
            assessment,
            facts,
            questions: policy.questions,
            answers: g.answers,
        })
    }

    pub(crate) fn assess_one(
        &self,
        change: &Change,
        radius: Radius,
    ) -> Result<(RiskFacts, RiskAssessment)> {
        let ctx = self.risk_context(change.interval(), radius)?;
        ctx.assess_all(&[change])?
            .pop()
            .ok_or_else(|| ApiError::Internal("no assessment came back".into()))
    }

    /// Records a change's questionnaire answers (all of them: a question
    /// left out is unanswered) and returns its new risk.
    pub fn answer_risk(&mut self, id: Uuid, answers: &Answers) -> Result<RiskView> {
        let policy = super::policy::risk_policy(self.conn())?;
        // Unknown questions and options are refused by name before anything is written.
        policy.check_answers(answers)?;
        self.write_governance(&[EntityKind::Change], |tx, ctx| {
            let change =
                changes::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Change, id))?;
            let before = record_of(tx, &change)?;
            if !answerable(before.model, before.stage) {
                return Err(ApiError::Refused(
                    if before.model == ChangeModel::Standard {
                        "A standard change is pre-approved: it has no risk questionnaire".into()
                    } else {
                        format!(
                            "The change is in {}; its assessment can no longer be changed",
                            before.stage
                        )
                    },
                ));
            }
            let mut after = before.clone();
            after.answers = answers.clone();
            after.updated_at = ctx.now;
            if after.answers == before.answers {
                return Ok(());
            }
            governance::put(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Change, id, &change.title),
                AuditAction::Assessed,
                Some(&before.answers),
                Some(&after.answers),
            )
        })?;
        self.change_risk(id)
    }
}

/// Answers may change until the change is authorised.
fn answerable(m: ChangeModel, stage: Stage) -> bool {
    m != ChangeModel::Standard
        && !stage.is_final()
        && m.path()
            .iter()
            .position(|s| *s == stage)
            .zip(m.path().iter().position(|s| *s == Stage::Authorise))
            .is_some_and(|(i, a)| i <= a)
}
