//! The calendar's changes held in memory, ordered by start, so a month view,
//! a quarter's conflict check or a drag's live check reads a slice instead of
//! decoding thousands of rows. Loaded on first use; the API patches it after
//! its own change writes and reloads it when another process commits
//! (`PRAGMA data_version`) or after bulk writes.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use signalbox_domain::calendar::{Change, Interval};
use signalbox_store::{changes, Connection};
use uuid::Uuid;

use crate::Result;

pub(crate) struct CalendarCache {
    pub data_version: i64,
    by_start: BTreeMap<(DateTime<Utc>, Uuid), Change>,
    starts: HashMap<Uuid, DateTime<Utc>>,
    /// The longest change held: how far back a range query must look.
    longest: Duration,
}

impl CalendarCache {
    pub fn load(conn: &Connection, data_version: i64) -> Result<CalendarCache> {
        let mut cache = CalendarCache {
            data_version,
            by_start: BTreeMap::new(),
            starts: HashMap::new(),
            longest: Duration::zero(),
        };
        for c in changes::all(conn)? {
            cache.upsert(c);
        }
        Ok(cache)
    }

    /// Adds or replaces a change.
    pub fn upsert(&mut self, c: Change) {
        self.remove(c.id);
        self.longest = self.longest.max(c.end - c.start);
        self.starts.insert(c.id, c.start);
        self.by_start.insert((c.start, c.id), c);
    }

    pub fn remove(&mut self, id: Uuid) {
        if let Some(start) = self.starts.remove(&id) {
            self.by_start.remove(&(start, id));
        }
    }

    /// Changes overlapping `span`, by start.
    pub fn overlapping(&self, span: &Interval) -> Vec<&Change> {
        let from = (span.start - self.longest, Uuid::nil());
        let to = (span.end, Uuid::nil());
        self.by_start
            .range(from..to)
            .map(|(_, c)| c)
            .filter(|c| c.end > span.start)
            .collect()
    }

    /// Every change, by start.
    pub fn all(&self) -> impl Iterator<Item = &Change> {
        self.by_start.values()
    }
}
