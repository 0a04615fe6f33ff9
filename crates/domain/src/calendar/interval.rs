//! Half-open UTC time intervals, the unit every calendar rule works in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `[start, end)` in UTC. Two intervals that only touch (one ends when the
/// other starts) do not overlap: a change may start the minute a freeze ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Interval {
    /// The interval `[start, end)`; `None` unless `start < end`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Option<Interval> {
        (start < end).then_some(Interval { start, end })
    }

    /// True when the two share at least one instant.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies wholly inside `self`.
    pub fn contains(&self, other: &Interval) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the instant `t` lies in `[start, end)`.
    pub fn contains_instant(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// The shared part, if any.
    pub fn intersection(&self, other: &Interval) -> Option<Interval> {
        Interval::new(self.start.max(other.start), self.end.min(other.end))
    }

    /// Length in whole minutes.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, h, m, 0).unwrap()
    }

    #[test]
    fn touching_intervals_do_not_overlap() {
        let a = Interval::new(at(1, 0), at(2, 0)).unwrap();
        let b = Interval::new(at(2, 0), at(3, 0)).unwrap();
        assert!(!a.overlaps(&b));
        assert!(!b.overlaps(&a));
        assert!(a.intersection(&b).is_none());
    }

    #[test]
    fn overlap_containment_and_intersection() {
        let a = Interval::new(at(1, 0), at(3, 0)).unwrap();
        let b = Interval::new(at(2, 0), at(2, 30)).unwrap();
        assert!(a.overlaps(&b) && a.contains(&b) && !b.contains(&a));
        assert_eq!(a.intersection(&b), Some(b));
        assert_eq!(b.minutes(), 30);
        assert!(a.contains_instant(at(1, 0)) && !a.contains_instant(at(3, 0)));
    }

    #[test]
    fn empty_or_reversed_intervals_are_refused() {
        assert!(Interval::new(at(2, 0), at(2, 0)).is_none());
        assert!(Interval::new(at(3, 0), at(2, 0)).is_none());
    }
}
