//! Services: the deployable units that changes, windows and dependencies refer to.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::validation::{self, ValidationErrors};

/// Longest service name accepted.
pub const NAME_MAX: usize = 80;
/// Longest description accepted.
pub const DESCRIPTION_MAX: usize = 2000;
/// Longest system/domain name accepted.
pub const SYSTEM_MAX: usize = 80;
/// Longest tag accepted.
pub const TAG_MAX: usize = 40;
/// Most tags on one service.
pub const TAGS_MAX: usize = 20;
/// Longest link label accepted.
pub const LINK_LABEL_MAX: usize = 80;
/// Most links on one service.
pub const LINKS_MAX: usize = 20;

/// How critical a service is; drives risk and approvals later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Critical,
    High,
    Medium,
    Low,
}

impl Tier {
    /// Every tier, most critical first.
    pub const ALL: [Tier; 4] = [Tier::Critical, Tier::High, Tier::Medium, Tier::Low];

    /// The stored and exported spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Critical => "critical",
            Tier::High => "high",
            Tier::Medium => "medium",
            Tier::Low => "low",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Tier {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Tier::ALL
            .into_iter()
            .find(|tier| tier.as_str() == t)
            .ok_or_else(|| format!("\"{s}\" is not a tier; use critical, high, medium or low"))
    }
}

/// A labelled link: runbook, dashboard, on-call rota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceLink {
    pub label: String,
    pub url: String,
}

/// A service as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Service {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub owner_team_id: Option<Uuid>,
    pub tier: Tier,
    /// The system or domain the service belongs to, for roll-ups.
    pub system: String,
    pub tags: Vec<String>,
    pub repository_url: Option<String>,
    pub links: Vec<ServiceLink>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a user submits to create or edit a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub owner_team_id: Option<Uuid>,
    pub tier: Tier,
    #[serde(default)]
    pub system: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub repository_url: Option<String>,
    #[serde(default)]
    pub links: Vec<ServiceLink>,
}

impl ServiceInput {
    /// Trims, normalises and checks every field. Tags are lower-cased and
    /// de-duplicated in order. Uniqueness and the owner's existence are the
    /// store's to check.
    pub fn validate(&self) -> Result<ServiceInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let name = validation::name(&mut e, "name", "Name", &self.name, NAME_MAX);
        let description = validation::text(
            &mut e,
            "description",
            "Description",
            &self.description,
            false,
            DESCRIPTION_MAX,
        );
        let system = validation::text(&mut e, "system", "System", &self.system, false, SYSTEM_MAX);
        if system.contains('\n') {
            e.add("system", "System must be a single line");
        }
        let tags = normalise_tags(&mut e, &self.tags);
        let repository_url = validation::optional_url(
            &mut e,
            "repository_url",
            "Repository URL",
            self.repository_url.as_deref(),
        );
        let links = check_links(&mut e, &self.links);
        e.into_result(ServiceInput {
            name,
            description,
            owner_team_id: self.owner_team_id,
            tier: self.tier,
            system,
            tags,
            repository_url,
            links,
        })
    }
}

fn normalise_tags(e: &mut ValidationErrors, raw: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw {
        let t = tag.trim().to_lowercase();
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > TAG_MAX {
            e.add(
                "tags",
                format!("Tag \"{t}\" is longer than {TAG_MAX} characters"),
            );
        } else if let Some(bad) = t
            .chars()
            .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/')))
        {
            e.add(
                "tags",
                format!("Tag \"{t}\" contains \"{bad}\"; use letters, digits and - _ . : /"),
            );
        } else if !tags.contains(&t) {
            tags.push(t);
        }
    }
    if tags.len() > TAGS_MAX {
        e.add(
            "tags",
            format!("{} tags given; the limit is {TAGS_MAX}", tags.len()),
        );
    }
    tags
}

fn check_links(e: &mut ValidationErrors, raw: &[ServiceLink]) -> Vec<ServiceLink> {
    let mut links = Vec::new();
    for (i, link) in raw.iter().enumerate() {
        let n = i + 1;
        let label = link.label.trim().to_string();
        let url = link.url.trim().to_string();
        if label.is_empty() && url.is_empty() {
            continue;
        }
        if label.is_empty() {
            e.add("links", format!("Link {n} needs a label"));
        } else if label.chars().count() > LINK_LABEL_MAX {
            e.add(
                "links",
                format!("Link {n}'s label is longer than {LINK_LABEL_MAX} characters"),
            );
        } else if label.contains(['|', '\n', '\r']) {
            e.add(
                "links",
                format!("Link {n}'s label must not contain | or line breaks"),
            );
        }
        if let Some(problem) = validation::url_problem(&url) {
            e.add("links", format!("Link {n} ({label}) {problem}"));
        }
        links.push(ServiceLink { label, url });
    }
    if links.len() > LINKS_MAX {
        e.add(
            "links",
            format!("{} links given; the limit is {LINKS_MAX}", links.len()),
        );
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ServiceInput {
        ServiceInput {
            name: "checkout-api".into(),
            description: String::new(),
            owner_team_id: None,
            tier: Tier::High,
            system: "Payments".into(),
            tags: vec![],
            repository_url: None,
            links: vec![],
        }
    }

    #[test]
    fn tags_are_normalised_and_deduplicated() {
        let mut i = input();
        i.tags = vec![" PCI ".into(), "pci".into(), "".into(), "edge".into()];
        assert_eq!(i.validate().unwrap().tags, ["pci", "edge"]);
    }

    #[test]
    fn a_tag_with_a_comma_is_rejected_by_name() {
        let mut i = input();
        i.tags = vec!["a,b".into()];
        let e = i.validate().unwrap_err();
        assert!(e.0[0].message.contains("\"a,b\""), "{}", e.summary());
    }

    #[test]
    fn links_need_labels_and_real_urls() {
        let mut i = input();
        i.links = vec![
            ServiceLink {
                label: "".into(),
                url: "https://x.org".into(),
            },
            ServiceLink {
                label: "Runbook".into(),
                url: "not a url".into(),
            },
        ];
        let e = i.validate().unwrap_err();
        assert_eq!(e.0.len(), 2);
        assert!(e.0[1].message.starts_with("Link 2 (Runbook)"));
    }

    #[test]
    fn an_empty_repository_url_means_none() {
        let mut i = input();
        i.repository_url = Some("  ".into());
        assert_eq!(i.validate().unwrap().repository_url, None);
    }

    #[test]
    fn tiers_parse_case_insensitively() {
        assert_eq!("Critical".parse::<Tier>(), Ok(Tier::Critical));
        assert!("urgent".parse::<Tier>().is_err());
    }
}

/// How to order a service list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ServiceSort {
    #[default]
    Name,
    Tier,
    System,
    Owner,
    UpdatedAt,
}

/// A search over services: free text plus optional filters, sorted and paged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceQuery {
    /// Matches name, description, system, tags and owner team name, ignoring case.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub owner_team_id: Option<Uuid>,
    #[serde(default)]
    pub tier: Option<Tier>,
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
    pub sort: ServiceSort,
    #[serde(default)]
    pub descending: bool,
    /// Most items to return; `None` returns every match.
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub offset: u32,
}

/// One page of a service search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServicePage {
    /// How many services match, across all pages.
    pub total: u32,
    pub items: Vec<Service>,
}
