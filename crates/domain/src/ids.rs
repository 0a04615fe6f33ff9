//! Entity identity: UUIDv7, sortable by creation time and never reused.

use chrono::{DateTime, Timelike, Utc};
use std::sync::Mutex;

use uuid::{ContextV7, NoContext, Timestamp, Uuid};

/// A new UUIDv7 for an entity created at `now`.
///
/// The time is passed in (the domain never reads the clock). Ids made in the
/// same millisecond still differ and still ascend: a shared counter fills the
/// bits after the time. Ascending ids append to the end of SQLite's indexes,
/// which keeps a bulk load (thousands of records at one `now`) fast.
pub fn new_id(now: DateTime<Utc>) -> Uuid {
    static CONTEXT: Mutex<ContextV7> = Mutex::new(ContextV7::new());
    let secs = u64::try_from(now.timestamp()).unwrap_or(0);
    let nanos = now.timestamp_subsec_nanos();
    match CONTEXT.lock() {
        Ok(context) => Uuid::new_v7(Timestamp::from_unix(&*context, secs, nanos)),
        // A panic elsewhere while holding the lock: ids stay unique, if unordered.
        Err(_) => Uuid::new_v7(Timestamp::from_unix(NoContext, secs, nanos)),
    }
}

/// Formats an instant the one way Signalbox stores and hashes it: UTC,
/// microsecond precision, `Z` suffix. Fixed width, so text order is time order.
pub fn format_instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// `at` cut to the microsecond precision instants are stored with, so a value
/// read back equals the value written.
pub fn stored_precision(at: DateTime<Utc>) -> DateTime<Utc> {
    let micros = at.timestamp_subsec_micros();
    at.with_nanosecond(micros * 1000).unwrap_or(at)
}

/// Parses an instant written by [`format_instant`] (or any RFC 3339 text).
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ids_are_version_7_and_sort_by_time() {
        let a = new_id(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        let b = new_id(Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).unwrap());
        assert_eq!(a.get_version_num(), 7);
        assert!(a < b);
    }

    #[test]
    fn ids_made_at_the_same_instant_ascend() {
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let ids: Vec<Uuid> = (0..1000).map(|_| new_id(t)).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn instants_round_trip_at_fixed_width() {
        let t = Utc.with_ymd_and_hms(2026, 3, 29, 1, 2, 3).unwrap();
        let s = format_instant(t);
        assert_eq!(s, "2026-03-29T01:02:03.000000Z");
        assert_eq!(parse_instant(&s), Some(t));
    }
}
