//! Changes: the unit that gets scheduled (and, later, assessed and approved).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{DeployStatus, Interval};
use crate::validation::{self, ValidationErrors};

/// Longest change title accepted.
pub const TITLE_MAX: usize = 120;
/// Longest description accepted.
pub const DESCRIPTION_MAX: usize = 4000;
/// Longest owner name accepted.
pub const OWNER_MAX: usize = 80;
/// Most services one change may touch.
pub const SERVICES_MAX: usize = 200;
/// Longest a single change may last.
pub const MAX_DAYS: i64 = 31;

/// A scheduled change as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Change {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    /// The services it deploys or touches, by id (at least one).
    pub service_ids: Vec<Uuid>,
    pub environment_id: Uuid,
    /// Planned start, UTC.
    pub start: DateTime<Utc>,
    /// Planned end, UTC; after `start`.
    pub end: DateTime<Utc>,
    /// The person responsible (double-booking is checked on this name).
    pub owner: String,
    pub train_id: Option<Uuid>,
    pub status: DeployStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Change {
    /// When it occupies the calendar.
    pub fn interval(&self) -> Interval {
        Interval {
            start: self.start,
            end: self.end,
        }
    }
}

/// What a user submits to create or edit a change. Status moves separately,
/// through the transition rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub service_ids: Vec<Uuid>,
    pub environment_id: Uuid,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub train_id: Option<Uuid>,
}

impl ChangeInput {
    /// Trims and checks every field; that the ids exist is the store's to check.
    pub fn validate(&self) -> Result<ChangeInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let title = validation::name(&mut e, "title", "Title", &self.title, TITLE_MAX);
        let description = validation::text(
            &mut e,
            "description",
            "Description",
            &self.description,
            false,
            DESCRIPTION_MAX,
        );
        let owner = validation::name_optional(&mut e, "owner", "Owner", &self.owner, OWNER_MAX);
        let service_ids = validation::unique(&self.service_ids);
        if service_ids.is_empty() {
            e.add("service_ids", "Choose at least one service");
        } else if service_ids.len() > SERVICES_MAX {
            e.add(
                "service_ids",
                format!(
                    "A change may touch at most {SERVICES_MAX} services; this one has {}",
                    service_ids.len()
                ),
            );
        }
        if self.end <= self.start {
            e.add(
                "end",
                format!(
                    "End ({}) must be after start ({})",
                    self.end.format("%Y-%m-%d %H:%M UTC"),
                    self.start.format("%Y-%m-%d %H:%M UTC")
                ),
            );
        } else if self.end - self.start > Duration::days(MAX_DAYS) {
            e.add(
                "end",
                format!("A change may last at most {MAX_DAYS} days; split longer work into several changes"),
            );
        }
        e.into_result(ChangeInput {
            title,
            description,
            service_ids,
            environment_id: self.environment_id,
            start: self.start,
            end: self.end,
            owner,
            train_id: self.train_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn input() -> ChangeInput {
        ChangeInput {
            title: "  Deploy ledger 4.2 ".into(),
            description: String::new(),
            service_ids: vec![Uuid::nil(), Uuid::nil()],
            environment_id: Uuid::nil(),
            start: Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 3, 1, 11, 0, 0).unwrap(),
            owner: "Dana".into(),
            train_id: None,
        }
    }

    #[test]
    fn trims_and_deduplicates() {
        let ok = input().validate().unwrap();
        assert_eq!(ok.title, "Deploy ledger 4.2");
        assert_eq!(ok.service_ids.len(), 1);
    }

    #[test]
    fn end_before_start_names_both_times() {
        let mut i = input();
        i.end = i.start - Duration::minutes(30);
        let e = i.validate().unwrap_err();
        assert_eq!(e.0[0].field, "end");
        assert!(
            e.0[0].message.contains("2026-03-01 09:30 UTC"),
            "{}",
            e.0[0].message
        );
        i.end = i.start;
        assert_eq!(i.validate().unwrap_err().0[0].field, "end");
    }

    #[test]
    fn needs_a_title_and_a_service() {
        let mut i = input();
        i.title = " ".into();
        i.service_ids.clear();
        let e = i.validate().unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["title", "service_ids"]);
    }

    #[test]
    fn refuses_a_change_longer_than_a_month() {
        let mut i = input();
        i.end = i.start + Duration::days(MAX_DAYS + 1);
        assert!(i.validate().unwrap_err().0[0]
            .message
            .contains("at most 31 days"));
    }
}
