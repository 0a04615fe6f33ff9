//! Dependency map use cases: list, create, edit and delete dependencies (each
//! validated against the whole map and audited), impact analysis, and the
//! deploy and rollback order of a train.

use std::collections::HashMap;

use signalbox_domain::deps::{
    deploy_order, impact, model, DependencyGraph, DependencyInput, DependencyKind, DeployOrder,
    Impact, ImpactOptions, ServiceDependency,
};
use signalbox_domain::{AuditAction, EntityKind, Tier};
use signalbox_store::{dependencies, services, Connection};
use uuid::Uuid;

use crate::workspace::{record, Ctx, Subject};
use crate::{ApiError, Result, Workspace};

/// Service names and tiers by id.
pub(crate) type Catalog = HashMap<Uuid, (String, Tier)>;

/// Every service's name and tier, by id.
pub(crate) fn catalog(conn: &Connection) -> Result<Catalog> {
    Ok(services::list_all(conn)?
        .into_iter()
        .map(|s| (s.id, (s.name, s.tier)))
        .collect())
}

/// "web → orders-db (runtime)": how the audit trail names an edge.
fn edge_label(from: &str, to: &str, kind: DependencyKind) -> String {
    format!("{from} → {to} ({})", kind.as_str())
}

fn label(d: &ServiceDependency, names: &HashMap<Uuid, (String, Tier)>) -> String {
    let name = |id: Uuid| {
        names
            .get(&id)
            .map_or_else(|| id.to_string(), |(n, _)| n.clone())
    };
    edge_label(&name(d.service_id), &name(d.depends_on), d.kind)
}

/// Stores a new, already checked edge and its audit event; `from` and `to`
/// are the services' names. Shared by every way an edge is added.
pub(crate) fn store_new(
    tx: &Connection,
    ctx: &Ctx<'_>,
    d: &ServiceDependency,
    from: &str,
    to: &str,
) -> Result<()> {
    dependencies::insert(tx, d)?;
    let label = edge_label(from, to, d.kind);
    record(
        tx,
        ctx,
        Subject(EntityKind::Dependency, d.id, &label),
        AuditAction::Created,
        None,
        Some(d),
    )?;
    Ok(())
}

/// Validates `input` against the stored map (`editing`: the edge being changed).
fn check(
    conn: &Connection,
    input: &DependencyInput,
    editing: Option<Uuid>,
) -> Result<HashMap<Uuid, (String, Tier)>> {
    let names = catalog(conn)?;
    for (field, id) in [
        ("service_id", input.service_id),
        ("depends_on", input.depends_on),
    ] {
        if !names.contains_key(&id) {
            return Err(ApiError::field(
                field,
                "No such service: it may have been deleted.",
            ));
        }
    }
    let mut edges = dependencies::list(conn)?;
    // The edge being edited is replaced, not kept beside its new form.
    edges.retain(|d| Some(d.id) != editing);
    let graph = DependencyGraph::new(names.keys().copied(), &edges);
    let name = |id: Uuid| {
        names
            .get(&id)
            .map_or_else(|| id.to_string(), |(n, _)| n.clone())
    };
    model::validate(input, &edges, editing, &name, &|a, b| {
        graph.deploy_cycle(a, b)
    })?;
    Ok(names)
}

fn create_in(tx: &Connection, ctx: &Ctx<'_>, input: DependencyInput) -> Result<ServiceDependency> {
    let names = check(tx, &input, None)?;
    let d = ServiceDependency {
        id: signalbox_domain::new_id(ctx.now),
        service_id: input.service_id,
        depends_on: input.depends_on,
        kind: input.kind,
        note: input.note.trim().to_owned(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    let name = |id: Uuid| names.get(&id).map_or("?", |(n, _)| n.as_str());
    store_new(tx, ctx, &d, name(d.service_id), name(d.depends_on))?;
    Ok(d)
}

impl Workspace {
    /// Every service's name by id, for naming the map's nodes.
    pub fn service_names(&self) -> Result<HashMap<Uuid, String>> {
        Ok(catalog(self.conn())?
            .into_iter()
            .map(|(id, (name, _))| (id, name))
            .collect())
    }

    /// Every dependency.
    pub fn list_dependencies(&self) -> Result<Vec<ServiceDependency>> {
        Ok(dependencies::list(self.conn())?)
    }

    /// Adds a dependency; refused with the reason when it is a self-dependency,
    /// a duplicate or closes a deploy-order cycle.
    pub fn create_dependency(&mut self, input: DependencyInput) -> Result<ServiceDependency> {
        self.write(&[EntityKind::Dependency], |tx, ctx| {
            create_in(tx, ctx, input)
        })
    }

    /// Changes a dependency, by the same rules.
    pub fn update_dependency(
        &mut self,
        id: Uuid,
        input: DependencyInput,
    ) -> Result<ServiceDependency> {
        self.write(&[EntityKind::Dependency], |tx, ctx| {
            let before = dependencies::get(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Dependency, id))?;
            let names = check(tx, &input, Some(id))?;
            let after = ServiceDependency {
                service_id: input.service_id,
                depends_on: input.depends_on,
                kind: input.kind,
                note: input.note.trim().to_owned(),
                updated_at: ctx.now,
                ..before.clone()
            };
            dependencies::update(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Dependency, id, &label(&after, &names)),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Removes a dependency.
    pub fn delete_dependency(&mut self, id: Uuid) -> Result<()> {
        self.write(&[EntityKind::Dependency], |tx, ctx| {
            let before = dependencies::get(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Dependency, id))?;
            let names = catalog(tx)?;
            dependencies::delete(tx, id)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Dependency, id, &label(&before, &names)),
                AuditAction::Deleted,
                Some(&before),
                None,
            )?;
            Ok(())
        })
    }

    /// The blast radius and prerequisites of `services`.
    pub fn impact(&self, services: &[Uuid], options: &ImpactOptions) -> Result<Impact> {
        self.impact_in(&catalog(self.conn())?, services, options)
    }

    /// [`Workspace::impact`] with the catalog already read.
    pub(crate) fn impact_in(
        &self,
        names: &Catalog,
        services: &[Uuid],
        options: &ImpactOptions,
    ) -> Result<Impact> {
        if let Some(unknown) = services.iter().find(|s| !names.contains_key(s)) {
            return Err(ApiError::not_found(EntityKind::Service, *unknown));
        }
        let edges = self.dependency_edges()?.all;
        let graph = DependencyGraph::new(names.keys().copied(), &edges);
        Ok(impact(&graph, services, options, &|s| {
            names.get(&s).map(|(_, t)| *t)
        }))
    }

    /// The deploy and rollback order of a train's services.
    pub fn train_order(&self, train: Uuid) -> Result<DeployOrder> {
        self.train_order_in(&catalog(self.conn())?, train)
    }

    /// [`Workspace::train_order`] with the catalog already read.
    pub(crate) fn train_order_in(&self, names: &Catalog, train: Uuid) -> Result<DeployOrder> {
        signalbox_store::trains::get(self.conn(), train)?
            .ok_or_else(|| ApiError::not_found(EntityKind::Train, train))?;
        let changes = signalbox_store::changes::of_train(self.conn(), train)?;
        let services: Vec<Uuid> = changes
            .iter()
            .flat_map(|c| c.service_ids.iter().copied())
            .collect();
        let edges = self.dependency_edges()?.all;
        let graph = DependencyGraph::new(names.keys().copied(), &edges);
        Ok(deploy_order(&graph, &services))
    }
}
