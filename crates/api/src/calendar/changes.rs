//! Change use cases: create, edit (reschedule included), delete, and status
//! transitions by the rules of the status model.

use serde::{Deserialize, Serialize};
use signalbox_domain::calendar::{Change, ChangeInput, DeployStatus};
use signalbox_domain::governance::ChangeGovernance;
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{changes, environments, services, trains, Connection};
use ts_rs::TS;
use uuid::Uuid;

use crate::workspace::{record, Ctx, Subject};
use crate::{ApiError, Result, Workspace};

/// A change as being edited: its id when it already exists, and its fields.
/// Used for live conflict checks and next-free-slot before anything is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeDraft {
    pub id: Option<Uuid>,
    pub input: ChangeInput,
}

/// A request to move a change through the status model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TransitionInput {
    pub to: DeployStatus,
    /// The sign-off, check or rollback reference `verified` and `rolled_back` need.
    #[serde(default)]
    pub evidence: Option<String>,
}

/// Checks that every id the input names exists.
pub(crate) fn check_references(conn: &Connection, input: &ChangeInput) -> Result<()> {
    if environments::get(conn, input.environment_id)?.is_none() {
        return Err(ApiError::field(
            "environment_id",
            "That environment no longer exists; choose another",
        ));
    }
    for id in &input.service_ids {
        if services::get(conn, *id)?.is_none() {
            return Err(ApiError::field(
                "service_ids",
                format!("Service {id} no longer exists; remove it from the change"),
            ));
        }
    }
    if let Some(train) = input.train_id {
        if trains::get(conn, train)?.is_none() {
            return Err(ApiError::field(
                "train_id",
                "That train no longer exists; choose another or none",
            ));
        }
    }
    Ok(())
}

/// Stores a generated change (sample data: its references are known to
/// exist) with its audit event, inside a transaction.
pub(crate) fn insert_generated(conn: &Connection, ctx: &Ctx<'_>, c: &Change) -> Result<()> {
    changes::insert(conn, c)?;
    record(
        conn,
        ctx,
        Subject(EntityKind::Change, c.id, &c.title),
        AuditAction::Created,
        None,
        Some(c),
    )
}

impl Workspace {
    /// One change.
    pub fn get_change(&self, id: Uuid) -> Result<Change> {
        changes::get(self.conn(), id)?.ok_or_else(|| ApiError::not_found(EntityKind::Change, id))
    }

    /// Plans a change (status `planned`).
    pub fn create_change(&mut self, input: &ChangeInput) -> Result<Change> {
        let input = input.validate()?;
        let change = self.write_quietly(|tx, ctx| {
            check_references(tx, &input)?;
            let c = Change {
                id: signalbox_domain::new_id(ctx.now),
                title: input.title,
                description: input.description,
                service_ids: input.service_ids,
                environment_id: input.environment_id,
                start: input.start,
                end: input.end,
                owner: input.owner,
                train_id: input.train_id,
                status: DeployStatus::Planned,
                created_at: ctx.now,
                updated_at: ctx.now,
            };
            changes::insert(tx, &c)?;
            // Whoever plans it is its requester: they may not approve it.
            signalbox_store::governance::put(
                tx,
                &ChangeGovernance::initial(c.id, ctx.actor, ctx.now),
            )?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Change, c.id, &c.title),
                AuditAction::Created,
                None,
                Some(&c),
            )?;
            Ok(c)
        })?;
        self.patch_calendar(|cache| cache.upsert(change.clone()));
        self.emit(&[EntityKind::Change]);
        Ok(change)
    }

    /// Edits a change: its fields, times (a reschedule) and services.
    pub fn update_change(&mut self, id: Uuid, input: &ChangeInput) -> Result<Change> {
        let input = input.validate()?;
        let change = self.write_quietly(|tx, ctx| {
            let before =
                changes::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Change, id))?;
            check_references(tx, &input)?;
            let after = Change {
                title: input.title,
                description: input.description,
                service_ids: input.service_ids,
                environment_id: input.environment_id,
                start: input.start,
                end: input.end,
                owner: input.owner,
                train_id: input.train_id,
                updated_at: ctx.now,
                ..before.clone()
            };
            if after
                == (Change {
                    updated_at: after.updated_at,
                    ..before.clone()
                })
            {
                return Ok(before);
            }
            changes::update(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Change, id, &after.title),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })?;
        self.patch_calendar(|cache| cache.upsert(change.clone()));
        self.emit(&[EntityKind::Change]);
        Ok(change)
    }

    /// Moves a change to another status, if the rules allow it.
    pub fn transition_change(&mut self, id: Uuid, request: &TransitionInput) -> Result<Change> {
        let change = self.write_quietly(|tx, ctx| {
            let before =
                changes::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Change, id))?;
            before
                .status
                .transition(request.to, request.evidence.as_deref())
                .map_err(|m| ApiError::field("to", m))?;
            let after = Change {
                status: request.to,
                updated_at: ctx.now,
                ..before.clone()
            };
            changes::update(tx, &after)?;
            let evidence = request
                .evidence
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty());
            let state = |c: &Change, evidence: Option<&str>| {
                serde_json::json!({ "status": c.status, "evidence": evidence })
            };
            record(
                tx,
                ctx,
                Subject(EntityKind::Change, id, &after.title),
                AuditAction::StatusChanged,
                Some(&state(&before, None)),
                Some(&state(&after, evidence)),
            )?;
            Ok(after)
        })?;
        self.patch_calendar(|cache| cache.upsert(change.clone()));
        self.emit(&[EntityKind::Change]);
        Ok(change)
    }

    /// Deletes a change.
    pub fn delete_change(&mut self, id: Uuid) -> Result<()> {
        self.write_quietly(|tx, ctx| {
            let before =
                changes::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Change, id))?;
            changes::delete(tx, id)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Change, id, &before.title),
                AuditAction::Deleted,
                Some(&before),
                None,
            )
        })?;
        self.patch_calendar(|cache| cache.remove(id));
        self.emit(&[EntityKind::Change]);
        Ok(())
    }
}
