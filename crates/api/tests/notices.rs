//! Stakeholder notices end to end over a real SQLite file: notices
//! generated from live data for each audience and object, hand edits,
//! exports, escaping, and the record of sending. Bad addresses and deleted
//! objects are refused with the line or field named, and nothing is stored.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::Duration;
use common::notices::{builtin, generate, of_train, train, BERLIN};
use common::{audit_count, change, fixture, utc, window};
use signalbox_api::audit::AuditQuery;
use signalbox_api::domain::calendar::{TrainInput, TrainStatus, WindowKind};
use signalbox_api::domain::notices::{
    Audience, IncidentInput, IncidentStatus, NoticeEdit, NoticeKind, NoticeTarget, TargetKind,
    TemplateInput,
};
use signalbox_api::domain::{AuditAction, ServiceInput};
use signalbox_api::notices::{ExportFormat, GenerateInput, SendInput};
use signalbox_api::{ApiError, ErrorCode};

#[test]
fn maintenance_notices_for_customers_and_operations_read_the_live_train() {
    let mut f = fixture();
    let t = train(&mut f);
    let customers = builtin(&f.ws, NoticeKind::MaintenanceWindow, Audience::Customers);
    let ops = builtin(&f.ws, NoticeKind::MaintenanceWindow, Audience::Operations);
    let before = audit_count(&f.ws);

    let c = generate(&mut f.ws, customers.id, of_train(t));
    // 21:00 UTC is 22:00 in Berlin in March (CET).
    assert_eq!(
        c.subject,
        "Scheduled maintenance: Fri 20 Mar 2026, 22:00 CET – Sat 21 Mar 2026, 00:00 CET"
    );
    assert!(c.body.contains("checkout"), "{}", c.body);
    assert!(!c.body.contains(&t.to_string()));
    assert!(
        !c.body.contains("payments@example.com"),
        "customers see no internal contact"
    );
    assert_eq!(c.time_zone, BERLIN);

    let o = generate(&mut f.ws, ops.id, of_train(t));
    assert!(
        o.subject.starts_with("Maintenance: Payments March"),
        "{}",
        o.subject
    );
    for needle in [
        "Deploy ledger 7",
        "Deploy checkout 3",
        "production",
        "Payments: payments@example.com",
        "Roll back checkout first, then ledger.",
        "Release manager: Ada Lovelace",
        "**Blast radius:** 0 dependent services",
    ] {
        assert!(o.body.contains(needle), "missing {needle:?} in\n{}", o.body);
    }
    assert_eq!(audit_count(&f.ws), before + 2);
    assert_eq!(f.ws.counts().unwrap().notices, 2);
    let listed = f.ws.list_notices().unwrap();
    assert_eq!(listed[0].id, o.id, "newest first");
}

#[test]
fn names_and_titles_are_escaped_everywhere_a_notice_becomes_html() {
    let mut f = fixture();
    let t = train(&mut f);
    let corpus = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "[click](javascript:alert(3))",
        "\"><svg onload=alert(4)>",
    ];
    let s = f.ws.get_service(f.ledger).unwrap();
    f.ws.update_service(
        f.ledger,
        &ServiceInput {
            name: corpus[0].into(),
            description: s.description,
            owner_team_id: s.owner_team_id,
            tier: s.tier,
            system: s.system,
            tags: s.tags,
            repository_url: s.repository_url,
            links: s.links,
        },
    )
    .unwrap();
    let mut input = change(&f, corpus[1], f.prod, utc(2026, 3, 20, 23, 0), 30);
    input.train_id = Some(t);
    f.ws.create_change(&input).unwrap();
    let mut written = f
        .ws
        .add_template(&TemplateInput {
            name: "Hostile".into(),
            kind: NoticeKind::ReleaseAnnouncement,
            audience: Audience::Operations,
            subject: "{{ release.name }}".into(),
            body: format!(
                "{}\n\n<script>alert(5)</script>\n\n{{% for c in changes %}}- {{{{ c.title }}}} {{{{ '{}' }}}}\n{{% endfor %}}\n{{% for s in services %}}{{{{ s.name }}}} {{% endfor %}}",
                corpus[2], corpus[3]
            ),
        })
        .unwrap();
    let ops = builtin(&f.ws, NoticeKind::MaintenanceWindow, Audience::Operations);
    for template in [written.id, ops.id] {
        let n = generate(&mut f.ws, template, of_train(t));
        let view = f.ws.notice(n.id).unwrap();
        let page =
            f.ws.export_notice(n.id, ExportFormat::Html)
                .unwrap()
                .content;
        let mail = f.ws.export_notice(n.id, ExportFormat::Eml).unwrap().content;
        for html in [&view.html, &page] {
            let lower = html.to_lowercase();
            for bad in ["<script", "<img", "<svg", "javascript:", "<a "] {
                assert!(!lower.contains(bad), "{bad} in\n{html}");
            }
            assert!(
                html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                "{html}"
            );
        }
        assert!(page.contains("default-src 'none'"));
        assert!(
            !mail.contains("<script"),
            "the draft's parts are base64, and escaped within"
        );
    }
    written.name.clear();
}

#[test]
fn an_edit_marks_the_notice_edited_and_is_audited() {
    let mut f = fixture();
    let t = train(&mut f);
    let ops = builtin(&f.ws, NoticeKind::MaintenanceWindow, Audience::Operations);
    let n = generate(&mut f.ws, ops.id, of_train(t));
    let before = audit_count(&f.ws);
    let same =
        f.ws.update_notice(
            n.id,
            &NoticeEdit {
                subject: n.subject.clone(),
                body: n.body.clone(),
            },
        )
        .unwrap();
    assert!(!same.edited);
    assert_eq!(
        audit_count(&f.ws),
        before,
        "an unchanged save records nothing"
    );
    let edited =
        f.ws.update_notice(
            n.id,
            &NoticeEdit {
                subject: "Tonight: payments maintenance".into(),
                body: format!("{}\n\nWe expect no downtime.", n.body),
            },
        )
        .unwrap();
    assert!(edited.edited);
    assert_eq!(audit_count(&f.ws), before + 1);
    let e =
        f.ws.update_notice(
            n.id,
            &NoticeEdit {
                subject: "Two\nlines".into(),
                body: " ".into(),
            },
        )
        .unwrap_err();
    let ApiError::Validation(v) = e else { panic!() };
    let fields: Vec<_> = v.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["subject", "body"]);
    assert_eq!(
        f.ws.notice(n.id).unwrap().notice.subject,
        "Tonight: payments maintenance"
    );
}

#[test]
fn sending_is_recorded_only_with_every_address_good() {
    let mut f = fixture();
    let t = train(&mut f);
    let ops = builtin(&f.ws, NoticeKind::MaintenanceWindow, Audience::Operations);
    let n = generate(&mut f.ws, ops.id, of_train(t));
    let before = audit_count(&f.ws);
    let e =
        f.ws.record_notice_sent(
            n.id,
            &SendInput {
                recipients: "ops@example.com\nnot-an-address\nOn call <oncall@localhost>".into(),
            },
        )
        .unwrap_err();
    let ApiError::Validation(v) = e else { panic!() };
    let messages: Vec<_> = v.0.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].starts_with("Line 2: "), "{messages:?}");
    assert!(messages[1].starts_with("Line 3: "), "{messages:?}");
    assert!(f.ws.notice(n.id).unwrap().sends.is_empty());
    assert_eq!(audit_count(&f.ws), before);
    let empty =
        f.ws.record_notice_sent(
            n.id,
            &SendInput {
                recipients: "\n".into(),
            },
        )
        .unwrap_err();
    assert!(
        empty.to_string().contains("at least one recipient"),
        "{empty}"
    );

    let send =
        f.ws.record_notice_sent(
            n.id,
            &SendInput {
                recipients: "Ops <ops@example.com>, sre@example.com".into(),
            },
        )
        .unwrap();
    assert_eq!(send.by, "Ada Lovelace");
    assert_eq!(send.recipients.len(), 2);
    let view = f.ws.notice(n.id).unwrap();
    assert_eq!(view.sends, vec![send.clone()]);
    assert_eq!(view.notice.sent_at, Some(send.at));
    let page =
        f.ws.list_audit(&AuditQuery {
            entity_id: Some(n.id),
            ..AuditQuery::default()
        })
        .unwrap();
    let sent = page
        .items
        .iter()
        .find(|e| e.action == AuditAction::Sent)
        .expect("a sent event");
    assert_eq!(sent.actor, "Ada Lovelace");
    let after = sent.after.as_deref().unwrap();
    assert!(
        after.contains("Ops <ops@example.com>") && after.contains("sre@example.com"),
        "{after}"
    );
    let refused = f.ws.delete_notice(n.id).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Refused);
}

#[test]
fn exports_are_markdown_html_text_and_a_multipart_draft() {
    let mut f = fixture();
    let t = train(&mut f);
    let ops = builtin(&f.ws, NoticeKind::MaintenanceWindow, Audience::Operations);
    let n = generate(&mut f.ws, ops.id, of_train(t));
    f.ws.set_recipients(
        Audience::Operations,
        "Zoë Ops <zoe@example.com>\nsre@example.com",
    )
    .unwrap();
    f.ws.set_notice_sender("Release Desk <release@example.com>")
        .unwrap();
    f.ws.update_notice(
        n.id,
        &NoticeEdit {
            subject: "Wartung für Zahlungen: heute Nacht".into(),
            body: n.body.clone(),
        },
    )
    .unwrap();
    let md = f.ws.export_notice(n.id, ExportFormat::Markdown).unwrap();
    assert!(md.file_name.ends_with(".md"));
    assert!(md
        .content
        .starts_with("# Wartung für Zahlungen: heute Nacht\n\n"));
    let txt =
        f.ws.export_notice(n.id, ExportFormat::Text)
            .unwrap()
            .content;
    assert!(
        txt.starts_with("Wartung für Zahlungen: heute Nacht\n===="),
        "{txt}"
    );
    assert!(!txt.contains("**"));
    let html = f.ws.export_notice(n.id, ExportFormat::Html).unwrap();
    assert_eq!(html.file_name, "wartung-für-zahlungen-heute-nacht.html");
    assert!(html.content.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.content.contains("http://") && !html.content.contains("https://"),
        "self-contained"
    );
    let eml = f.ws.export_notice(n.id, ExportFormat::Eml).unwrap().content;
    assert!(eml.contains("\r\nSubject: =?UTF-8?B?"), "{eml}");
    assert!(eml.starts_with("From: \"Release Desk\" <release@example.com>\r\n"));
    assert!(
        eml.contains("To: =?UTF-8?B?"),
        "a non-ASCII name is encoded"
    );
    assert!(
        eml.contains("<zoe@example.com>,\r\n \"\" <sre@example.com>")
            || eml.contains("<zoe@example.com>,\r\n <sre@example.com>"),
        "{eml}"
    );
    assert!(eml.contains("multipart/alternative"));
    assert!(eml.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(eml.contains("Content-Type: text/html; charset=utf-8"));
}

#[test]
fn a_notice_for_a_deleted_object_is_refused_and_old_ones_keep_their_text() {
    let mut f = fixture();
    let t = train(&mut f);
    let ops = builtin(&f.ws, NoticeKind::MaintenanceWindow, Audience::Operations);
    let n = generate(&mut f.ws, ops.id, of_train(t));
    for c in f.ws.train_detail(t).unwrap().changes {
        f.ws.delete_change(c.id).unwrap();
    }
    f.ws.delete_train(t).unwrap();
    let e =
        f.ws.generate_notice(&GenerateInput {
            template_id: ops.id,
            target: of_train(t),
            time_zone: BERLIN.into(),
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert!(
        e.to_string()
            .contains("train this notice would be about no longer exists"),
        "{e}"
    );
    let view = f.ws.notice(n.id).unwrap();
    assert!(!view.target_exists);
    assert_eq!(view.notice.body, n.body);
}

#[test]
fn incident_and_window_notices_read_their_own_objects() {
    let mut f = fixture();
    train(&mut f);
    let incident =
        f.ws.add_incident(&IncidentInput {
            title: "Card payments failing".into(),
            status: IncidentStatus::Identified,
            impact: "Some card payments are declined.".into(),
            service_ids: vec![f.checkout],
            started_at: utc(2026, 3, 20, 22, 30),
            resolved_at: None,
        })
        .unwrap();
    let ops = builtin(&f.ws, NoticeKind::IncidentUpdate, Audience::Operations);
    let n = generate(
        &mut f.ws,
        ops.id,
        NoticeTarget {
            kind: TargetKind::Incident,
            id: incident.id,
        },
    );
    assert_eq!(n.subject, "[Identified] Incident: Card payments failing");
    assert!(
        n.body.contains("since Fri 20 Mar 2026, 23:30 CET"),
        "{}",
        n.body
    );
    assert!(
        n.body.contains("Deploy checkout 3"),
        "the change just before is a suspect:\n{}",
        n.body
    );
    let bad = f.ws.add_incident(&IncidentInput {
        title: "x".into(),
        status: IncidentStatus::Resolved,
        impact: String::new(),
        service_ids: vec![],
        started_at: utc(2026, 3, 20, 22, 30),
        resolved_at: Some(utc(2026, 3, 20, 21, 0)),
    });
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("resolved before it started"));

    let freeze =
        f.ws.create_window(&window(
            "Easter freeze",
            WindowKind::Freeze,
            "2026-04-02T18:00",
            60 * 24 * 5,
            None,
            vec![f.prod],
        ))
        .unwrap();
    let announce = builtin(&f.ws, NoticeKind::FreezeAnnouncement, Audience::Operations);
    let n = generate(
        &mut f.ws,
        announce.id,
        NoticeTarget {
            kind: TargetKind::Window,
            id: freeze.id,
        },
    );
    assert!(
        n.subject
            .starts_with("Change freeze: Easter freeze, Thu 2 Apr 2026, 19:00 CEST"),
        "{}",
        n.subject
    );
    assert!(n.body.contains("to production during it"), "{}", n.body);
    let _ = Duration::zero();
}

#[test]
fn a_train_without_changes_is_announced_for_its_target_dates() {
    let mut f = fixture();
    let t =
        f.ws.create_train(&TrainInput {
            name: "Quiet".into(),
            version: String::new(),
            owner: String::new(),
            description: String::new(),
            status: TrainStatus::Planning,
            targets: vec![signalbox_api::domain::calendar::TrainTarget {
                environment_id: f.prod,
                date: chrono::NaiveDate::from_ymd_opt(2026, 4, 7).unwrap(),
            }],
        })
        .unwrap();
    let execs = builtin(&f.ws, NoticeKind::ReleaseAnnouncement, Audience::Executives);
    let n = generate(&mut f.ws, execs.id, of_train(t.id));
    assert!(n.body.contains("**When:** Tue 7 Apr 2026"), "{}", n.body);
    assert!(n.body.contains("in production"), "{}", n.body);
    assert!(n.body.contains("- **Risk:** None\n"), "{}", n.body);
}

#[test]
fn pickers_list_trains_and_search_changes_by_title() {
    let mut f = fixture();
    let t = train(&mut f);
    let trains = f.ws.notice_targets(TargetKind::Train, "").unwrap();
    assert_eq!(trains.len(), 1);
    assert_eq!(
        (trains[0].id, trains[0].label.as_str()),
        (t, "Payments March")
    );
    assert!(f
        .ws
        .notice_targets(TargetKind::Train, "autumn")
        .unwrap()
        .is_empty());
    let found = f.ws.notice_targets(TargetKind::Change, "CHECKOUT").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].label, "Deploy checkout 3");
    assert_eq!(found[0].detail, "2026-03-20 22:00 UTC");
    // Nothing typed: the changes not yet over, soonest first.
    let upcoming = f.ws.notice_targets(TargetKind::Change, "").unwrap();
    let titles: Vec<_> = upcoming.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(titles, ["Deploy ledger 7", "Deploy checkout 3"]);
    // A wildcard in the search is a plain character.
    assert!(f
        .ws
        .notice_targets(TargetKind::Change, "%")
        .unwrap()
        .is_empty());
}
