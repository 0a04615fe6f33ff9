//! Environments: the stages of the promotion path (dev → staging → production).

use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::validation::{self, ValidationErrors};

/// Longest environment name accepted.
pub const NAME_MAX: usize = 40;
/// Largest concurrent-deployment quota accepted.
pub const QUOTA_MAX: u32 = 1000;
/// Largest position in the promotion path accepted.
pub const POSITION_MAX: u32 = 1000;

/// An environment as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Environment {
    pub id: Uuid,
    pub name: String,
    /// Order in the promotion path: lower comes first.
    pub position: u32,
    /// Whether deployments here count as production (DORA metrics, approvals).
    pub production: bool,
    /// Most deployments allowed to run at once; `None` means no limit.
    pub deploy_quota: Option<u32>,
    /// IANA time zone name for windows in this environment, e.g. `Europe/Berlin`.
    pub time_zone: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a user submits to create or edit an environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EnvironmentInput {
    pub name: String,
    pub position: u32,
    #[serde(default)]
    pub production: bool,
    #[serde(default)]
    pub deploy_quota: Option<u32>,
    pub time_zone: String,
}

impl EnvironmentInput {
    /// Trims and checks every field; uniqueness is the store's to check.
    pub fn validate(&self) -> Result<EnvironmentInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let name = validation::name(&mut e, "name", "Name", &self.name, NAME_MAX);
        if self.position > POSITION_MAX {
            e.add(
                "position",
                format!("Position must be between 0 and {POSITION_MAX}"),
            );
        }
        if let Some(q) = self.deploy_quota {
            if q == 0 || q > QUOTA_MAX {
                e.add(
                    "deploy_quota",
                    format!("Quota must be between 1 and {QUOTA_MAX}, or empty for no limit"),
                );
            }
        }
        let time_zone = self.time_zone.trim().to_string();
        if time_zone.is_empty() {
            e.add(
                "time_zone",
                "Time zone is required, e.g. UTC or Europe/Berlin",
            );
        } else if !is_time_zone(&time_zone) {
            e.add(
                "time_zone",
                format!("\"{time_zone}\" is not an IANA time zone; use a name such as UTC, Europe/Berlin or America/New_York"),
            );
        }
        e.into_result(EnvironmentInput {
            name,
            position: self.position,
            production: self.production,
            deploy_quota: self.deploy_quota,
            time_zone,
        })
    }
}

/// True when `name` is a time zone in the IANA database.
pub fn is_time_zone(name: &str) -> bool {
    chrono_tz::Tz::from_str(name).is_ok()
}

/// Every IANA time zone name, for pickers.
pub fn time_zone_names() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EnvironmentInput {
        EnvironmentInput {
            name: "production".into(),
            position: 3,
            production: true,
            deploy_quota: Some(2),
            time_zone: "Europe/Berlin".into(),
        }
    }

    #[test]
    fn accepts_an_iana_zone() {
        assert!(input().validate().is_ok());
    }

    #[test]
    fn rejects_an_unknown_zone_and_a_zero_quota() {
        let mut i = input();
        i.time_zone = "Mars/Olympus".into();
        i.deploy_quota = Some(0);
        let e = i.validate().unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["deploy_quota", "time_zone"]);
        assert!(e.0[1].message.contains("Mars/Olympus"));
    }

    #[test]
    fn lists_zones_for_pickers() {
        assert!(time_zone_names().contains(&"America/New_York"));
    }
}
