//! What the dependency screens read: the laid-out map for a query (and its
//! SVG image), one service's dependencies, dependants and upcoming changes,
//! and a train's deploy and rollback order with the services named.

use std::collections::HashMap;

use serde::Serialize;
use signalbox_domain::calendar::Change;
use signalbox_domain::deps::map::{build_view, svg, MapQuery, MapService, MapView};
use signalbox_domain::deps::{DependencyKind, DeployOrder, ImpactOptions};
use signalbox_domain::{EntityKind, Tier};
use signalbox_store::{changes, services};
use ts_rs::TS;
use uuid::Uuid;

use crate::deps::catalog;
use crate::{ApiError, Result, Workspace};

/// Upcoming changes listed on a service.
const UPCOMING_CHANGES: u32 = 20;

/// A service at the other end of a dependency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LinkedService {
    pub dependency_id: Uuid,
    pub service_id: Uuid,
    pub name: String,
    pub tier: Tier,
    pub kind: DependencyKind,
    pub note: String,
}

/// A service's place in the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ServiceLinks {
    /// What it depends on, by name.
    pub dependencies: Vec<LinkedService>,
    /// What depends on it, by name.
    pub dependants: Vec<LinkedService>,
    /// How many services depend on it, directly or not.
    pub blast_radius: u32,
    /// The most critical tier among them.
    pub highest_tier: Option<Tier>,
    /// Its changes that have not ended, soonest first.
    pub changes: Vec<Change>,
}

/// A train's deploy and rollback order, with the services' names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrainOrder {
    pub order: DeployOrder,
    pub names: HashMap<Uuid, String>,
}

impl Workspace {
    fn map_services(&self) -> Result<Vec<MapService>> {
        Ok(services::list_all(self.conn())?
            .into_iter()
            .map(|s| MapService {
                id: s.id,
                name: s.name,
                team_id: s.owner_team_id,
                tier: s.tier,
                system: s.system,
            })
            .collect())
    }

    /// The map as `query` shows it, laid out.
    pub fn dependency_map(&self, query: &MapQuery) -> Result<MapView> {
        let services = self.map_services()?;
        let edges = self.dependency_edges()?.all;
        Ok(build_view(&services, &edges, query))
    }

    /// The map as `query` shows it, as an SVG image.
    pub fn export_map_svg(&self, query: &MapQuery) -> Result<String> {
        Ok(svg::to_svg(&self.dependency_map(query)?))
    }

    /// `service`'s dependencies, dependants, blast radius and upcoming
    /// changes (those not ended yet).
    pub fn service_links(&self, service: Uuid) -> Result<ServiceLinks> {
        let conn = self.conn();
        let catalog = catalog(conn)?;
        if !catalog.contains_key(&service) {
            return Err(ApiError::not_found(EntityKind::Service, service));
        }
        let edges = self.dependency_edges()?.all;
        let linked = |other: Uuid, d: &signalbox_domain::deps::ServiceDependency| {
            let (name, tier) = catalog
                .get(&other)
                .cloned()
                .unwrap_or_else(|| (other.to_string(), Tier::Low));
            LinkedService {
                dependency_id: d.id,
                service_id: other,
                name,
                tier,
                kind: d.kind,
                note: d.note.clone(),
            }
        };
        let mut dependencies: Vec<LinkedService> = edges
            .iter()
            .filter(|d| d.service_id == service)
            .map(|d| linked(d.depends_on, d))
            .collect();
        let mut dependants: Vec<LinkedService> = edges
            .iter()
            .filter(|d| d.depends_on == service)
            .map(|d| linked(d.service_id, d))
            .collect();
        let by_name = |a: &LinkedService, b: &LinkedService| {
            a.name.to_lowercase().cmp(&b.name.to_lowercase())
        };
        dependencies.sort_by(by_name);
        dependants.sort_by(by_name);
        let impact = self.impact_in(&catalog, &[service], &ImpactOptions::default())?;
        Ok(ServiceLinks {
            dependencies,
            dependants,
            blast_radius: u32::try_from(impact.downstream.len()).unwrap_or(u32::MAX),
            highest_tier: impact.highest_tier,
            changes: changes::upcoming_for_service(conn, service, self.now(), UPCOMING_CHANGES)?,
        })
    }

    /// [`Workspace::train_order`] with every service it names.
    pub fn train_order_named(&self, train: Uuid) -> Result<TrainOrder> {
        let all = catalog(self.conn())?;
        let order = self.train_order_in(&all, train)?;
        let mut names = HashMap::new();
        for layer in &order.layers {
            for step in &layer.steps {
                let ids = std::iter::once(step.service_id)
                    .chain(step.after.iter().map(|p| p.service_id))
                    .chain(step.together_with.iter().copied());
                for id in ids {
                    if let Some((name, _)) = all.get(&id) {
                        names.insert(id, name.clone());
                    }
                }
            }
        }
        Ok(TrainOrder { order, names })
    }
}
