//! Loading the generated sample portfolio into an empty workspace.

use serde::Serialize;
use signalbox_domain::calendar::{Change, TrainTarget};
use signalbox_domain::demo::{generate, DemoDependency, DemoSize};
use signalbox_domain::deps::ServiceDependency;
use signalbox_domain::EntityKind;
use signalbox_store::Connection;
use ts_rs::TS;
use uuid::Uuid;

use crate::workspace::Ctx;
use crate::{calendar, deps, environments, services, teams, ApiError, Counts, Result, Workspace};
use crate::{sample_governance, sample_runs};

/// What loading the sample stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SampleReport {
    pub size: DemoSize,
    #[ts(type = "number")]
    pub seed: u64,
    pub counts: Counts,
}

/// Page cache while the sample loads.
const BULK_CACHE_KIB: i64 = 512 * 1024;

impl Workspace {
    /// Fills an empty workspace with the sample portfolio for `seed` (teams,
    /// services and their dependency map, environments, the calendar, two
    /// CI/CD connections and their synced deployments), in one transaction
    /// with an audit event per record (runs, being read rather than made,
    /// have none).
    pub fn load_sample(&mut self, size: DemoSize, seed: u64) -> Result<SampleReport> {
        if !self.is_empty()? {
            return Err(ApiError::Conflict(
                "the sample portfolio can only be loaded into an empty workspace; this one already has data".into(),
            ));
        }
        let portfolio = generate(size, seed, self.now().date_naive());
        // One big transaction: with SQLite's default 2 MB page cache it spills
        // to the WAL and re-reads its own pages over and over. A larger cache
        // for the duration of the load keeps it in memory.
        self.set_cache_kib(BULK_CACHE_KIB)?;
        // Alone on the file, the load goes through a rollback journal: the
        // large sample's 1.6 GB are then written once, not twice (log, then
        // checkpoint). See docs/benchmarks.md, "demo".
        let bulk = self.begin_bulk_load()?;
        let stored = self.write(
            &[
                EntityKind::Team,
                EntityKind::Service,
                EntityKind::Environment,
                EntityKind::Train,
                EntityKind::Window,
                EntityKind::Change,
                EntityKind::Dependency,
                EntityKind::Connection,
                EntityKind::Run,
                EntityKind::Person,
                EntityKind::Cab,
            ],
            |tx, ctx| {
                let mut team_ids = Vec::with_capacity(portfolio.teams.len());
                for team in portfolio.teams {
                    team_ids.push(teams::create_in(tx, ctx, team)?.id);
                }
                let env_names: Vec<String> = portfolio
                    .environments
                    .iter()
                    .map(|e| e.name.clone())
                    .collect();
                let mut env_ids = Vec::with_capacity(portfolio.environments.len());
                for env in portfolio.environments {
                    env_ids.push(environments::create_in(tx, ctx, env)?.id);
                }
                let mut service_ids = Vec::with_capacity(portfolio.services.len());
                let mut stored_services = Vec::with_capacity(portfolio.services.len());
                for s in portfolio.services {
                    let mut input = s.input;
                    input.owner_team_id = team_ids.get(s.owner).copied();
                    let service = services::create_in(tx, ctx, input)?;
                    service_ids.push(service.id);
                    stored_services.push((service.id, service.name));
                }
                store_dependencies(tx, ctx, portfolio.dependencies, &stored_services)?;
                sample_runs::store(
                    tx,
                    ctx,
                    sample_runs::Plan {
                        size,
                        seed,
                        services: &stored_services,
                        environments: &env_names,
                        environment_ids: &env_ids,
                    },
                )?;
                let pick = |ids: &[Uuid], at: &[usize]| -> Vec<Uuid> {
                    at.iter().filter_map(|i| ids.get(*i).copied()).collect()
                };
                let mut train_ids = Vec::with_capacity(portfolio.trains.len());
                for t in portfolio.trains {
                    let mut input = t.input;
                    input.targets = t
                        .targets
                        .iter()
                        .filter_map(|(e, date)| {
                            env_ids.get(*e).map(|id| TrainTarget {
                                environment_id: *id,
                                date: *date,
                            })
                        })
                        .collect();
                    train_ids.push(calendar::trains_create_in(tx, ctx, input)?.id);
                }
                for w in portfolio.windows {
                    let mut input = w.input;
                    input.environment_ids = pick(&env_ids, &w.environments);
                    input.service_ids = pick(&service_ids, &w.services);
                    let input = input.validate()?;
                    calendar::windows_create_in(tx, ctx, input)?;
                }
                let mut stored_changes = Vec::with_capacity(portfolio.changes.len());
                for c in portfolio.changes {
                    let Some(environment_id) = env_ids.get(c.environment).copied() else {
                        continue;
                    };
                    stored_changes.push(Change {
                        id: signalbox_domain::new_id(ctx.now),
                        title: c.title,
                        description: c.description,
                        service_ids: pick(&service_ids, &c.services),
                        environment_id,
                        start: c.start,
                        end: c.end,
                        owner: c.owner,
                        train_id: c.train.and_then(|t| train_ids.get(t).copied()),
                        status: c.status,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    });
                }
                for c in &stored_changes {
                    calendar::changes_insert_generated(tx, ctx, c)?;
                }
                sample_governance::store(tx, ctx, &stored_changes)?;
                Ok(())
            },
        );
        let restored = if bulk { self.end_bulk_load() } else { Ok(()) };
        self.set_cache_kib(signalbox_store::DEFAULT_CACHE_KIB)?;
        stored?;
        restored?;
        Ok(SampleReport {
            size,
            seed,
            counts: self.counts()?,
        })
    }
}

/// Stores the generated dependency map, each edge with its audit event
/// (`services`: the stored services' ids and names, in generator order).
///
/// The edges are not checked one by one against the map as a user's are
/// (`deps::create_in` reads the whole map per edge): the generator makes no
/// self-dependency, no duplicate and no deploy-order cycle, which the tests
/// check against the same rules (`model::validate`).
fn store_dependencies(
    tx: &Connection,
    ctx: &Ctx<'_>,
    mut edges: Vec<DemoDependency>,
    services: &[(Uuid, String)],
) -> Result<()> {
    // In service order, the (service, depends-on, kind) index grows at its
    // end instead of splitting pages all over: service ids ascend.
    edges.sort_by_key(|d| (d.from, d.to));
    for d in edges {
        let (Some((from, from_name)), Some((to, to_name))) =
            (services.get(d.from), services.get(d.to))
        else {
            continue;
        };
        let dependency = ServiceDependency {
            id: signalbox_domain::new_id(ctx.now),
            service_id: *from,
            depends_on: *to,
            kind: d.kind,
            note: d.note,
            created_at: ctx.now,
            updated_at: ctx.now,
        };
        deps::store_new(tx, ctx, &dependency, from_name, to_name)?;
    }
    Ok(())
}
