//! Tests of the writer: header, escaping, folding, durations and round trips.

use super::*;

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
    // 01:30 on London's fall-back day happens twice: it is written as the
    // instant of the first (01:30 BST), which every client reads alike.
    assert_eq!(
        parsed[1].start,
        ParsedStart::Utc(Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap())
    );
    assert_eq!(parsed[1].duration_minutes, one_off.duration_minutes);
    for (written, read) in [weekly].iter().zip(&parsed) {
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
