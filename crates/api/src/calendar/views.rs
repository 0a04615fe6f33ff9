//! The calendar views' query: the changes, window occurrences and conflicts
//! of a period, filtered the way the month, week and timeline views ask.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use signalbox_domain::calendar::conflict;
use signalbox_domain::calendar::{Change, Conflict, DeployStatus, Interval, WindowKind};
use ts_rs::TS;
use uuid::Uuid;

use super::checks::{check_range, covering};
use crate::{Result, Workspace};

/// What a calendar view shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarQuery {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Only these environments (all when empty).
    #[serde(default)]
    pub environment_ids: Vec<Uuid>,
    /// Only changes touching services this team owns.
    #[serde(default)]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    pub train_id: Option<Uuid>,
    /// Only changes touching one of these services (all when empty).
    #[serde(default)]
    pub service_ids: Vec<Uuid>,
    /// Only these statuses (all when empty).
    #[serde(default)]
    pub statuses: Vec<DeployStatus>,
    /// Also run conflict detection over the shown changes.
    #[serde(default)]
    pub with_conflicts: bool,
}

/// One occurrence of a window in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WindowOccurrence {
    pub window_id: Uuid,
    pub name: String,
    pub kind: WindowKind,
    pub soft: bool,
    pub interval: Interval,
    pub environment_ids: Vec<Uuid>,
    pub service_ids: Vec<Uuid>,
}

/// Everything a calendar view draws for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CalendarView {
    pub changes: Vec<Change>,
    pub windows: Vec<WindowOccurrence>,
    pub conflicts: Vec<Conflict>,
    /// Windows whose stored rule could not be read (shown as a warning).
    pub problems: Vec<String>,
}

impl Workspace {
    /// The changes and windows of a period, filtered.
    pub fn calendar(&self, q: &CalendarQuery) -> Result<CalendarView> {
        let span = check_range(q.from, q.to)?;
        let now = self.now();
        let catalog = self.service_index()?;
        let owned = |c: &Change| match q.team_id {
            None => true,
            Some(team) => c.service_ids.iter().any(|s| {
                catalog
                    .get(*s)
                    .is_some_and(|svc| svc.owner_team_id == Some(team))
            }),
        };
        self.with_calendar(|cache| {
            let changes: Vec<&Change> = cache
                .overlapping(&span)
                .into_iter()
                .filter(|c| {
                    q.environment_ids.is_empty() || q.environment_ids.contains(&c.environment_id)
                })
                .filter(|c| q.train_id.is_none() || c.train_id == q.train_id)
                .filter(|c| q.statuses.is_empty() || q.statuses.contains(&c.status))
                .filter(|c| {
                    q.service_ids.is_empty()
                        || c.service_ids.iter().any(|s| q.service_ids.contains(s))
                })
                .filter(|c| owned(c))
                .collect();
            self.with_facts(covering(span, &changes), |facts| {
                let mut windows = Vec::new();
                for x in facts.windows.expanded() {
                    let w = x.window;
                    let shown = q.environment_ids.is_empty()
                        || q.environment_ids.iter().any(|e| w.covers_environment(*e));
                    if !shown {
                        continue;
                    }
                    // Expanded over the changes' whole span; list only the view's.
                    for o in x.occurrences.iter().filter(|o| o.overlaps(&span)) {
                        windows.push(WindowOccurrence {
                            window_id: w.id,
                            name: w.name.clone(),
                            kind: w.kind,
                            soft: w.soft,
                            interval: *o,
                            environment_ids: w.environment_ids.clone(),
                            service_ids: w.service_ids.clone(),
                        });
                    }
                }
                windows.sort_by_key(|w| (w.interval.start, w.window_id));
                let conflicts = if q.with_conflicts {
                    conflict::detect(now, &changes, facts)
                } else {
                    Vec::new()
                };
                CalendarView {
                    changes: changes.iter().map(|c| (*c).clone()).collect(),
                    windows,
                    conflicts,
                    problems: facts.windows.problems.clone(),
                }
            })
        })?
    }
}
