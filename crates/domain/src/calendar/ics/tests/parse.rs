//! Tests of the reader on real exports (Google, Outlook) and on the value forms it accepts.

use super::*;

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
