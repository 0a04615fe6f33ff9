//! Stakeholder notices: templates (built-in and written, versioned), their
//! live preview, notices generated from them for a train, change, window
//! or incident, the record of each sending, exports, recipients per
//! audience and incidents.

mod context;
mod export;
mod generate;
mod incidents;
mod recipients;
mod templates;

use serde::{Deserialize, Serialize};
use signalbox_domain::notices::{
    Audience, Notice, NoticeKind, NoticeSend, NoticeTarget, Recipient, TargetKind, Template,
    TemplateError, TemplateVersion,
};
use ts_rs::TS;
use uuid::Uuid;

pub use export::ExportFormat;

/// A template with its history and, for customers, the lint's warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TemplateView {
    pub template: Template,
    /// Newest first; the first is the current text.
    pub versions: Vec<TemplateVersion>,
    pub lint: Vec<String>,
}

/// What the editor previews: the text being edited (saved or not), for an
/// object (or example data when none is chosen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewInput {
    pub subject: String,
    pub body: String,
    pub kind: NoticeKind,
    pub audience: Audience,
    pub target: Option<NoticeTarget>,
    /// IANA name, e.g. `Europe/Berlin`: the reader's zone.
    pub time_zone: String,
}

/// A rendered preview. Template errors are part of it (the editor shows
/// them by line), not a failure of the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Preview {
    pub subject: String,
    /// Markdown.
    pub body: String,
    /// The body as an HTML fragment, every value escaped.
    pub html: String,
    pub errors: Vec<TemplateError>,
    pub lint: Vec<String>,
    /// What it was rendered for: an object's name or "Example data".
    pub target_label: String,
}

/// An object a notice can be about, for pickers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TargetOption {
    pub kind: TargetKind,
    pub id: Uuid,
    pub label: String,
    /// When, or what else tells it apart.
    pub detail: String,
}

/// Generate a notice from a template for an object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GenerateInput {
    pub template_id: Uuid,
    pub target: NoticeTarget,
    pub time_zone: String,
}

/// A notice as its screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NoticeView {
    pub notice: Notice,
    /// Newest first.
    pub sends: Vec<NoticeSend>,
    /// The body as an HTML fragment.
    pub html: String,
    /// Who its audience's list says it goes to.
    pub recipients: Vec<Recipient>,
    /// False when its object has since been deleted (it cannot be
    /// generated again, but its text stays).
    pub target_exists: bool,
}

/// Record that a notice was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SendInput {
    /// One recipient per line (`Name <address>` or an address).
    pub recipients: String,
}

/// A file's worth of a notice or a recipient list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Exported {
    pub file_name: String,
    pub content: String,
}

/// One audience's recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RecipientsView {
    pub audience: Audience,
    pub recipients: Vec<Recipient>,
}
