//! Calendar interchange end to end: ICS export of changes, trains and
//! recurring windows; ICS import as freeze windows (all or nothing, with the
//! line of every problem); CSV export of a period.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{audit_count, change, fixture, utc, window};
use signalbox_api::domain::calendar::ics::{parse_calendar, ParsedStart};
use signalbox_api::domain::calendar::WindowKind;
use signalbox_api::ErrorCode;

#[test]
fn ics_export_holds_changes_trains_and_recurring_windows_and_import_makes_freezes() {
    let mut f = fixture();
    f.ws.create_window(&window(
        "Saturday freeze",
        WindowKind::Freeze,
        "2026-01-03T02:00",
        240,
        Some("FREQ=WEEKLY;BYDAY=SA"),
        vec![],
    ))
    .unwrap();
    f.ws.create_change(&change(
        &f,
        "Deploy ledger",
        f.staging,
        utc(2026, 3, 10, 10, 0),
        60,
    ))
    .unwrap();
    let text =
        f.ws.export_ics(utc(2026, 3, 1, 0, 0), utc(2026, 4, 1, 0, 0))
            .unwrap();
    assert!(text.contains("BEGIN:VTIMEZONE") && text.contains("TZID:Europe/London"));
    let events = parse_calendar(&text).unwrap();
    let freeze = events
        .iter()
        .find(|e| e.summary.contains("Saturday freeze"))
        .unwrap();
    assert_eq!(freeze.rrule.as_deref(), Some("FREQ=WEEKLY;BYDAY=SA"));
    assert!(
        matches!(&freeze.start, ParsedStart::Local { tz: Some(tz), .. } if tz.name() == "Europe/London")
    );
    let change_event = events
        .iter()
        .find(|e| e.summary == "[staging] Deploy ledger")
        .unwrap();
    assert!(matches!(change_event.start, ParsedStart::Utc(t) if t == utc(2026, 3, 10, 10, 0)));

    // Import a holiday calendar as freezes, twice: the second adds nothing.
    let holidays = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261226\r\nSUMMARY:Christmas Day\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20261226\r\nSUMMARY:Boxing Day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let report =
        f.ws.import_ics_freezes(holidays.as_bytes(), false, &[f.prod])
            .unwrap();
    assert_eq!((report.created, report.skipped), (2, 0));
    let again =
        f.ws.import_ics_freezes(holidays.as_bytes(), false, &[f.prod])
            .unwrap();
    assert_eq!((again.created, again.skipped), (0, 2));
    let christmas =
        f.ws.list_windows()
            .unwrap()
            .into_iter()
            .find(|w| w.name == "Christmas Day")
            .unwrap();
    assert_eq!(
        (
            christmas.kind,
            christmas.duration_minutes,
            christmas.time_zone.as_str()
        ),
        (WindowKind::Freeze, 1440, "Europe/London")
    );
    assert_eq!(christmas.environment_ids, [f.prod]);
}

#[test]
fn malformed_or_oversize_ics_is_refused_with_the_line_and_nothing_is_saved() {
    let mut f = fixture();
    let before = audit_count(&f.ws);
    let broken = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:No start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let err =
        f.ws.import_ics_freezes(broken.as_bytes(), false, &[])
            .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportRejected);
    assert!(
        err.payload().problems[0].contains("line 3"),
        "{:?}",
        err.payload()
    );
    let bad_rule = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260301T000000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=SOMETIMES\r\nSUMMARY:Odd\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let err =
        f.ws.import_ics_freezes(bad_rule.as_bytes(), false, &[])
            .unwrap_err();
    assert!(
        err.payload().problems[0].starts_with("line 2: rrule"),
        "{:?}",
        err.payload()
    );
    let huge = vec![b'A'; 6 * 1024 * 1024];
    let err = f.ws.import_ics_freezes(&huge, false, &[]).unwrap_err();
    assert!(err.to_string().contains("MB"), "{err}");
    assert_eq!(audit_count(&f.ws), before);
    assert_eq!(f.ws.counts().unwrap().windows, 0);
}

#[test]
fn csv_export_lists_the_changes_of_a_period() {
    let mut f = fixture();
    let mut input = change(
        &f,
        "Deploy, \"quoted\"",
        f.staging,
        utc(2026, 3, 10, 10, 0),
        60,
    );
    input.service_ids = vec![f.ledger, f.checkout];
    f.ws.create_change(&input).unwrap();
    f.ws.create_change(&change(&f, "Later", f.staging, utc(2026, 5, 10, 10, 0), 60))
        .unwrap();
    let text =
        f.ws.export_changes_csv(utc(2026, 3, 1, 0, 0), utc(2026, 4, 1, 0, 0))
            .unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "Deploy, \"quoted\"");
    assert_eq!(&rows[0][2], "staging");
    assert_eq!(&rows[0][3], "ledger;checkout");
    assert_eq!(&rows[0][8], "planned");
}
