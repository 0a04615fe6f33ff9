//! Release trains: a dated, named bundle of changes that ships through the
//! environments of the promotion path.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::DeployStatus;
use crate::validation::{self, ValidationErrors};

/// Longest train name accepted.
pub const NAME_MAX: usize = 80;
/// Longest version text accepted.
pub const VERSION_MAX: usize = 40;

/// Where a train stands as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TrainStatus {
    Planning,
    Boarding,
    Departed,
    Shipped,
    Cancelled,
}

impl TrainStatus {
    pub const ALL: [TrainStatus; 5] = [
        TrainStatus::Planning,
        TrainStatus::Boarding,
        TrainStatus::Departed,
        TrainStatus::Shipped,
        TrainStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TrainStatus::Planning => "planning",
            TrainStatus::Boarding => "boarding",
            TrainStatus::Departed => "departed",
            TrainStatus::Shipped => "shipped",
            TrainStatus::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for TrainStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TrainStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        TrainStatus::ALL
            .into_iter()
            .find(|d| d.as_str() == t)
            .ok_or_else(|| {
                format!("\"{s}\" is not a train status; use planning, boarding, departed, shipped or cancelled")
            })
    }
}

/// When the train should reach one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TrainTarget {
    pub environment_id: Uuid,
    pub date: NaiveDate,
}

/// A release train as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Train {
    pub id: Uuid,
    pub name: String,
    pub version: String,
    pub owner: String,
    pub description: String,
    pub status: TrainStatus,
    /// Target dates along the promotion path, in path order.
    pub targets: Vec<TrainTarget>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a user submits to create or edit a train.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TrainInput {
    pub name: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "planning")]
    pub status: TrainStatus,
    #[serde(default)]
    pub targets: Vec<TrainTarget>,
}

fn planning() -> TrainStatus {
    TrainStatus::Planning
}

impl TrainInput {
    /// Trims and checks every field; that environments exist is the store's to check.
    pub fn validate(&self) -> Result<TrainInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let name = validation::name(&mut e, "name", "Name", &self.name, NAME_MAX);
        let version =
            validation::name_optional(&mut e, "version", "Version", &self.version, VERSION_MAX);
        let owner = validation::name_optional(&mut e, "owner", "Owner", &self.owner, 80);
        let description = validation::text(
            &mut e,
            "description",
            "Description",
            &self.description,
            false,
            4000,
        );
        let mut seen = Vec::new();
        for t in &self.targets {
            if seen.contains(&t.environment_id) {
                e.add("targets", "Each environment may have one target date");
                break;
            }
            seen.push(t.environment_id);
        }
        e.into_result(TrainInput {
            name,
            version,
            owner,
            description,
            status: self.status,
            targets: self.targets.clone(),
        })
    }
}

/// How far a train's changes have got.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TrainProgress {
    pub total: u32,
    /// Succeeded or verified.
    pub done: u32,
    /// Queued, in progress, stalled or blocked.
    pub active: u32,
    /// Failed or rolled back.
    pub failed: u32,
    pub cancelled: u32,
}

impl TrainProgress {
    /// Counts the statuses of a train's changes.
    pub fn of(statuses: impl IntoIterator<Item = DeployStatus>) -> TrainProgress {
        let mut p = TrainProgress::default();
        for s in statuses {
            p.total += 1;
            match s {
                DeployStatus::Succeeded | DeployStatus::Verified => p.done += 1,
                DeployStatus::Queued
                | DeployStatus::InProgress
                | DeployStatus::Stalled
                | DeployStatus::Blocked => p.active += 1,
                DeployStatus::Failed | DeployStatus::RolledBack => p.failed += 1,
                DeployStatus::Cancelled => p.cancelled += 1,
                DeployStatus::Planned | DeployStatus::Unknown => {}
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_target_per_environment() {
        let env = Uuid::nil();
        let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let input = TrainInput {
            name: "March train".into(),
            version: "2026.03".into(),
            owner: String::new(),
            description: String::new(),
            status: TrainStatus::Planning,
            targets: vec![
                TrainTarget {
                    environment_id: env,
                    date,
                },
                TrainTarget {
                    environment_id: env,
                    date,
                },
            ],
        };
        assert_eq!(input.validate().unwrap_err().0[0].field, "targets");
    }

    #[test]
    fn progress_counts_each_status_group() {
        use DeployStatus::*;
        let p = TrainProgress::of([Planned, Succeeded, Verified, InProgress, Failed, Cancelled]);
        assert_eq!(
            (p.total, p.done, p.active, p.failed, p.cancelled),
            (6, 2, 1, 1, 1)
        );
    }
}
