//! The scheduling assistant: the earliest slots for a change that raise no
//! error-level conflict, honouring freezes, maintenance windows and quotas.

use chrono::{DateTime, Duration, DurationRound, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::conflict::{self, Conflict, Facts, Severity};
use super::{Change, Interval};

/// How far ahead the assistant looks.
pub const HORIZON_DAYS: i64 = 90;
/// Slots start on this grid (minutes) unless a window or change edge is later.
pub const GRID_MINUTES: i64 = 15;

/// One proposed slot and the warnings it would still carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Slot {
    pub interval: Interval,
    /// Warning-level conflicts the slot still has (errors never).
    pub warnings: Vec<Conflict>,
}

/// Up to `limit` slots for `change` (its services, environment, owner and
/// duration), starting no earlier than `after`, within HORIZON_DAYS.
/// `others` are the scheduled changes over that horizon, sorted by start;
/// `facts.windows` must cover the horizon plus the change's duration.
/// Slots do not overlap each other, so each is a real alternative.
pub fn next_free(
    now: DateTime<Utc>,
    change: &Change,
    after: DateTime<Utc>,
    others: &[&Change],
    facts: &Facts<'_>,
    limit: usize,
) -> Vec<Slot> {
    let duration = change.end - change.start;
    let horizon = after + Duration::days(HORIZON_DAYS);
    // The earliest feasible start is `after` itself or an instant where a
    // blocker lets go: a hard freeze ends, a maintenance window opens, or a
    // change in the same environment ends (freeing quota). Between those,
    // moving later only adds overlap, so no other instant can be first.
    let first = round_up(after.max(now));
    let mut candidates: Vec<DateTime<Utc>> = vec![first];
    candidates.extend(facts.windows.release_points(change.environment_id));
    candidates.extend(
        others
            .iter()
            .filter(|c| c.environment_id == change.environment_id && conflict::is_live(c, now))
            .map(|c| c.end),
    );
    candidates.retain(|t| *t >= first && *t <= horizon);
    candidates.sort_unstable();
    candidates.dedup();

    let longest = others
        .iter()
        .map(|c| c.end - c.start)
        .max()
        .unwrap_or(Duration::zero());
    let mut out: Vec<Slot> = Vec::new();
    for start in candidates {
        if out.len() >= limit {
            break;
        }
        if out.last().is_some_and(|s| start < s.interval.end) {
            continue;
        }
        let mut moved = change.clone();
        moved.start = start;
        moved.end = start + duration;
        let near = overlapping(others, &moved.interval(), longest);
        let found = conflict::check(now, &moved, near, facts);
        if found.iter().all(|c| c.severity != Severity::Error) {
            out.push(Slot {
                interval: moved.interval(),
                warnings: found,
            });
        }
    }
    out
}

/// The changes (sorted by start) that may overlap `span`.
pub fn overlapping<'c, 'd>(
    sorted: &'c [&'d Change],
    span: &Interval,
    longest: Duration,
) -> &'c [&'d Change] {
    let end = sorted.partition_point(|c| c.start < span.end);
    let begin = sorted[..end].partition_point(|c| c.start < span.start - longest);
    &sorted[begin..end]
}

fn round_up(t: DateTime<Utc>) -> DateTime<Utc> {
    let grid = Duration::minutes(GRID_MINUTES);
    match t.duration_trunc(grid) {
        Ok(down) if down == t => t,
        Ok(down) => down + grid,
        Err(_) => t,
    }
}
