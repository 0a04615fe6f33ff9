//! Tests of the reader's error messages and the lines they name.

use super::*;

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
