//! Teams: the owners of services and, later, of changes and approvals.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::validation::{self, ValidationErrors};

/// Longest team name accepted.
pub const NAME_MAX: usize = 80;
/// Longest description accepted.
pub const DESCRIPTION_MAX: usize = 2000;
/// Longest contact (email, chat channel, pager alias) accepted.
pub const CONTACT_MAX: usize = 200;

/// A team as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    /// How to reach the team: an email address, a chat channel, a pager alias.
    pub contact: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a user submits to create or edit a team.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub contact: String,
}

impl TeamInput {
    /// Trims every field and checks it; uniqueness is the store's to check.
    pub fn validate(&self) -> Result<TeamInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let name = validation::name(&mut e, "name", "Name", &self.name, NAME_MAX);
        let description = validation::text(
            &mut e,
            "description",
            "Description",
            &self.description,
            false,
            DESCRIPTION_MAX,
        );
        let contact = validation::name(&mut e, "contact", "Contact", &self.contact, CONTACT_MAX);
        // `name` reports a blank contact as missing; contact is optional.
        e.0.retain(|f| !(f.field == "contact" && contact.is_empty()));
        e.into_result(TeamInput {
            name,
            description,
            contact,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_contact_is_fine_but_a_blank_name_is_not() {
        let ok = TeamInput {
            name: " Payments ".into(),
            ..Default::default()
        };
        assert_eq!(ok.validate().unwrap().name, "Payments");
        let bad = TeamInput::default().validate().unwrap_err();
        assert_eq!(bad.summary(), "name: Name is required");
    }
}
