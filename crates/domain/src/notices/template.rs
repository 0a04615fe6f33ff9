//! Notice templates as records: what a notice is about (its kind), who reads
//! it (its audience), and the Jinja subject and body it is rendered from.
//! A template is versioned: every save keeps the text it replaced.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::render::{variables, Part};
use crate::validation::{self, ValidationErrors};

/// Longest template name accepted.
pub const NAME_MAX: usize = 120;
/// Longest subject template accepted.
pub const SUBJECT_MAX: usize = 500;
/// Longest body template accepted (characters).
pub const BODY_MAX: usize = 64 * 1024;

macro_rules! spelled {
    ($ty:ident, $what:literal, $($variant:ident => $s:literal, $label:literal),+ $(,)?) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            /// The stored spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $s),+ }
            }
            /// How a person reads it.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                match s.as_str() {
                    $($s => Ok($ty::$variant),)+
                    _ => Err(format!(
                        concat!("unknown ", $what, " \"{}\" (expected one of: {})"),
                        s,
                        [$($s),+].join(", ")
                    )),
                }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// What a notice announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    MaintenanceWindow,
    ReleaseAnnouncement,
    IncidentUpdate,
    RollbackNotice,
    FreezeAnnouncement,
    CabOutcome,
}

spelled!(NoticeKind, "notice kind",
    MaintenanceWindow => "maintenance_window", "Maintenance window",
    ReleaseAnnouncement => "release_announcement", "Release announcement",
    IncidentUpdate => "incident_update", "Incident update",
    RollbackNotice => "rollback_notice", "Rollback notice",
    FreezeAnnouncement => "freeze_announcement", "Freeze announcement",
    CabOutcome => "cab_outcome", "CAB outcome",
);

/// Who reads a notice: operations want detail, executives a summary,
/// customers no internal identifiers, support what to tell customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Operations,
    Executives,
    Customers,
    Support,
}

spelled!(Audience, "audience",
    Operations => "operations", "Operations",
    Executives => "executives", "Executives",
    Customers => "customers", "Customers",
    Support => "support", "Support",
);

/// A notice template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Template {
    pub id: Uuid,
    pub name: String,
    pub kind: NoticeKind,
    pub audience: Audience,
    /// One line of Jinja: the mail subject.
    pub subject: String,
    /// Jinja producing Markdown.
    pub body: String,
    /// 1 when created, one more with every save.
    pub version: u32,
    /// The built-in this template started as (`maintenance_window/customers`),
    /// or `None` for one a user wrote.
    pub builtin: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One saved version of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateVersion {
    pub version: u32,
    pub name: String,
    pub subject: String,
    pub body: String,
    pub saved_at: DateTime<Utc>,
    pub saved_by: String,
}

/// What a user edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateInput {
    pub name: String,
    pub kind: NoticeKind,
    pub audience: Audience,
    pub subject: String,
    pub body: String,
}

impl TemplateInput {
    /// Trims the name, checks lengths, and parses both parts: a syntax error
    /// is reported against its field with the line it is on.
    pub fn validate(&self) -> Result<TemplateInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let name = validation::name(&mut e, "name", "Name", &self.name, NAME_MAX);
        let subject = self.subject.trim().to_owned();
        if subject.is_empty() {
            e.add("subject", "Subject is required");
        } else if subject.chars().count() > SUBJECT_MAX {
            e.add(
                "subject",
                format!("Subject must be at most {SUBJECT_MAX} characters"),
            );
        } else if subject.contains('\n') {
            e.add("subject", "Subject must be one line");
        } else if let Err(err) = variables(Part::Subject, &subject) {
            e.add("subject", err.to_string());
        }
        if self.body.trim().is_empty() {
            e.add("body", "Body is required");
        } else if self.body.chars().count() > BODY_MAX {
            e.add(
                "body",
                format!("Body must be at most {} KB", BODY_MAX / 1024),
            );
        } else if let Err(err) = variables(Part::Body, &self.body) {
            e.add("body", err.to_string());
        }
        e.into_result(TemplateInput {
            name,
            kind: self.kind,
            audience: self.audience,
            subject,
            body: self.body.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> TemplateInput {
        TemplateInput {
            name: " Ops maintenance ".into(),
            kind: NoticeKind::MaintenanceWindow,
            audience: Audience::Operations,
            subject: "Maintenance: {{ release.name }}".into(),
            body: "Hello\n{{ release.when }}\n".into(),
        }
    }

    #[test]
    fn kinds_and_audiences_parse_their_spellings_and_labels() {
        assert_eq!(
            "maintenance-window".parse::<NoticeKind>(),
            Ok(NoticeKind::MaintenanceWindow)
        );
        assert_eq!("Customers".parse::<Audience>(), Ok(Audience::Customers));
        let e = "press".parse::<Audience>().unwrap_err();
        assert!(
            e.contains("operations, executives, customers, support"),
            "{e}"
        );
        assert_eq!(NoticeKind::ALL.len(), 6);
        assert_eq!(NoticeKind::CabOutcome.label(), "CAB outcome");
    }

    #[test]
    fn a_valid_template_is_trimmed_and_a_broken_one_names_field_and_line() {
        assert_eq!(input().validate().unwrap().name, "Ops maintenance");
        let bad = TemplateInput {
            body: "ok\n{% for c in changes %}\n".into(),
            subject: "a\nb".into(),
            name: String::new(),
            ..input()
        };
        let e = bad.validate().unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "subject", "body"]);
        assert!(
            e.0[2].message.starts_with("Body, line "),
            "{}",
            e.0[2].message
        );
    }
}
