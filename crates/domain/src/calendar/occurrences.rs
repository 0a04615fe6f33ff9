//! Window occurrences over a period, indexed by environment and kind so the
//! conflict rules can ask "which freezes touch this change?" in log time.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::{Interval, Window, WindowKind};

/// One window and its occurrences in the indexed period, sorted by start.
#[derive(Debug, Clone)]
pub struct Expanded<'a> {
    pub window: &'a Window,
    pub occurrences: Vec<Interval>,
}

/// Occurrences of one kind for one environment key, sorted by start.
#[derive(Debug, Default)]
struct Lane {
    items: Vec<(Interval, usize)>,
    longest: Duration,
}

/// Every window expanded over a period and indexed for overlap queries.
#[derive(Debug)]
pub struct WindowIndex<'a> {
    expanded: Vec<Expanded<'a>>,
    /// Key `None`: windows for every environment; `Some(env)`: windows that
    /// name that environment.
    lanes: HashMap<(Option<Uuid>, WindowKind), Lane>,
    /// Windows whose stored recurrence could not be read, with why; they are
    /// left out rather than failing the whole calendar.
    pub problems: Vec<String>,
}

impl<'a> WindowIndex<'a> {
    /// Expands `windows` over `period`.
    pub fn build(windows: &'a [Window], period: Interval) -> WindowIndex<'a> {
        let mut expanded = Vec::with_capacity(windows.len());
        let mut problems = Vec::new();
        for window in windows {
            match window.recurrence() {
                Ok(r) => expanded.push(Expanded {
                    window,
                    occurrences: r.occurrences(period.start, period.end),
                }),
                Err(e) => problems.push(e),
            }
        }
        let mut lanes: HashMap<(Option<Uuid>, WindowKind), Lane> = HashMap::new();
        for (i, x) in expanded.iter().enumerate() {
            let keys: Vec<Option<Uuid>> = if x.window.environment_ids.is_empty() {
                vec![None]
            } else {
                x.window.environment_ids.iter().copied().map(Some).collect()
            };
            for key in keys {
                let lane = lanes.entry((key, x.window.kind)).or_default();
                for o in &x.occurrences {
                    lane.items.push((*o, i));
                    lane.longest = lane.longest.max(o.end - o.start);
                }
            }
        }
        for lane in lanes.values_mut() {
            lane.items.sort_unstable_by_key(|(o, i)| (o.start, *i));
        }
        WindowIndex {
            expanded,
            lanes,
            problems,
        }
    }

    /// Occurrences of `kind` windows covering `environment` that overlap
    /// `span`, with their window.
    pub fn overlapping(
        &self,
        environment: Uuid,
        kind: WindowKind,
        span: &Interval,
    ) -> impl Iterator<Item = (&Expanded<'a>, Interval)> + '_ {
        let mut hits: Vec<(usize, Interval)> = Vec::new();
        for key in [None, Some(environment)] {
            let Some(lane) = self.lanes.get(&(key, kind)) else {
                continue;
            };
            // Everything starting before span.end is a candidate; nothing
            // starting more than `longest` before span.start can reach it.
            let end = lane.items.partition_point(|(o, _)| o.start < span.end);
            let earliest = span.start - lane.longest;
            let begin = lane.items[..end].partition_point(|(o, _)| o.start < earliest);
            for (o, i) in &lane.items[begin..end] {
                if o.overlaps(span) {
                    hits.push((*i, *o));
                }
            }
        }
        hits.sort_by_key(|(i, o)| (o.start, *i));
        hits.into_iter().map(|(i, o)| (&self.expanded[i], o))
    }

    /// The instants at which a slot in `environment` can stop being blocked by
    /// a window: ends of hard freezes and starts of maintenance windows.
    pub fn release_points(&self, environment: Uuid) -> Vec<DateTime<Utc>> {
        let mut out = Vec::new();
        for key in [None, Some(environment)] {
            if let Some(lane) = self.lanes.get(&(key, WindowKind::Freeze)) {
                out.extend(
                    lane.items
                        .iter()
                        .filter(|(_, i)| self.expanded[*i].window.is_hard_freeze())
                        .map(|(o, _)| o.end),
                );
            }
            if let Some(lane) = self.lanes.get(&(key, WindowKind::Maintenance)) {
                out.extend(lane.items.iter().map(|(o, _)| o.start));
            }
        }
        out
    }

    /// Every expanded window of `kind`.
    pub fn windows(&self, kind: WindowKind) -> impl Iterator<Item = &Expanded<'a>> + '_ {
        self.expanded.iter().filter(move |x| x.window.kind == kind)
    }

    /// Every expanded window.
    pub fn expanded(&self) -> &[Expanded<'a>] {
        &self.expanded
    }
}
