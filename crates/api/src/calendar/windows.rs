//! Window use cases: list, create, edit, delete, and the editor's preview of
//! the next occurrences.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use signalbox_domain::calendar::{Interval, Window, WindowInput};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{environments, services, windows, Connection};
use ts_rs::TS;
use uuid::Uuid;

use crate::workspace::{record, Subject};
use crate::{ApiError, Result, Workspace};

/// One upcoming occurrence, as the windows editor previews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WindowPreview {
    /// Local wall-clock start in the window's zone.
    #[ts(type = "string")]
    pub local_start: NaiveDateTime,
    pub interval: Interval,
}

fn check_unique(conn: &Connection, name: &str, except: Option<Uuid>) -> Result<()> {
    match windows::id_by_name(conn, name)? {
        Some(id) if Some(id) != except => Err(ApiError::field(
            "name",
            format!("A window named \"{name}\" already exists"),
        )),
        _ => Ok(()),
    }
}

fn check_scope(conn: &Connection, input: &WindowInput) -> Result<()> {
    for id in &input.environment_ids {
        if environments::get(conn, *id)?.is_none() {
            return Err(ApiError::field(
                "environment_ids",
                format!("Environment {id} no longer exists; remove it from the window"),
            ));
        }
    }
    for id in &input.service_ids {
        if services::get(conn, *id)?.is_none() {
            return Err(ApiError::field(
                "service_ids",
                format!("Service {id} no longer exists; remove it from the window"),
            ));
        }
    }
    Ok(())
}

/// Inserts a validated window and its audit event inside a transaction.
pub(crate) fn create_in(
    conn: &Connection,
    ctx: &crate::workspace::Ctx<'_>,
    input: WindowInput,
) -> Result<Window> {
    check_unique(conn, &input.name, None)?;
    check_scope(conn, &input)?;
    let w = Window {
        id: signalbox_domain::new_id(ctx.now),
        name: input.name,
        kind: input.kind,
        soft: input.soft,
        description: input.description,
        time_zone: input.time_zone,
        start: input.start,
        duration_minutes: input.duration_minutes,
        rrule: input.rrule,
        rdates: input.rdates,
        exdates: input.exdates,
        environment_ids: input.environment_ids,
        service_ids: input.service_ids,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    windows::insert(conn, &w)?;
    record(
        conn,
        ctx,
        Subject(EntityKind::Window, w.id, &w.name),
        AuditAction::Created,
        None,
        Some(&w),
    )?;
    Ok(w)
}

impl Workspace {
    /// Every window, by name.
    pub fn list_windows(&self) -> Result<Vec<Window>> {
        Ok(windows::list(self.conn())?)
    }

    /// One window.
    pub fn get_window(&self, id: Uuid) -> Result<Window> {
        windows::get(self.conn(), id)?.ok_or_else(|| ApiError::not_found(EntityKind::Window, id))
    }

    /// Creates a window.
    pub fn create_window(&mut self, input: &WindowInput) -> Result<Window> {
        let input = input.validate()?;
        self.write(&[EntityKind::Window], |tx, ctx| create_in(tx, ctx, input))
    }

    /// Edits a window.
    pub fn update_window(&mut self, id: Uuid, input: &WindowInput) -> Result<Window> {
        let input = input.validate()?;
        self.write(&[EntityKind::Window], |tx, ctx| {
            let before =
                windows::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Window, id))?;
            check_unique(tx, &input.name, Some(id))?;
            check_scope(tx, &input)?;
            let mut environment_ids = input.environment_ids;
            environment_ids.sort();
            let mut service_ids = input.service_ids;
            service_ids.sort();
            let after = Window {
                name: input.name,
                kind: input.kind,
                soft: input.soft,
                description: input.description,
                time_zone: input.time_zone,
                start: input.start,
                duration_minutes: input.duration_minutes,
                rrule: input.rrule,
                rdates: input.rdates,
                exdates: input.exdates,
                environment_ids,
                service_ids,
                updated_at: ctx.now,
                ..before.clone()
            };
            if after
                == (Window {
                    updated_at: after.updated_at,
                    ..before.clone()
                })
            {
                return Ok(before);
            }
            windows::update(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Window, id, &after.name),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Deletes a window.
    pub fn delete_window(&mut self, id: Uuid) -> Result<()> {
        self.write(&[EntityKind::Window], |tx, ctx| {
            let before =
                windows::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Window, id))?;
            windows::delete(tx, id)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Window, id, &before.name),
                AuditAction::Deleted,
                Some(&before),
                None,
            )
        })
    }

    /// The id of the window called `name`.
    pub fn window_id_by_name(&self, name: &str) -> Result<Uuid> {
        windows::id_by_name(self.conn(), name)?
            .ok_or_else(|| ApiError::NotFound(format!("no window called \"{name}\"")))
    }

    /// The next `n` occurrences of a window being edited, from now; a
    /// validation error when the input is not a valid window.
    pub fn preview_window(&self, input: &WindowInput, n: usize) -> Result<Vec<WindowPreview>> {
        let input = input.validate()?;
        let recurrence = signalbox_domain::calendar::recurrence::Recurrence::new(
            &input.time_zone,
            input.start,
            input.duration_minutes,
            input.rrule.as_deref(),
            input.rdates,
            input.exdates,
        )
        .map_err(|e| ApiError::Internal(format!("{e:?}")))?;
        let now: DateTime<Utc> = self.now();
        Ok(recurrence
            .next_occurrences(now, n.min(100))
            .into_iter()
            .map(|(local_start, interval)| WindowPreview {
                local_start,
                interval,
            })
            .collect())
    }
}
