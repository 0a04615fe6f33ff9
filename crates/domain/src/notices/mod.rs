//! Stakeholder notices: templates (kind × audience, versioned), the live
//! data they read, rendering in a sandbox, and the forms a notice leaves
//! in (Markdown, HTML, plain text, .eml drafts) with its recipients.

pub mod builtin;
pub mod context;
pub mod eml;
pub mod export;
pub mod notice;
pub mod recipients;
pub mod render;
pub mod template;

pub use context::{palette, Clock, NoticeContext, PaletteEntry};
pub use notice::{
    Incident, IncidentInput, IncidentStatus, Notice, NoticeEdit, NoticeSend, NoticeTarget,
    TargetKind,
};
pub use recipients::{Recipient, RecipientError};
pub use render::{customer_lint, render, variables, Markup, Part, TemplateError};
pub use template::{Audience, NoticeKind, Template, TemplateInput, TemplateVersion};
