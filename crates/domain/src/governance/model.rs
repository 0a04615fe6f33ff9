//! Change models and their lifecycle: which stages a change passes through,
//! which moves are legal, and what each move needs (a finished assessment,
//! the approvals, a reason). The rules live here so the app, the CLI and a
//! CAB meeting refuse the same things with the same words.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::risk::Answers;

/// How a change is governed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeModel {
    /// Pre-approved and routine: no assessment, no authorisation.
    Standard,
    /// Assessed, authorised, scheduled, implemented, reviewed.
    Normal,
    /// Urgent: no assessment; a post-implementation review is mandatory.
    Emergency,
}

/// Where a change is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    New,
    Assess,
    Authorise,
    Scheduled,
    Implement,
    Review,
    Closed,
    Rejected,
    Cancelled,
}

impl ChangeModel {
    pub const ALL: [ChangeModel; 3] = [
        ChangeModel::Standard,
        ChangeModel::Normal,
        ChangeModel::Emergency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeModel::Standard => "standard",
            ChangeModel::Normal => "normal",
            ChangeModel::Emergency => "emergency",
        }
    }

    /// The stages a change of this model passes through, in order.
    pub fn path(self) -> &'static [Stage] {
        use Stage::*;
        match self {
            ChangeModel::Standard => &[New, Scheduled, Implement, Review, Closed],
            ChangeModel::Normal => &[New, Assess, Authorise, Scheduled, Implement, Review, Closed],
            ChangeModel::Emergency => &[New, Authorise, Implement, Review, Closed],
        }
    }
}

impl Stage {
    pub const ALL: [Stage; 9] = [
        Stage::New,
        Stage::Assess,
        Stage::Authorise,
        Stage::Scheduled,
        Stage::Implement,
        Stage::Review,
        Stage::Closed,
        Stage::Rejected,
        Stage::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Assess => "assess",
            Stage::Authorise => "authorise",
            Stage::Scheduled => "scheduled",
            Stage::Implement => "implement",
            Stage::Review => "review",
            Stage::Closed => "closed",
            Stage::Rejected => "rejected",
            Stage::Cancelled => "cancelled",
        }
    }

    /// Closed, rejected and cancelled changes are done with.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Closed | Stage::Rejected | Stage::Cancelled)
    }
}

macro_rules! text_enum {
    ($t:ty, $what:literal) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let key = s.trim().to_lowercase().replace(['-', ' '], "_");
                // "authorize" is accepted too: both spellings are in use.
                let key = if key == "authorize" {
                    "authorise".into()
                } else {
                    key
                };
                Self::ALL
                    .into_iter()
                    .find(|v| v.as_str() == key)
                    .ok_or_else(|| {
                        let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                        format!(
                            "unknown {} \"{s}\"; expected one of {}",
                            $what,
                            names.join(", ")
                        )
                    })
            }
        }
    };
}
text_enum!(ChangeModel, "change model");
text_enum!(Stage, "stage");

/// A change's governance record: its model, stage, who asked for it, the
/// questionnaire's answers and the review obligations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeGovernance {
    pub change_id: Uuid,
    pub model: ChangeModel,
    pub stage: Stage,
    /// Who requested it: they may not approve it.
    pub requested_by: String,
    /// The chosen answer's index by question key.
    pub answers: Answers,
    /// Approvals count in the round they were given in; requesting changes
    /// starts the next round.
    pub round: u32,
    /// An emergency change owes its post-implementation review.
    pub pir_owed: bool,
    /// The post-implementation review, once written.
    pub pir: String,
    /// Why an emergency change went ahead without its approvals.
    pub bypass_reason: String,
    pub updated_at: DateTime<Utc>,
}

impl ChangeGovernance {
    /// What a change without a stored record is: normal, new, unassessed.
    pub fn initial(change_id: Uuid, requested_by: &str, at: DateTime<Utc>) -> ChangeGovernance {
        ChangeGovernance {
            change_id,
            model: ChangeModel::Normal,
            stage: Stage::New,
            requested_by: requested_by.to_owned(),
            answers: Answers::new(),
            round: 1,
            pir_owed: false,
            pir: String::new(),
            bypass_reason: String::new(),
            updated_at: at,
        }
    }
}

/// What the data says about a change when it is moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gate {
    /// Every question of the risk questionnaire is answered.
    pub assessed: bool,
    /// The approvals its risk level and environment need are all given.
    pub approved: bool,
    /// What is missing when not approved, e.g. "1 more approval: CAB member".
    pub approvals_missing: String,
    /// An emergency change's post-implementation review is still owed.
    pub pir_owed: bool,
}

/// What a legal move brings with it, besides the new stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    /// An emergency change went ahead without its approvals; a PIR is owed.
    Bypassed,
    /// The emergency change's PIR was recorded; the obligation is met.
    ReviewRecorded,
}

/// Checks moving a change of `model` from `from` to `to`. `reason` is the
/// user's note: needed to cancel, to bypass approvals in an emergency, and
/// as the PIR when an emergency change is closed.
pub fn check(
    model: ChangeModel,
    from: Stage,
    to: Stage,
    gate: &Gate,
    reason: Option<&str>,
) -> Result<Effect, String> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if from == to {
        return Err(format!("The change is already in {from}"));
    }
    if from.is_final() {
        return Err(format!("The change is {from}; it cannot move any more"));
    }
    if to == Stage::Cancelled {
        return match reason {
            Some(_) => Ok(Effect::None),
            None => Err("Cancelling a change needs a reason".into()),
        };
    }
    if to == Stage::Rejected {
        return Err("A change is rejected by an approver's decision, not moved there".into());
    }
    let path = model.path();
    let (Some(i), Some(j)) = (
        path.iter().position(|s| *s == from),
        path.iter().position(|s| *s == to),
    ) else {
        return Err(format!(
            "A {model} change has no {} stage; its path is {}",
            if path.contains(&from) { to } else { from },
            path_text(model)
        ));
    };
    if j < i {
        return Err(format!(
            "A change cannot go back from {from} to {to}; request changes instead"
        ));
    }
    if j > i + 1 {
        let skipped: Vec<&str> = path[i + 1..j].iter().map(|s| s.as_str()).collect();
        return Err(format!(
            "A {model} change cannot skip from {from} to {to}: {} comes first",
            skipped.join(", then ")
        ));
    }
    match (model, from, to) {
        (ChangeModel::Normal, Stage::Assess, Stage::Authorise) if !gate.assessed => Err(
            "The risk assessment is not finished: answer every question first".into(),
        ),
        (ChangeModel::Normal, Stage::Authorise, _) if !gate.approved => Err(format!(
            "It is not approved yet: {}",
            gate.approvals_missing
        )),
        (ChangeModel::Emergency, Stage::Authorise, _) if !gate.approved => match reason {
            Some(_) => Ok(Effect::Bypassed),
            None => Err(format!(
                "It is not approved yet ({}); an emergency may bypass approval only with a reason",
                gate.approvals_missing
            )),
        },
        (ChangeModel::Emergency, Stage::Review, Stage::Closed) => match reason {
            Some(_) => Ok(Effect::ReviewRecorded),
            None => Err(
                "An emergency change is closed by its post-implementation review: write it as the reason"
                    .into(),
            ),
        },
        (_, Stage::Review, Stage::Closed) if gate.pir_owed => Err(
            "Its post-implementation review is still owed: write it as the reason".into(),
        ),
        _ => Ok(Effect::None),
    }
}

/// The stages a change may be moved to next by hand (cancelling aside).
pub fn next(model: ChangeModel, from: Stage) -> Option<Stage> {
    if from.is_final() {
        return None;
    }
    let path = model.path();
    let i = path.iter().position(|s| *s == from)?;
    path.get(i + 1).copied()
}

/// Where a change goes back to when an approver requests changes.
pub fn rework_stage(model: ChangeModel) -> Stage {
    match model {
        ChangeModel::Normal => Stage::Assess,
        _ => Stage::New,
    }
}

/// "new → assess → …" for messages.
pub fn path_text(model: ChangeModel) -> String {
    model
        .path()
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Where a change of `model` starts out when it is moved to another model:
/// the same stage when the new model has it, else the nearest earlier one.
pub fn remap(from: ChangeModel, to: ChangeModel, stage: Stage) -> Stage {
    if stage.is_final() || to.path().contains(&stage) {
        return stage;
    }
    let path = from.path();
    let i = path.iter().position(|s| *s == stage).unwrap_or(0);
    path[..i]
        .iter()
        .rev()
        .find(|s| to.path().contains(s))
        .copied()
        .unwrap_or(Stage::New)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready() -> Gate {
        Gate {
            assessed: true,
            approved: true,
            approvals_missing: String::new(),
            pir_owed: false,
        }
    }

    #[test]
    fn a_normal_change_walks_its_whole_path_and_may_not_skip() {
        let path = ChangeModel::Normal.path();
        for w in path.windows(2) {
            assert_eq!(
                check(ChangeModel::Normal, w[0], w[1], &ready(), None),
                Ok(Effect::None)
            );
        }
        let e = check(
            ChangeModel::Normal,
            Stage::Assess,
            Stage::Scheduled,
            &ready(),
            None,
        )
        .unwrap_err();
        assert_eq!(
            e,
            "A normal change cannot skip from assess to scheduled: authorise comes first"
        );
        let e = check(
            ChangeModel::Normal,
            Stage::Implement,
            Stage::Assess,
            &ready(),
            None,
        )
        .unwrap_err();
        assert!(e.contains("cannot go back"), "{e}");
    }

    #[test]
    fn assessment_and_approval_gate_a_normal_change() {
        let mut g = ready();
        g.assessed = false;
        let e = check(
            ChangeModel::Normal,
            Stage::Assess,
            Stage::Authorise,
            &g,
            None,
        )
        .unwrap_err();
        assert!(e.contains("answer every question"), "{e}");
        g.approved = false;
        g.approvals_missing = "1 more approval: CAB member".into();
        let e = check(
            ChangeModel::Normal,
            Stage::Authorise,
            Stage::Scheduled,
            &g,
            Some("please"),
        )
        .unwrap_err();
        assert_eq!(e, "It is not approved yet: 1 more approval: CAB member");
    }

    #[test]
    fn standard_skips_assessment_and_authorisation() {
        assert_eq!(
            check(
                ChangeModel::Standard,
                Stage::New,
                Stage::Scheduled,
                &Gate::default(),
                None
            ),
            Ok(Effect::None)
        );
        let e = check(
            ChangeModel::Standard,
            Stage::New,
            Stage::Assess,
            &ready(),
            None,
        )
        .unwrap_err();
        assert_eq!(
            e,
            "A standard change has no assess stage; its path is new → scheduled → implement → review → closed"
        );
    }

    #[test]
    fn an_emergency_may_bypass_approval_with_a_reason_and_owes_a_review() {
        let g = Gate {
            approvals_missing: "1 more approval: release manager".into(),
            ..Gate::default()
        };
        let m = ChangeModel::Emergency;
        assert!(check(m, Stage::Authorise, Stage::Implement, &g, None)
            .unwrap_err()
            .contains("only with a reason"));
        assert_eq!(
            check(
                m,
                Stage::Authorise,
                Stage::Implement,
                &g,
                Some("payments down")
            ),
            Ok(Effect::Bypassed)
        );
        assert!(check(m, Stage::Review, Stage::Closed, &g, Some("  "))
            .unwrap_err()
            .contains("post-implementation review"));
        assert_eq!(
            check(
                m,
                Stage::Review,
                Stage::Closed,
                &g,
                Some("Root cause: config")
            ),
            Ok(Effect::ReviewRecorded)
        );
    }

    #[test]
    fn cancelling_needs_a_reason_and_final_stages_stay_put() {
        let m = ChangeModel::Normal;
        assert!(check(m, Stage::Scheduled, Stage::Cancelled, &ready(), None).is_err());
        assert_eq!(
            check(
                m,
                Stage::Scheduled,
                Stage::Cancelled,
                &ready(),
                Some("superseded")
            ),
            Ok(Effect::None)
        );
        let e = check(m, Stage::Closed, Stage::Review, &ready(), None).unwrap_err();
        assert_eq!(e, "The change is closed; it cannot move any more");
        assert!(check(m, Stage::Authorise, Stage::Rejected, &ready(), None).is_err());
    }

    #[test]
    fn names_parse_in_either_spelling_and_models_remap_stages() {
        assert_eq!("Authorize".parse::<Stage>(), Ok(Stage::Authorise));
        assert!("later"
            .parse::<Stage>()
            .unwrap_err()
            .contains("expected one of new, assess"));
        assert_eq!(
            remap(ChangeModel::Normal, ChangeModel::Standard, Stage::Authorise),
            Stage::New
        );
        assert_eq!(
            remap(
                ChangeModel::Normal,
                ChangeModel::Emergency,
                Stage::Authorise
            ),
            Stage::Authorise
        );
        assert_eq!(
            next(ChangeModel::Emergency, Stage::New),
            Some(Stage::Authorise)
        );
        assert_eq!(next(ChangeModel::Normal, Stage::Closed), None);
    }
}
