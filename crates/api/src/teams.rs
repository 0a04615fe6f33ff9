//! Team use cases: list, create, edit, delete.

use serde::Serialize;
use signalbox_domain::{AuditAction, EntityKind, Team, TeamInput};
use signalbox_store::{services, teams, Connection};
use ts_rs::TS;
use uuid::Uuid;

use crate::workspace::{record, Ctx, Subject};
use crate::{ApiError, Result, Workspace};

/// A team with the number of services it owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TeamListItem {
    pub team: Team,
    pub service_count: u32,
}

fn check_unique(conn: &Connection, name: &str, except: Option<Uuid>) -> Result<()> {
    match teams::id_by_name(conn, name)? {
        Some(id) if Some(id) != except => Err(ApiError::field(
            "name",
            format!("A team named \"{name}\" already exists"),
        )),
        _ => Ok(()),
    }
}

/// Inserts a validated team and its audit event inside `tx`.
pub(crate) fn create_in(conn: &Connection, ctx: &Ctx<'_>, input: TeamInput) -> Result<Team> {
    check_unique(conn, &input.name, None)?;
    let team = Team {
        id: signalbox_domain::new_id(ctx.now),
        name: input.name,
        description: input.description,
        contact: input.contact,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    teams::insert(conn, &team)?;
    record(
        conn,
        ctx,
        Subject(EntityKind::Team, team.id, &team.name),
        AuditAction::Created,
        None,
        Some(&team),
    )?;
    Ok(team)
}

impl Workspace {
    /// Every team with its service count, by name.
    pub fn list_teams(&self) -> Result<Vec<TeamListItem>> {
        let counts: std::collections::HashMap<Uuid, u32> =
            teams::service_counts(self.conn())?.into_iter().collect();
        Ok(teams::list(self.conn())?
            .into_iter()
            .map(|team| TeamListItem {
                service_count: counts.get(&team.id).copied().unwrap_or(0),
                team,
            })
            .collect())
    }

    /// The id of the team called `name`, ignoring case.
    pub fn team_id_by_name(&self, name: &str) -> Result<Option<Uuid>> {
        Ok(teams::id_by_name(self.conn(), name)?)
    }

    /// Creates a team.
    pub fn create_team(&mut self, input: &TeamInput) -> Result<Team> {
        let input = input.validate()?;
        self.write(&[EntityKind::Team], |tx, ctx| create_in(tx, ctx, input))
    }

    /// Edits a team.
    pub fn update_team(&mut self, id: Uuid, input: &TeamInput) -> Result<Team> {
        let input = input.validate()?;
        self.write(&[EntityKind::Team, EntityKind::Service], |tx, ctx| {
            let before =
                teams::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Team, id))?;
            check_unique(tx, &input.name, Some(id))?;
            let after = Team {
                name: input.name,
                description: input.description,
                contact: input.contact,
                updated_at: ctx.now,
                ..before.clone()
            };
            if after
                == (Team {
                    updated_at: after.updated_at,
                    ..before.clone()
                })
            {
                return Ok(before);
            }
            teams::update(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Team, id, &after.name),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Deletes a team that owns no services.
    pub fn delete_team(&mut self, id: Uuid) -> Result<()> {
        self.write(&[EntityKind::Team], |tx, ctx| {
            let before =
                teams::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Team, id))?;
            let owned = services::count_owned_by(tx, id)?;
            if owned > 0 {
                return Err(ApiError::Conflict(format!(
                    "\"{}\" owns {owned} service{}: give {} another owner before deleting the team",
                    before.name,
                    if owned == 1 { "" } else { "s" },
                    if owned == 1 { "it" } else { "them" },
                )));
            }
            teams::delete(tx, id)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Team, id, &before.name),
                AuditAction::Deleted,
                Some(&before),
                None,
            )?;
            Ok(())
        })
    }
}
