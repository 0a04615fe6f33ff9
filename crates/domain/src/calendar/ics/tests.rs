use super::vtimezone::transitions_for_test;
use super::*;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, 0)
        .unwrap()
}

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()
}

fn event(start: IcsStart) -> IcsEvent {
    IcsEvent {
        uid: "change-0197a1b2-0000-7000-8000-000000000001@signalbox".into(),
        summary: "Deploy payments".into(),
        description: String::new(),
        categories: vec![],
        start,
        duration_minutes: 90,
        rrule: None,
        rdates: vec![],
        exdates: vec![],
        status: None,
        transparent: false,
    }
}

fn calendar(events: Vec<IcsEvent>) -> IcsCalendar {
    IcsCalendar {
        name: "Releases".into(),
        events,
    }
}

fn unfolded(text: &str) -> String {
    text.replace("\r\n ", "")
}

fn lines_of(text: &str) -> Vec<String> {
    unfolded(text).split("\r\n").map(str::to_owned).collect()
}

fn parse_one(text: &str) -> ParsedEvent {
    let mut events = parse_calendar(text).unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    events.remove(0)
}

/// Wraps VEVENT lines into a minimal LF-terminated calendar; the event's
/// first line is line 3.
fn wrap(body: &str) -> String {
    format!("BEGIN:VCALENDAR\nVERSION:2.0\n{body}\nEND:VCALENDAR\n")
}

fn parse_err(text: &str) -> String {
    parse_calendar(text).unwrap_err().to_string()
}

// ---------------------------------------------------------------- writer

#[test]
fn calendar_has_the_required_header_and_crlf_everywhere() {
    let text = write_calendar(&calendar(vec![]), stamp());
    assert!(text.starts_with(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Signalbox//Release calendar//EN\r\n\
         CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Releases\r\n"
    ));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
}

#[test]
fn utc_event_is_written_in_z_form_without_a_vtimezone() {
    let mut e = event(IcsStart::Utc(
        Utc.with_ymd_and_hms(2026, 3, 10, 14, 0, 0).unwrap(),
    ));
    e.exdates = vec![at(2026, 3, 17, 14, 0)];
    e.rrule = Some("FREQ=WEEKLY;COUNT=4".into());
    let lines = lines_of(&write_calendar(&calendar(vec![e]), stamp()));
    for expected in [
        "UID:change-0197a1b2-0000-7000-8000-000000000001@signalbox",
        "DTSTAMP:20260102T030405Z",
        "DTSTART:20260310T140000Z",
        "DURATION:PT1H30M",
        "RRULE:FREQ=WEEKLY;COUNT=4",
        "EXDATE:20260317T140000Z",
        "TRANSP:OPAQUE",
    ] {
        assert!(lines.iter().any(|l| l == expected), "missing {expected}");
    }
    assert!(!lines.iter().any(|l| l == "BEGIN:VTIMEZONE"));
    assert!(!lines.iter().any(|l| l.starts_with("DESCRIPTION")));
    assert!(!lines.iter().any(|l| l.starts_with("CATEGORIES")));
    assert!(!lines.iter().any(|l| l.starts_with("STATUS")));
}

#[test]
fn local_event_uses_tzid_on_start_rdates_and_exdates() {
    let mut e = event(IcsStart::Local {
        tz: chrono_tz::Europe::Berlin,
        at: at(2026, 3, 23, 9, 0),
    });
    e.rrule = Some("FREQ=WEEKLY;BYDAY=MO".into());
    e.exdates = vec![at(2026, 3, 30, 9, 0), at(2026, 4, 6, 9, 0)];
    e.rdates = vec![at(2026, 4, 1, 9, 0)];
    e.categories = vec!["Freeze".into(), "Hard".into()];
    e.status = Some("CONFIRMED".into());
    e.transparent = true;
    e.description = "Quarter end".into();
    let lines = lines_of(&write_calendar(&calendar(vec![e]), stamp()));
    for expected in [
        "DTSTART;TZID=Europe/Berlin:20260323T090000",
        "EXDATE;TZID=Europe/Berlin:20260330T090000,20260406T090000",
        "RDATE;TZID=Europe/Berlin:20260401T090000",
        "CATEGORIES:Freeze,Hard",
        "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT",
        "DESCRIPTION:Quarter end",
        "TZID:Europe/Berlin",
    ] {
        assert!(lines.iter().any(|l| l == expected), "missing {expected}");
    }
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VTIMEZONE").count(), 1);
}

#[test]
fn one_vtimezone_per_zone_used() {
    let berlin = |d| IcsStart::Local {
        tz: chrono_tz::Europe::Berlin,
        at: at(2026, 5, d, 9, 0),
    };
    let events = vec![
        event(berlin(1)),
        event(berlin(2)),
        event(IcsStart::Local {
            tz: chrono_tz::Asia::Tokyo,
            at: at(2026, 5, 3, 9, 0),
        }),
        event(IcsStart::Utc(stamp())),
    ];
    let lines = lines_of(&write_calendar(&calendar(events), stamp()));
    let tzids: Vec<&String> = lines.iter().filter(|l| l.starts_with("TZID:")).collect();
    assert_eq!(tzids, ["TZID:Asia/Tokyo", "TZID:Europe/Berlin"]);
}

#[test]
fn durations_are_exact_hours_and_minutes() {
    for (minutes, expected) in [
        (90, "PT1H30M"),
        (60, "PT1H"),
        (45, "PT45M"),
        (0, "PT0M"),
        (3 * 24 * 60, "PT72H"),
    ] {
        let mut e = event(IcsStart::Utc(stamp()));
        e.duration_minutes = minutes;
        let text = write_calendar(&calendar(vec![e]), stamp());
        assert!(
            text.contains(&format!("\r\nDURATION:{expected}\r\n")),
            "{minutes}"
        );
    }
}

#[test]
fn escaping_round_trips_through_the_parser() {
    let mut e = event(IcsStart::Utc(stamp()));
    e.summary = "Freeze; payments, ledger \\ reports\nsecond line".into();
    e.description = "a,b;c\\d\r\ne".into();
    e.categories = vec!["Hard, really".into()];
    let text = write_calendar(&calendar(vec![e]), stamp());
    assert!(unfolded(&text)
        .contains("SUMMARY:Freeze\\; payments\\, ledger \\\\ reports\\nsecond line\r\n"));
    assert!(text.contains("CATEGORIES:Hard\\, really\r\n"));
    let parsed = parse_one(&text);
    assert_eq!(
        parsed.summary,
        "Freeze; payments, ledger \\ reports\nsecond line"
    );
    assert_eq!(parsed.description, "a,b;c\\d\ne");
}

#[test]
fn verbatim_values_cannot_inject_lines() {
    let mut e = event(IcsStart::Utc(stamp()));
    e.rrule = Some("FREQ=DAILY\r\nATTENDEE:mailto:x@example.com".into());
    e.status = Some("CONFIRMED\nX-EVIL:1".into());
    let text = write_calendar(&calendar(vec![e]), stamp());
    assert!(!text.contains("\r\nATTENDEE"));
    assert!(!text.contains("\r\nX-EVIL"));
}

#[test]
fn long_lines_fold_at_75_octets_on_character_boundaries() {
    // "SUMMARY:" is 8 octets; 66 more ASCII make 74, so the 3-octet euro
    // sign cannot fit on the first line.
    let mut summary = "x".repeat(66);
    summary.push('€');
    summary.push_str(&"é🚀ü".repeat(40));
    let mut e = event(IcsStart::Utc(stamp()));
    e.summary = summary.clone();
    let text = write_calendar(&calendar(vec![e]), stamp());

    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let first = text
        .split("\r\n")
        .find(|l| l.starts_with("SUMMARY:"))
        .unwrap();
    assert_eq!(first.len(), 74);
    let continuation = text
        .split("\r\n")
        .skip_while(|l| !l.starts_with("SUMMARY:"))
        .nth(1)
        .unwrap();
    assert!(continuation.starts_with(" €"));
    assert!(unfolded(&text).contains(&format!("\r\nSUMMARY:{summary}\r\n")));
    assert_eq!(parse_one(&text).summary, summary);
}

#[test]
fn a_line_of_exactly_75_octets_is_not_folded() {
    let mut e = event(IcsStart::Utc(stamp()));
    e.summary = "y".repeat(75 - "SUMMARY:".len());
    let text = write_calendar(&calendar(vec![e]), stamp());
    let line = text
        .split("\r\n")
        .find(|l| l.starts_with("SUMMARY:"))
        .unwrap();
    assert_eq!(line.len(), 75);
    assert!(text.contains(&format!("{line}\r\nTRANSP:OPAQUE\r\n")));
}

#[test]
fn utc_event_round_trips() {
    let start = Utc.with_ymd_and_hms(2026, 3, 10, 14, 0, 0).unwrap();
    let mut e = event(IcsStart::Utc(start));
    e.rrule = Some("FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630T000000Z".into());
    e.exdates = vec![at(2026, 3, 17, 14, 0), at(2026, 3, 24, 14, 0)];
    e.rdates = vec![at(2026, 3, 12, 14, 0)];
    e.description = "Weekly payments deploy".into();
    let parsed = parse_one(&write_calendar(&calendar(vec![e.clone()]), stamp()));
    assert_eq!(parsed.uid.as_deref(), Some(e.uid.as_str()));
    assert_eq!(parsed.summary, e.summary);
    assert_eq!(parsed.description, e.description);
    assert_eq!(parsed.start, ParsedStart::Utc(start));
    assert_eq!(parsed.duration_minutes, 90);
    assert_eq!(parsed.rrule, e.rrule);
    assert_eq!(parsed.exdates, e.exdates);
    assert_eq!(parsed.rdates, e.rdates);
}

#[test]
fn local_events_round_trip_across_dst() {
    let ny = chrono_tz::America::New_York;
    let mut weekly = event(IcsStart::Local {
        tz: ny,
        at: at(2026, 3, 3, 22, 0),
    });
    weekly.rrule = Some("FREQ=WEEKLY;BYDAY=TU".into());
    weekly.duration_minutes = 4 * 60;
    // The Tuesday after the spring-forward Sunday is excluded.
    weekly.exdates = vec![at(2026, 3, 10, 22, 0)];
    weekly.rdates = vec![at(2026, 11, 2, 22, 0)];
    let mut one_off = event(IcsStart::Local {
        tz: chrono_tz::Europe::London,
        at: at(2026, 10, 25, 1, 30),
    });
    one_off.uid = "train-2@signalbox".into();
    one_off.duration_minutes = 24 * 60 + 5;

    let cal = calendar(vec![weekly.clone(), one_off.clone()]);
    let parsed = parse_calendar(&write_calendar(&cal, stamp())).unwrap();
    assert_eq!(parsed.len(), 2);
    for (written, read) in [weekly, one_off].iter().zip(&parsed) {
        let IcsStart::Local { tz, at } = written.start else {
            unreachable!()
        };
        assert_eq!(
            read.start,
            ParsedStart::Local {
                tz: Some(tz),
                tzid: Some(tz.name().to_owned()),
                at
            }
        );
        assert_eq!(read.duration_minutes, written.duration_minutes);
        assert_eq!(read.rrule, written.rrule);
        assert_eq!(read.exdates, written.exdates);
        assert_eq!(read.rdates, written.rdates);
        assert_eq!(read.uid.as_deref(), Some(written.uid.as_str()));
    }
}

// ------------------------------------------------------------ VTIMEZONE

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

// ---------------------------------------------------------------- parser

const GOOGLE_HOLIDAYS: &str = "BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
CALSCALE:GREGORIAN\r
METHOD:PUBLISH\r
X-WR-CALNAME:Holidays in United Kingdom\r
X-WR-TIMEZONE:UTC\r
X-WR-CALDESC:Holidays and Observances in United Kingdom\r
BEGIN:VEVENT\r
DTSTART;VALUE=DATE:20261225\r
DTEND;VALUE=DATE:20261226\r
DTSTAMP:20260101T120000Z\r
UID:20261225_mtn1oc8a3tgaf3v0d8lcgd0qq4@google.com\r
CLASS:PUBLIC\r
CREATED:20250101T000000Z\r
DESCRIPTION:Public holiday\r
LAST-MODIFIED:20250101T000000Z\r
SEQUENCE:0\r
STATUS:CONFIRMED\r
SUMMARY:Christmas Day\r
TRANSP:TRANSPARENT\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;VALUE=DATE:20261228\r
DTEND;VALUE=DATE:20261229\r
DTSTAMP:20260101T120000Z\r
UID:20261228_rpodvi7ch1ekt3ptb8nbmrdlgc@google.com\r
CLASS:PUBLIC\r
DESCRIPTION:Public holiday in England\\, Wales\\, Northern Ireland\\n\\nTo hid\r
 e observances\\, go to Google Calendar Settings > Holidays in United Kingdo\r
 m\r
SEQUENCE:0\r
STATUS:CONFIRMED\r
SUMMARY:Boxing Day (substitute day)\r
TRANSP:TRANSPARENT\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;VALUE=DATE:20260831\r
DTEND;VALUE=DATE:20260901\r
DTSTAMP:20260101T120000Z\r
UID:20260831_6nru4gqjrdv8d7cjegjm8n43g8@google.com\r
DESCRIPTION:Public holiday in England\\, Wales\\, Northern Ireland\r
SUMMARY:Summer Bank Holiday\r
TRANSP:TRANSPARENT\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn google_holiday_export_reads_as_all_day_events() {
    let events = parse_calendar(GOOGLE_HOLIDAYS).unwrap();
    assert_eq!(events.len(), 3);
    let christmas = &events[0];
    assert_eq!(christmas.summary, "Christmas Day");
    assert_eq!(christmas.description, "Public holiday");
    assert_eq!(
        christmas.uid.as_deref(),
        Some("20261225_mtn1oc8a3tgaf3v0d8lcgd0qq4@google.com")
    );
    assert_eq!(
        christmas.start,
        ParsedStart::AllDay(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap())
    );
    assert_eq!(christmas.duration_minutes, 1440);
    assert_eq!(christmas.line, 9);
    assert_eq!(events[1].summary, "Boxing Day (substitute day)");
    assert_eq!(
        events[1].description,
        "Public holiday in England, Wales, Northern Ireland\n\nTo hide observances, \
         go to Google Calendar Settings > Holidays in United Kingdom"
    );
    assert_eq!(events[1].line, 23);
    assert_eq!(events[2].line, 37);
    assert!(events
        .iter()
        .all(|e| e.rrule.is_none() && e.exdates.is_empty()));
}

const OUTLOOK_EXPORT: &str = "BEGIN:VCALENDAR\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
VERSION:2.0\r
METHOD:PUBLISH\r
X-CALSTART:20260323T080000Z\r
X-WR-RELCALID:{0000002E-1C46-4D6B-8A8B-7F0F1A3C5E9D}\r
X-WR-CALNAME:Change freezes\r
BEGIN:VTIMEZONE\r
TZID:W. Europe Standard Time\r
BEGIN:STANDARD\r
DTSTART:16011028T030000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010325T020000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VTIMEZONE\r
TZID:Customized Time Zone\r
BEGIN:STANDARD\r
DTSTART:16010101T000000\r
TZOFFSETFROM:+0330\r
TZOFFSETTO:+0330\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
CLASS:PUBLIC\r
CREATED:20260301T101500Z\r
DESCRIPTION:Quarter-end code freeze. No production changes without CAB appr\r
 oval.\\n\r
DTEND;TZID=\"W. Europe Standard Time\":20260327T180000\r
DTSTAMP:20260301T101500Z\r
DTSTART;TZID=\"W. Europe Standard Time\":20260323T090000\r
EXDATE;TZID=\"W. Europe Standard Time\":20260622T090000,20260921T090000\r
LAST-MODIFIED:20260301T101500Z\r
LOCATION:\r
PRIORITY:5\r
RRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=-2MO;COUNT=8\r
SEQUENCE:0\r
SUMMARY;LANGUAGE=en-gb:Code freeze\r
TRANSP:OPAQUE\r
UID:040000008200E00074C5B7101A82E00800000000B0C8B1F3A1A9DC01000000000000000\r
 0100000004C5B5B1A1D0E2A4B8E1F5C3A2B1D0E9F\r
X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r
X-MICROSOFT-CDO-IMPORTANCE:1\r
X-MICROSOFT-DISALLOW-COUNTER:FALSE\r
X-MS-OLK-AUTOFILLLOCATION:FALSE\r
X-MS-OLK-CONFTYPE:0\r
BEGIN:VALARM\r
TRIGGER:-PT15M\r
ACTION:DISPLAY\r
DESCRIPTION:Reminder\r
END:VALARM\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;TZID=\"Customized Time Zone\":20260401T100000\r
DURATION:PT30M\r
SUMMARY:Tehran office sync\r
UID:custom-zone-1\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn outlook_export_maps_windows_zone_names() {
    let events = parse_calendar(OUTLOOK_EXPORT).unwrap();
    assert_eq!(events.len(), 2);
    let freeze = &events[0];
    assert_eq!(freeze.summary, "Code freeze");
    assert_eq!(
        freeze.description,
        "Quarter-end code freeze. No production changes without CAB approval.\n"
    );
    assert_eq!(
        freeze.start,
        ParsedStart::Local {
            tz: Some(chrono_tz::Europe::Berlin),
            tzid: Some("W. Europe Standard Time".into()),
            at: at(2026, 3, 23, 9, 0),
        }
    );
    assert_eq!(freeze.duration_minutes, 4 * 1440 + 9 * 60);
    assert_eq!(
        freeze.rrule.as_deref(),
        Some("FREQ=MONTHLY;INTERVAL=3;BYDAY=-2MO;COUNT=8")
    );
    assert_eq!(
        freeze.exdates,
        vec![at(2026, 6, 22, 9, 0), at(2026, 9, 21, 9, 0)]
    );
    assert!(freeze
        .uid
        .as_deref()
        .unwrap()
        .ends_with("4C5B5B1A1D0E2A4B8E1F5C3A2B1D0E9F"));
    assert_eq!(freeze.line, 31);

    assert_eq!(
        events[1].start,
        ParsedStart::Local {
            tz: None,
            tzid: Some("Customized Time Zone".into()),
            at: at(2026, 4, 1, 10, 0),
        }
    );
    assert_eq!(events[1].duration_minutes, 30);
}

#[test]
fn outlook_display_name_tzids_with_commas() {
    let text = wrap(
        "BEGIN:VTIMEZONE\n\
         TZID:(UTC+01:00) Amsterdam\\, Berlin\\, Bern\\, Rome\\, Stockholm\\, Vienna\n\
         END:VTIMEZONE\n\
         BEGIN:VEVENT\n\
         DTSTART;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20260105T090000\n\
         END:VEVENT",
    );
    let ParsedStart::Local { tz, tzid, .. } = parse_one(&text).start else {
        panic!("not local");
    };
    assert_eq!(tz, None);
    assert_eq!(
        tzid.as_deref(),
        Some("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna")
    );
}

#[test]
fn common_windows_zone_names_are_known() {
    for (windows, iana) in [
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("GMT Standard Time", "Europe/London"),
        ("Eastern Standard Time", "America/New_York"),
        ("Central Standard Time", "America/Chicago"),
        ("Mountain Standard Time", "America/Denver"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("AUS Eastern Standard Time", "Australia/Sydney"),
        ("Romance Standard Time", "Europe/Paris"),
        ("Central Europe Standard Time", "Europe/Budapest"),
        ("UTC", "UTC"),
        ("FLE Standard Time", "Europe/Kyiv"),
        ("/mozilla.org/20050126_1/Europe/London", "Europe/London"),
    ] {
        let text = wrap(&format!(
            "BEGIN:VEVENT\nDTSTART;TZID=\"{windows}\":20260105T090000\nEND:VEVENT"
        ));
        let ParsedStart::Local { tz: Some(tz), .. } = parse_one(&text).start else {
            panic!("{windows} not mapped");
        };
        assert_eq!(tz.name(), iana, "{windows}");
    }
    let text = wrap(
        "BEGIN:VEVENT\nDTSTART;TZID=Etc/UTC:20260105T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nDTSTART;TZID=Coordinated Universal Time:20260105T090000\nEND:VEVENT",
    );
    assert_eq!(parse_calendar(&text).unwrap().len(), 2);
}

#[test]
fn dtend_in_a_known_zone_gives_the_exact_length_across_dst() {
    let text = wrap(
        "BEGIN:VEVENT\n\
         DTSTART;TZID=Europe/Berlin:20260328T090000\n\
         DTEND;TZID=Europe/Berlin:20260330T090000\n\
         END:VEVENT",
    );
    // Clocks go forward on the 29th: two calendar days are 47 hours.
    assert_eq!(parse_one(&text).duration_minutes, 47 * 60);
    let mixed = wrap(
        "BEGIN:VEVENT\n\
         DTSTART;TZID=America/New_York:20260105T090000\n\
         DTEND:20260105T150000Z\n\
         END:VEVENT",
    );
    assert_eq!(parse_one(&mixed).duration_minutes, 60);
}

#[test]
fn floating_and_utc_starts() {
    let text = wrap(
        "BEGIN:VEVENT\nDTSTART:20260105T090000\nDTEND:20260105T100000\nEND:VEVENT\n\
         BEGIN:VEVENT\nDTSTART:20260105T090000Z\nEND:VEVENT",
    );
    let events = parse_calendar(&text).unwrap();
    assert_eq!(
        events[0].start,
        ParsedStart::Local {
            tz: None,
            tzid: None,
            at: at(2026, 1, 5, 9, 0)
        }
    );
    assert_eq!(events[0].duration_minutes, 60);
    assert_eq!(
        events[1].start,
        ParsedStart::Utc(Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap())
    );
    // A date-time event with neither DTEND nor DURATION is an instant.
    assert_eq!(events[1].duration_minutes, 0);
}

#[test]
fn durations() {
    for (value, minutes) in [
        ("P1D", 1440),
        ("PT1H30M", 90),
        ("P1W", 7 * 1440),
        ("P2DT3H", 2 * 1440 + 180),
        ("PT90S", 2),
        ("+PT15M", 15),
        ("PT0S", 0),
    ] {
        let text = wrap(&format!(
            "BEGIN:VEVENT\nDTSTART:20260105T090000Z\nDURATION:{value}\nEND:VEVENT"
        ));
        assert_eq!(parse_one(&text).duration_minutes, minutes, "{value}");
    }
    for (value, message) in [
        ("-PT1H", "line 5: DURATION \"-PT1H\" is negative"),
        (
            "1H",
            "line 5: DURATION \"1H\" is not a duration (expected e.g. PT1H30M, P1D, P1W)",
        ),
        (
            "PT",
            "line 5: DURATION \"PT\" is not a duration (expected e.g. PT1H30M, P1D, P1W)",
        ),
        (
            "P1H",
            "line 5: DURATION \"P1H\" is not a duration (expected e.g. PT1H30M, P1D, P1W)",
        ),
    ] {
        let text = wrap(&format!(
            "BEGIN:VEVENT\nDTSTART:20260105T090000Z\nDURATION:{value}\nEND:VEVENT"
        ));
        assert_eq!(parse_err(&text), message);
    }
}

#[test]
fn all_day_events() {
    let text = wrap(
        "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261224\nDTEND;VALUE=DATE:20261227\nEND:VEVENT\n\
         BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nEND:VEVENT\n\
         BEGIN:VEVENT\nDTSTART:20260501\nDURATION:P2D\nEND:VEVENT",
    );
    let events = parse_calendar(&text).unwrap();
    let day = |m, d| ParsedStart::AllDay(NaiveDate::from_ymd_opt(2026, m, d).unwrap());
    assert_eq!(events[0].start, day(12, 24));
    assert_eq!(events[0].duration_minutes, 3 * 1440);
    assert_eq!(events[1].start, day(1, 1));
    assert_eq!(events[1].duration_minutes, 1440);
    assert_eq!(events[2].start, day(5, 1));
    assert_eq!(events[2].duration_minutes, 2 * 1440);
}

#[test]
fn exdates_and_rdates_with_several_values_and_forms() {
    let text = wrap(
        "BEGIN:VEVENT\n\
         DTSTART;VALUE=DATE:20260105\n\
         RRULE:FREQ=WEEKLY;BYDAY=MO\n\
         EXDATE;VALUE=DATE:20260112,20260119\n\
         EXDATE;VALUE=DATE:20260202\n\
         RDATE;VALUE=DATE:20260107\n\
         END:VEVENT\n\
         BEGIN:VEVENT\n\
         DTSTART;TZID=Europe/Berlin:20260105T090000\n\
         RRULE:FREQ=DAILY\n\
         EXDATE:20260106T080000Z,20260701T070000Z\n\
         EXDATE;TZID=America/New_York:20260107T030000\n\
         RDATE;VALUE=PERIOD;TZID=Europe/Berlin:20260110T120000/PT1H,20260111T120000/20260111T130000\n\
         END:VEVENT",
    );
    let events = parse_calendar(&text).unwrap();
    assert_eq!(
        events[0].exdates,
        vec![
            at(2026, 1, 12, 0, 0),
            at(2026, 1, 19, 0, 0),
            at(2026, 2, 2, 0, 0)
        ]
    );
    assert_eq!(events[0].rdates, vec![at(2026, 1, 7, 0, 0)]);
    assert_eq!(events[0].rrule.as_deref(), Some("FREQ=WEEKLY;BYDAY=MO"));
    // Exdates given in UTC or another zone land on Berlin wall-clock time.
    assert_eq!(
        events[1].exdates,
        vec![
            at(2026, 1, 6, 9, 0),
            at(2026, 7, 1, 9, 0),
            at(2026, 1, 7, 9, 0)
        ]
    );
    assert_eq!(
        events[1].rdates,
        vec![at(2026, 1, 10, 12, 0), at(2026, 1, 11, 12, 0)]
    );
}

#[test]
fn parameters_with_quotes_and_several_values() {
    let text = wrap(
        "BEGIN:VEVENT\n\
         DTSTART:20260105T090000Z\n\
         SUMMARY;LANGUAGE=en;ALTREP=\"cid:part1;x=y,z\";X-A=a,\"b:c\":Hello: world\n\
         END:VEVENT",
    );
    assert_eq!(parse_one(&text).summary, "Hello: world");
}

#[test]
fn overridden_instances_become_exdates_of_their_master() {
    let text = wrap(
        "BEGIN:VEVENT\nUID:weekly-1\nDTSTART;TZID=Europe/London:20260105T090000\n\
         DURATION:PT1H\nRRULE:FREQ=WEEKLY\nSUMMARY:Weekly deploy\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:weekly-1\nRECURRENCE-ID;TZID=Europe/London:20260112T090000\n\
         DTSTART;TZID=Europe/London:20260113T090000\nDURATION:PT1H\nSUMMARY:Moved deploy\n\
         END:VEVENT\n\
         BEGIN:VEVENT\nUID:weekly-1\nRECURRENCE-ID:20260119T090000Z\n\
         DTSTART;TZID=Europe/London:20260119T090000\nSTATUS:CANCELLED\nEND:VEVENT",
    );
    let events = parse_calendar(&text).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0].exdates,
        vec![at(2026, 1, 12, 9, 0), at(2026, 1, 19, 9, 0)]
    );
    assert_eq!(events[1].summary, "Moved deploy");
    assert_eq!(events[1].uid.as_deref(), Some("weekly-1"));
}

#[test]
fn lf_endings_blank_lines_bom_and_tab_folds_are_accepted() {
    let text = "\u{feff}BEGIN:VCALENDAR\n\nBEGIN:VEVENT\nDTSTART:20260105T090000Z\n\
                SUMMARY:Long\n\t summary\nEND:VEVENT\nEND:VCALENDAR";
    assert_eq!(parse_one(text).summary, "Long summary");
}

#[test]
fn several_calendars_in_one_stream() {
    let one = wrap("BEGIN:VEVENT\nDTSTART:20260105T090000Z\nEND:VEVENT");
    assert_eq!(parse_calendar(&format!("{one}{one}")).unwrap().len(), 2);
}

// ---------------------------------------------------------------- errors

#[test]
fn size_limit() {
    let big = "X".repeat(MAX_ICS_BYTES + 1);
    assert_eq!(
        parse_err(&big),
        "line 0: the file is 5.0 MB; the most accepted is 5 MB"
    );
    let bigger = "X".repeat(7 * 1024 * 1024 + 210_000);
    assert_eq!(
        parse_err(&bigger),
        "line 0: the file is 7.2 MB; the most accepted is 5 MB"
    );
    let frame = "BEGIN:VCALENDAR\nX-PAD:\nEND:VCALENDAR\n".len();
    let at_limit = format!(
        "BEGIN:VCALENDAR\nX-PAD:{}\nEND:VCALENDAR\n",
        "a".repeat(MAX_ICS_BYTES - frame)
    );
    assert_eq!(at_limit.len(), MAX_ICS_BYTES);
    assert_eq!(parse_calendar(&at_limit), Ok(vec![]));
}

#[test]
fn empty_and_blank_files() {
    assert_eq!(
        parse_err(""),
        "line 0: the file is empty; expected BEGIN:VCALENDAR"
    );
    assert_eq!(
        parse_err("\r\n\r\n  \n"),
        "line 0: the file is empty; expected BEGIN:VCALENDAR"
    );
}

#[test]
fn missing_begin_vcalendar() {
    assert_eq!(
        parse_err("\nVERSION:2.0\nBEGIN:VCALENDAR\nEND:VCALENDAR\n"),
        "line 2: expected BEGIN:VCALENDAR, found \"VERSION:2.0\""
    );
    assert_eq!(
        parse_err("BEGIN:VEVENT\nEND:VEVENT\n"),
        "line 1: expected BEGIN:VCALENDAR, found \"BEGIN:VEVENT\""
    );
}

#[test]
fn end_without_begin() {
    assert_eq!(
        parse_err("BEGIN:VCALENDAR\nEND:VCALENDAR\nEND:VEVENT\n"),
        "line 3: END:VEVENT without a BEGIN"
    );
}

#[test]
fn mismatched_end_names_both_lines() {
    let text = "BEGIN:VCALENDAR\n\
                VERSION:2.0\n\
                PRODID:-//Test//EN\n\
                BEGIN:VEVENT\n\
                DTSTART:20260105T090000Z\n\
                SUMMARY:first\n\
                END:VEVENT\n\
                \n\
                BEGIN:VEVENT\n\
                DTSTART:20260106T090000Z\n\
                SUMMARY:a long summary that is\n \
                folded over two lines\n\
                BEGIN:VTODO\n\
                END:VTODO\n\
                END:VTODO\n\
                END:VCALENDAR\n";
    assert_eq!(
        parse_err(text),
        "line 15: END:VTODO closes BEGIN:VEVENT from line 9"
    );
}

#[test]
fn unterminated_vevent() {
    assert_eq!(
        parse_err("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART:20260105T090000Z\n"),
        "line 3: BEGIN:VEVENT is never closed (the file ends before END:VEVENT)"
    );
    assert_eq!(
        parse_err("BEGIN:VCALENDAR\nVERSION:2.0\n"),
        "line 1: BEGIN:VCALENDAR is never closed (the file ends before END:VCALENDAR)"
    );
}

#[test]
fn vevent_without_dtstart() {
    assert_eq!(
        parse_err(&wrap("BEGIN:VEVENT\nSUMMARY:No start\nEND:VEVENT")),
        "line 3: VEVENT has no DTSTART"
    );
}

#[test]
fn malformed_dates() {
    let text = wrap(&format!(
        "{}BEGIN:VEVENT\nDTSTART:2026-13-01\nEND:VEVENT",
        "X-FILLER:1\n".repeat(8)
    ));
    assert_eq!(
        parse_err(&text),
        "line 12: DTSTART \"2026-13-01\" is not a date-time \
         (expected YYYYMMDD or YYYYMMDDTHHMMSS[Z])"
    );
    for (value, expected) in [
        (
            "DTSTART:20261301T090000",
            "line 4: DTSTART \"20261301T090000\" is not a date-time (expected YYYYMMDD or YYYYMMDDTHHMMSS[Z])",
        ),
        (
            "DTSTART:20260230",
            "line 4: DTSTART \"20260230\" is not a date-time (expected YYYYMMDD or YYYYMMDDTHHMMSS[Z])",
        ),
        (
            "DTSTART;VALUE=DATE:20260105T090000",
            "line 4: DTSTART \"20260105T090000\" is not a date (expected YYYYMMDD)",
        ),
        (
            "DTSTART:20260105T250000Z",
            "line 4: DTSTART \"20260105T250000Z\" is not a date-time (expected YYYYMMDD or YYYYMMDDTHHMMSS[Z])",
        ),
    ] {
        let text = wrap(&format!("BEGIN:VEVENT\n{value}\nEND:VEVENT"));
        assert_eq!(parse_err(&text), expected);
    }
    let text = wrap(
        "BEGIN:VEVENT\nDTSTART:20260105T090000Z\nRRULE:FREQ=DAILY\n\
         EXDATE:20260106T090000Z,2026-01-07\nEND:VEVENT",
    );
    assert_eq!(
        parse_err(&text),
        "line 6: EXDATE \"2026-01-07\" is not a date-time (expected YYYYMMDD or YYYYMMDDTHHMMSS[Z])"
    );
}

#[test]
fn dtend_before_dtstart() {
    let text = wrap(
        "BEGIN:VEVENT\nDTSTART:20260105T100000Z\nSUMMARY:x\nDTEND:20260105T090000Z\nEND:VEVENT",
    );
    assert_eq!(
        parse_err(&text),
        "line 6: DTEND \"20260105T090000Z\" is before DTSTART \"20260105T100000Z\""
    );
    let both = wrap(
        "BEGIN:VEVENT\nDTSTART:20260105T100000Z\nDTEND:20260105T110000Z\nDURATION:PT1H\nEND:VEVENT",
    );
    assert_eq!(
        parse_err(&both),
        "line 6: VEVENT has both DTEND and DURATION"
    );
}

#[test]
fn unknown_tzid() {
    let text = wrap("BEGIN:VEVENT\nDTSTART;TZID=Mars/Olympus_Mons:20260105T100000\nEND:VEVENT");
    assert_eq!(
        parse_err(&text),
        "line 4: DTSTART has TZID \"Mars/Olympus_Mons\", which is neither an IANA zone \
         nor defined in the file"
    );
    let exdate = wrap(
        "BEGIN:VEVENT\nDTSTART;TZID=Europe/Paris:20260105T100000\nRRULE:FREQ=DAILY\n\
         EXDATE;TZID=Nowhere:20260106T100000\nEND:VEVENT",
    );
    assert_eq!(
        parse_err(&exdate),
        "line 6: EXDATE has TZID \"Nowhere\", which is neither an IANA zone nor defined in the file"
    );
}

#[test]
fn a_zone_defined_after_the_events_is_still_found() {
    let text = wrap(
        "BEGIN:VEVENT\nDTSTART;TZID=Office time:20260105T100000\nEND:VEVENT\n\
         BEGIN:VTIMEZONE\nTZID:Office time\nEND:VTIMEZONE",
    );
    assert!(matches!(
        parse_one(&text).start,
        ParsedStart::Local { tz: None, tzid: Some(ref id), .. } if id == "Office time"
    ));
}

#[test]
fn line_without_colon() {
    let text = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART:20260105T100000Z\nFOO\n\
                END:VEVENT\nEND:VCALENDAR\n";
    assert_eq!(parse_err(text), "line 5: \"FOO\" has no ':'");
    let quoted = "BEGIN:VCALENDAR\nX-A;P=\"unclosed:value\n";
    assert_eq!(
        parse_err(quoted),
        "line 2: \"X-A;P=\\\"unclosed:value\" has an unclosed quote"
    );
    let param_only = "BEGIN:VCALENDAR\nX-A;P=1\n";
    assert_eq!(parse_err(param_only), "line 2: \"X-A;P=1\" has no ':'");
    assert_eq!(
        parse_err("BEGIN:VCALENDAR\n:value\n"),
        "line 2: \":value\" has no property name"
    );
}

#[test]
fn error_lines_count_physical_lines_of_folded_input() {
    let text = "BEGIN:VCALENDAR\r\nX-A:one\r\n  two\r\n three\r\nBEGIN:VEVENT\r\n\
                DTSTART:nope\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    assert_eq!(
        parse_err(text),
        "line 6: DTSTART \"nope\" is not a date-time (expected YYYYMMDD or YYYYMMDDTHHMMSS[Z])"
    );
}

// ---------------------------------------------------------------- hostile

#[test]
fn deep_nesting_of_unknown_components_is_fine() {
    let depth = 50_000;
    let text = format!(
        "BEGIN:VCALENDAR\n{}{}BEGIN:VEVENT\nDTSTART:20260105T100000Z\nEND:VEVENT\nEND:VCALENDAR\n",
        "BEGIN:X-DEEP\n".repeat(depth),
        "END:X-DEEP\n".repeat(depth)
    );
    assert_eq!(parse_calendar(&text).unwrap().len(), 1);
    let unbalanced = format!("BEGIN:VCALENDAR\n{}", "BEGIN:X-DEEP\n".repeat(depth));
    assert_eq!(
        parse_err(&unbalanced),
        format!(
            "line {}: BEGIN:X-DEEP is never closed (the file ends before END:X-DEEP)",
            depth + 1
        )
    );
}

#[test]
fn vevents_inside_other_components_are_not_events() {
    let text = wrap(
        "BEGIN:X-WRAPPER\nBEGIN:VEVENT\nSUMMARY:no start, not an event\nEND:VEVENT\nEND:X-WRAPPER\n\
         BEGIN:VEVENT\nDTSTART:20260105T100000Z\nBEGIN:VEVENT\nSUMMARY:inner\nEND:VEVENT\n\
         SUMMARY:outer\nEND:VEVENT",
    );
    let event = parse_one(&text);
    assert_eq!(event.summary, "outer");
}

#[test]
fn extremely_long_lines() {
    let summary = "ä".repeat(1_000_000);
    let text = wrap(&format!(
        "BEGIN:VEVENT\nDTSTART:20260105T100000Z\nSUMMARY:{summary}\nEND:VEVENT"
    ));
    assert_eq!(parse_one(&text).summary.len(), summary.len());
    let no_colon = format!("BEGIN:VCALENDAR\n{}\n", "Z".repeat(2_000_000));
    let message = parse_err(&no_colon);
    assert!(message.starts_with("line 2: \"ZZZZ"));
    assert!(message.len() < 100);
}

#[test]
fn garbage_never_panics() {
    // Control characters and stray bytes as they appear when a binary file
    // is read as text.
    let binary: String = (0u32..4096)
        .map(|i| char::from_u32((i * 7919) % 0x2FF).unwrap_or('?'))
        .collect();
    assert!(parse_calendar(&binary).is_err());
    assert!(parse_calendar(&format!("BEGIN:VCALENDAR\n{binary}")).is_err());

    let pieces = [
        "BEGIN:VCALENDAR",
        "END:VCALENDAR",
        "BEGIN:VEVENT",
        "END:VEVENT",
        "BEGIN:VTIMEZONE",
        "TZID:Custom",
        "END:VTIMEZONE",
        "DTSTART:20260105T100000Z",
        "DTSTART;VALUE=DATE:2026",
        "DTSTART;TZID=\"Custom\":20260105T100000",
        "DTEND:20260105T090000Z",
        "DURATION:P",
        "DURATION:-P1D",
        "EXDATE:,,,",
        "RDATE;VALUE=PERIOD:/",
        "RECURRENCE-ID:20260105T100000Z",
        "UID:x",
        "STATUS:CANCELLED",
        "X-;;;:",
        ";:",
        "\"",
        " folded",
        "\t",
        "é€🚀",
        "\\",
        "SUMMARY:\\",
        "DURATION:P99999999999999999999D",
        "DTSTART:99999999T999999Z",
        "DURATION:PT4294967295H",
        "A;B=\"",
        "BEGIN:",
        "END:",
    ];
    let mut seed: u64 = 0x5eed;
    for _ in 0..3000 {
        let mut text = String::new();
        let len = (seed >> 33) % 30;
        for _ in 0..len {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[((seed >> 33) % pieces.len() as u64) as usize]);
            text.push_str(if seed & 1 == 0 { "\r\n" } else { "\n" });
        }
        seed = seed.wrapping_add(1);
        let _ = parse_calendar(&text);
    }
}

#[test]
fn huge_durations_are_errors_not_overflows() {
    let text = wrap("BEGIN:VEVENT\nDTSTART:20260105T100000Z\nDURATION:PT4294967295H\nEND:VEVENT");
    assert_eq!(parse_err(&text), "line 5: the event lasts too long");
    let far = wrap("BEGIN:VEVENT\nDTSTART:00010101T000000Z\nDTEND:99991231T235959Z\nEND:VEVENT");
    assert_eq!(parse_err(&far), "line 5: the event lasts too long");
}
