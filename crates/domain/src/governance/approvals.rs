//! People, roles and approvals: which roles must approve a change (by its
//! risk level and environment), how the decisions given fill those slots,
//! and the separation-of-duties rules every decision is checked against.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::risk::RiskLevel;
use crate::validation::{self, ValidationErrors};

/// Longest person name accepted.
pub const PERSON_NAME_MAX: usize = 80;
/// Longest decision note accepted.
pub const NOTE_MAX: usize = 2000;

/// What a person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ReleaseManager,
    CabMember,
    /// Reads only: may not decide.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::ReleaseManager, Role::CabMember, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::ReleaseManager => "release_manager",
            Role::CabMember => "cab_member",
            Role::Viewer => "viewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::ReleaseManager => "release manager",
            Role::CabMember => "CAB member",
            Role::Viewer => "viewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let key = s.trim().to_lowercase().replace(['-', ' '], "_");
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == key)
            .ok_or_else(|| {
                format!("unknown role \"{s}\"; expected release-manager, cab-member or viewer")
            })
    }
}

/// Someone who takes part in governance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Person {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonInput {
    pub name: String,
    pub role: Role,
}

impl PersonInput {
    pub fn validate(&self) -> Result<PersonInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let name = validation::name(&mut e, "name", "Name", &self.name, PERSON_NAME_MAX);
        e.into_result(PersonInput {
            name,
            role: self.role,
        })
    }
}

/// Who must approve changes of one risk level, in one environment or all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApprovalRule {
    pub level: RiskLevel,
    /// `None`: every environment without a rule of its own.
    pub environment_id: Option<Uuid>,
    /// One slot per entry: two CAB members is dual approval.
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApprovalPolicy {
    pub rules: Vec<ApprovalRule>,
}

impl ApprovalPolicy {
    /// What ships: one release manager up to moderate risk; a release
    /// manager and a CAB member at high; dual CAB approval at critical.
    pub fn defaults() -> ApprovalPolicy {
        let rule = |level, roles: &[Role]| ApprovalRule {
            level,
            environment_id: None,
            roles: roles.to_vec(),
        };
        use Role::*;
        ApprovalPolicy {
            rules: vec![
                rule(RiskLevel::Low, &[ReleaseManager]),
                rule(RiskLevel::Moderate, &[ReleaseManager]),
                rule(RiskLevel::High, &[ReleaseManager, CabMember]),
                rule(RiskLevel::Critical, &[ReleaseManager, CabMember, CabMember]),
            ],
        }
    }

    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        let mut seen = std::collections::HashSet::new();
        for (i, r) in self.rules.iter().enumerate() {
            let n = i + 1;
            if !seen.insert((r.level, r.environment_id)) {
                e.add(
                    "rules",
                    format!("Rule {n} repeats another rule's level and environment"),
                );
            }
            if r.roles.contains(&Role::Viewer) {
                e.add("rules", format!("Rule {n}: a viewer cannot approve"));
            }
            if r.roles.len() > 5 {
                e.add("rules", format!("Rule {n}: at most five approvals"));
            }
        }
        e.into_result(())
    }

    /// The slots a change at `level` in `environment` must fill: the rule
    /// for that environment, else the general one, else one release manager.
    pub fn slots(&self, level: RiskLevel, environment: Uuid) -> Vec<Role> {
        let find = |env: Option<Uuid>| {
            self.rules
                .iter()
                .find(|r| r.level == level && r.environment_id == env)
        };
        find(Some(environment))
            .or_else(|| find(None))
            .map_or_else(|| vec![Role::ReleaseManager], |r| r.roles.clone())
    }
}

/// A decision on a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
    RequestChanges,
}

impl Decision {
    pub fn past(self) -> &'static str {
        match self {
            Decision::Approve => "approved",
            Decision::Reject => "rejected",
            Decision::RequestChanges => "requested changes",
        }
    }
}

/// A decision as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Approval {
    pub id: Uuid,
    pub change_id: Uuid,
    /// Decisions count only in the round they were given in; requesting
    /// changes starts a new round.
    pub round: u32,
    pub person_id: Uuid,
    pub person_name: String,
    pub role: Role,
    pub decision: Decision,
    pub note: String,
    pub at: DateTime<Utc>,
    /// The CAB meeting it was given in, if any.
    pub meeting_id: Option<Uuid>,
}

/// One required approval and who gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApprovalSlot {
    pub role: Role,
    pub filled_by: Option<String>,
}

/// Where a change's approvals stand in the current round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApprovalState {
    pub slots: Vec<ApprovalSlot>,
    pub satisfied: bool,
    /// e.g. "1 more approval: CAB member"; empty when satisfied.
    pub missing: String,
}

/// Fills `required` with the approvals of the round, in the order given.
pub fn state(required: &[Role], round: &[&Approval]) -> ApprovalState {
    let mut slots: Vec<ApprovalSlot> = required
        .iter()
        .map(|r| ApprovalSlot {
            role: *r,
            filled_by: None,
        })
        .collect();
    for a in round.iter().filter(|a| a.decision == Decision::Approve) {
        if let Some(s) = slots
            .iter_mut()
            .find(|s| s.role == a.role && s.filled_by.is_none())
        {
            s.filled_by = Some(a.person_name.clone());
        }
    }
    let open: Vec<&str> = slots
        .iter()
        .filter(|s| s.filled_by.is_none())
        .map(|s| s.role.label())
        .collect();
    let missing = match open.len() {
        0 => String::new(),
        1 => format!("1 more approval: {}", open[0]),
        n => format!("{n} more approvals: {}", open.join(", ")),
    };
    ApprovalState {
        satisfied: open.is_empty(),
        slots,
        missing,
    }
}

/// Checks `person` deciding `decision` on a change `requester` asked for,
/// given the approvals already given this round. The reason names the rule.
pub fn check_decision(
    person: &Person,
    requester: &str,
    decision: Decision,
    note: &str,
    required: &[Role],
    round: &[&Approval],
) -> Result<(), String> {
    if person.role == Role::Viewer {
        return Err(format!(
            "{} is a viewer; only release managers and CAB members decide",
            person.name
        ));
    }
    if person.name.trim().eq_ignore_ascii_case(requester.trim()) {
        return Err(format!(
            "{} requested this change and cannot decide on it: the requester may not approve their own change",
            person.name
        ));
    }
    if decision != Decision::Approve && note.trim().is_empty() {
        return Err(format!(
            "Say why: a decision that the change is {} needs a note",
            decision.past()
        ));
    }
    if note.chars().count() > NOTE_MAX {
        return Err(format!("The note is longer than {NOTE_MAX} characters"));
    }
    if decision == Decision::Approve {
        if round
            .iter()
            .any(|a| a.person_id == person.id && a.decision == Decision::Approve)
        {
            return Err(format!(
                "{} has already approved this change; the same person cannot fill two approvals",
                person.name
            ));
        }
        let now = state(required, round);
        if now.satisfied {
            return Err("Every approval it needs is already given".into());
        }
        if !now
            .slots
            .iter()
            .any(|s| s.role == person.role && s.filled_by.is_none())
        {
            let open: Vec<&str> = now
                .slots
                .iter()
                .filter(|s| s.filled_by.is_none())
                .map(|s| s.role.label())
                .collect();
            return Err(format!(
                "No {} approval is needed; still needed: {}",
                person.role.label(),
                open.join(", ")
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn person(n: u128, name: &str, role: Role) -> Person {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        Person {
            id: Uuid::from_u128(n),
            name: name.into(),
            role,
            created_at: at,
            updated_at: at,
        }
    }

    fn approved(p: &Person) -> Approval {
        Approval {
            id: Uuid::from_u128(100 + p.id.as_u128()),
            change_id: Uuid::nil(),
            round: 1,
            person_id: p.id,
            person_name: p.name.clone(),
            role: p.role,
            decision: Decision::Approve,
            note: String::new(),
            at: p.created_at,
            meeting_id: None,
        }
    }

    #[test]
    fn the_environment_rule_wins_over_the_general_one() {
        let env = Uuid::from_u128(7);
        let mut p = ApprovalPolicy::defaults();
        assert_eq!(
            p.slots(RiskLevel::High, env),
            [Role::ReleaseManager, Role::CabMember]
        );
        p.rules.push(ApprovalRule {
            level: RiskLevel::High,
            environment_id: Some(env),
            roles: vec![Role::CabMember, Role::CabMember],
        });
        assert_eq!(
            p.slots(RiskLevel::High, env),
            [Role::CabMember, Role::CabMember]
        );
        assert_eq!(
            p.slots(RiskLevel::High, Uuid::from_u128(8)),
            [Role::ReleaseManager, Role::CabMember]
        );
        p.rules.push(p.rules[0].clone());
        assert!(p.validate().is_err());
    }

    #[test]
    fn dual_approval_needs_two_different_people() {
        let required = [Role::ReleaseManager, Role::CabMember, Role::CabMember];
        let ann = person(1, "Ann", Role::CabMember);
        let bo = person(2, "Bo", Role::CabMember);
        let rm = person(3, "Rui", Role::ReleaseManager);
        let a1 = approved(&ann);
        let round = vec![&a1];
        let e = check_decision(&ann, "Dana", Decision::Approve, "", &required, &round).unwrap_err();
        assert_eq!(
            e,
            "Ann has already approved this change; the same person cannot fill two approvals"
        );
        assert!(check_decision(&bo, "Dana", Decision::Approve, "", &required, &round).is_ok());
        let a2 = approved(&bo);
        let s = state(&required, &[&a1, &a2]);
        assert_eq!(
            (s.satisfied, s.missing.as_str()),
            (false, "1 more approval: release manager")
        );
        let carl = person(4, "Carl", Role::CabMember);
        let e = check_decision(&carl, "Dana", Decision::Approve, "", &required, &[&a1, &a2])
            .unwrap_err();
        assert_eq!(
            e,
            "No CAB member approval is needed; still needed: release manager"
        );
        let a3 = approved(&rm);
        assert!(state(&required, &[&a1, &a2, &a3]).satisfied);
    }

    #[test]
    fn the_requester_and_viewers_cannot_decide_and_refusals_need_a_note() {
        let required = [Role::ReleaseManager];
        let dana = person(1, "Dana", Role::ReleaseManager);
        let e = check_decision(&dana, " dana ", Decision::Approve, "", &required, &[]).unwrap_err();
        assert!(e.contains("may not approve their own change"), "{e}");
        let v = person(2, "Vic", Role::Viewer);
        assert!(
            check_decision(&v, "Dana", Decision::Approve, "", &required, &[])
                .unwrap_err()
                .contains("viewer")
        );
        let rm = person(3, "Rui", Role::ReleaseManager);
        assert_eq!(
            check_decision(&rm, "Dana", Decision::Reject, " ", &required, &[]).unwrap_err(),
            "Say why: a decision that the change is rejected needs a note"
        );
        assert!(check_decision(&rm, "Dana", Decision::Reject, "too risky", &required, &[]).is_ok());
    }

    #[test]
    fn roles_parse_as_the_cli_spells_them() {
        assert_eq!("release-manager".parse::<Role>(), Ok(Role::ReleaseManager));
        assert_eq!("CAB member".parse::<Role>(), Ok(Role::CabMember));
        assert!("admin".parse::<Role>().is_err());
    }
}
