//! The Pipelines board: which services the connections' rules place, their
//! newest deployments per environment (statuses inferred as stalled or
//! rolled back where the evidence says so), each connection's health, one
//! cell's runs for drill-down, and the production deployments that failed
//! or stalled, each raised once.

use std::collections::{BTreeSet, HashMap};

use chrono::Duration;
use signalbox_domain::calendar::DeployStatus;
use signalbox_domain::sync::board::{
    rollbacks, shown_status, Board, BoardCell, BoardEnvironment, BoardQuery, BoardRow, BoardRun,
    ConnectionHealth, DeployAlert, Inference, SyncRecord,
};
use signalbox_domain::sync::Connection;
use signalbox_domain::EntityKind;
use signalbox_store::board::{self as store, PlacedRun, RunHead};
use signalbox_store::{connections, environments, services, sync_log};
use uuid::Uuid;

use crate::{ApiError, Result, Workspace};

/// Board rows per page unless asked otherwise.
pub const DEFAULT_ROWS: u32 = 50;
pub const MAX_ROWS: u32 = 200;
/// Deployments read per cell: enough to see a return to an earlier revision.
const CELL_DEPTH: u32 = 12;
/// Earlier statuses shown beside a cell's newest.
const PREVIOUS: usize = 5;
/// How far back a failed or stalled production deployment still alerts.
const ALERT_HOURS: i64 = 24;

/// Each connection's stall timeout.
struct Stalls(HashMap<Uuid, Duration>);

impl Stalls {
    fn of(list: &[Connection]) -> Stalls {
        Stalls(list.iter().map(|c| (c.id, c.rules.stall_after())).collect())
    }

    fn after(&self, connection: Uuid) -> Duration {
        self.0.get(&connection).copied().unwrap_or_else(|| {
            Duration::minutes(i64::from(
                signalbox_domain::sync::connection::DEFAULT_STALL_MIN,
            ))
        })
    }
}

/// The shown statuses of one cell's runs, newest first: stalled and
/// rollbacks inferred.
fn infer_heads(
    heads: &[RunHead],
    stalls: &Stalls,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<(DeployStatus, Option<Inference>)> {
    let marks = rollbacks(
        &heads
            .iter()
            .map(|h| (h.status, h.sha.as_deref()))
            .collect::<Vec<_>>(),
    );
    heads
        .iter()
        .zip(marks)
        .map(|(h, rollback)| {
            if rollback {
                (DeployStatus::RolledBack, Some(Inference::Rollback))
            } else {
                shown_status(h.status, h.started_at, now, stalls.after(h.connection_id))
            }
        })
        .collect()
}

fn head(run: &BoardRun) -> RunHead {
    RunHead {
        id: run.id,
        connection_id: run.connection_id,
        status: run.status,
        sha: run.sha.clone(),
        started_at: run.started_at.unwrap_or(run.created_at),
    }
}

/// Whole runs of one cell as shown, newest first.
fn infer(
    placed: Vec<PlacedRun>,
    stalls: &Stalls,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<BoardRun> {
    let heads: Vec<RunHead> = placed.iter().map(|p| head(&p.run)).collect();
    placed
        .into_iter()
        .zip(infer_heads(&heads, stalls, now))
        .map(|(p, (status, inferred))| BoardRun {
            status,
            inferred,
            ..p.run
        })
        .collect()
}

impl Workspace {
    /// One page of the board: the services the rules place, by name.
    pub fn pipelines_board(&self, query: &BoardQuery) -> Result<Board> {
        // One read transaction for the page's hundreds of small reads: one
        // lock instead of one per statement, and one consistent snapshot.
        let tx = self.conn().unchecked_transaction()?;
        let board = self.board_in(&tx, query)?;
        tx.finish()?;
        Ok(board)
    }

    fn board_in(&self, conn: &signalbox_store::Connection, query: &BoardQuery) -> Result<Board> {
        let now = self.now();
        let list = connections::list(conn)?;
        let stalls = Stalls::of(&list);
        let placed: BTreeSet<Uuid> = list
            .iter()
            .flat_map(|c| c.rules.services.iter().map(|r| r.service_id))
            .collect();
        let placed: Vec<Uuid> = placed.into_iter().collect();
        let limit = match query.limit {
            0 => DEFAULT_ROWS,
            n => n.min(MAX_ROWS),
        };
        let (page, total) = store::services_page(
            conn,
            &placed,
            &query.search,
            query.team_id,
            query.offset,
            limit,
        )?;
        let envs = environments::list(conn)?;
        let mut rows = Vec::with_capacity(page.len());
        for (service_id, service_name, team_name) in page {
            let mut cells = Vec::with_capacity(envs.len());
            for env in &envs {
                let heads = store::cell_heads(conn, service_id, env.id, CELL_DEPTH)?;
                let shown = infer_heads(&heads, &stalls, now);
                let latest = match (heads.first(), shown.first()) {
                    (Some(h), Some(&(status, inferred))) => {
                        store::placed_run(conn, h.id)?.map(|p| BoardRun {
                            status,
                            inferred,
                            ..p.run
                        })
                    }
                    _ => None,
                };
                cells.push(BoardCell {
                    environment_id: env.id,
                    latest,
                    previous: shown.iter().skip(1).take(PREVIOUS).map(|s| s.0).collect(),
                });
            }
            rows.push(BoardRow {
                service_id,
                service_name,
                team_name,
                cells,
            });
        }
        let mut health = Vec::with_capacity(list.len());
        for c in list {
            health.push(health_of(conn, c)?);
        }
        Ok(Board {
            environments: envs
                .into_iter()
                .map(|e| BoardEnvironment {
                    id: e.id,
                    name: e.name,
                    production: e.production,
                })
                .collect(),
            rows,
            total,
            offset: query.offset,
            connections: health,
        })
    }
}

fn health_of(
    conn: &signalbox_store::Connection,
    connection: Connection,
) -> Result<ConnectionHealth> {
    {
        let last = sync_log::recent(conn, connection.id, 1)?.into_iter().next();
        let last_ok_at = match &last {
            Some(r) if r.ok => Some(r.finished_at),
            _ => sync_log::last_ok_at(conn, connection.id)?,
        };
        Ok(ConnectionHealth {
            connection,
            last,
            last_ok_at,
        })
    }
}

impl Workspace {
    /// Every connection with how its syncs have gone.
    pub fn connection_health(&self) -> Result<Vec<ConnectionHealth>> {
        connections::list(self.conn())?
            .into_iter()
            .map(|c| health_of(self.conn(), c))
            .collect()
    }

    /// Connection `id`'s newest sync attempts, newest first.
    pub fn sync_history(&self, id: Uuid, limit: u32) -> Result<Vec<SyncRecord>> {
        self.get_connection(id)?;
        Ok(sync_log::recent(
            self.conn(),
            id,
            limit.min(sync_log::KEEP),
        )?)
    }

    /// `service`'s newest deployments to `environment`, as shown.
    pub fn cell_runs(&self, service: Uuid, environment: Uuid, limit: u32) -> Result<Vec<BoardRun>> {
        let conn = self.conn();
        if services::get(conn, service)?.is_none() {
            return Err(ApiError::not_found(EntityKind::Service, service));
        }
        if environments::get(conn, environment)?.is_none() {
            return Err(ApiError::not_found(EntityKind::Environment, environment));
        }
        let stalls = Stalls::of(&connections::list(conn)?);
        // Read a little more than asked, so the oldest shown can still be
        // recognised as a return to an earlier revision.
        let limit = limit.clamp(1, 500);
        let mut runs = infer(
            store::cell(conn, service, environment, limit + CELL_DEPTH)?,
            &stalls,
            self.now(),
        );
        runs.truncate(limit as usize);
        Ok(runs)
    }

    /// Production deployments of the last day that failed, or have been in
    /// progress past their connection's timeout, not alerted on before.
    /// Each is remembered, so it is returned once.
    pub fn take_alerts(&mut self) -> Result<Vec<DeployAlert>> {
        let now = self.now();
        let conn = self.conn();
        let envs = environments::list(conn)?;
        let production: Vec<Uuid> = envs.iter().filter(|e| e.production).map(|e| e.id).collect();
        let candidates =
            store::alert_candidates(conn, &production, now - Duration::hours(ALERT_HOURS))?;
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let stalls = Stalls::of(&connections::list(conn)?);
        let mut alerts = Vec::new();
        for p in candidates {
            let (service_id, environment_id, mut run) = (p.service_id, p.environment_id, p.run);
            let started = run.started_at.unwrap_or(run.created_at);
            (run.status, run.inferred) =
                shown_status(run.status, started, now, stalls.after(run.connection_id));
            if !matches!(run.status, DeployStatus::Failed | DeployStatus::Stalled) {
                continue;
            }
            let service_name = services::get(conn, service_id)?
                .map(|s| s.name)
                .unwrap_or_else(|| "A service".into());
            let environment_name = envs
                .iter()
                .find(|e| e.id == environment_id)
                .map(|e| e.name.clone())
                .unwrap_or_default();
            alerts.push(DeployAlert {
                run,
                service_name,
                environment_name,
            });
        }
        let tx = self.conn().unchecked_transaction()?;
        for a in &alerts {
            store::mark_alerted(&tx, a.run.id, a.run.status, now)?;
        }
        tx.commit()?;
        Ok(alerts)
    }
}
