//! CI/CD connections: add, edit and remove them (each audited; the rules may
//! only name environments and services that exist), and list the runs
//! synced from them. Tokens never pass through here: see `syncing`.

use signalbox_domain::sync::{Connection, ConnectionInput, SyncedRun};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{connections, environments, runs, services, Connection as Conn};
use uuid::Uuid;

use crate::workspace::{record, Subject};
use crate::{ApiError, Result, Workspace};

/// The most runs one listing returns.
pub const MAX_RUNS: u32 = 1000;

fn check(conn: &Conn, input: &ConnectionInput, except: Option<Uuid>) -> Result<ConnectionInput> {
    let input = input.validate()?;
    if let Some(id) = connections::id_by_name(conn, &input.name)? {
        if Some(id) != except {
            return Err(ApiError::field(
                "name",
                format!("A connection named \"{}\" already exists", input.name),
            ));
        }
    }
    for rule in &input.rules.environments {
        if environments::get(conn, rule.environment_id)?.is_none() {
            return Err(ApiError::field(
                "rules",
                format!(
                    "The environment for \"{}\" no longer exists; pick another",
                    rule.provider_environment
                ),
            ));
        }
    }
    for rule in &input.rules.services {
        if services::get(conn, rule.service_id)?.is_none() {
            return Err(ApiError::field(
                "rules",
                format!(
                    "The service for \"{}\" no longer exists; pick another",
                    rule.source
                ),
            ));
        }
    }
    Ok(input)
}

impl Workspace {
    /// Every connection, by name.
    pub fn list_connections(&self) -> Result<Vec<Connection>> {
        Ok(connections::list(self.conn())?)
    }

    /// A connection by name (as typed on the command line).
    pub fn connection_named(&self, name: &str) -> Result<Connection> {
        let id = connections::id_by_name(self.conn(), name.trim())?.ok_or_else(|| {
            ApiError::NotFound(format!("No connection named \"{}\"", name.trim()))
        })?;
        self.get_connection(id)
    }

    pub fn get_connection(&self, id: Uuid) -> Result<Connection> {
        connections::get(self.conn(), id)?
            .ok_or_else(|| ApiError::not_found(EntityKind::Connection, id))
    }

    /// Adds a connection.
    pub fn create_connection(&mut self, input: &ConnectionInput) -> Result<Connection> {
        self.write(&[EntityKind::Connection], |tx, ctx| {
            let input = check(tx, input, None)?;
            let c = Connection::new(signalbox_domain::new_id(ctx.now), input, ctx.now);
            connections::insert(tx, &c)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Connection, c.id, &c.name),
                AuditAction::Created,
                None,
                Some(&c),
            )?;
            Ok(c)
        })
    }

    /// Changes a connection's settings.
    pub fn update_connection(&mut self, id: Uuid, input: &ConnectionInput) -> Result<Connection> {
        self.write(&[EntityKind::Connection, EntityKind::Run], |tx, ctx| {
            let before = connections::get(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Connection, id))?;
            let input = check(tx, input, Some(id))?;
            let after = Connection {
                created_at: before.created_at,
                ..Connection::new(id, input, ctx.now)
            };
            connections::update(tx, &after)?;
            if after.rules != before.rules {
                runs::remap(tx, &after)?;
            }
            record(
                tx,
                ctx,
                Subject(EntityKind::Connection, id, &after.name),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Removes a connection with its cursors and the runs synced from it.
    pub fn delete_connection(&mut self, id: Uuid) -> Result<()> {
        self.write(&[EntityKind::Connection], |tx, ctx| {
            let before = connections::get(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Connection, id))?;
            connections::delete(tx, id)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Connection, id, &before.name),
                AuditAction::Deleted,
                Some(&before),
                None,
            )?;
            Ok(())
        })
    }

    /// The newest synced runs, of `source` when given.
    pub fn list_runs(&self, source: Option<&str>, limit: u32) -> Result<Vec<SyncedRun>> {
        Ok(runs::latest(self.conn(), source, limit.min(MAX_RUNS))?)
    }

    /// The newest synced runs of a source, or deployed to a service or an
    /// environment (named as users name them).
    pub fn find_runs(
        &self,
        source: Option<&str>,
        service: Option<&str>,
        environment: Option<&str>,
        limit: u32,
    ) -> Result<Vec<SyncedRun>> {
        let conn = self.conn();
        let service = match service {
            Some(name) => Some(services::id_by_name(conn, name.trim())?.ok_or_else(|| {
                ApiError::NotFound(format!("No service named \"{}\"", name.trim()))
            })?),
            None => None,
        };
        let environment = match environment {
            Some(name) => Some(environments::id_by_name(conn, name.trim())?.ok_or_else(|| {
                ApiError::NotFound(format!("No environment named \"{}\"", name.trim()))
            })?),
            None => None,
        };
        let filter = runs::RunFilter {
            source: source.map(|s| s.trim().to_owned()),
            service,
            environment,
        };
        Ok(runs::filtered(conn, &filter, limit.min(MAX_RUNS))?)
    }
}
