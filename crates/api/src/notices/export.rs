//! A notice written out as a file: Markdown, a self-contained HTML page,
//! plain text, or an .eml draft addressed to its audience's recipients.

use serde::{Deserialize, Serialize};
use signalbox_domain::notices::eml::{self, Draft};
use signalbox_domain::notices::export::{html_document, plain_text};
use signalbox_domain::notices::recipients::parse_entry;
use signalbox_domain::notices::render::escape_markdown;
use signalbox_domain::EntityKind;
use signalbox_store::{notices as store, settings};
use ts_rs::TS;
use uuid::Uuid;

use super::templates::render_parts;
use super::Exported;
use crate::{ApiError, Result, Workspace};
use signalbox_domain::new_id;
use signalbox_domain::notices::{NoticeTarget, Part, Template};

/// The settings key of the address drafts are sent from.
pub(crate) const SENDER: &str = "notice_sender";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Markdown,
    Html,
    Text,
    Eml,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Text => "txt",
            ExportFormat::Eml => "eml",
        }
    }

    /// What the save dialog's filter calls it.
    pub fn filter(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Html => "HTML page",
            ExportFormat::Text => "Plain text",
            ExportFormat::Eml => "Email draft",
        }
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => ExportFormat::Markdown,
            "html" => ExportFormat::Html,
            "txt" | "text" => ExportFormat::Text,
            "eml" => ExportFormat::Eml,
            other => {
                return Err(format!(
                    "unknown format \"{other}\" (expected md, html, txt or eml)"
                ))
            }
        })
    }
}

/// A file name from a subject: lower case words joined by hyphens.
pub(crate) fn file_stem(subject: &str) -> String {
    let mut out = String::new();
    for c in subject.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "notice".to_owned()
    } else {
        out
    }
}

/// The subject as a Markdown heading over the body.
fn with_heading(subject: &str, body: &str) -> String {
    format!("# {}\n\n{}", escape_markdown(subject), body.trim_end())
}

impl Workspace {
    /// Writes subject and body as `format`, without storing anything.
    pub(crate) fn render_export(
        &self,
        subject: &str,
        body: &str,
        audience: signalbox_domain::notices::Audience,
        format: ExportFormat,
        id: Uuid,
    ) -> Result<String> {
        Ok(match format {
            ExportFormat::Markdown => with_heading(subject, body) + "\n",
            ExportFormat::Html => html_document(subject, &with_heading(subject, body)),
            ExportFormat::Text => plain_text(&with_heading(subject, body)),
            ExportFormat::Eml => {
                let conn = self.conn();
                let from = settings::get(conn, SENDER)?
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| parse_entry(&s))
                    .transpose()
                    .map_err(|e| ApiError::field("sender", format!("The sender address: {e}")))?;
                let to = store::recipients(conn, audience)?;
                let html = html_document(subject, body);
                eml::render(&Draft {
                    from: from.as_ref(),
                    to: &to,
                    subject,
                    text: &plain_text(body),
                    html: &html,
                    date: self.now(),
                    id,
                })
            }
        })
    }

    /// Renders a template for an object straight to a file's text, storing
    /// nothing (the CLI's `notice render`). A template error names its part
    /// and line.
    pub fn render_notice(
        &self,
        template: &Template,
        target: NoticeTarget,
        time_zone: &str,
        format: ExportFormat,
    ) -> Result<Exported> {
        let ctx = self.notice_context(target, template.kind, template.audience, time_zone)?;
        let (subject, body, errors) = render_parts(&template.subject, &template.body, &ctx);
        if let Some(e) = errors.first() {
            return Err(ApiError::field(
                if e.part == Part::Subject {
                    "subject"
                } else {
                    "body"
                },
                format!("Template \"{}\": {e}", template.name),
            ));
        }
        let id = new_id(self.now());
        Ok(Exported {
            file_name: format!("{}.{}", file_stem(&subject), format.extension()),
            content: self.render_export(&subject, &body, template.audience, format, id)?,
        })
    }

    /// A stored notice as a file.
    pub fn export_notice(&self, id: Uuid, format: ExportFormat) -> Result<Exported> {
        let n = store::get(self.conn(), id)?
            .ok_or_else(|| ApiError::not_found(EntityKind::Notice, id))?;
        let content = self.render_export(&n.subject, &n.body, n.audience, format, n.id)?;
        Ok(Exported {
            file_name: format!("{}.{}", file_stem(&n.subject), format.extension()),
            content,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_subject() {
        assert_eq!(
            file_stem("Maintenance: Payments 2026.11, Tue 24 Nov"),
            "maintenance-payments-2026-11-tue-24-nov"
        );
        assert_eq!(file_stem("<<>>"), "notice");
    }
}
