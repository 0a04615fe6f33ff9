//! The common deployment status model and its transition rules.
//!
//! `planned → queued → in_progress → succeeded → verified`, with the exits
//! `failed`, `cancelled`, `rolled_back`, `stalled`, `blocked` and `unknown`.
//! Transitions are rules, not free edits: `verified` needs a recorded
//! sign-off or passing check, `rolled_back` a reference to the rollback.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a planned or synced deployment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeployStatus {
    Planned,
    Queued,
    InProgress,
    Succeeded,
    Verified,
    Failed,
    Cancelled,
    RolledBack,
    Stalled,
    Blocked,
    Unknown,
}

impl DeployStatus {
    /// Every status, in the order of the happy path and then the exits.
    pub const ALL: [DeployStatus; 11] = [
        DeployStatus::Planned,
        DeployStatus::Queued,
        DeployStatus::InProgress,
        DeployStatus::Succeeded,
        DeployStatus::Verified,
        DeployStatus::Failed,
        DeployStatus::Cancelled,
        DeployStatus::RolledBack,
        DeployStatus::Stalled,
        DeployStatus::Blocked,
        DeployStatus::Unknown,
    ];

    /// The stored and exported spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DeployStatus::Planned => "planned",
            DeployStatus::Queued => "queued",
            DeployStatus::InProgress => "in_progress",
            DeployStatus::Succeeded => "succeeded",
            DeployStatus::Verified => "verified",
            DeployStatus::Failed => "failed",
            DeployStatus::Cancelled => "cancelled",
            DeployStatus::RolledBack => "rolled_back",
            DeployStatus::Stalled => "stalled",
            DeployStatus::Blocked => "blocked",
            DeployStatus::Unknown => "unknown",
        }
    }

    /// True while the change still occupies its slot on the calendar: it is
    /// planned, running or waiting. Finished, failed and cancelled changes
    /// no longer collide with anything.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            DeployStatus::Planned
                | DeployStatus::Queued
                | DeployStatus::InProgress
                | DeployStatus::Stalled
                | DeployStatus::Blocked
                | DeployStatus::Unknown
        )
    }

    /// The statuses a change may move to from this one.
    pub fn next(self) -> &'static [DeployStatus] {
        use DeployStatus::*;
        match self {
            Planned => &[Queued, InProgress, Blocked, Cancelled],
            Queued => &[InProgress, Blocked, Stalled, Cancelled, Planned],
            InProgress => &[Succeeded, Failed, Stalled, Blocked, Cancelled, RolledBack],
            Succeeded => &[Verified, RolledBack, Failed],
            Verified => &[RolledBack],
            Failed => &[RolledBack, Planned],
            Cancelled => &[Planned],
            RolledBack => &[Planned],
            Stalled => &[InProgress, Failed, Cancelled, Queued],
            Blocked => &[Queued, InProgress, Cancelled, Planned],
            Unknown => &[
                Planned, Queued, InProgress, Succeeded, Failed, Cancelled, Stalled, Blocked,
            ],
        }
    }

    /// Checks a move to `to`. `evidence` is the sign-off, check or rollback
    /// reference the move needs; it must be non-blank where required.
    pub fn transition(self, to: DeployStatus, evidence: Option<&str>) -> Result<(), String> {
        if self == to {
            return Err(format!("The change is already {}", to.label()));
        }
        if !self.next().contains(&to) {
            let allowed: Vec<_> = self.next().iter().map(|s| s.label()).collect();
            return Err(format!(
                "A change cannot go from {} to {}; from {} it can go to {}",
                self.label(),
                to.label(),
                self.label(),
                allowed.join(", ")
            ));
        }
        let has_evidence = evidence.is_some_and(|e| !e.trim().is_empty());
        match to {
            DeployStatus::Verified if !has_evidence => Err(
                "Verified needs a passing post-deploy check or a sign-off: say which (e.g. \"smoke tests passed, run 4121\" or \"signed off by Dana\")".into(),
            ),
            DeployStatus::RolledBack if !has_evidence => Err(
                "Rolled back needs the rollback record: link or name the rollback (e.g. its change, pipeline run or incident)".into(),
            ),
            _ => Ok(()),
        }
    }

    /// Words for messages: "in progress", "rolled back".
    pub fn label(self) -> &'static str {
        match self {
            DeployStatus::InProgress => "in progress",
            DeployStatus::RolledBack => "rolled back",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for DeployStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DeployStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        DeployStatus::ALL
            .into_iter()
            .find(|d| d.as_str() == t)
            .ok_or_else(|| {
                let all: Vec<_> = DeployStatus::ALL.iter().map(|d| d.as_str()).collect();
                format!("\"{s}\" is not a status; use one of {}", all.join(", "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::DeployStatus::*;
    use super::*;

    #[test]
    fn the_happy_path_is_allowed() {
        assert!(Planned.transition(Queued, None).is_ok());
        assert!(Queued.transition(InProgress, None).is_ok());
        assert!(InProgress.transition(Succeeded, None).is_ok());
        assert!(Succeeded
            .transition(Verified, Some("smoke tests green"))
            .is_ok());
    }

    #[test]
    fn verified_and_rolled_back_need_evidence() {
        let e = Succeeded.transition(Verified, Some("  ")).unwrap_err();
        assert!(e.contains("sign-off"), "{e}");
        let e = InProgress.transition(RolledBack, None).unwrap_err();
        assert!(e.contains("rollback record"), "{e}");
        assert!(InProgress.transition(RolledBack, Some("CHG-12")).is_ok());
    }

    #[test]
    fn skipping_ahead_is_refused_with_the_allowed_moves() {
        let e = Planned.transition(Verified, Some("x")).unwrap_err();
        assert!(e.contains("from planned to verified"), "{e}");
        assert!(e.contains("queued"), "{e}");
        assert!(Planned.transition(Planned, None).is_err());
        assert!(Verified.transition(Planned, None).is_err());
    }

    #[test]
    fn spellings_round_trip_and_unknown_text_is_named() {
        for s in DeployStatus::ALL {
            assert_eq!(s.as_str().parse::<DeployStatus>(), Ok(s));
        }
        assert_eq!("In Progress".parse::<DeployStatus>(), Ok(InProgress));
        assert!("done"
            .parse::<DeployStatus>()
            .unwrap_err()
            .contains("\"done\""));
    }

    #[test]
    fn only_open_changes_hold_their_slot() {
        assert!(Planned.is_open() && InProgress.is_open() && Blocked.is_open());
        assert!(!Succeeded.is_open() && !Cancelled.is_open() && !Failed.is_open());
    }
}
