//! Conflicts, the scheduling assistant and the deploy gate: each loads the
//! facts the pure rules in `domain::calendar` need and runs them.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use signalbox_domain::calendar::conflict::{self, Facts};
use signalbox_domain::calendar::slot::{self, Slot};
use signalbox_domain::calendar::{
    Change, ChangeInput, Conflict, DeployStatus, Interval, Severity, WindowIndex,
};
use signalbox_store::{environments, services, windows};
use ts_rs::TS;
use uuid::Uuid;

use super::changes::{check_references, ChangeDraft};
use crate::{ApiError, Result, Workspace};

/// A request for the next free slots of a change being edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SlotQuery {
    pub draft: ChangeDraft,
    /// Earliest start; now when absent.
    #[serde(default)]
    pub after: Option<DateTime<Utc>>,
    /// How many slots to propose (1 to 10; 3 when absent).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Whether a deployment of a service to an environment may go ahead at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GateReport {
    pub allowed: bool,
    pub at: DateTime<Utc>,
    pub service: String,
    pub environment: String,
    /// Why not: the error-level conflicts.
    pub blocking: Vec<Conflict>,
    /// What to know anyway: soft freezes and other warnings.
    pub warnings: Vec<Conflict>,
}

/// The longest span conflict detection runs over at once.
const MAX_RANGE_DAYS: i64 = 400;

/// `span` widened to cover every one of `changes`: the windows a change
/// collides with must be expanded over all of it, not just the asked range.
pub(crate) fn covering(span: Interval, changes: &[&Change]) -> Interval {
    changes.iter().fold(span, |p, c| Interval {
        start: p.start.min(c.start),
        end: p.end.max(c.end),
    })
}

pub(crate) fn check_range(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Interval> {
    let span = Interval::new(from, to).ok_or_else(|| {
        ApiError::field(
            "to",
            format!("The end ({to}) must be after the start ({from})"),
        )
    })?;
    if to - from > Duration::days(MAX_RANGE_DAYS) {
        return Err(ApiError::field(
            "to",
            format!("A range may cover at most {MAX_RANGE_DAYS} days"),
        ));
    }
    Ok(span)
}

impl Workspace {
    /// Runs `f` with the windows expanded over `period` and the other facts.
    pub(crate) fn with_facts<T>(
        &self,
        period: Interval,
        f: impl FnOnce(&Facts<'_>) -> T,
    ) -> Result<T> {
        let conn = self.conn();
        let all_windows = windows::list(conn)?;
        let envs = environments::list(conn)?;
        let catalog = self.service_index()?;
        let index = WindowIndex::build(&all_windows, period);
        let edges = self.dependency_edges()?.pairs;
        let facts = Facts {
            windows: &index,
            environments: &envs,
            dependencies: &edges,
            service_names: catalog.names(),
        };
        Ok(f(&facts))
    }

    /// Every conflict among the changes overlapping `[from, to)`.
    pub fn conflicts(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Conflict>> {
        let span = check_range(from, to)?;
        let now = self.now();
        self.with_calendar(|cache| {
            let changes = cache.overlapping(&span);
            self.with_facts(covering(span, &changes), |facts| {
                conflict::detect(now, &changes, facts)
            })
        })?
    }

    /// The conflicts each of `changes` has now, in order. The windows are
    /// expanded once, over the span of them all.
    pub(crate) fn conflicts_of(&self, changes: &[&Change]) -> Result<Vec<Vec<Conflict>>> {
        let Some(first) = changes.first() else {
            return Ok(Vec::new());
        };
        let now = self.now();
        let period = covering(first.interval(), changes);
        self.with_calendar(|cache| {
            self.with_facts(period, |facts| {
                changes
                    .iter()
                    .map(|c| conflict::check(now, c, &cache.overlapping(&c.interval()), facts))
                    .collect()
            })
        })?
    }

    /// The conflicts a change being edited would have, before it is saved.
    pub fn check_change(&self, draft: &ChangeDraft) -> Result<Vec<Conflict>> {
        let change = self.draft_change(draft)?;
        Ok(self.conflicts_of(&[&change])?.pop().unwrap_or_default())
    }

    fn draft_change(&self, draft: &ChangeDraft) -> Result<Change> {
        let input: ChangeInput = draft.input.validate()?;
        check_references(self.conn(), &input)?;
        let now = self.now();
        let status = match draft.id {
            Some(id) => self.get_change(id)?.status,
            None => DeployStatus::Planned,
        };
        Ok(Change {
            id: draft.id.unwrap_or_else(Uuid::nil),
            title: input.title,
            description: input.description,
            service_ids: input.service_ids,
            environment_id: input.environment_id,
            start: input.start,
            end: input.end,
            owner: input.owner,
            train_id: input.train_id,
            status,
            created_at: now,
            updated_at: now,
        })
    }

    /// The earliest slots within 90 days that raise no error-level conflict.
    pub fn next_free_slots(&self, query: &SlotQuery) -> Result<Vec<Slot>> {
        let change = self.draft_change(&query.draft)?;
        let now = self.now();
        let after = query.after.unwrap_or(now).max(now);
        let limit = query.limit.unwrap_or(3).clamp(1, 10) as usize;
        let horizon = Interval {
            start: after,
            end: after + Duration::days(slot::HORIZON_DAYS) + (change.end - change.start),
        };
        self.with_calendar(|cache| {
            let others = cache.overlapping(&horizon);
            self.with_facts(horizon, |facts| {
                slot::next_free(now, &change, after, &others, facts, limit)
            })
        })?
    }

    /// May `service` be deployed to `environment` at `at` (now when absent)?
    /// The deployment counts as one more change in the environment, unless a
    /// planned change for that service already covers the moment.
    pub fn gate(
        &self,
        service: &str,
        environment: &str,
        at: Option<DateTime<Utc>>,
    ) -> Result<GateReport> {
        let conn = self.conn();
        let service_id = services::id_by_name(conn, service)?
            .ok_or_else(|| ApiError::NotFound(format!("no service called \"{service}\"")))?;
        let env = environments::id_by_name(conn, environment)?
            .and_then(|id| environments::get(conn, id).ok().flatten())
            .ok_or_else(|| {
                ApiError::NotFound(format!("no environment called \"{environment}\""))
            })?;
        let now = self.now();
        let at = at.unwrap_or(now);
        let moment = Interval {
            start: at,
            end: at + Duration::minutes(1),
        };
        let candidate = Change {
            id: Uuid::nil(),
            title: format!("deploy {service} to {}", env.name),
            description: String::new(),
            service_ids: vec![service_id],
            environment_id: env.id,
            start: moment.start,
            end: moment.end,
            owner: String::new(),
            train_id: None,
            status: DeployStatus::InProgress,
            created_at: now,
            updated_at: now,
        };
        // `now` for the rules is the moment asked about, so a change that has
        // ended by then no longer counts.
        let found = self.with_calendar(|cache| {
            let others: Vec<&Change> = cache
                .overlapping(&moment)
                .into_iter()
                .filter(|c| !(c.environment_id == env.id && c.service_ids.contains(&service_id)))
                .collect();
            self.with_facts(moment, |facts| {
                conflict::check(at, &candidate, &others, facts)
            })
        })??;
        let (blocking, warnings): (Vec<_>, Vec<_>) = found
            .into_iter()
            .filter(|c| {
                // Overlaps with other changes are the planners' concern, not the gate's.
                !matches!(
                    c.kind,
                    signalbox_domain::calendar::ConflictKind::ServiceOverlap
                        | signalbox_domain::calendar::ConflictKind::OwnerDoubleBooked
                        | signalbox_domain::calendar::ConflictKind::DependencyOverlap
                )
            })
            .partition(|c| c.severity == Severity::Error);
        Ok(GateReport {
            allowed: blocking.is_empty(),
            at,
            service: service.to_string(),
            environment: env.name,
            blocking,
            warnings,
        })
    }
}
