//! Tests of the reader against hostile input: nesting, huge lines, garbage, overflow.

use super::*;

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
