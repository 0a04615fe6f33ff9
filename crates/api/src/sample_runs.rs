//! The sample's CI/CD side: a GitHub Enterprise and a self-managed GitLab
//! connection (example hosts, no tokens: syncing them says so), their rules
//! placing every service's deployments on the Pipelines board, and the runs
//! themselves (two million in the large sample), stored one service at a
//! time in the sample's transaction.

use signalbox_domain::demo::runs::{runs_per_service, source, RunPlan, PROVIDERS};
use signalbox_domain::demo::DemoSize;
use signalbox_domain::sync::board::Placer;
use signalbox_domain::sync::{
    Connection, EnvironmentRule, MappingRules, Provider, ServiceRule, StatusTable,
};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{board, connections, runs, Connection as Conn};
use uuid::Uuid;

use crate::workspace::{record, Ctx, Subject};
use crate::Result;

pub(crate) struct Plan<'a> {
    pub size: DemoSize,
    pub seed: u64,
    /// The stored services' ids and names, in generator order.
    pub services: &'a [(Uuid, String)],
    pub environments: &'a [String],
    pub environment_ids: &'a [Uuid],
}

fn base_url(provider: Provider) -> &'static str {
    match provider {
        Provider::Gitlab => "https://gitlab.example.com/api/v4",
        _ => "https://github.example.com/api/v3",
    }
}

pub(crate) fn store(tx: &Conn, ctx: &Ctx<'_>, plan: Plan<'_>) -> Result<()> {
    let table = StatusTable::defaults();
    let run_plan = RunPlan {
        seed: plan.seed,
        count: runs_per_service(plan.size),
        now: ctx.now,
        environments: plan.environments,
        table: &table,
    };
    runs::bulk_load(tx, || {
        for (p, provider) in PROVIDERS.into_iter().enumerate() {
            connection_and_runs(tx, ctx, &plan, &run_plan, p, provider)?;
        }
        Ok::<(), crate::ApiError>(())
    })?;
    // The sample's failures and running deployments are history the user
    // did not live through: no alerts for them.
    let all: Vec<Uuid> = plan.environment_ids.to_vec();
    for p in board::alert_candidates(tx, &all, ctx.now - chrono::Duration::days(2))? {
        board::mark_alerted(tx, p.run.id, p.run.status, ctx.now)?;
    }
    Ok(())
}

/// One provider's connection, serving every `PROVIDERS.len()`-th service
/// from number `p`, and those services' runs.
fn connection_and_runs(
    tx: &Conn,
    ctx: &Ctx<'_>,
    plan: &Plan<'_>,
    run_plan: &RunPlan<'_>,
    p: usize,
    provider: Provider,
) -> Result<()> {
    let mine: Vec<(usize, &(Uuid, String))> = plan
        .services
        .iter()
        .enumerate()
        .filter(|(i, _)| i % PROVIDERS.len() == p)
        .collect();
    let c = Connection {
        id: signalbox_domain::new_id(ctx.now),
        name: format!("{} (sample)", provider.label()),
        provider,
        base_url: base_url(provider).into(),
        scope: mine.iter().map(|(_, (_, n))| source(provider, n)).collect(),
        poll_interval_s: 900,
        username: None,
        rules: MappingRules {
            deployment_names: Vec::new(),
            environments: plan
                .environments
                .iter()
                .zip(plan.environment_ids)
                .map(|(name, id)| EnvironmentRule {
                    provider_environment: name.clone(),
                    environment_id: *id,
                })
                .collect(),
            services: mine
                .iter()
                .map(|(_, (id, n))| ServiceRule {
                    source: source(provider, n),
                    service_id: *id,
                })
                .collect(),
            stall_after_min: None,
        },
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    connections::insert(tx, &c)?;
    record(
        tx,
        ctx,
        Subject(EntityKind::Connection, c.id, &c.name),
        AuditAction::Created,
        None,
        Some(&c),
    )?;
    let placer = Placer::new(&c);
    for (i, (_, name)) in mine {
        runs::upsert_placed(tx, c.id, &placer, &run_plan.service_runs(i, name, provider))?;
    }
    Ok(())
}
