//! The release calendar: time intervals, recurring windows, changes and
//! trains, the conflict rules between them, the scheduling assistant and the
//! iCalendar (RFC 5545) format. All pure: callers pass `now` and the data.

pub mod ics;
pub mod interval;
pub mod recurrence;

pub use interval::Interval;
