//! An .eml draft read back by an independent mail parser (mail-parser, as
//! a mail client would): the UTF-8 subject and names decode to what was
//! written, the message is multipart/alternative with a text and an HTML
//! part, and a header injection attempt stays inside the subject.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use mail_parser::{MessageParser, MimeHeaders};
use signalbox_domain::notices::eml::{render, Draft};
use signalbox_domain::notices::export::{html_document, plain_text};
use signalbox_domain::notices::Recipient;
use uuid::Uuid;

#[test]
fn a_draft_reads_back_whole_in_another_parser() {
    let subject =
        "Wartungsfenster für Zahlungsdienste – Dienstag 24. November, 22:00–23:30 MEZ ✓ (ruhig)";
    let body = "# Wartung\n\nWir **aktualisieren** den Zahlungsdienst.\n\n- ledger\n- checkout\n";
    let from = Recipient {
        name: "Release Desk".into(),
        address: "release@example.com".into(),
    };
    let to = [
        Recipient {
            name: "Zoë Ops".into(),
            address: "zoe@example.com".into(),
        },
        Recipient {
            name: String::new(),
            address: "sre@example.com".into(),
        },
    ];
    let html = html_document(subject, body);
    let text = plain_text(body);
    let raw = render(&Draft {
        from: Some(&from),
        to: &to,
        subject,
        text: &text,
        html: &html,
        date: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
        id: Uuid::from_u128(7),
    });
    let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
    assert_eq!(m.subject(), Some(subject));
    let from = m.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Release Desk"));
    assert_eq!(from.address(), Some("release@example.com"));
    let to: Vec<_> = m
        .to()
        .unwrap()
        .iter()
        .map(|a| (a.name().map(str::to_owned), a.address().unwrap().to_owned()))
        .collect();
    assert_eq!(
        to,
        [
            (Some("Zoë Ops".to_owned()), "zoe@example.com".to_owned()),
            (None, "sre@example.com".to_owned())
        ]
    );
    assert_eq!(
        m.content_type().map(|c| (c.ctype(), c.subtype())),
        Some(("multipart", Some("alternative")))
    );
    assert_eq!(m.text_body_count(), 1);
    assert_eq!(m.html_body_count(), 1);
    assert_eq!(m.body_text(0).unwrap().replace("\r\n", "\n"), text);
    assert!(m
        .body_html(0)
        .unwrap()
        .contains("<strong>aktualisieren</strong>"));
    assert_eq!(m.header_raw("X-Unsent").map(str::trim), Some("1"));
}

#[test]
fn a_line_break_in_a_subject_cannot_add_a_header() {
    let raw = render(&Draft {
        from: None,
        to: &[],
        subject: "Maintenance\r\nBcc: everyone@example.com",
        text: "x",
        html: "<p>x</p>",
        date: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
        id: Uuid::from_u128(8),
    });
    let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
    assert!(m.bcc().is_none());
    assert_eq!(m.subject(), Some("Maintenance  Bcc: everyone@example.com"));
}
