//! Tests of the VTIMEZONE components the writer emits for each zone used.

use super::*;
use crate::calendar::ics::vtimezone::transitions_for_test;
use chrono::{Datelike, TimeDelta, Weekday};
use chrono_tz::Tz;

/// The VTIMEZONE lines a weekly event in `tz` starting at `start` produces.
fn vtimezone(tz: Tz, start: NaiveDateTime, recurring: bool) -> Vec<String> {
    let mut e = event(IcsStart::Local { tz, at: start });
    if recurring {
        e.rrule = Some("FREQ=WEEKLY".into());
    }
    let lines = lines_of(&write_calendar(&calendar(vec![e]), stamp()));
    let begin = lines.iter().position(|l| l == "BEGIN:VTIMEZONE").unwrap();
    let end = lines.iter().position(|l| l == "END:VTIMEZONE").unwrap();
    lines[begin..=end].to_vec()
}

#[derive(Debug, Default, Clone)]
struct Obs {
    kind: String,
    props: Vec<(String, String)>,
}

impl Obs {
    fn get(&self, name: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn observances(lines: &[String]) -> Vec<Obs> {
    let mut out = Vec::new();
    let mut current: Option<Obs> = None;
    for line in lines {
        let (name, value) = line.split_once(':').unwrap();
        match (name, value) {
            ("BEGIN", "STANDARD" | "DAYLIGHT") => {
                current = Some(Obs {
                    kind: value.into(),
                    props: vec![],
                })
            }
            ("END", "STANDARD" | "DAYLIGHT") => out.push(current.take().unwrap()),
            _ => {
                if let Some(obs) = current.as_mut() {
                    obs.props.push((name.into(), value.into()));
                }
            }
        }
    }
    out
}

fn find<'a>(obs: &'a [Obs], kind: &str, from: &str, to: &str) -> &'a Obs {
    obs.iter()
        .rev()
        .find(|o| {
            o.kind == kind && o.get("TZOFFSETFROM") == Some(from) && o.get("TZOFFSETTO") == Some(to)
        })
        .unwrap_or_else(|| panic!("no {kind} {from}->{to} in {obs:#?}"))
}

#[test]
fn london_has_bst_and_gmt_observances() {
    let lines = vtimezone(chrono_tz::Europe::London, at(2026, 6, 1, 9, 0), true);
    assert_eq!(lines[1], "TZID:Europe/London");
    let obs = observances(&lines);
    let summer = find(&obs, "DAYLIGHT", "+0000", "+0100");
    assert_eq!(summer.get("TZNAME"), Some("BST"));
    // 01:00 GMT on the last Sunday of March: the first spring-forward in the
    // year before the event.
    assert_eq!(summer.get("DTSTART"), Some("20260329T010000"));
    assert_eq!(
        summer.get("RRULE"),
        Some("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
    );
    let winter = find(&obs, "STANDARD", "+0100", "+0000");
    assert_eq!(winter.get("TZNAME"), Some("GMT"));
    assert_eq!(winter.get("DTSTART"), Some("20251026T020000"));
    assert_eq!(
        winter.get("RRULE"),
        Some("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
    );
    assert_eq!(obs.len(), 2);
}

#[test]
fn one_off_event_still_gets_both_observances() {
    let obs = observances(&vtimezone(
        chrono_tz::Europe::London,
        at(2026, 7, 1, 9, 0),
        false,
    ));
    assert_eq!(obs.len(), 2);
    find(&obs, "DAYLIGHT", "+0000", "+0100");
    find(&obs, "STANDARD", "+0100", "+0000");
}

#[test]
fn new_york_uses_the_2007_us_rules() {
    let obs = observances(&vtimezone(
        chrono_tz::America::New_York,
        at(2026, 1, 15, 9, 0),
        true,
    ));
    let summer = find(&obs, "DAYLIGHT", "-0500", "-0400");
    assert_eq!(summer.get("TZNAME"), Some("EDT"));
    assert_eq!(summer.get("DTSTART"), Some("20250309T020000"));
    assert_eq!(summer.get("RRULE"), Some("FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"));
    let winter = find(&obs, "STANDARD", "-0400", "-0500");
    assert_eq!(winter.get("TZNAME"), Some("EST"));
    assert_eq!(winter.get("DTSTART"), Some("20251102T020000"));
    assert_eq!(
        winter.get("RRULE"),
        Some("FREQ=YEARLY;BYMONTH=11;BYDAY=1SU")
    );
}

#[test]
fn sydney_has_daylight_time_in_the_southern_summer() {
    let obs = observances(&vtimezone(
        chrono_tz::Australia::Sydney,
        at(2026, 1, 15, 9, 0),
        true,
    ));
    let summer = find(&obs, "DAYLIGHT", "+1000", "+1100");
    assert_eq!(summer.get("TZNAME"), Some("AEDT"));
    assert_eq!(summer.get("DTSTART"), Some("20251005T020000"));
    assert_eq!(
        summer.get("RRULE"),
        Some("FREQ=YEARLY;BYMONTH=10;BYDAY=1SU")
    );
    let winter = find(&obs, "STANDARD", "+1100", "+1000");
    assert_eq!(winter.get("TZNAME"), Some("AEST"));
    assert_eq!(winter.get("DTSTART"), Some("20250406T030000"));
    assert_eq!(winter.get("RRULE"), Some("FREQ=YEARLY;BYMONTH=4;BYDAY=1SU"));
}

#[test]
fn zones_without_dst_get_a_single_standard_observance() {
    for (tz, offset, name) in [
        (chrono_tz::UTC, "+0000", "UTC"),
        (chrono_tz::Asia::Tokyo, "+0900", "JST"),
        (chrono_tz::Asia::Kolkata, "+0530", "IST"),
        (chrono_tz::Asia::Dubai, "+0400", "+04"),
    ] {
        let obs = observances(&vtimezone(tz, at(2026, 1, 15, 9, 0), true));
        assert_eq!(obs.len(), 1, "{tz}");
        assert_eq!(obs[0].kind, "STANDARD");
        assert_eq!(obs[0].get("TZOFFSETFROM"), Some(offset));
        assert_eq!(obs[0].get("TZOFFSETTO"), Some(offset));
        assert_eq!(obs[0].get("TZNAME"), Some(name));
        assert_eq!(obs[0].get("DTSTART"), Some("19700101T000000"));
    }
}

#[test]
fn events_before_a_zone_s_first_transition_still_have_an_offset() {
    let obs = observances(&vtimezone(
        chrono_tz::Asia::Pyongyang,
        at(2018, 1, 15, 9, 0),
        true,
    ));
    assert_eq!(obs.len(), 2, "{obs:#?}");
    assert_eq!(obs[0].get("TZOFFSETTO"), Some("+0830"));
    assert!(obs[0].get("DTSTART").unwrap() < "20180115T090000");
    assert_eq!(obs[1].get("TZOFFSETFROM"), Some("+0830"));
    assert_eq!(obs[1].get("TZOFFSETTO"), Some("+0900"));
    assert_eq!(obs[1].get("DTSTART"), Some("20180504T233000"));
}

#[test]
fn far_out_dates_do_not_overflow() {
    let mut e = event(IcsStart::Local {
        tz: chrono_tz::Europe::London,
        at: NaiveDateTime::MAX,
    });
    e.rrule = Some("FREQ=DAILY".into());
    e.duration_minutes = u32::MAX;
    e.rdates = vec![NaiveDateTime::MIN];
    let text = write_calendar(&calendar(vec![e]), stamp());
    assert!(text.contains("BEGIN:VTIMEZONE"));
}

#[test]
fn dublin_summer_is_daylight_despite_tzdb_negative_dst() {
    let obs = observances(&vtimezone(
        chrono_tz::Europe::Dublin,
        at(2026, 1, 15, 9, 0),
        true,
    ));
    assert_eq!(
        find(&obs, "DAYLIGHT", "+0000", "+0100").get("TZNAME"),
        Some("IST")
    );
    assert_eq!(
        find(&obs, "STANDARD", "+0100", "+0000").get("TZNAME"),
        Some("GMT")
    );
}

fn parse_offset(text: &str) -> i64 {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let h: i64 = text[1..3].parse().unwrap();
    let m: i64 = text[3..5].parse().unwrap();
    sign * (h * 3600 + m * 60)
}

fn parse_local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").unwrap()
}

/// Onsets (as UTC) an importer derives from the observances, up to `end`.
/// Understands exactly the RRULE shapes the writer emits.
fn expand(obs: &[Obs], end: NaiveDateTime) -> Vec<NaiveDateTime> {
    let mut out = Vec::new();
    for o in obs {
        let from = TimeDelta::seconds(parse_offset(o.get("TZOFFSETFROM").unwrap()));
        // Only a change of offset matters to an importer; Istanbul's 2016
        // switch from EEST to permanent +03 changed the name alone.
        if o.get("TZOFFSETFROM") == o.get("TZOFFSETTO") {
            continue;
        }
        let start = parse_local(o.get("DTSTART").unwrap());
        out.push(start - from);
        if let Some(rdates) = o.get("RDATE") {
            out.extend(rdates.split(',').map(|d| parse_local(d) - from));
        }
        let Some(rule) = o.get("RRULE") else { continue };
        let parts: Vec<(&str, &str)> = rule
            .split(';')
            .map(|p| p.split_once('=').unwrap())
            .collect();
        let part = |k: &str| parts.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        assert_eq!(part("FREQ"), Some("YEARLY"));
        let month: u32 = part("BYMONTH").unwrap().parse().unwrap();
        let byday = part("BYDAY").unwrap();
        let (ordinal, day) = byday.split_at(byday.len() - 2);
        let ordinal: i32 = ordinal.parse().unwrap();
        let weekday = match day {
            "SU" => Weekday::Sun,
            "SA" => Weekday::Sat,
            "FR" => Weekday::Fri,
            "TH" => Weekday::Thu,
            "WE" => Weekday::Wed,
            "TU" => Weekday::Tue,
            _ => Weekday::Mon,
        };
        let until = part("UNTIL").map(|u| parse_local(u.trim_end_matches('Z')));
        for year in start.year() + 1..=end.year() + 1 {
            let date = if ordinal > 0 {
                NaiveDate::from_weekday_of_month_opt(year, month, weekday, ordinal as u8)
            } else {
                (1..=5)
                    .rev()
                    .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n))
            }
            .unwrap();
            let onset = date.and_time(start.time()) - from;
            if until.is_some_and(|u| onset > u) || onset > end {
                break;
            }
            out.push(onset);
        }
    }
    out.sort();
    out
}

/// Whatever the zone's history, an importer reading the VTIMEZONE must see
/// the offset change exactly where chrono-tz does, and nowhere else.
#[test]
fn observances_reproduce_chrono_tz_transitions() {
    use chrono_tz::{America, Asia, Australia, Europe};
    let cases = [
        (Europe::London, at(2026, 1, 15, 9, 0)),
        (Europe::Dublin, at(2026, 1, 15, 9, 0)),
        (America::New_York, at(2006, 1, 15, 9, 0)),
        (Australia::Sydney, at(2026, 1, 15, 9, 0)),
        (Australia::Lord_Howe, at(2026, 1, 15, 9, 0)),
        (America::Santiago, at(2026, 1, 15, 9, 0)),
        (Asia::Gaza, at(2026, 1, 15, 9, 0)),
        (chrono_tz::Africa::Casablanca, at(2026, 1, 15, 9, 0)),
        // DST abolished in 2019 and 2016: old rules must end.
        (America::Sao_Paulo, at(2017, 6, 1, 9, 0)),
        (Europe::Istanbul, at(2015, 6, 1, 9, 0)),
        (Asia::Tehran, at(2021, 6, 1, 9, 0)),
        // No DST, but the offset moved by half an hour in May 2018.
        (Asia::Pyongyang, at(2018, 1, 15, 9, 0)),
    ];
    for (tz, start) in cases {
        let lines = vtimezone(tz, start, true);
        let obs = observances(&lines);
        let window_start = start - TimeDelta::days(300);
        let window_end = start + TimeDelta::days(10 * 365);
        let in_window = |t: &NaiveDateTime| *t >= window_start && *t <= window_end;
        let mut derived: Vec<NaiveDateTime> = expand(&obs, window_end + TimeDelta::days(30))
            .into_iter()
            .filter(in_window)
            .collect();
        derived.dedup();
        let actual = transitions_for_test(
            tz,
            window_start - TimeDelta::days(10),
            window_end + TimeDelta::days(10),
        );
        let expected: Vec<NaiveDateTime> = actual
            .iter()
            .filter(|t| t.1 != t.2)
            .map(|t| t.0)
            .filter(in_window)
            .collect();
        assert_eq!(derived, expected, "{tz}: {lines:#?}");
        for (utc, from, to) in actual {
            let before = tz.offset_from_utc_datetime(&(utc - TimeDelta::seconds(1)));
            let after = tz.offset_from_utc_datetime(&utc);
            use chrono::Offset;
            assert_eq!(before.fix().local_minus_utc(), from, "{tz} {utc}");
            assert_eq!(after.fix().local_minus_utc(), to, "{tz} {utc}");
        }
    }
}
