//! CAB definitions and preparing a meeting: the agenda is built from the
//! CAB's filter over the changes awaiting a decision and frozen at the
//! cutoff; changes that match later are shown as late additions, which the
//! chair may pull in.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use signalbox_domain::calendar::{Change, Interval};
use signalbox_domain::governance::cab::{self, Candidate};
use signalbox_domain::governance::{
    AgendaItem, Attendee, Cab, CabInput, ChangeGovernance, ItemFacts, Meeting, MeetingStatus,
    RiskLevel,
};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{cabs, environments, people, Connection};
use ts_rs::TS;
use uuid::Uuid;

use super::facts::Radius;
use super::lifecycle::approval_state_with;
use crate::workspace::{record, Subject};
use crate::{ApiError, Result, Workspace};

/// A CAB as listed: its definition, members by name, and its meetings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CabView {
    pub cab: Cab,
    pub members: Vec<String>,
    /// Newest first, without their items.
    pub meetings: Vec<Meeting>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrepareInput {
    pub cab_id: Uuid,
    /// When the meeting sits; its agenda looks ahead from here.
    pub at: DateTime<Utc>,
}

/// A change that would be on the agenda but is not.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LateAddition {
    pub change_id: Uuid,
    pub title: String,
    pub start: DateTime<Utc>,
    pub level: RiskLevel,
}

impl Workspace {
    pub fn list_cabs(&self) -> Result<Vec<CabView>> {
        let conn = self.conn();
        let names: HashMap<Uuid, String> = people::list(conn)?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        cabs::list_cabs(conn)?
            .into_iter()
            .map(|c| {
                Ok(CabView {
                    members: c
                        .member_ids
                        .iter()
                        .filter_map(|m| names.get(m).cloned())
                        .collect(),
                    meetings: cabs::meetings_of(conn, c.id)?,
                    cab: c,
                })
            })
            .collect()
    }

    /// A CAB's meetings, newest first, without their items.
    pub fn cab_meetings(&self, cab: Uuid) -> Result<Vec<Meeting>> {
        Ok(cabs::meetings_of(self.conn(), cab)?)
    }

    /// A CAB by exact name (any case).
    pub fn cab_by_name(&self, name: &str) -> Result<Cab> {
        cabs::cab_by_name(self.conn(), name)?
            .ok_or_else(|| ApiError::NotFound(format!("no CAB named \"{}\"", name.trim())))
    }

    pub fn create_cab(&mut self, input: &CabInput) -> Result<Cab> {
        let input = input.validate()?;
        self.write_governance(&[EntityKind::Cab], |tx, ctx| {
            check_cab(tx, None, &input)?;
            let c = Cab {
                id: signalbox_domain::new_id(ctx.now),
                name: input.name,
                cadence: input.cadence,
                member_ids: input.member_ids,
                filter: input.filter,
                created_at: ctx.now,
                updated_at: ctx.now,
            };
            insert_cab(tx, ctx, &c)?;
            Ok(c)
        })
    }

    pub fn update_cab(&mut self, id: Uuid, input: &CabInput) -> Result<Cab> {
        let input = input.validate()?;
        self.write_governance(&[EntityKind::Cab], |tx, ctx| {
            let before =
                cabs::get_cab(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Cab, id))?;
            check_cab(tx, Some(id), &input)?;
            let after = Cab {
                name: input.name,
                cadence: input.cadence,
                member_ids: input.member_ids,
                filter: input.filter,
                updated_at: ctx.now,
                ..before.clone()
            };
            cabs::update_cab(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Cab, id, &after.name),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    pub fn delete_cab(&mut self, id: Uuid) -> Result<()> {
        self.write_governance(&[EntityKind::Cab], |tx, ctx| {
            let before =
                cabs::get_cab(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Cab, id))?;
            let n = cabs::count_meetings(tx, id)?;
            if n > 0 {
                return Err(ApiError::Conflict(format!(
                    "\"{}\" has {n} meeting(s) on record; a CAB with minutes cannot be deleted",
                    before.name
                )));
            }
            cabs::delete_cab(tx, id)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Cab, id, &before.name),
                AuditAction::Deleted,
                Some(&before),
                None,
            )
        })
    }

    /// The changes a filter picks for a meeting at `at`, soonest first,
    /// with their risk level.
    pub(crate) fn agenda_changes(
        &self,
        cab: &Cab,
        at: DateTime<Utc>,
    ) -> Result<Vec<(Change, RiskLevel)>> {
        let f = &cab.filter;
        let span = Interval {
            start: at,
            end: at + Duration::days(i64::from(f.horizon_days)),
        };
        let ctx = self.risk_context(span, Radius::UpToLimit)?;
        // Only changes submitted for a decision have a record in a pending
        // stage; the rest need no risk computed.
        let pending: HashMap<
            Uuid,
            (
                signalbox_domain::governance::ChangeModel,
                signalbox_domain::governance::Stage,
            ),
        > = ctx
            .records
            .values()
            .filter(|g| {
                cab::pending(g.stage) && (f.models.is_empty() || f.models.contains(&g.model))
            })
            .map(|g| (g.change_id, (g.model, g.stage)))
            .collect();
        let found: Vec<Change> = self.with_calendar(|cache| {
            cache
                .overlapping(&span)
                .into_iter()
                .filter(|c| c.start >= at && pending.contains_key(&c.id))
                .filter(|c| {
                    f.environment_ids.is_empty() || f.environment_ids.contains(&c.environment_id)
                })
                .cloned()
                .collect()
        })?;
        let refs: Vec<&Change> = found.iter().collect();
        let levels = ctx.levels(&refs)?;
        let candidates: Vec<Candidate> = found
            .iter()
            .zip(levels)
            .map(|(c, level)| {
                let (model, stage) = pending[&c.id];
                Candidate {
                    change_id: c.id,
                    start: c.start,
                    environment_id: c.environment_id,
                    level,
                    model,
                    stage,
                }
            })
            .collect();
        let picked = f.pick(at, &candidates);
        let levels: HashMap<Uuid, RiskLevel> =
            candidates.iter().map(|c| (c.change_id, c.level)).collect();
        let mut by_id: HashMap<Uuid, Change> = found.into_iter().map(|c| (c.id, c)).collect();
        Ok(picked
            .into_iter()
            .filter_map(|id| Some((by_id.remove(&id)?, levels[&id])))
            .collect())
    }

    /// The frozen facts of each change for an agenda.
    pub(crate) fn item_facts(&self, list: &[Change]) -> Result<Vec<ItemFacts>> {
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let conn = self.conn();
        let refs: Vec<&Change> = list.iter().collect();
        let span = super::super::calendar::checks::covering(list[0].interval(), &refs);
        let ctx = self.risk_context(span, Radius::Exact)?;
        let assessed = ctx.assess_all(&refs)?;
        let conflicts = self.conflicts_of(&refs)?;
        let policy = super::policy::approval_policy(conn)?;
        let envs: HashMap<Uuid, String> = environments::list(conn)?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        let catalog = self.service_index()?;
        list.iter()
            .zip(assessed)
            .zip(conflicts)
            .map(|((c, (facts, risk)), conflicts)| {
                let g = ctx
                    .records
                    .get(&c.id)
                    .cloned()
                    .unwrap_or_else(|| ChangeGovernance::initial(c.id, &c.owner, c.created_at));
                let (_, _, state) = approval_state_with(conn, &policy, c, &g, &risk)?;
                Ok(ItemFacts {
                    change_id: c.id,
                    title: c.title.clone(),
                    environment: envs.get(&c.environment_id).cloned().unwrap_or_default(),
                    services: c
                        .service_ids
                        .iter()
                        .filter_map(|s| catalog.names().get(s).cloned())
                        .collect(),
                    owner: c.owner.clone(),
                    requested_by: g.requested_by.clone(),
                    start: c.start,
                    end: c.end,
                    model: g.model,
                    stage: g.stage,
                    level: risk.level,
                    score: risk.score,
                    reasons: risk.reasons,
                    conflicts: conflicts.into_iter().map(|k| k.message).collect(),
                    blast_radius: facts.dependants,
                    approvals_needed: state
                        .slots
                        .iter()
                        .map(|s| match &s.filled_by {
                            Some(by) => format!("{} (given by {by})", s.role.label()),
                            None => s.role.label().to_string(),
                        })
                        .collect(),
                })
            })
            .collect()
    }

    /// Freezes an agenda for a CAB meeting now, with the CAB's members as
    /// the attendance list (the chair marked present).
    pub fn prepare_meeting(&mut self, input: &PrepareInput) -> Result<Meeting> {
        let conn = self.conn();
        let cab = cabs::get_cab(conn, input.cab_id)?
            .ok_or_else(|| ApiError::not_found(EntityKind::Cab, input.cab_id))?;
        let chair = self.actor()?;
        let picked: Vec<Change> = self
            .agenda_changes(&cab, input.at)?
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        if picked.len() > cab::AGENDA_MAX {
            return Err(ApiError::Refused(format!(
                "The filter picks {} changes, more than the {} one meeting can hold; narrow it",
                picked.len(),
                cab::AGENDA_MAX
            )));
        }
        let facts = self.item_facts(&picked)?;
        let everyone: HashMap<Uuid, signalbox_domain::governance::Person> =
            people::list(conn)?.into_iter().map(|p| (p.id, p)).collect();
        // The members, and the chair (present) even when not a member.
        let chair_person = everyone
            .values()
            .find(|p| p.name.eq_ignore_ascii_case(&chair))
            .map(|p| p.id);
        let mut ids = cab.member_ids.clone();
        if let Some(id) = chair_person.filter(|id| !ids.contains(id)) {
            ids.insert(0, id);
        }
        let attendees = ids
            .iter()
            .filter_map(|id| everyone.get(id))
            .map(|p| Attendee {
                person_id: p.id,
                name: p.name.clone(),
                role: p.role,
                present: Some(p.id) == chair_person,
            })
            .collect();
        // A snapshot changes nothing risk is computed from.
        let meeting = self.write_keeping_caches(&[EntityKind::Meeting], |tx, ctx| {
            let m = Meeting {
                id: signalbox_domain::new_id(ctx.now),
                cab_id: cab.id,
                cab_name: cab.name.clone(),
                at: input.at,
                cutoff: ctx.now,
                status: MeetingStatus::Prepared,
                chair: chair.clone(),
                attendees,
                items: facts
                    .into_iter()
                    .enumerate()
                    .map(|(i, facts)| AgendaItem {
                        position: i as u32,
                        facts,
                        late: false,
                        decision: None,
                        note: String::new(),
                        decided_by: None,
                        decided_at: None,
                        seconds: 0,
                    })
                    .collect(),
                current: 0,
                current_since: None,
                started_at: None,
                ended_at: None,
            };
            cabs::insert_meeting(tx, &m)?;
            let label = format!("{} {}", m.cab_name, m.at.format("%Y-%m-%d"));
            record(
                tx,
                ctx,
                Subject(EntityKind::Meeting, m.id, &label),
                AuditAction::Created,
                None,
                Some(&serde_json::json!({
                    "cab": m.cab_name, "at": m.at, "cutoff": m.cutoff,
                    "agenda": m.items.iter().map(|i| &i.facts.title).collect::<Vec<_>>(),
                })),
            )?;
            Ok(m)
        })?;
        Ok(meeting)
    }

    /// Changes that match the CAB's filter now but are not on the agenda.
    pub(crate) fn late_additions(&self, m: &Meeting) -> Result<Vec<LateAddition>> {
        if m.status == MeetingStatus::Closed {
            return Ok(Vec::new());
        }
        let Some(cab) = cabs::get_cab(self.conn(), m.cab_id)? else {
            return Ok(Vec::new());
        };
        let on: std::collections::HashSet<Uuid> =
            m.items.iter().map(|i| i.facts.change_id).collect();
        Ok(self
            .agenda_changes(&cab, m.at)?
            .into_iter()
            .filter(|(c, _)| !on.contains(&c.id))
            .map(|(c, level)| LateAddition {
                change_id: c.id,
                title: c.title,
                start: c.start,
                level,
            })
            .collect())
    }
}

/// A CAB's name must be free and its members and environments must exist.
fn check_cab(conn: &Connection, id: Option<Uuid>, input: &CabInput) -> Result<()> {
    if let Some(other) = cabs::cab_by_name(conn, &input.name)? {
        if Some(other.id) != id {
            return Err(ApiError::field(
                "name",
                format!("There is already a CAB named \"{}\"", input.name),
            ));
        }
    }
    for m in &input.member_ids {
        if people::get(conn, *m)?.is_none() {
            return Err(ApiError::field(
                "member_ids",
                "A member no longer exists; remove them",
            ));
        }
    }
    for e in &input.filter.environment_ids {
        if environments::get(conn, *e)?.is_none() {
            return Err(ApiError::field(
                "environment_ids",
                "An environment in the filter no longer exists",
            ));
        }
    }
    Ok(())
}

/// Stores a new CAB with its audit event.
pub(crate) fn insert_cab(tx: &Connection, ctx: &crate::workspace::Ctx<'_>, c: &Cab) -> Result<()> {
    cabs::insert_cab(tx, c)?;
    record(
        tx,
        ctx,
        Subject(EntityKind::Cab, c.id, &c.name),
        AuditAction::Created,
        None,
        Some(c),
    )
}
