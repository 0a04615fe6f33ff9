//! The built-in templates: one for every kind × audience. Operations read
//! the detail, executives a summary, support what to tell customers, and
//! customers no internal identifiers (each passes the customer lint).

use super::template::{Audience, NoticeKind, TemplateInput};

const WHEN: &str = "**When:** {{ release.when }}\n";

const CHANGES: &str = "\
## Changes ({{ changes | length }})

{% for c in changes %}
- **{{ c.title }}**: {{ c.environment }}, {{ c.when }}, {{ c.status }}, risk {{ c.risk_level }} ({% if c.owner %}{{ c.owner }}, {% endif %}`{{ c.id }}`)
{% else %}
- No changes are planned.
{% endfor %}
";

const SERVICES_OPS: &str = "\
## Services affected

{% for s in services %}
- {{ s.name }} ({{ s.tier }} tier, {{ s.team }})
{% else %}
- None recorded.
{% endfor %}

**Blast radius:** {{ blast_radius.count }} dependent services\
{% if blast_radius.count %}: {{ blast_radius.services | join(\", \") }}\
{% if blast_radius.more %} and {{ blast_radius.more }} more{% endif %}{% endif %}.
";

const RISK: &str = "\
**Risk:** {{ risk.level_label }}{% if risk.score %} (score {{ risk.score }}){% endif +%}

{% for r in risk.reasons %}
- {{ r }}
{% endfor %}
";

const ROLLBACK: &str = "\
## Rollback plan

{{ rollback.summary }}
";

const CONTACTS: &str = "\
## Contacts

- Release manager: {{ release_manager }}
{% for t in contacts %}
- {{ t.team }}: {{ t.contact }}
{% endfor %}
";

const EXEC_SUMMARY: &str = "\
- **Scope:** {{ changes | length }} changes to {{ services | length }} services\
{% if environments %} in {{ environments | join(\", \") }}{% endif +%}
- **Risk:** {{ risk.level_label }}
- **Blast radius:** {{ blast_radius.count }} dependent services
- **Status:** {{ release.status_label }}
- **CAB:** {{ cab.summary }}
- **Release manager:** {{ release_manager }}
";

const SUPPORT_SERVICES: &str = "\
Customers may notice disruption to:

{% for s in services %}
- {{ s.name }}
{% else %}
- No customer-facing service is affected.
{% endfor %}
";

const SUPPORT_ESCALATE: &str = "\
If customers report problems, escalate to the release manager, {{ release_manager }}\
{% if contacts %}, or to {{ contacts[0].team }} ({{ contacts[0].contact }}){% endif %}.
";

const CUSTOMER_SERVICES: &str = "\
{% if services %}
During this time the following may be briefly unavailable:

{% for s in services %}
- {{ s.name }}
{% endfor %}
{% endif %}
";

const CUSTOMER_CLOSE: &str = "\
If you have questions, please contact our support team. Thank you for your patience.
";

fn subject(kind: NoticeKind, audience: Audience) -> &'static str {
    use Audience::*;
    use NoticeKind::*;
    match (kind, audience) {
        (MaintenanceWindow, Customers) => "Scheduled maintenance: {{ release.when }}",
        (MaintenanceWindow, _) => "Maintenance: {{ release.name }}, {{ release.when }}",
        (ReleaseAnnouncement, Customers) => "What's new: {{ release.name }}",
        (ReleaseAnnouncement, _) => {
            "Release {{ release.name }}{% if release.version %} {{ release.version }}{% endif %}: {{ release.status_label }}"
        }
        (IncidentUpdate, Customers) => "Service update: {{ release.name }} ({{ release.status_label }})",
        (IncidentUpdate, _) => "[{{ release.status_label }}] Incident: {{ release.name }}",
        (RollbackNotice, Customers) => "Update on {{ release.name }}",
        (RollbackNotice, _) => "Rollback: {{ release.name }}",
        (FreezeAnnouncement, Customers) => "Planned change freeze: {{ release.when }}",
        (FreezeAnnouncement, _) => "Change freeze: {{ release.name }}, {{ release.when }}",
        (CabOutcome, Customers) => "Upcoming update: {{ release.name }}",
        (CabOutcome, _) => "CAB outcome: {{ release.name }}",
    }
}

fn intro(kind: NoticeKind, audience: Audience) -> &'static str {
    use NoticeKind::*;
    let customers = audience == Audience::Customers;
    match (kind, customers) {
        (MaintenanceWindow, true) => {
            "We will carry out scheduled maintenance to keep our services fast and reliable.\n"
        }
        (MaintenanceWindow, false) => {
            "Maintenance is scheduled for **{{ release.name }}**.{% if release.description %} {{ release.description }}{% endif +%}\n"
        }
        (ReleaseAnnouncement, true) => {
            "We are releasing improvements to our services.{% if release.description %} {{ release.description }}{% endif +%}\n"
        }
        (ReleaseAnnouncement, false) => {
            "**{{ release.name }}**{% if release.version %} ({{ release.version }}){% endif %} is {{ release.status_label | lower }}.{% if release.description %} {{ release.description }}{% endif +%}\n"
        }
        (IncidentUpdate, true) => {
            "We are aware of an issue affecting our services. Current status: **{{ release.status_label }}**.\n\n{% if release.description %}{{ release.description }}\n{% endif %}"
        }
        (IncidentUpdate, false) => {
            "Incident **{{ release.name }}** is {{ release.status_label | lower }}.\n\n{% if release.description %}**Impact:** {{ release.description }}\n{% endif %}"
        }
        (RollbackNotice, true) => {
            "We have reversed a recent update to keep our services stable. No action is needed on your side.\n"
        }
        (RollbackNotice, false) => {
            "**{{ release.name }}** is being rolled back. Status: {{ release.status_label }}.\n\n**Rollback order:** {{ rollback.order | join(\" → \") }}\n"
        }
        (FreezeAnnouncement, true) => {
            "To keep our services stable during a busy period, we are pausing planned changes.\n"
        }
        (FreezeAnnouncement, false) => {
            "**{{ release.name }}** is a change freeze: no changes may be deployed\
             {% if environments %} to {{ environments | join(\", \") }}{% endif %} during it unless approved as an emergency.\n"
        }
        (CabOutcome, true) => {
            "An update to our services has been reviewed and scheduled.\n"
        }
        (CabOutcome, false) => {
            "The change advisory board has reviewed **{{ release.name }}**: {{ cab.summary }}\n\n\
             {% for o in cab.outcomes %}\n- {{ o.change }}: **{{ o.decision }}** ({{ o.meeting }}, {{ o.date }}){% if o.note %}: {{ o.note }}{% endif +%}\n{% endfor %}\n"
        }
    }
}

/// Sections joined by a blank line. (A block tag that ends a line of text
/// is written `+%}`, so it keeps that line's break.)
fn join(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts {
        out.push_str(p.trim_end());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn body(kind: NoticeKind, audience: Audience) -> String {
    let mut parts: Vec<&str> = vec![intro(kind, audience), WHEN];
    match audience {
        Audience::Operations => {
            parts.extend([CHANGES, SERVICES_OPS, RISK]);
            if kind != NoticeKind::RollbackNotice {
                parts.push(ROLLBACK);
            }
            parts.push(CONTACTS);
        }
        Audience::Executives => parts.push(EXEC_SUMMARY),
        Audience::Support => parts.extend([SUPPORT_SERVICES, SUPPORT_ESCALATE]),
        Audience::Customers => parts.extend([CUSTOMER_SERVICES, CUSTOMER_CLOSE]),
    }
    join(&parts)
}

/// Every built-in: its key (`kind/audience`) and its text.
pub fn builtins() -> Vec<(String, TemplateInput)> {
    let mut out = Vec::new();
    for &kind in NoticeKind::ALL {
        for &audience in Audience::ALL {
            out.push((
                format!("{kind}/{audience}"),
                TemplateInput {
                    name: format!("{} for {}", kind.label(), audience.label().to_lowercase()),
                    kind,
                    audience,
                    subject: subject(kind, audience).to_owned(),
                    body: body(kind, audience),
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::context::NoticeContext;
    use crate::notices::render::{customer_lint, render, Markup, Part};

    #[test]
    fn there_is_one_valid_builtin_for_every_kind_and_audience() {
        let all = builtins();
        assert_eq!(all.len(), 24);
        for (key, t) in &all {
            t.validate()
                .unwrap_or_else(|e| panic!("{key}: {}", e.summary()));
            let ctx = NoticeContext::default();
            render(Part::Subject, &t.subject, &ctx, Markup::Text)
                .unwrap_or_else(|e| panic!("{key}: {e}"));
            render(Part::Body, &t.body, &ctx, Markup::Markdown)
                .unwrap_or_else(|e| panic!("{key}: {e}"));
        }
    }

    #[test]
    fn sections_are_separate_paragraphs_whatever_tag_ends_them() {
        let ctx = NoticeContext::example();
        for (key, t) in builtins() {
            let md = render(Part::Body, &t.body, &ctx, Markup::Markdown).unwrap();
            let when = md.lines().position(|l| l.starts_with("**When:**")).unwrap();
            assert!(
                when > 0 && md.lines().nth(when - 1) == Some(""),
                "{key}:\n{md}"
            );
            assert!(
                !md.contains("\n\n\n"),
                "{key} has a double blank line:\n{md}"
            );
            assert!(
                md.lines().all(|l| l.matches("- **").count() <= 1),
                "{key} runs list items together:\n{md}"
            );
        }
    }

    #[test]
    fn customer_builtins_pass_the_lint_and_operations_ones_would_not() {
        for (key, t) in builtins() {
            let lint = customer_lint(&t.subject, &t.body);
            if t.audience == Audience::Customers {
                assert!(lint.is_empty(), "{key}: {lint:?}");
            } else if t.audience == Audience::Operations {
                assert!(!lint.is_empty(), "{key}");
            }
        }
    }
}
