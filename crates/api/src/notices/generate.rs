//! Notice use cases: generating one from a template for an object, editing
//! its text, recording each sending (who, when, to whom) as an audit event,
//! and the pickers' lists of objects.

use serde::Serialize;
use signalbox_domain::notices::export::html_fragment;
use signalbox_domain::notices::recipients::parse_list;
use signalbox_domain::notices::{Notice, NoticeEdit, NoticeSend, TargetKind};
use signalbox_domain::validation::ValidationErrors;
use signalbox_domain::{new_id, AuditAction, EntityKind};
use signalbox_store::{changes, notices as store, templates, trains, windows};
use uuid::Uuid;

use super::context::label_of;
use super::templates::render_parts;
use super::{GenerateInput, NoticeView, SendInput, TargetOption};
use crate::workspace::{record, Subject};
use crate::{ApiError, Result, Workspace};

/// Most notices the list shows.
const LIST_LIMIT: u32 = 500;
/// Most changes a picker search returns.
const PICK_LIMIT: u32 = 50;
/// Most trains, windows or incidents a picker lists.
const PICK_LIST_MAX: usize = 500;

/// What the audit log keeps of a sending.
#[derive(Serialize)]
struct SentRecord<'a> {
    subject: &'a str,
    recipients: Vec<String>,
}

impl Workspace {
    /// Renders the template for the object and stores the notice.
    pub fn generate_notice(&mut self, input: &GenerateInput) -> Result<Notice> {
        let template = templates::get(self.conn(), input.template_id)?
            .ok_or_else(|| ApiError::not_found(EntityKind::Template, input.template_id))?;
        let ctx = self
            .notice_context(
                input.target,
                template.kind,
                template.audience,
                &input.time_zone,
            )
            .map_err(|e| match e {
                ApiError::NotFound(_) => ApiError::NotFound(format!(
                    "the {} this notice would be about no longer exists (it may have been deleted)",
                    input.target.kind
                )),
                other => other,
            })?;
        let target_label = label_of(&ctx);
        let (subject, body, errors) = render_parts(&template.subject, &template.body, &ctx);
        if let Some(e) = errors.first() {
            return Err(ApiError::field(
                if e.part == signalbox_domain::notices::Part::Subject {
                    "subject"
                } else {
                    "body"
                },
                format!("Template \"{}\": {e}", template.name),
            ));
        }
        let time_zone = ctx.reader.time_zone.clone();
        self.write_keeping_caches(&[EntityKind::Notice], |tx, c| {
            let n = Notice {
                id: new_id(c.now),
                template_id: Some(template.id),
                template_name: template.name.clone(),
                template_version: template.version,
                kind: template.kind,
                audience: template.audience,
                target: input.target,
                target_label,
                time_zone,
                subject,
                body,
                edited: false,
                created_by: c.actor.to_owned(),
                created_at: c.now,
                updated_at: c.now,
                sent_at: None,
            };
            store::insert(tx, &n)?;
            record(
                tx,
                c,
                Subject(EntityKind::Notice, n.id, &n.subject),
                AuditAction::Created,
                None,
                Some(&n),
            )?;
            Ok(n)
        })
    }

    /// The newest notices first.
    pub fn list_notices(&self) -> Result<Vec<Notice>> {
        Ok(store::list(self.conn(), LIST_LIMIT)?)
    }

    pub fn notice(&self, id: Uuid) -> Result<NoticeView> {
        let conn = self.conn();
        let notice =
            store::get(conn, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Notice, id))?;
        Ok(NoticeView {
            sends: store::sends(conn, id)?,
            html: html_fragment(&notice.body),
            recipients: store::recipients(conn, notice.audience)?,
            target_exists: self.target_exists(notice.target)?,
            notice,
        })
    }

    /// Replaces a notice's text with a hand edit.
    pub fn update_notice(&mut self, id: Uuid, edit: &NoticeEdit) -> Result<Notice> {
        let edit = edit.validate()?;
        self.write_keeping_caches(&[EntityKind::Notice], |tx, c| {
            let before =
                store::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Notice, id))?;
            if before.subject == edit.subject && before.body == edit.body {
                return Ok(before);
            }
            let after = Notice {
                subject: edit.subject,
                body: edit.body,
                edited: true,
                updated_at: c.now,
                ..before.clone()
            };
            store::update_text(tx, &after)?;
            record(
                tx,
                c,
                Subject(EntityKind::Notice, id, &after.subject),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Deletes a notice that was never sent (a sent one is a record).
    pub fn delete_notice(&mut self, id: Uuid) -> Result<()> {
        self.write_keeping_caches(&[EntityKind::Notice], |tx, c| {
            let before =
                store::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Notice, id))?;
            if before.sent_at.is_some() {
                return Err(ApiError::Refused(format!(
                    "\"{}\" was sent, so it stays as a record of what was said",
                    before.subject
                )));
            }
            store::delete(tx, id)?;
            record(
                tx,
                c,
                Subject(EntityKind::Notice, id, &before.subject),
                AuditAction::Deleted,
                Some(&before),
                None,
            )
        })
    }

    /// Records that the notice was sent to `input.recipients`. Every
    /// address is checked first: one bad line and nothing is recorded.
    pub fn record_notice_sent(&mut self, id: Uuid, input: &SendInput) -> Result<NoticeSend> {
        let recipients = parse_list(&input.recipients).map_err(|errors| {
            let mut v = ValidationErrors::default();
            for e in errors {
                let place = if e.line == 0 {
                    String::new()
                } else {
                    format!("Line {}: ", e.line)
                };
                v.add("recipients", format!("{place}{}", e.message));
            }
            ApiError::Validation(v)
        })?;
        if recipients.is_empty() {
            return Err(ApiError::field(
                "recipients",
                "Name at least one recipient the notice was sent to",
            ));
        }
        self.write_keeping_caches(&[EntityKind::Notice], |tx, c| {
            let notice =
                store::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Notice, id))?;
            let send = NoticeSend {
                id: new_id(c.now),
                notice_id: id,
                at: c.now,
                by: c.actor.to_owned(),
                recipients,
            };
            store::insert_send(tx, &send)?;
            let after = SentRecord {
                subject: &notice.subject,
                recipients: send.recipients.iter().map(|r| r.display()).collect(),
            };
            record(
                tx,
                c,
                Subject(EntityKind::Notice, id, &notice.subject),
                AuditAction::Sent,
                None,
                Some(&after),
            )?;
            Ok(send)
        })
    }

    /// Objects of `kind` a notice can be about; changes are searched by
    /// title (at most 50), the others listed whole.
    pub fn notice_targets(&self, kind: TargetKind, query: &str) -> Result<Vec<TargetOption>> {
        let conn = self.conn();
        let q = query.trim().to_lowercase();
        let matches = |s: &str| q.is_empty() || s.to_lowercase().contains(&q);
        let now = self.now();
        let mut out: Vec<TargetOption> = match kind {
            TargetKind::Train => trains::list(conn)?
                .into_iter()
                .filter(|t| matches(&t.name) || matches(&t.version))
                .map(|t| TargetOption {
                    kind,
                    id: t.id,
                    detail: format!("{} · {}", t.version, t.status.as_str()),
                    label: t.name,
                })
                .collect(),
            TargetKind::Window => windows::list(conn)?
                .into_iter()
                .filter(|w| matches(&w.name))
                .map(|w| TargetOption {
                    kind,
                    id: w.id,
                    detail: format!("{} · {}", w.kind.as_str(), w.time_zone),
                    label: w.name,
                })
                .collect(),
            TargetKind::Incident => store::incidents(conn)?
                .into_iter()
                .filter(|i| matches(&i.title))
                .map(|i| TargetOption {
                    kind,
                    id: i.id,
                    detail: format!(
                        "{} · {}",
                        i.status.label(),
                        i.started_at.format("%Y-%m-%d %H:%M UTC")
                    ),
                    label: i.title,
                })
                .collect(),
            TargetKind::Change => if q.is_empty() {
                changes::upcoming(conn, now, PICK_LIMIT)?
            } else {
                changes::search_titles(conn, &q, PICK_LIMIT)?
            }
            .into_iter()
            .map(|c| TargetOption {
                kind,
                id: c.id,
                detail: c.start.format("%Y-%m-%d %H:%M UTC").to_string(),
                label: c.title,
            })
            .collect(),
        };
        out.truncate(PICK_LIST_MAX);
        Ok(out)
    }
}
