//! Wall-clock times that a daylight-saving change makes unclear: 02:30 on
//! the day clocks jump from 02:00 to 03:00 does not exist, and 01:30 on the
//! day they fall back exists twice. RFC 5545 reads the first with the offset
//! before the gap (so it begins at 03:30 by the clock) and the second as its
//! first occurrence, and so does Signalbox. Clients differ, though: ical.js,
//! which Thunderbird's calendar is built on, shows the first an hour early and
//! takes the later of the two for the second. So the export pins every such
//! occurrence down in terms all clients read alike: the time that does not
//! exist becomes the wall-clock time it resolves to, the doubled one becomes
//! an exact UTC instant. An occurrence of a rule gets an overriding instance
//! (a VEVENT with its RECURRENCE-ID) that starts where it really is: each
//! client matches the RECURRENCE-ID to the occurrence however it reads that
//! time, so all end up at the same instant. (An EXDATE and RDATE pair would
//! not do: read by the RFC, the EXDATE is the very instant the RDATE adds.)
//! The rule is expanded with the calendar's own recurrence engine over the
//! span the VTIMEZONE describes.

use chrono::{DateTime, LocalResult, Months, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::calendar::recurrence::{local_to_utc, Recurrence};

/// A date-time as written: a wall-clock time in the event's zone, or UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Stamp {
    Local(NaiveDateTime),
    Utc(DateTime<Utc>),
}

/// An event's dates, pinned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Dates {
    pub start: Stamp,
    pub rdates: Vec<Stamp>,
    /// Exception dates stay wall-clock times: a client matches them against
    /// the rule's occurrences, which it reads the same way.
    pub exdates: Vec<NaiveDateTime>,
    /// Occurrences of the rule to override: (the RECURRENCE-ID, a wall-clock
    /// time in the zone, and where the occurrence really starts).
    pub overrides: Vec<(NaiveDateTime, Stamp)>,
}

/// What a wall-clock time is to write as: itself when it is clear, the time
/// it resolves to when it does not exist, its first instant when doubled.
fn clear(tz: Tz, local: NaiveDateTime) -> Stamp {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(_) => Stamp::Local(local),
        LocalResult::Ambiguous(..) => Stamp::Utc(local_to_utc(tz, local)),
        LocalResult::None => Stamp::Local(local_to_utc(tz, local).with_timezone(&tz).naive_local()),
    }
}

/// The dates to write for an event starting at `at` in `tz`, with every
/// occurrence within `years` of the start pinned. A rule the engine rejects
/// is written as it is, its occurrences unpinned.
pub(super) fn pin(
    tz: Tz,
    at: NaiveDateTime,
    duration_minutes: u32,
    rule: Option<&str>,
    rdates: &[NaiveDateTime],
    exdates: &[NaiveDateTime],
    years: u32,
) -> Dates {
    let mut dates = Dates {
        start: Stamp::Local(at),
        rdates: rdates.iter().map(|&d| clear(tz, d)).collect(),
        exdates: exdates.to_vec(),
        overrides: Vec::new(),
    };
    let Some(rule) = rule else {
        dates.start = clear(tz, at);
        return dates;
    };
    if let Ok(recurrence) = Recurrence::new(
        tz.name(),
        at,
        duration_minutes,
        Some(rule),
        vec![],
        exdates.to_vec(),
    ) {
        let from = local_to_utc(tz, at);
        let to = from
            .checked_add_months(Months::new(years * 12))
            .unwrap_or(from);
        for local in recurrence.local_starts(from, to) {
            let stamp = clear(tz, local);
            // Given RDATEs are already clear; only the rule's own need overriding.
            if stamp != Stamp::Local(local) && !rdates.contains(&local) {
                dates.overrides.push((local, stamp));
            }
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        local(text).and_utc()
    }

    #[test]
    fn a_daily_0230_in_new_york_is_pinned_on_the_spring_forward_day_only() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let dates = pin(
            tz,
            local("2026-03-01T02:30"),
            60,
            Some("FREQ=DAILY;COUNT=20"),
            &[],
            &[],
            10,
        );
        assert_eq!(dates.start, Stamp::Local(local("2026-03-01T02:30")));
        assert_eq!(
            dates.overrides,
            vec![(
                local("2026-03-08T02:30"),
                Stamp::Local(local("2026-03-08T03:30"))
            )]
        );
        assert!(dates.rdates.is_empty() && dates.exdates.is_empty());
    }

    #[test]
    fn a_weekly_0130_in_london_is_pinned_to_its_first_instant_on_the_fall_back_day() {
        let tz: Tz = "Europe/London".parse().unwrap();
        let dates = pin(
            tz,
            local("2026-10-04T01:30"),
            60,
            Some("FREQ=WEEKLY;COUNT=4"),
            &[],
            &[],
            10,
        );
        // 01:30 BST, the first of the two.
        assert_eq!(
            dates.overrides,
            vec![(
                local("2026-10-25T01:30"),
                Stamp::Utc(utc("2026-10-25T00:30"))
            )]
        );
    }

    #[test]
    fn one_offs_and_given_dates_are_written_where_they_really_are() {
        let tz: Tz = "Europe/London".parse().unwrap();
        let dates = pin(
            tz,
            local("2026-10-25T01:30"),
            90,
            None,
            &[local("2026-03-29T01:30")],
            &[],
            10,
        );
        assert_eq!(dates.start, Stamp::Utc(utc("2026-10-25T00:30")));
        assert_eq!(dates.rdates, vec![Stamp::Local(local("2026-03-29T02:30"))]);
        assert!(dates.exdates.is_empty() && dates.overrides.is_empty());
    }

    #[test]
    fn a_rule_without_unclear_times_changes_nothing() {
        let tz: Tz = "UTC".parse().unwrap();
        let given = [local("2026-01-05T02:30")];
        let dates = pin(
            tz,
            local("2026-01-01T02:30"),
            60,
            Some("FREQ=DAILY"),
            &[],
            &given,
            10,
        );
        assert_eq!(dates.start, Stamp::Local(local("2026-01-01T02:30")));
        assert!(dates.rdates.is_empty() && dates.overrides.is_empty());
        assert_eq!(dates.exdates, given);
    }
}
