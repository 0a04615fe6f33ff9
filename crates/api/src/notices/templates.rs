//! Template use cases: the built-ins seeded into every workspace, listing,
//! writing (each save a new version), restoring a version, deleting a
//! template a user wrote, and the live preview with its errors and lint.

use signalbox_domain::notices::builtin::builtins;
use signalbox_domain::notices::export::html_fragment;
use signalbox_domain::notices::{
    customer_lint, render, Audience, Markup, NoticeContext, Part, Template, TemplateInput,
};
use signalbox_domain::{new_id, AuditAction, EntityKind};
use signalbox_store::templates;
use uuid::Uuid;

use super::{Preview, PreviewInput, TemplateView};
use crate::workspace::{record, Subject};
use crate::{ApiError, Result, Workspace};

/// Who a built-in's first version is recorded as saved by.
const SEEDER: &str = "Signalbox";

/// The customer lint for customer templates; nothing for the others.
pub(crate) fn lint_for(audience: Audience, subject: &str, body: &str) -> Vec<String> {
    if audience == Audience::Customers {
        customer_lint(subject, body)
    } else {
        Vec::new()
    }
}

/// Renders subject and body for `ctx`: the text and any errors.
pub(crate) fn render_parts(
    subject: &str,
    body: &str,
    ctx: &NoticeContext,
) -> (
    String,
    String,
    Vec<signalbox_domain::notices::TemplateError>,
) {
    let mut errors = Vec::new();
    let subject = render(Part::Subject, subject, ctx, Markup::Text)
        .map(|s| s.trim().replace(['\r', '\n'], " "))
        .unwrap_or_else(|e| {
            errors.push(e);
            String::new()
        });
    let body = render(Part::Body, body, ctx, Markup::Markdown).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    (subject, body, errors)
}

impl Workspace {
    /// Adds any built-in template the workspace lacks (every one, the first
    /// time). A built-in once added is the user's to edit; it is never
    /// overwritten.
    pub(crate) fn seed_templates(&self) -> Result<()> {
        let conn = self.conn();
        let missing = |c: &signalbox_store::Connection| -> Result<Vec<_>> {
            let have = templates::builtin_keys(c)?;
            Ok(builtins()
                .into_iter()
                .filter(|(key, _)| !have.contains(key))
                .collect())
        };
        if missing(conn)?.is_empty() {
            return Ok(());
        }
        // Another process (the CLI, the app's sync) may be opening the same
        // new workspace: take the write lock first, then look again.
        let tx = signalbox_store::Transaction::new_unchecked(
            conn,
            signalbox_store::TransactionBehavior::Immediate,
        )?;
        let now = self.now();
        for (key, input) in missing(&tx)? {
            // A user's template may already hold the name.
            let name = if templates::by_name(&tx, &input.name)?.is_some() {
                format!("{} (built-in)", input.name)
            } else {
                input.name
            };
            let t = Template {
                id: new_id(now),
                name,
                kind: input.kind,
                audience: input.audience,
                subject: input.subject,
                body: input.body,
                version: 1,
                builtin: Some(key),
                created_at: now,
                updated_at: now,
            };
            templates::insert(&tx, &t, SEEDER)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every template, by kind, audience and name.
    pub fn list_templates(&self) -> Result<Vec<Template>> {
        Ok(templates::list(self.conn())?)
    }

    pub fn template(&self, id: Uuid) -> Result<TemplateView> {
        let conn = self.conn();
        let template = templates::get(conn, id)?
            .ok_or_else(|| ApiError::not_found(EntityKind::Template, id))?;
        Ok(TemplateView {
            versions: templates::versions(conn, id)?,
            lint: lint_for(template.audience, &template.subject, &template.body),
            template,
        })
    }

    /// A template by id or exact name (any case).
    pub fn find_template(&self, reference: &str) -> Result<Template> {
        let conn = self.conn();
        if let Ok(id) = Uuid::parse_str(reference.trim()) {
            if let Some(t) = templates::get(conn, id)? {
                return Ok(t);
            }
        }
        templates::by_name(conn, reference)?.ok_or_else(|| {
            ApiError::NotFound(format!(
                "no template named \"{}\" (see `signalbox templates list`)",
                reference.trim()
            ))
        })
    }

    fn name_taken(conn: &signalbox_store::Connection, name: &str, by: Option<Uuid>) -> Result<()> {
        if let Some(other) = templates::by_name(conn, name)? {
            if Some(other.id) != by {
                return Err(ApiError::field(
                    "name",
                    format!("There is already a template named \"{name}\""),
                ));
            }
        }
        Ok(())
    }

    pub fn add_template(&mut self, input: &TemplateInput) -> Result<Template> {
        let input = input.validate()?;
        self.write_keeping_caches(&[EntityKind::Template], |tx, ctx| {
            Self::name_taken(tx, &input.name, None)?;
            let t = Template {
                id: new_id(ctx.now),
                name: input.name,
                kind: input.kind,
                audience: input.audience,
                subject: input.subject,
                body: input.body,
                version: 1,
                builtin: None,
                created_at: ctx.now,
                updated_at: ctx.now,
            };
            templates::insert(tx, &t, ctx.actor)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Template, t.id, &t.name),
                AuditAction::Created,
                None,
                Some(&t),
            )?;
            Ok(t)
        })
    }

    /// Saves a new version of a template. Saving unchanged text is a no-op.
    pub fn update_template(&mut self, id: Uuid, input: &TemplateInput) -> Result<Template> {
        let input = input.validate()?;
        self.write_keeping_caches(&[EntityKind::Template], |tx, ctx| {
            let before = templates::get(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Template, id))?;
            Self::name_taken(tx, &input.name, Some(id))?;
            if before.name == input.name
                && before.kind == input.kind
                && before.audience == input.audience
                && before.subject == input.subject
                && before.body == input.body
            {
                return Ok(before);
            }
            let after = Template {
                name: input.name,
                kind: input.kind,
                audience: input.audience,
                subject: input.subject,
                body: input.body,
                version: before.version + 1,
                updated_at: ctx.now,
                ..before.clone()
            };
            templates::update(tx, &after, ctx.actor)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Template, id, &after.name),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Saves an earlier version's text as the newest version.
    pub fn restore_template_version(&mut self, id: Uuid, version: u32) -> Result<Template> {
        let current = self.template(id)?;
        let old = current
            .versions
            .iter()
            .find(|v| v.version == version)
            .ok_or_else(|| {
                ApiError::NotFound(format!(
                    "template \"{}\" has no version {version}",
                    current.template.name
                ))
            })?;
        let input = TemplateInput {
            name: old.name.clone(),
            kind: current.template.kind,
            audience: current.template.audience,
            subject: old.subject.clone(),
            body: old.body.clone(),
        };
        self.update_template(id, &input)
    }

    /// Deletes a template a user wrote; built-ins are edited, not deleted.
    /// Notices made from it keep their text.
    pub fn delete_template(&mut self, id: Uuid) -> Result<()> {
        self.write_keeping_caches(&[EntityKind::Template], |tx, ctx| {
            let before = templates::get(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Template, id))?;
            if before.builtin.is_some() {
                return Err(ApiError::Refused(format!(
                    "\"{}\" is built in: edit it, or restore its first version, instead",
                    before.name
                )));
            }
            templates::delete(tx, id)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Template, id, &before.name),
                AuditAction::Deleted,
                Some(&before),
                None,
            )
        })
    }

    /// Renders unsaved template text for an object, or for example data.
    pub fn preview_template(&self, input: &PreviewInput) -> Result<Preview> {
        let (ctx, target_label) = match input.target {
            Some(target) => {
                let ctx =
                    self.notice_context(target, input.kind, input.audience, &input.time_zone)?;
                let label = super::context::label_of(&ctx);
                (ctx, label)
            }
            None => {
                let mut ctx = NoticeContext::example();
                ctx.notice.kind = input.kind.as_str().to_owned();
                ctx.notice.kind_label = input.kind.label().to_owned();
                ctx.notice.audience = input.audience.as_str().to_owned();
                ctx.notice.audience_label = input.audience.label().to_owned();
                (ctx, "Example data".to_owned())
            }
        };
        let (subject, body, errors) = render_parts(&input.subject, &input.body, &ctx);
        Ok(Preview {
            html: html_fragment(&body),
            subject,
            body,
            errors,
            lint: lint_for(input.audience, &input.subject, &input.body),
            target_label,
        })
    }
}
