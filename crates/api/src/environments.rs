//! Environment use cases: list, create, edit, delete.

use signalbox_domain::{AuditAction, EntityKind, Environment, EnvironmentInput};
use signalbox_store::{environments, Connection};
use uuid::Uuid;

use crate::workspace::{record, Ctx, Subject};
use crate::{ApiError, Result, Workspace};

fn check_unique(conn: &Connection, name: &str, except: Option<Uuid>) -> Result<()> {
    match environments::id_by_name(conn, name)? {
        Some(id) if Some(id) != except => Err(ApiError::field(
            "name",
            format!("An environment named \"{name}\" already exists"),
        )),
        _ => Ok(()),
    }
}

/// Inserts a validated environment and its audit event inside a transaction.
pub(crate) fn create_in(
    conn: &Connection,
    ctx: &Ctx<'_>,
    input: EnvironmentInput,
) -> Result<Environment> {
    check_unique(conn, &input.name, None)?;
    let env = Environment {
        id: signalbox_domain::new_id(ctx.now),
        name: input.name,
        position: input.position,
        production: input.production,
        deploy_quota: input.deploy_quota,
        time_zone: input.time_zone,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    environments::insert(conn, &env)?;
    record(
        conn,
        ctx,
        Subject(EntityKind::Environment, env.id, &env.name),
        AuditAction::Created,
        None,
        Some(&env),
    )?;
    Ok(env)
}

impl Workspace {
    /// Every environment in promotion order.
    pub fn list_environments(&self) -> Result<Vec<Environment>> {
        Ok(environments::list(self.conn())?)
    }

    /// The id of the environment called `name` (ignoring case).
    pub fn environment_id_by_name(&self, name: &str) -> Result<Option<Uuid>> {
        Ok(environments::id_by_name(self.conn(), name)?)
    }

    /// Creates an environment.
    pub fn create_environment(&mut self, input: &EnvironmentInput) -> Result<Environment> {
        let input = input.validate()?;
        self.write(&[EntityKind::Environment], |tx, ctx| {
            create_in(tx, ctx, input)
        })
    }

    /// Edits an environment.
    pub fn update_environment(
        &mut self,
        id: Uuid,
        input: &EnvironmentInput,
    ) -> Result<Environment> {
        let input = input.validate()?;
        self.write(&[EntityKind::Environment], |tx, ctx| {
            let before = environments::get(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Environment, id))?;
            check_unique(tx, &input.name, Some(id))?;
            let after = Environment {
                name: input.name,
                position: input.position,
                production: input.production,
                deploy_quota: input.deploy_quota,
                time_zone: input.time_zone,
                updated_at: ctx.now,
                ..before.clone()
            };
            if after
                == (Environment {
                    updated_at: after.updated_at,
                    ..before.clone()
                })
            {
                return Ok(before);
            }
            environments::update(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Environment, id, &after.name),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Deletes an environment.
    pub fn delete_environment(&mut self, id: Uuid) -> Result<()> {
        self.write(&[EntityKind::Environment], |tx, ctx| {
            let before = environments::get(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Environment, id))?;
            let changes = signalbox_store::changes::count_for_environment(tx, id)?;
            let windows = signalbox_store::windows::count_scoping(tx, None, Some(id))?;
            if changes + windows > 0 {
                return Err(ApiError::Conflict(format!(
                    "\"{}\" cannot be deleted: {} refer to it. Move or delete those first.",
                    before.name,
                    crate::calendar::references(changes, windows, 0)
                )));
            }
            environments::delete(tx, id)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Environment, id, &before.name),
                AuditAction::Deleted,
                Some(&before),
                None,
            )?;
            Ok(())
        })
    }
}
