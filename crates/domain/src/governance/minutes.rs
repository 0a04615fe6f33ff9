//! A meeting's agenda (before it sits) and minutes (after) as Markdown and
//! HTML. The HTML is one self-contained page with every user text escaped;
//! the print flavour adds page rules so "Save as PDF" gives clean pages.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::cab::{AgendaItem, Meeting};
use crate::deps::map::svg::escape;

/// Which document to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Agenda,
    Minutes,
}

/// Markdown, PDF-ready HTML, or plain HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    PrintHtml,
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn radius(n: u32) -> String {
    match n {
        0 => "nothing downstream".into(),
        1 => "1 service downstream".into(),
        n => format!("{n} services downstream"),
    }
}

fn owner(name: &str) -> &str {
    if name.is_empty() {
        "not named"
    } else {
        name
    }
}

fn duration(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Markdown text with the characters that would change its structure
/// escaped, on one line.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn title(doc: Document, m: &Meeting) -> String {
    let what = match doc {
        Document::Agenda => "Agenda",
        Document::Minutes => "Minutes",
    };
    format!("{what}: {} — {}", m.cab_name, when(m.at))
}

fn outcome(item: &AgendaItem) -> String {
    match item.decision {
        Some(d) => d.label().to_string(),
        None => "Not decided".into(),
    }
}

/// Renders `doc` of `meeting` in `format`.
pub fn render(meeting: &Meeting, doc: Document, format: Format) -> String {
    match format {
        Format::Markdown => markdown(meeting, doc),
        Format::Html => html(meeting, doc, false),
        Format::PrintHtml => html(meeting, doc, true),
    }
}

fn markdown(m: &Meeting, doc: Document) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", md(&title(doc, m)));
    let _ = writeln!(o, "- Chair: {}", md(&m.chair));
    let _ = writeln!(o, "- Agenda frozen: {}", when(m.cutoff));
    if doc == Document::Minutes {
        let present: Vec<String> = m
            .attendees
            .iter()
            .filter(|a| a.present)
            .map(|a| md(&a.name))
            .collect();
        let absent: Vec<String> = m
            .attendees
            .iter()
            .filter(|a| !a.present)
            .map(|a| md(&a.name))
            .collect();
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        let _ = writeln!(o, "- Present: {}", list(&present));
        let _ = writeln!(o, "- Absent: {}", list(&absent));
        if let (Some(s), Some(e)) = (m.started_at, m.ended_at) {
            let _ = writeln!(o, "- Sat: {} to {}", when(s), when(e));
        }
        let _ = writeln!(o, "\n## Decisions\n");
        let _ = writeln!(o, "| # | Change | Risk | Decision | Note | By | Time |");
        let _ = writeln!(o, "|---|---|---|---|---|---|---|");
        for i in &m.items {
            let _ = writeln!(
                o,
                "| {} | {}{} | {} | {} | {} | {} | {} |",
                i.position + 1,
                md(&i.facts.title),
                if i.late { " (late addition)" } else { "" },
                i.facts.level.label(),
                outcome(i),
                md(&i.note),
                md(i.decided_by.as_deref().unwrap_or("")),
                duration(i.seconds),
            );
        }
    }
    let _ = writeln!(o, "\n## Items\n");
    for i in &m.items {
        let f = &i.facts;
        let _ = writeln!(o, "### {}. {}\n", i.position + 1, md(&f.title));
        let _ = writeln!(
            o,
            "- {} to {} in {} ({} change, {})",
            when(f.start),
            when(f.end),
            md(&f.environment),
            f.model,
            f.stage
        );
        let _ = writeln!(o, "- Services: {}", md(&f.services.join(", ")));
        let _ = writeln!(
            o,
            "- Owner: {}; requested by {}",
            md(&f.owner),
            md(&f.requested_by)
        );
        let _ = writeln!(o, "- Risk: {} (score {})", f.level.label(), f.score);
        for r in &f.reasons {
            let _ = writeln!(o, "  - {}: {}", r.level.label(), md(&r.text));
        }
        let _ = writeln!(o, "- Blast radius: {}", radius(f.blast_radius));
        if !f.conflicts.is_empty() {
            let _ = writeln!(o, "- Conflicts:");
            for c in &f.conflicts {
                let _ = writeln!(o, "  - {}", md(c));
            }
        }
        let _ = writeln!(
            o,
            "- Approvals needed: {}",
            md(&f.approvals_needed.join(", "))
        );
        if doc == Document::Minutes {
            let _ = writeln!(
                o,
                "- **Decision: {}**{}",
                outcome(i),
                if i.note.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", md(&i.note))
                }
            );
        }
        o.push('\n');
    }
    if m.items.is_empty() {
        o.push_str("Nothing on the agenda.\n");
    }
    o
}

const STYLE: &str = "body{font:14px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem;margin:1.5rem 0 .25rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccd;padding:.25rem .5rem;text-align:left;vertical-align:top}
.lvl-critical{color:#a4161a;font-weight:600}.lvl-high{color:#c1440e;font-weight:600}.muted{color:#667}";
const PRINT: &str = "@page{size:A4;margin:18mm}@media print{body{margin:0;max-width:none}section{break-inside:avoid}h2{break-before:page}h2:first-of-type{break-before:auto}}";

fn html(m: &Meeting, doc: Document, print: bool) -> String {
    let e = escape;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}{}</style></head><body>\n",
        e(&title(doc, m)),
        if print { PRINT } else { "" }
    );
    let _ = writeln!(o, "<h1>{}</h1>", e(&title(doc, m)));
    let _ = write!(
        o,
        "<p>Chair: {} · Agenda frozen {}",
        e(&m.chair),
        when(m.cutoff)
    );
    if doc == Document::Minutes {
        let names = |present: bool| {
            let v: Vec<String> = m
                .attendees
                .iter()
                .filter(|a| a.present == present)
                .map(|a| e(&a.name))
                .collect();
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        let _ = write!(
            o,
            "<br>Present: {}<br>Absent: {}",
            names(true),
            names(false)
        );
    }
    o.push_str("</p>\n");
    if doc == Document::Minutes {
        o.push_str("<h2>Decisions</h2>\n<table><thead><tr><th>#</th><th>Change</th><th>Risk</th><th>Decision</th><th>Note</th><th>By</th><th>Time</th></tr></thead><tbody>\n");
        for i in &m.items {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}{}</td><td class=\"lvl-{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i.position + 1,
                e(&i.facts.title),
                if i.late { " <span class=\"muted\">(late addition)</span>" } else { "" },
                i.facts.level.label(),
                i.facts.level.label(),
                e(&outcome(i)),
                e(&i.note),
                e(i.decided_by.as_deref().unwrap_or("")),
                duration(i.seconds)
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("<h2>Items</h2>\n");
    if m.items.is_empty() {
        o.push_str("<p class=\"muted\">Nothing on the agenda.</p>\n");
    }
    for i in &m.items {
        let f = &i.facts;
        let _ = writeln!(
            o,
            "<section><h3>{}. {}</h3><ul>",
            i.position + 1,
            e(&f.title)
        );
        let _ = writeln!(
            o,
            "<li>{} to {} in {} ({} change, {})</li><li>Services: {}</li><li>Owner: {}; requested by {}</li>",
            when(f.start),
            when(f.end),
            e(&f.environment),
            f.model,
            f.stage,
            e(&f.services.join(", ")),
            e(owner(&f.owner)),
            e(&f.requested_by)
        );
        let _ = write!(
            o,
            "<li>Risk: <span class=\"lvl-{}\">{}</span> (score {})<ul>",
            f.level.label(),
            f.level.label(),
            f.score
        );
        for r in &f.reasons {
            let _ = write!(o, "<li>{}: {}</li>", r.level.label(), e(&r.text));
        }
        let _ = writeln!(
            o,
            "</ul></li><li>Blast radius: {}</li>",
            radius(f.blast_radius)
        );
        if !f.conflicts.is_empty() {
            o.push_str("<li>Conflicts:<ul>");
            for c in &f.conflicts {
                let _ = write!(o, "<li>{}</li>", e(c));
            }
            o.push_str("</ul></li>");
        }
        let _ = write!(
            o,
            "<li>Approvals needed: {}</li>",
            e(&f.approvals_needed.join(", "))
        );
        if doc == Document::Minutes {
            let _ = write!(o, "<li><strong>Decision: {}</strong>", e(&outcome(i)));
            if !i.note.is_empty() {
                let _ = write!(o, " — {}", e(&i.note));
            }
            o.push_str("</li>");
        }
        o.push_str("</ul></section>\n");
    }
    o.push_str("</body></html>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::approvals::Role;
    use crate::governance::cab::{Attendee, ItemFacts, MeetingDecision, MeetingStatus};
    use crate::governance::model::{ChangeModel, Stage};
    use crate::governance::risk::{RiskLevel, RiskReason};
    use chrono::TimeZone;
    use uuid::Uuid;

    fn meeting() -> Meeting {
        let at = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
        let item = AgendaItem {
            position: 0,
            facts: ItemFacts {
                change_id: Uuid::nil(),
                title: "<script>alert(1)</script> | *ledger*".into(),
                environment: "production".into(),
                services: vec!["ledger".into()],
                owner: "Dana".into(),
                requested_by: "Dana".into(),
                start: at,
                end: at,
                model: ChangeModel::Normal,
                stage: Stage::Authorise,
                level: RiskLevel::High,
                score: 9,
                reasons: vec![RiskReason {
                    level: RiskLevel::High,
                    text: "Critical service affected: ledger".into(),
                }],
                conflicts: vec![],
                blast_radius: 4,
                approvals_needed: vec!["release manager".into(), "CAB member".into()],
            },
            late: true,
            decision: Some(MeetingDecision::Approve),
            note: "ok <b>".into(),
            decided_by: Some("Ann".into()),
            decided_at: Some(at),
            seconds: 75,
        };
        Meeting {
            id: Uuid::nil(),
            cab_id: Uuid::nil(),
            cab_name: "Weekly CAB".into(),
            at,
            cutoff: at,
            status: MeetingStatus::Closed,
            chair: "Ann".into(),
            attendees: vec![
                Attendee {
                    person_id: Uuid::nil(),
                    name: "Ann".into(),
                    role: Role::CabMember,
                    present: true,
                },
                Attendee {
                    person_id: Uuid::nil(),
                    name: "Bo".into(),
                    role: Role::CabMember,
                    present: false,
                },
            ],
            items: vec![item],
            current: 0,
            current_since: None,
            started_at: Some(at),
            ended_at: Some(at),
        }
    }

    #[test]
    fn html_minutes_escape_every_user_text() {
        let h = render(&meeting(), Document::Minutes, Format::Html);
        assert!(!h.contains("<script>"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(h.contains("ok &lt;b&gt;"));
        assert!(h.contains("Present: Ann<br>Absent: Bo"));
        assert!(!h.contains("@page"));
        assert!(render(&meeting(), Document::Minutes, Format::PrintHtml).contains("@page{size:A4"));
    }

    #[test]
    fn markdown_minutes_keep_the_table_whole() {
        let m = render(&meeting(), Document::Minutes, Format::Markdown);
        assert!(m.contains(
            "| 1 | \\<script\\>alert(1)\\</script\\> \\| \\*ledger\\* (late addition) | high | Approved | ok \\<b\\> | Ann | 1:15 |"
        ), "{m}");
        let agenda = render(&meeting(), Document::Agenda, Format::Markdown);
        assert!(!agenda.contains("Decision"), "{agenda}");
        assert!(agenda.contains("- Approvals needed: release manager, CAB member"));
    }
}
