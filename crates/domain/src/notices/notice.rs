//! Notices (a template rendered for one object, then edited by hand), the
//! record of each sending, and incidents, the one object notices have that
//! the calendar does not.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::recipients::Recipient;
use super::template::{Audience, NoticeKind, SUBJECT_MAX};
use crate::validation::{self, ValidationErrors};

/// Longest notice body accepted after editing (characters).
pub const NOTICE_BODY_MAX: usize = 256 * 1024;

/// What kind of object a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Train,
    Change,
    Window,
    Incident,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Train => "train",
            TargetKind::Change => "change",
            TargetKind::Window => "window",
            TargetKind::Incident => "incident",
        }
    }
}

impl FromStr for TargetKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "train" => TargetKind::Train,
            "change" => TargetKind::Change,
            "window" => TargetKind::Window,
            "incident" => TargetKind::Incident,
            other => return Err(format!("unknown notice object \"{other}\"")),
        })
    }
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The object a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct NoticeTarget {
    pub kind: TargetKind,
    pub id: Uuid,
}

/// A generated notice: its text as rendered, then as edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Notice {
    pub id: Uuid,
    /// The template it came from (it may since have been deleted).
    pub template_id: Option<Uuid>,
    pub template_name: String,
    pub template_version: u32,
    pub kind: NoticeKind,
    pub audience: Audience,
    pub target: NoticeTarget,
    /// The object's name when the notice was generated.
    pub target_label: String,
    /// The zone its times are written in.
    pub time_zone: String,
    pub subject: String,
    /// Markdown.
    pub body: String,
    /// Edited by hand since it was generated.
    pub edited: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When it was last recorded as sent.
    pub sent_at: Option<DateTime<Utc>>,
}

/// A hand edit of a notice's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoticeEdit {
    pub subject: String,
    pub body: String,
}

impl NoticeEdit {
    pub fn validate(&self) -> Result<NoticeEdit, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let subject = validation::text(
            &mut e,
            "subject",
            "Subject",
            &self.subject,
            true,
            SUBJECT_MAX,
        );
        if subject.contains(['\n', '\r']) {
            e.add("subject", "Subject must be one line");
        }
        if self.body.trim().is_empty() {
            e.add("body", "The notice has no text");
        } else if self.body.chars().count() > NOTICE_BODY_MAX {
            e.add(
                "body",
                format!("The notice must be at most {} KB", NOTICE_BODY_MAX / 1024),
            );
        }
        e.into_result(NoticeEdit {
            subject,
            body: self.body.clone(),
        })
    }
}

/// One recorded sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoticeSend {
    pub id: Uuid,
    pub notice_id: Uuid,
    pub at: DateTime<Utc>,
    pub by: String,
    pub recipients: Vec<Recipient>,
}

/// Where an incident stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

impl IncidentStatus {
    pub const ALL: [IncidentStatus; 4] = [
        IncidentStatus::Investigating,
        IncidentStatus::Identified,
        IncidentStatus::Monitoring,
        IncidentStatus::Resolved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "investigating",
            IncidentStatus::Identified => "identified",
            IncidentStatus::Monitoring => "monitoring",
            IncidentStatus::Resolved => "resolved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "Investigating",
            IncidentStatus::Identified => "Identified",
            IncidentStatus::Monitoring => "Monitoring",
            IncidentStatus::Resolved => "Resolved",
        }
    }
}

impl FromStr for IncidentStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IncidentStatus::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| format!("unknown incident status \"{s}\""))
    }
}

/// An incident, for incident updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Incident {
    pub id: Uuid,
    pub title: String,
    pub status: IncidentStatus,
    /// What users notice, in words customers understand.
    pub impact: String,
    pub service_ids: Vec<Uuid>,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IncidentInput {
    pub title: String,
    pub status: IncidentStatus,
    pub impact: String,
    pub service_ids: Vec<Uuid>,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl IncidentInput {
    pub fn validate(&self) -> Result<IncidentInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let title = validation::name(&mut e, "title", "Title", &self.title, 200);
        let impact = validation::text(&mut e, "impact", "Impact", &self.impact, false, 4000);
        if let Some(r) = self.resolved_at {
            if r < self.started_at {
                e.add(
                    "resolved_at",
                    "An incident cannot be resolved before it started",
                );
            }
        }
        if self.status == IncidentStatus::Resolved && self.resolved_at.is_none() {
            e.add(
                "resolved_at",
                "A resolved incident needs the time it was resolved",
            );
        }
        e.into_result(IncidentInput {
            title,
            impact,
            service_ids: validation::unique(&self.service_ids),
            ..self.clone()
        })
    }
}
