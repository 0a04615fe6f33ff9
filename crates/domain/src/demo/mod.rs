//! The sample portfolio: a deterministic generator of teams, services and
//! environments, the same for the same seed on every machine.
//!
//! `small` is what a new user explores; `large` is what every benchmark runs
//! on. Later capabilities extend [`Portfolio`] with their own entities.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod calendar;
mod deps;
pub mod runs;

pub use calendar::{DemoChange, DemoTrain, DemoWindow};
pub use deps::DemoDependency;

use crate::environment::EnvironmentInput;
use crate::service::{ServiceInput, ServiceLink, Tier};
use crate::team::TeamInput;

/// How big a sample portfolio to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DemoSize {
    /// About 40 services, 6 teams, 4 environments.
    Small,
    /// 5,000 services, 200 teams, 8 environments.
    Large,
}

impl DemoSize {
    fn counts(self) -> (usize, usize) {
        match self {
            DemoSize::Small => (6, 40),
            DemoSize::Large => (200, 5000),
        }
    }
}

impl FromStr for DemoSize {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "small" => Ok(DemoSize::Small),
            "large" => Ok(DemoSize::Large),
            other => Err(format!("\"{other}\" is not a size; use small or large")),
        }
    }
}

impl fmt::Display for DemoSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DemoSize::Small => "small",
            DemoSize::Large => "large",
        })
    }
}

/// A generated service: its input plus the index of its owner in `teams`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoService {
    pub owner: usize,
    pub input: ServiceInput,
}

/// A whole generated portfolio, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portfolio {
    pub teams: Vec<TeamInput>,
    pub services: Vec<DemoService>,
    pub environments: Vec<EnvironmentInput>,
    pub trains: Vec<DemoTrain>,
    pub windows: Vec<DemoWindow>,
    pub changes: Vec<DemoChange>,
    pub dependencies: Vec<DemoDependency>,
}

/// SplitMix64: tiny, fast and the same everywhere, which is all a sample
/// generator needs.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        // n is small (word lists, counts): the modulo bias is irrelevant here.
        (self.next() % n.max(1) as u64) as usize
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SYSTEMS: &[&str] = &[
    "Payments",
    "Checkout",
    "Identity",
    "Search",
    "Catalog",
    "Fulfilment",
    "Messaging",
    "Billing",
    "Analytics",
    "Platform",
    "Mobile",
    "Pricing",
    "Inventory",
    "Support",
    "Risk",
    "Marketing",
    "Logistics",
    "Reporting",
    "Data",
    "Edge",
];
const NOUNS: &[&str] = &[
    "gateway",
    "ledger",
    "cart",
    "auth",
    "profile",
    "index",
    "ranking",
    "orders",
    "invoices",
    "notifications",
    "email",
    "sms",
    "events",
    "scheduler",
    "refunds",
    "tax",
    "quotes",
    "stock",
    "shipping",
    "tracking",
    "tickets",
    "fraud",
    "consent",
    "session",
    "tokens",
    "feeds",
    "reports",
    "exports",
    "images",
    "config",
    "flags",
    "audit",
    "webhooks",
    "wallet",
    "loyalty",
    "coupons",
    "reviews",
    "recommendations",
    "geo",
    "routing",
];
const KINDS: &[&str] = &[
    "api", "worker", "service", "web", "db", "cache", "stream", "batch", "proxy",
];
const TEAM_ADJ: &[&str] = &[
    "Amber", "Blue", "Bright", "Copper", "Crimson", "Golden", "Green", "Iron", "Jade", "Lunar",
    "Night", "Polar", "Quiet", "Rapid", "Silver", "Solar", "Steady", "Swift", "Violet", "Wild",
];
const TEAM_NOUN: &[&str] = &[
    "Falcons", "Otters", "Badgers", "Herons", "Lynx", "Wolves", "Foxes", "Orcas", "Ravens",
    "Hawks", "Bison", "Cranes", "Owls", "Pumas", "Seals", "Yaks",
];
const TAGS: &[&str] = &[
    "pci",
    "gdpr",
    "customer-facing",
    "internal",
    "edge",
    "kubernetes",
    "lambda",
    "legacy",
    "tier-0-dependency",
    "batch",
    "streaming",
    "java",
    "go",
    "rust",
    "python",
    "node",
];
const ZONES: &[&str] = &["UTC", "Europe/London", "Europe/Berlin", "America/New_York"];

/// Generates a portfolio. The same `size`, `seed` and `anchor` always give
/// the same result; the calendar (trains, changes, windows) is laid out
/// around `anchor`, normally today, so the sample looks current.
pub fn generate(size: DemoSize, seed: u64, anchor: NaiveDate) -> Portfolio {
    let mut rng = Rng(seed ^ 0x5167_4E41_4C42_4F58);
    let (team_count, service_count) = size.counts();
    let teams = teams(&mut rng, team_count);
    let services = services(&mut rng, service_count, team_count);
    let environments = environments(size);
    let plan = calendar::generate(&mut rng, size, anchor, &services, &environments);
    let dependencies = deps::generate(seed, size, &services);
    Portfolio {
        teams,
        services,
        environments,
        trains: plan.trains,
        windows: plan.windows,
        changes: plan.changes,
        dependencies,
    }
}

fn teams(rng: &mut Rng, count: usize) -> Vec<TeamInput> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let base = format!("{} {}", rng.pick(TEAM_ADJ), rng.pick(TEAM_NOUN));
        let name = unique(&mut seen, base);
        let handle = name.to_lowercase().replace(' ', "-");
        out.push(TeamInput {
            description: format!("Owns a slice of the platform. On call: #{handle}-oncall."),
            contact: format!("{handle}@example.com"),
            name,
        });
    }
    out
}

fn services(rng: &mut Rng, count: usize, team_count: usize) -> Vec<DemoService> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let system = rng.pick(SYSTEMS);
        let base = format!(
            "{}-{}-{}",
            system.to_lowercase(),
            rng.pick(NOUNS),
            rng.pick(KINDS)
        );
        let name = unique(&mut seen, base);
        let tier = match rng.below(10) {
            0 => Tier::Critical,
            1..=3 => Tier::High,
            4..=7 => Tier::Medium,
            _ => Tier::Low,
        };
        let mut tags: Vec<String> = Vec::new();
        for _ in 0..rng.below(4) {
            let t = rng.pick(TAGS).to_string();
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let repo = format!("https://git.example.com/{}/{name}", system.to_lowercase());
        out.push(DemoService {
            owner: rng.below(team_count),
            input: ServiceInput {
                description: format!(
                    "{system} {} component.",
                    name.rsplit('-').next().unwrap_or("")
                ),
                owner_team_id: None,
                tier,
                system: system.to_string(),
                tags,
                links: vec![
                    ServiceLink {
                        label: "Runbook".into(),
                        url: format!("https://runbooks.example.com/{name}"),
                    },
                    ServiceLink {
                        label: "Dashboard".into(),
                        url: format!("https://grafana.example.com/d/{name}"),
                    },
                ],
                repository_url: Some(repo),
                name,
            },
        });
    }
    out
}

fn environments(size: DemoSize) -> Vec<EnvironmentInput> {
    let names: &[(&str, bool, Option<u32>)] = match size {
        DemoSize::Small => &[
            ("dev", false, None),
            ("qa", false, Some(10)),
            ("staging", false, Some(5)),
            ("production", true, Some(2)),
        ],
        DemoSize::Large => &[
            ("dev", false, None),
            ("test", false, None),
            ("qa", false, Some(20)),
            ("performance", false, Some(4)),
            ("staging", false, Some(10)),
            ("preprod", false, Some(5)),
            ("production-eu", true, Some(3)),
            ("production-us", true, Some(3)),
        ],
    };
    names
        .iter()
        .enumerate()
        .map(|(i, (name, production, quota))| EnvironmentInput {
            name: (*name).to_string(),
            position: u32::try_from(i).unwrap_or(u32::MAX),
            production: *production,
            deploy_quota: *quota,
            time_zone: if name.ends_with("-us") {
                "America/New_York".into()
            } else {
                ZONES[i % 3].to_string()
            },
        })
        .collect()
}

fn unique(seen: &mut HashSet<String>, base: String) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while !seen.insert(name.to_lowercase()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    #[test]
    fn sizes_match_the_promise() {
        let s = generate(DemoSize::Small, 1, anchor());
        assert_eq!(
            (s.teams.len(), s.services.len(), s.environments.len()),
            (6, 40, 4)
        );
        let l = generate(DemoSize::Large, 1, anchor());
        assert_eq!(
            (l.teams.len(), l.services.len(), l.environments.len()),
            (200, 5000, 8)
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_portfolio_and_another_seed_does_not() {
        assert_eq!(
            generate(DemoSize::Small, 7, anchor()),
            generate(DemoSize::Small, 7, anchor())
        );
        assert_ne!(
            generate(DemoSize::Small, 7, anchor()),
            generate(DemoSize::Small, 8, anchor())
        );
    }

    #[test]
    fn every_generated_record_is_valid_and_names_are_unique() {
        let l = generate(DemoSize::Large, 42, anchor());
        let mut names = HashSet::new();
        for s in &l.services {
            s.input.validate().unwrap();
            assert!(names.insert(s.input.name.to_lowercase()));
            assert!(s.owner < l.teams.len());
        }
        for t in &l.teams {
            t.validate().unwrap();
        }
        for e in &l.environments {
            e.validate().unwrap();
        }
    }
}
