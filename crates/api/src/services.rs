//! Service use cases: search, read, create, edit, delete.

use signalbox_domain::{AuditAction, EntityKind, Service, ServiceInput, ServicePage, ServiceQuery};
use signalbox_store::{services, teams, Connection};
use uuid::Uuid;

use crate::workspace::{record, Ctx, Subject};
use crate::{ApiError, Result, Workspace};

fn check(conn: &Connection, input: &ServiceInput, except: Option<Uuid>) -> Result<()> {
    if let Some(id) = services::id_by_name(conn, &input.name)? {
        if Some(id) != except {
            return Err(ApiError::field(
                "name",
                format!("A service named \"{}\" already exists", input.name),
            ));
        }
    }
    if let Some(owner) = input.owner_team_id {
        if teams::get(conn, owner)?.is_none() {
            return Err(ApiError::field(
                "owner_team_id",
                "The owner team no longer exists; pick another",
            ));
        }
    }
    Ok(())
}

/// Inserts a validated service and its audit event inside a transaction.
pub(crate) fn create_in(conn: &Connection, ctx: &Ctx<'_>, input: ServiceInput) -> Result<Service> {
    check(conn, &input, None)?;
    let service = Service {
        id: signalbox_domain::new_id(ctx.now),
        name: input.name,
        description: input.description,
        owner_team_id: input.owner_team_id,
        tier: input.tier,
        system: input.system,
        tags: input.tags,
        repository_url: input.repository_url,
        links: input.links,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    services::insert(conn, &service)?;
    record(
        conn,
        ctx,
        Subject(EntityKind::Service, service.id, &service.name),
        AuditAction::Created,
        None,
        Some(&service),
    )?;
    Ok(service)
}

/// Applies a validated edit and its audit event inside a transaction.
/// Returns the service unchanged (and records nothing) when nothing differs.
pub(crate) fn update_in(
    conn: &Connection,
    ctx: &Ctx<'_>,
    before: Service,
    input: ServiceInput,
) -> Result<Service> {
    check(conn, &input, Some(before.id))?;
    let after = Service {
        name: input.name,
        description: input.description,
        owner_team_id: input.owner_team_id,
        tier: input.tier,
        system: input.system,
        tags: input.tags,
        repository_url: input.repository_url,
        links: input.links,
        updated_at: ctx.now,
        ..before.clone()
    };
    if after
        == (Service {
            updated_at: after.updated_at,
            ..before.clone()
        })
    {
        return Ok(before);
    }
    services::update(conn, &after)?;
    record(
        conn,
        ctx,
        Subject(EntityKind::Service, after.id, &after.name),
        AuditAction::Updated,
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

impl Workspace {
    /// The id of the service called `name` (ignoring case).
    pub fn service_id_by_name(&self, name: &str) -> Result<Option<Uuid>> {
        Ok(services::id_by_name(self.conn(), name)?)
    }

    /// Searches, filters, sorts and pages the catalog.
    pub fn search_services(&self, query: &ServiceQuery) -> Result<ServicePage> {
        Ok(self.service_index()?.search(query))
    }

    /// Builds the catalog's search index ahead of the first search (the app
    /// calls this while its window loads).
    pub fn warm_up(&self) -> Result<()> {
        self.service_index().map(|_| ())
    }

    /// One service.
    pub fn get_service(&self, id: Uuid) -> Result<Service> {
        services::get(self.conn(), id)?.ok_or_else(|| ApiError::not_found(EntityKind::Service, id))
    }

    /// The systems in use, for filters and suggestions.
    pub fn service_systems(&self) -> Result<Vec<String>> {
        Ok(services::systems(self.conn())?)
    }

    /// Creates a service.
    pub fn create_service(&mut self, input: &ServiceInput) -> Result<Service> {
        let input = input.validate()?;
        self.write(&[EntityKind::Service, EntityKind::Team], |tx, ctx| {
            create_in(tx, ctx, input)
        })
    }

    /// Edits a service.
    pub fn update_service(&mut self, id: Uuid, input: &ServiceInput) -> Result<Service> {
        let input = input.validate()?;
        self.write(&[EntityKind::Service, EntityKind::Team], |tx, ctx| {
            let before = services::get(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Service, id))?;
            update_in(tx, ctx, before, input)
        })
    }

    /// Deletes a service.
    pub fn delete_service(&mut self, id: Uuid) -> Result<()> {
        self.write(&[EntityKind::Service, EntityKind::Team], |tx, ctx| {
            let before = services::get(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Service, id))?;
            let changes = signalbox_store::changes::count_for_service(tx, id)?;
            let windows = signalbox_store::windows::count_scoping(tx, Some(id), None)?;
            let dependencies = signalbox_store::dependencies::count_for_service(tx, id)?;
            if changes + windows + dependencies > 0 {
                return Err(ApiError::Conflict(format!(
                    "\"{}\" cannot be deleted: {} refer to it. Remove it from those first.",
                    before.name,
                    crate::calendar::references(changes, windows, dependencies)
                )));
            }
            services::delete(tx, id)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Service, id, &before.name),
                AuditAction::Deleted,
                Some(&before),
                None,
            )?;
            Ok(())
        })
    }
}
