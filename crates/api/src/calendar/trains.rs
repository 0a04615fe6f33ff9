//! Release train use cases: list with progress, the train screen's detail,
//! create, edit, delete.

use serde::Serialize;
use signalbox_domain::calendar::{Change, Conflict, Train, TrainInput, TrainProgress};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{environments, trains, Connection};
use ts_rs::TS;
use uuid::Uuid;

use crate::workspace::{record, Ctx, Subject};
use crate::{ApiError, Result, Workspace};

/// A train in the list, with how far its changes have got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrainSummary {
    pub train: Train,
    pub progress: TrainProgress,
}

/// The train screen: the train, its changes, progress and conflicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrainDetail {
    pub train: Train,
    pub changes: Vec<Change>,
    pub progress: TrainProgress,
    /// Conflicts involving any of its changes.
    pub conflicts: Vec<Conflict>,
}

fn check_unique(conn: &Connection, name: &str, except: Option<Uuid>) -> Result<()> {
    match trains::id_by_name(conn, name)? {
        Some(id) if Some(id) != except => Err(ApiError::field(
            "name",
            format!("A train named \"{name}\" already exists"),
        )),
        _ => Ok(()),
    }
}

fn check_targets(conn: &Connection, input: &TrainInput) -> Result<()> {
    for t in &input.targets {
        if environments::get(conn, t.environment_id)?.is_none() {
            return Err(ApiError::field(
                "targets",
                "A target names an environment that no longer exists",
            ));
        }
    }
    Ok(())
}

/// Inserts a validated train and its audit event inside a transaction.
pub(crate) fn create_in(conn: &Connection, ctx: &Ctx<'_>, input: TrainInput) -> Result<Train> {
    check_unique(conn, &input.name, None)?;
    check_targets(conn, &input)?;
    let t = Train {
        id: signalbox_domain::new_id(ctx.now),
        name: input.name,
        version: input.version,
        owner: input.owner,
        description: input.description,
        status: input.status,
        targets: input.targets,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    trains::insert(conn, &t)?;
    record(
        conn,
        ctx,
        Subject(EntityKind::Train, t.id, &t.name),
        AuditAction::Created,
        None,
        Some(&t),
    )?;
    Ok(t)
}

impl Workspace {
    /// Every train, by name, with progress.
    pub fn list_trains(&self) -> Result<Vec<TrainSummary>> {
        let all = trains::list(self.conn())?;
        self.with_calendar(|cache| {
            all.into_iter()
                .map(|train| {
                    let progress = TrainProgress::of(
                        cache
                            .all()
                            .filter(|c| c.train_id == Some(train.id))
                            .map(|c| c.status),
                    );
                    TrainSummary { train, progress }
                })
                .collect()
        })
    }

    /// One train with its changes and their conflicts.
    pub fn train_detail(&self, id: Uuid) -> Result<TrainDetail> {
        let train = trains::get(self.conn(), id)?
            .ok_or_else(|| ApiError::not_found(EntityKind::Train, id))?;
        let changes = signalbox_store::changes::of_train(self.conn(), id)?;
        let progress = TrainProgress::of(changes.iter().map(|c| c.status));
        // Each change's check reports a pair it shares with another train
        // change again, led by itself: keep one per kind, changes and windows.
        let mut conflicts: Vec<Conflict> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let refs: Vec<&Change> = changes.iter().collect();
        for conflict in self.conflicts_of(&refs)?.into_iter().flatten() {
            let mut ids = conflict.change_ids.clone();
            ids.sort();
            if seen.insert((conflict.kind, ids, conflict.window_ids.clone())) {
                conflicts.push(conflict);
            }
        }
        Ok(TrainDetail {
            train,
            changes,
            progress,
            conflicts,
        })
    }

    /// Creates a train.
    pub fn create_train(&mut self, input: &TrainInput) -> Result<Train> {
        let input = input.validate()?;
        self.write(&[EntityKind::Train], |tx, ctx| create_in(tx, ctx, input))
    }

    /// Edits a train.
    pub fn update_train(&mut self, id: Uuid, input: &TrainInput) -> Result<Train> {
        let input = input.validate()?;
        self.write(&[EntityKind::Train], |tx, ctx| {
            let before =
                trains::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Train, id))?;
            check_unique(tx, &input.name, Some(id))?;
            check_targets(tx, &input)?;
            let after = Train {
                name: input.name,
                version: input.version,
                owner: input.owner,
                description: input.description,
                status: input.status,
                targets: input.targets,
                updated_at: ctx.now,
                ..before.clone()
            };
            if after
                == (Train {
                    updated_at: after.updated_at,
                    ..before.clone()
                })
            {
                return Ok(before);
            }
            trains::update(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Train, id, &after.name),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Deletes a train; its changes stay on the calendar without a train.
    pub fn delete_train(&mut self, id: Uuid) -> Result<()> {
        self.write(&[EntityKind::Train, EntityKind::Change], |tx, ctx| {
            let before =
                trains::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Train, id))?;
            trains::delete(tx, id)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Train, id, &before.name),
                AuditAction::Deleted,
                Some(&before),
                None,
            )
        })
    }

    /// The id of the train called `name`.
    pub fn train_id_by_name(&self, name: &str) -> Result<Uuid> {
        trains::id_by_name(self.conn(), name)?
            .ok_or_else(|| ApiError::NotFound(format!("no train called \"{name}\"")))
    }
}
