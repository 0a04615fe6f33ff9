//! Change advisory boards and their meetings: a CAB's definition and agenda
//! filter, which changes a filter picks, the frozen agenda item a meeting
//! keeps for each change, and the decisions a meeting records.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::model::{ChangeModel, Stage};
use super::risk::{RiskLevel, RiskReason};
use crate::validation::{self, ValidationErrors};

/// Longest CAB name accepted.
pub const CAB_NAME_MAX: usize = 80;
/// Longest agenda horizon, in days.
pub const HORIZON_MAX_DAYS: u32 = 90;
/// Most items one agenda holds.
pub const AGENDA_MAX: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Fortnightly,
    Monthly,
    AdHoc,
}

impl Cadence {
    pub fn label(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Fortnightly => "fortnightly",
            Cadence::Monthly => "monthly",
            Cadence::AdHoc => "ad hoc",
        }
    }
}

impl FromStr for Cadence {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s
            .trim()
            .to_lowercase()
            .replace(['-', ' ', '_'], "")
            .as_str()
        {
            "weekly" => Ok(Cadence::Weekly),
            "fortnightly" | "biweekly" => Ok(Cadence::Fortnightly),
            "monthly" => Ok(Cadence::Monthly),
            "adhoc" => Ok(Cadence::AdHoc),
            _ => Err(format!(
                "unknown cadence \"{s}\"; expected weekly, fortnightly, monthly or ad-hoc"
            )),
        }
    }
}

/// Which changes come before a CAB. Empty lists mean "any".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AgendaFilter {
    #[serde(default)]
    pub environment_ids: Vec<Uuid>,
    #[serde(default)]
    pub levels: Vec<RiskLevel>,
    #[serde(default)]
    pub models: Vec<ChangeModel>,
    /// Changes starting within this many days of the meeting.
    pub horizon_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Cab {
    pub id: Uuid,
    pub name: String,
    pub cadence: Cadence,
    /// People, by id.
    pub member_ids: Vec<Uuid>,
    pub filter: AgendaFilter,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CabInput {
    pub name: String,
    pub cadence: Cadence,
    #[serde(default)]
    pub member_ids: Vec<Uuid>,
    pub filter: AgendaFilter,
}

impl CabInput {
    pub fn validate(&self) -> Result<CabInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let name = validation::name(&mut e, "name", "Name", &self.name, CAB_NAME_MAX);
        let h = self.filter.horizon_days;
        if h == 0 || h > HORIZON_MAX_DAYS {
            e.add(
                "horizon_days",
                format!("The horizon is {h} days; choose 1 to {HORIZON_MAX_DAYS}"),
            );
        }
        let filter = AgendaFilter {
            environment_ids: validation::unique(&self.filter.environment_ids),
            levels: validation::unique(&self.filter.levels),
            models: validation::unique(&self.filter.models),
            horizon_days: h,
        };
        e.into_result(CabInput {
            name,
            cadence: self.cadence,
            member_ids: validation::unique(&self.member_ids),
            filter,
        })
    }
}

/// What the filter needs to know of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub change_id: Uuid,
    pub start: DateTime<Utc>,
    pub environment_id: Uuid,
    pub level: RiskLevel,
    pub model: ChangeModel,
    pub stage: Stage,
}

/// A change comes before the CAB while it awaits authorisation: a new one
/// is still a draft, one in assessment not ready to be decided on.
pub fn pending(stage: Stage) -> bool {
    stage == Stage::Authorise
}

impl AgendaFilter {
    /// True when `c` belongs on an agenda for a meeting at `at`.
    pub fn matches(&self, at: DateTime<Utc>, c: &Candidate) -> bool {
        let until = at + Duration::days(i64::from(self.horizon_days));
        pending(c.stage)
            && c.start >= at
            && c.start < until
            && (self.environment_ids.is_empty() || self.environment_ids.contains(&c.environment_id))
            && (self.levels.is_empty() || self.levels.contains(&c.level))
            && (self.models.is_empty() || self.models.contains(&c.model))
    }

    /// The changes for a meeting at `at`, soonest first.
    pub fn pick(&self, at: DateTime<Utc>, candidates: &[Candidate]) -> Vec<Uuid> {
        let mut hits: Vec<&Candidate> = candidates.iter().filter(|c| self.matches(at, c)).collect();
        hits.sort_by_key(|c| (c.start, c.change_id));
        hits.into_iter().map(|c| c.change_id).collect()
    }
}

/// A meeting's decision on one agenda item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MeetingDecision {
    Approve,
    Reject,
    Defer,
    RequestChanges,
}

impl MeetingDecision {
    pub fn label(self) -> &'static str {
        match self {
            MeetingDecision::Approve => "Approved",
            MeetingDecision::Reject => "Rejected",
            MeetingDecision::Defer => "Deferred",
            MeetingDecision::RequestChanges => "Changes requested",
        }
    }
}

impl FromStr for MeetingDecision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().replace(['-', ' '], "_").as_str() {
            "approve" => Ok(MeetingDecision::Approve),
            "reject" => Ok(MeetingDecision::Reject),
            "defer" => Ok(MeetingDecision::Defer),
            "request_changes" => Ok(MeetingDecision::RequestChanges),
            _ => Err(format!(
                "unknown decision \"{s}\"; expected approve, reject, defer or request-changes"
            )),
        }
    }
}

impl fmt::Display for MeetingDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What the agenda froze about a change at the cutoff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemFacts {
    pub change_id: Uuid,
    pub title: String,
    pub environment: String,
    pub services: Vec<String>,
    pub owner: String,
    pub requested_by: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub model: ChangeModel,
    pub stage: Stage,
    pub level: RiskLevel,
    pub score: u32,
    pub reasons: Vec<RiskReason>,
    /// Conflicts, as their messages.
    pub conflicts: Vec<String>,
    /// Services downstream of the change's, directly or not.
    pub blast_radius: u32,
    /// The approvals its level and environment need, e.g. "release manager".
    pub approvals_needed: Vec<String>,
}

/// One agenda item: the frozen facts and what the meeting did with them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AgendaItem {
    pub position: u32,
    pub facts: ItemFacts,
    /// Pulled in by the chair after the cutoff.
    pub late: bool,
    pub decision: Option<MeetingDecision>,
    pub note: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Time the meeting spent on it.
    pub seconds: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    /// The agenda is frozen; the meeting has not started.
    Prepared,
    InProgress,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attendee {
    pub person_id: Uuid,
    pub name: String,
    pub role: super::approvals::Role,
    pub present: bool,
}

/// A meeting, as kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Meeting {
    pub id: Uuid,
    pub cab_id: Uuid,
    pub cab_name: String,
    /// When it sits; the agenda's horizon counts from here.
    pub at: DateTime<Utc>,
    /// When the agenda was frozen.
    pub cutoff: DateTime<Utc>,
    pub status: MeetingStatus,
    pub chair: String,
    pub attendees: Vec<Attendee>,
    pub items: Vec<AgendaItem>,
    /// The item being discussed (a position), while in progress.
    pub current: u32,
    /// When the current item came up.
    pub current_since: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl Meeting {
    /// Items still without a decision.
    pub fn open_items(&self) -> usize {
        self.items.iter().filter(|i| i.decision.is_none()).count()
    }
}

/// Checks a decision on the item for `change` in `meeting`.
pub fn check_meeting_decision(
    meeting: &Meeting,
    change: Uuid,
    decision: MeetingDecision,
    note: &str,
) -> Result<u32, String> {
    if meeting.status != MeetingStatus::InProgress {
        return Err(match meeting.status {
            MeetingStatus::Prepared => "The meeting has not started; start it first".into(),
            _ => "The meeting is closed; its decisions are final".into(),
        });
    }
    let Some(item) = meeting.items.iter().find(|i| i.facts.change_id == change) else {
        return Err(
            "That change is not on this meeting's agenda; pull it in from the late additions first"
                .into(),
        );
    };
    if let Some(d) = item.decision {
        return Err(format!(
            "\"{}\" is already decided: {}",
            item.facts.title,
            d.label().to_lowercase()
        ));
    }
    if matches!(
        decision,
        MeetingDecision::Reject | MeetingDecision::RequestChanges
    ) && note.trim().is_empty()
    {
        return Err(format!(
            "Say why: \"{}\" needs a note with that decision",
            decision.label().to_lowercase()
        ));
    }
    Ok(item.position)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap()
    }

    fn cand(n: u128, days: i64, level: RiskLevel, stage: Stage) -> Candidate {
        Candidate {
            change_id: Uuid::from_u128(n),
            start: at() + Duration::days(days),
            environment_id: Uuid::from_u128(if n.is_multiple_of(2) { 10 } else { 11 }),
            level,
            model: ChangeModel::Normal,
            stage,
        }
    }

    #[test]
    fn the_filter_picks_pending_changes_in_the_horizon_soonest_first() {
        let f = AgendaFilter {
            environment_ids: vec![],
            levels: vec![RiskLevel::High, RiskLevel::Critical],
            models: vec![],
            horizon_days: 7,
        };
        let cs = [
            cand(1, 3, RiskLevel::High, Stage::Authorise),
            cand(2, 1, RiskLevel::Critical, Stage::Assess),
            cand(8, 2, RiskLevel::Critical, Stage::Authorise),
            cand(3, 2, RiskLevel::Low, Stage::Authorise),
            cand(4, 9, RiskLevel::High, Stage::Authorise),
            cand(5, 2, RiskLevel::High, Stage::Scheduled),
            cand(6, -1, RiskLevel::High, Stage::Authorise),
            cand(7, 1, RiskLevel::High, Stage::New),
        ];
        assert_eq!(f.pick(at(), &cs), [Uuid::from_u128(8), Uuid::from_u128(1)]);
        let only_env = AgendaFilter {
            environment_ids: vec![Uuid::from_u128(11)],
            ..f
        };
        assert_eq!(only_env.pick(at(), &cs), [Uuid::from_u128(1)]);
    }

    #[test]
    fn a_cab_is_checked() {
        let input = CabInput {
            name: " ".into(),
            cadence: Cadence::Weekly,
            member_ids: vec![Uuid::nil(), Uuid::nil()],
            filter: AgendaFilter {
                environment_ids: vec![],
                levels: vec![],
                models: vec![],
                horizon_days: 0,
            },
        };
        let e = input.validate().unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "horizon_days"]);
        assert_eq!("Ad-hoc".parse::<Cadence>(), Ok(Cadence::AdHoc));
    }
}
