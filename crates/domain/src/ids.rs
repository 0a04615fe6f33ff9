//! Entity identity: UUIDv7, sortable by creation time and never reused.

use chrono::{DateTime, Datelike, Timelike, Utc};
use std::fmt::Write;
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
    let mut out = String::with_capacity(INSTANT_LEN);
    write_instant(&mut out, at);
    out
}

/// Length of every instant [`format_instant`] writes for years 0 to 9999.
const INSTANT_LEN: usize = "2026-03-29T01:02:03.000000Z".len();

/// Appends `at` formatted as [`format_instant`] describes. Every record and
/// audit event stores and hashes instants, so the digits are written here:
/// interpreting the `strftime` pattern each time was 7% of loading the large
/// sample portfolio.
fn write_instant(out: &mut String, at: DateTime<Utc>) {
    let nanos = at.timestamp_subsec_nanos();
    let year = at.year();
    // Years outside four digits and leap seconds: chrono's own rules.
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        // Writing to a String cannot fail.
        let _ = write!(out, "{}", at.format("%Y-%m-%dT%H:%M:%S%.6fZ"));
        return;
    }
    let fields = [
        (year.unsigned_abs(), 4, '-'),
        (at.month(), 2, '-'),
        (at.day(), 2, 'T'),
        (at.hour(), 2, ':'),
        (at.minute(), 2, ':'),
        (at.second(), 2, '.'),
        (nanos / 1000, 6, 'Z'),
    ];
    for (value, width, then) in fields {
        for place in (0..width).rev() {
            // A single decimal digit: always below 10.
            let digit = (value / 10u32.pow(place) % 10) as u8;
            out.push(char::from(b'0' + digit));
        }
        out.push(then);
    }
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
    fn instants_are_written_as_chrono_formats_them() {
        let chrono_way = |at: DateTime<Utc>| at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
        let mut n: i64 = 0x2545_F491_4F6C_DD1D;
        let mut samples = vec![
            DateTime::UNIX_EPOCH,
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-5, 6, 7, 8, 9, 10).unwrap(),
            Utc.with_ymd_and_hms(12345, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 6, 30, 23, 59, 59)
                .unwrap()
                .with_nanosecond(1_500_000_000)
                .unwrap(),
        ];
        for _ in 0..10_000 {
            n ^= n << 13;
            n ^= n >> 7;
            n ^= n << 17;
            // Seconds from 1900 to 2200, any nanosecond.
            let secs = n.rem_euclid(9_467_280_000) - 2_208_988_800;
            let nanos = (n >> 20).rem_euclid(1_000_000_000) as u32;
            samples.push(DateTime::from_timestamp(secs, nanos).unwrap());
        }
        for at in samples {
            assert_eq!(format_instant(at), chrono_way(at), "{at:?}");
        }
    }

    #[test]
    fn instants_round_trip_at_fixed_width() {
        let t = Utc.with_ymd_and_hms(2026, 3, 29, 1, 2, 3).unwrap();
        let s = format_instant(t);
        assert_eq!(s, "2026-03-29T01:02:03.000000Z");
        assert_eq!(parse_instant(&s), Some(t));
    }
}
