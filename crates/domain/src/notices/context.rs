//! The live data a notice template reads, and the palette that documents
//! it. Every field is always present (objects a notice is not about are
//! `none`), so strict rendering only fails on a misspelt name. Times are
//! already written out in the reader's time zone.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

/// Everything a template can read.
#[derive(Debug, Clone, Serialize, Default)]
pub struct NoticeContext {
    pub notice: NoticeInfo,
    /// What the notice is about, whatever kind of object that is.
    pub release: Release,
    pub train: Option<TrainInfo>,
    pub change: Option<ChangeInfo>,
    pub window: Option<WindowInfo>,
    pub incident: Option<IncidentInfo>,
    pub changes: Vec<ChangeInfo>,
    pub environments: Vec<String>,
    pub services: Vec<ServiceInfo>,
    pub blast_radius: BlastRadius,
    pub risk: RiskInfo,
    pub contacts: Vec<Contact>,
    pub release_manager: String,
    pub rollback: Rollback,
    pub cab: CabInfo,
    pub reader: Reader,
    pub generated_at: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct NoticeInfo {
    pub kind: String,
    pub kind_label: String,
    pub audience: String,
    pub audience_label: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Release {
    pub id: String,
    /// `train`, `change`, `window` or `incident`.
    pub kind: String,
    pub name: String,
    pub version: String,
    pub description: String,
    pub owner: String,
    pub status: String,
    pub status_label: String,
    pub starts: String,
    pub ends: String,
    /// The span in one phrase: `Tue 24 Nov 2026, 22:00–23:30 CET`.
    pub when: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct TrainInfo {
    pub id: String,
    pub name: String,
    pub version: String,
    pub owner: String,
    pub status: String,
    pub description: String,
    pub total: u32,
    pub done: u32,
    pub failed: u32,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ChangeInfo {
    pub id: String,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub environment: String,
    pub starts: String,
    pub ends: String,
    pub when: String,
    pub status: String,
    pub services: Vec<String>,
    pub risk_level: String,
    pub score: u32,
    pub model: String,
    pub stage: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct WindowInfo {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub soft: bool,
    pub description: String,
    pub starts: String,
    pub ends: String,
    pub when: String,
    pub time_zone: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct IncidentInfo {
    pub id: String,
    pub title: String,
    pub status: String,
    pub impact: String,
    pub started: String,
    pub resolved: String,
    pub when: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ServiceInfo {
    pub id: String,
    pub name: String,
    pub tier: String,
    pub team: String,
    pub contact: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct BlastRadius {
    /// Services downstream of the affected ones (not counting them).
    pub count: u32,
    /// The first of them by name.
    pub services: Vec<String>,
    /// How many more there are than `services` lists.
    pub more: u32,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct RiskInfo {
    /// The highest level among the changes (`low` … `critical`), or `none`.
    pub level: String,
    pub level_label: String,
    pub score: u32,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Contact {
    pub team: String,
    pub contact: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Rollback {
    /// Services in the order to roll them back (dependants first).
    pub order: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct CabInfo {
    pub outcomes: Vec<CabOutcome>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct CabOutcome {
    pub change: String,
    pub meeting: String,
    pub date: String,
    pub decision: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Reader {
    pub time_zone: String,
}

impl NoticeContext {
    /// Plausible data for previewing a template before an object is chosen.
    pub fn example() -> NoticeContext {
        let s = |v: &str| v.to_owned();
        let change = |title: &str, env: &str, svc: &str, level: &str| ChangeInfo {
            id: s("0190c0de-0000-7000-8000-000000000001"),
            title: s(title),
            description: s("Example change"),
            owner: s("Payments team"),
            environment: s(env),
            starts: s("Tue 24 Nov 2026, 22:00 UTC"),
            ends: s("Tue 24 Nov 2026, 23:30 UTC"),
            when: s("Tue 24 Nov 2026, 22:00–23:30 UTC"),
            status: s("planned"),
            services: vec![s(svc)],
            risk_level: s(level),
            score: 12,
            model: s("normal"),
            stage: s("authorise"),
        };
        NoticeContext {
            notice: NoticeInfo {
                kind: s("maintenance_window"),
                kind_label: s("Maintenance window"),
                audience: s("operations"),
                audience_label: s("Operations"),
            },
            release: Release {
                id: s("0190c0de-0000-7000-8000-0000000000aa"),
                kind: s("train"),
                name: s("Example train"),
                version: s("2026.11"),
                description: s("Monthly platform release."),
                owner: s("Release management"),
                status: s("boarding"),
                status_label: s("Boarding"),
                starts: s("Tue 24 Nov 2026, 22:00 UTC"),
                ends: s("Tue 24 Nov 2026, 23:30 UTC"),
                when: s("Tue 24 Nov 2026, 22:00–23:30 UTC"),
            },
            changes: vec![
                change(
                    "Deploy checkout 4.2",
                    "production",
                    "checkout-api",
                    "moderate",
                ),
                change("Migrate ledger schema", "production", "ledger", "high"),
            ],
            environments: vec![s("production")],
            services: vec![
                ServiceInfo {
                    id: s("0190c0de-0000-7000-8000-0000000000b1"),
                    name: s("checkout-api"),
                    tier: s("critical"),
                    team: s("Payments"),
                    contact: s("payments@example.com"),
                },
                ServiceInfo {
                    id: s("0190c0de-0000-7000-8000-0000000000b2"),
                    name: s("ledger"),
                    tier: s("high"),
                    team: s("Payments"),
                    contact: s("payments@example.com"),
                },
            ],
            blast_radius: BlastRadius {
                count: 3,
                services: vec![s("billing"), s("invoicing"), s("web")],
                more: 0,
            },
            risk: RiskInfo {
                level: s("high"),
                level_label: s("High"),
                score: 12,
                reasons: vec![s("Touches a critical-tier service: checkout-api")],
            },
            contacts: vec![Contact {
                team: s("Payments"),
                contact: s("payments@example.com"),
            }],
            release_manager: s("Release manager"),
            rollback: Rollback {
                order: vec![s("checkout-api"), s("ledger")],
                summary: s("Roll back checkout-api first, then ledger."),
            },
            cab: CabInfo {
                outcomes: vec![CabOutcome {
                    change: s("Migrate ledger schema"),
                    meeting: s("Weekly CAB"),
                    date: s("Thu 19 Nov 2026"),
                    decision: s("Approved"),
                    note: String::new(),
                }],
                summary: s("1 of 2 changes reviewed: 1 approved."),
            },
            reader: Reader {
                time_zone: s("UTC"),
            },
            generated_at: s("Sun 22 Nov 2026, 15:00 UTC"),
            ..NoticeContext::default()
        }
    }
}

/// Writes instants in the reader's zone.
#[derive(Debug, Clone, Copy)]
pub struct Clock(pub Tz);

impl Clock {
    /// `Tue 24 Nov 2026, 22:00 CET`.
    pub fn at(self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.0)
            .format("%a %-d %b %Y, %H:%M %Z")
            .to_string()
    }

    /// A span in one phrase, the date once when both ends share it.
    pub fn span(self, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
        let (s, e) = (start.with_timezone(&self.0), end.with_timezone(&self.0));
        if s.date_naive() == e.date_naive() {
            format!(
                "{}–{}",
                s.format("%a %-d %b %Y, %H:%M"),
                e.format("%H:%M %Z")
            )
        } else {
            format!("{} – {}", self.at(start), self.at(end))
        }
    }
}

/// One variable in the editor's palette.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PaletteEntry {
    /// What to write, e.g. `release.when` or `c.title` inside a loop.
    pub path: String,
    pub description: String,
    /// What to insert: `{{ release.when }}` or a whole loop.
    pub snippet: String,
    /// An internal field the customer lint warns about.
    pub internal: bool,
}

fn entry(path: &str, description: &str) -> PaletteEntry {
    PaletteEntry {
        path: path.to_owned(),
        description: description.to_owned(),
        snippet: format!("{{{{ {path} }}}}"),
        internal: super::render::is_internal(path),
    }
}

fn looped(path: &str, description: &str, snippet: &str) -> PaletteEntry {
    PaletteEntry {
        snippet: snippet.to_owned(),
        ..entry(path, description)
    }
}

/// The variables every template can read, in the palette's order.
pub fn palette() -> Vec<PaletteEntry> {
    vec![
        entry("release.name", "What the notice is about: the train, change, window or incident"),
        entry("release.when", "Its time span in the reader's time zone"),
        entry("release.starts", "When it starts"),
        entry("release.ends", "When it ends"),
        entry("release.status_label", "Its status"),
        entry("release.version", "The train's version (blank for others)"),
        entry("release.description", "Its description"),
        entry("release.owner", "Who owns it"),
        entry("release.id", "Its identifier"),
        entry("release.kind", "train, change, window or incident"),
        looped(
            "changes",
            "The changes it covers",
            "{% for c in changes %}\n- {{ c.title }} ({{ c.environment }}, {{ c.when }})\n{% endfor %}",
        ),
        entry("changes | length", "How many changes"),
        looped("c.title", "A change's title (inside the loop)", "{{ c.title }}"),
        looped("c.when", "A change's time span", "{{ c.when }}"),
        looped("c.environment", "A change's environment", "{{ c.environment }}"),
        looped("c.status", "A change's status", "{{ c.status }}"),
        looped("c.risk_level", "A change's risk level", "{{ c.risk_level }}"),
        looped("c.services", "A change's services", "{{ c.services | join(\", \") }}"),
        looped("c.owner", "A change's owner", "{{ c.owner }}"),
        looped("c.id", "A change's identifier", "{{ c.id }}"),
        entry("environments | join(\", \")", "Environments touched"),
        looped(
            "services",
            "Services affected",
            "{% for s in services %}\n- {{ s.name }}\n{% endfor %}",
        ),
        looped("s.name", "A service's name (inside the loop)", "{{ s.name }}"),
        looped("s.tier", "A service's tier", "{{ s.tier }}"),
        looped("s.team", "A service's owning team", "{{ s.team }}"),
        entry("blast_radius.count", "How many services depend on the affected ones"),
        entry("blast_radius.services | join(\", \")", "The first of them by name"),
        entry("risk.level_label", "The highest risk level among the changes"),
        entry("risk.score", "The highest risk score"),
        looped(
            "risk.reasons",
            "Why the risk is what it is",
            "{% for r in risk.reasons %}\n- {{ r }}\n{% endfor %}",
        ),
        looped(
            "contacts",
            "Teams to contact",
            "{% for t in contacts %}\n- {{ t.team }}: {{ t.contact }}\n{% endfor %}",
        ),
        entry("release_manager", "The release manager (you)"),
        entry("rollback.summary", "The rollback plan in a sentence"),
        entry("rollback.order | join(\" → \")", "Services in rollback order"),
        entry("cab.summary", "CAB outcomes in a sentence"),
        looped(
            "cab.outcomes",
            "Each CAB decision",
            "{% for o in cab.outcomes %}\n- {{ o.change }}: {{ o.decision }} ({{ o.meeting }}, {{ o.date }})\n{% endfor %}",
        ),
        entry("incident.title", "The incident's title (incident notices; else none)"),
        entry("incident.status", "The incident's status"),
        entry("incident.impact", "The incident's customer impact"),
        entry("window.name", "The window's name (window notices; else none)"),
        entry("train.version", "The train's version (train notices; else none)"),
        entry("reader.time_zone", "The time zone times are written in"),
        entry("generated_at", "When the notice was generated"),
        entry("notice.audience_label", "The audience"),
        entry("notice.kind_label", "The kind of notice"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn spans_are_written_in_the_readers_zone() {
        let c = Clock(chrono_tz::Europe::Berlin);
        let s = Utc.with_ymd_and_hms(2026, 11, 24, 21, 0, 0).unwrap();
        let e = Utc.with_ymd_and_hms(2026, 11, 24, 22, 30, 0).unwrap();
        assert_eq!(c.span(s, e), "Tue 24 Nov 2026, 22:00–23:30 CET");
        let late = Utc.with_ymd_and_hms(2026, 11, 24, 23, 30, 0).unwrap();
        assert_eq!(
            c.span(s, late),
            "Tue 24 Nov 2026, 22:00 CET – Wed 25 Nov 2026, 00:30 CET"
        );
    }

    #[test]
    fn every_palette_entry_renders_against_an_empty_context() {
        let ctx = NoticeContext::default();
        for e in palette() {
            if e.path.starts_with("c.")
                || e.path.starts_with("s.")
                || e.path.starts_with("incident.")
                || e.path.starts_with("window.")
                || e.path.starts_with("train.")
            {
                continue;
            }
            super::super::render::render(
                super::super::Part::Body,
                &e.snippet,
                &ctx,
                super::super::Markup::Markdown,
            )
            .unwrap_or_else(|err| panic!("{}: {err}", e.path));
        }
    }
}
