//! The service catalog's search: free text over name, description, system,
//! tags and owner name, filters, sorting and paging, over services held in
//! memory.
//!
//! Keeping this pure lets the API build the index once from the store and
//! answer every keystroke of a search in well under a frame, even for the
//! 5,000-service portfolio.

use std::cmp::Ordering;
use std::collections::HashMap;

use uuid::Uuid;

use crate::service::{Service, ServicePage, ServiceQuery, ServiceSort};

struct Entry {
    service: Service,
    /// Lower-cased searchable text, fields separated by a character no one types.
    haystack: String,
    name_key: String,
    system_key: String,
    owner_key: Option<String>,
}

/// Services prepared for searching.
pub struct ServiceIndex {
    entries: Vec<Entry>,
    /// Service id → position in `entries`.
    by_id: HashMap<Uuid, usize>,
    /// Service id → name, for messages that name services.
    names: HashMap<Uuid, String>,
}

impl ServiceIndex {
    /// Builds the index; `owner_name` names a team by id.
    pub fn new(services: Vec<Service>, owner_name: impl Fn(Uuid) -> Option<String>) -> Self {
        let entries = services
            .into_iter()
            .map(|service| {
                let owner = service.owner_team_id.and_then(&owner_name);
                let haystack = [
                    service.name.as_str(),
                    &service.description,
                    &service.system,
                    &service.tags.join("\u{1f}"),
                    owner.as_deref().unwrap_or(""),
                ]
                .join("\u{1f}")
                .to_lowercase();
                Entry {
                    name_key: service.name.to_lowercase(),
                    system_key: service.system.to_lowercase(),
                    owner_key: owner.map(|o| o.to_lowercase()),
                    haystack,
                    service,
                }
            })
            .collect::<Vec<Entry>>();
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.service.id, i))
            .collect();
        let names = entries
            .iter()
            .map(|e| (e.service.id, e.service.name.clone()))
            .collect();
        ServiceIndex {
            entries,
            by_id,
            names,
        }
    }

    /// The service with `id`.
    pub fn get(&self, id: Uuid) -> Option<&Service> {
        self.by_id.get(&id).map(|i| &self.entries[*i].service)
    }

    /// Service id → name.
    pub fn names(&self) -> &HashMap<Uuid, String> {
        &self.names
    }

    /// How many services the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the index holds no services.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Runs a query: filter, sort (ties broken by name), then page.
    pub fn search(&self, q: &ServiceQuery) -> ServicePage {
        let needle = q
            .text
            .as_deref()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty());
        let system = q
            .system
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase);
        let mut hits: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| {
                needle.as_deref().is_none_or(|n| e.haystack.contains(n))
                    && q.owner_team_id
                        .is_none_or(|o| e.service.owner_team_id == Some(o))
                    && q.tier.is_none_or(|t| e.service.tier == t)
                    && system.as_deref().is_none_or(|s| e.system_key == s)
            })
            .collect();
        let dir = |o: Ordering| if q.descending { o.reverse() } else { o };
        hits.sort_unstable_by(|a, b| {
            let primary = match q.sort {
                ServiceSort::Name => dir(a.name_key.cmp(&b.name_key)),
                ServiceSort::Tier => dir(a.service.tier.cmp(&b.service.tier)),
                ServiceSort::System => dir(a.system_key.cmp(&b.system_key)),
                // Services without an owner come last in either direction.
                ServiceSort::Owner => match (&a.owner_key, &b.owner_key) {
                    (Some(x), Some(y)) => dir(x.cmp(y)),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                },
                ServiceSort::UpdatedAt => dir(a.service.updated_at.cmp(&b.service.updated_at)),
            };
            primary
                .then_with(|| a.name_key.cmp(&b.name_key))
                .then_with(|| a.service.id.cmp(&b.service.id))
        });
        let total = u32::try_from(hits.len()).unwrap_or(u32::MAX);
        let start = (q.offset as usize).min(hits.len());
        let end = q.limit.map_or(hits.len(), |l| {
            start.saturating_add(l as usize).min(hits.len())
        });
        ServicePage {
            total,
            items: hits[start..end].iter().map(|e| e.service.clone()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{ServiceLink, Tier};
    use chrono::{TimeZone, Utc};

    fn service(
        name: &str,
        tier: Tier,
        system: &str,
        tags: &[&str],
        owner: Option<Uuid>,
    ) -> Service {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        Service {
            id: crate::new_id(at),
            name: name.into(),
            description: format!("{name} does things"),
            owner_team_id: owner,
            tier,
            system: system.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            repository_url: None,
            links: vec![ServiceLink {
                label: "Runbook".into(),
                url: "https://r.example.com".into(),
            }],
            created_at: at,
            updated_at: at,
        }
    }

    const OWLS: Uuid = Uuid::from_u128(1);

    fn index() -> ServiceIndex {
        ServiceIndex::new(
            vec![
                service("checkout-api", Tier::High, "Checkout", &["pci"], None),
                service("ledger", Tier::Critical, "Payments", &[], Some(OWLS)),
                service("email-worker", Tier::Low, "Messaging", &["batch"], None),
                service("100%_sure", Tier::Medium, "Misc", &[], None),
            ],
            |id| (id == OWLS).then(|| "Night Owls".to_string()),
        )
    }

    fn names(page: &ServicePage) -> Vec<&str> {
        page.items.iter().map(|s| s.name.as_str()).collect()
    }

    fn text(t: &str) -> ServiceQuery {
        ServiceQuery {
            text: Some(t.into()),
            ..Default::default()
        }
    }

    #[test]
    fn text_matches_tags_systems_owner_names_and_wildcard_characters_literally() {
        let i = index();
        assert_eq!(names(&i.search(&text("PCI"))), ["checkout-api"]);
        assert_eq!(names(&i.search(&text("payments"))), ["ledger"]);
        assert_eq!(names(&i.search(&text("owls"))), ["ledger"]);
        assert_eq!(names(&i.search(&text("0%_"))), ["100%_sure"]);
        assert_eq!(i.search(&text("_")).total, 1);
        assert_eq!(i.search(&text("   ")).total, 4);
    }

    #[test]
    fn tier_sort_follows_criticality_and_can_reverse() {
        let i = index();
        let mut q = ServiceQuery {
            sort: ServiceSort::Tier,
            ..Default::default()
        };
        assert_eq!(
            names(&i.search(&q)),
            ["ledger", "checkout-api", "100%_sure", "email-worker"]
        );
        q.descending = true;
        assert_eq!(
            names(&i.search(&q)),
            ["email-worker", "100%_sure", "checkout-api", "ledger"]
        );
    }

    #[test]
    fn owner_sort_puts_unowned_services_last() {
        let i = index();
        let q = ServiceQuery {
            sort: ServiceSort::Owner,
            descending: true,
            ..Default::default()
        };
        assert_eq!(names(&i.search(&q))[0], "ledger");
    }

    #[test]
    fn paging_reports_the_total_of_all_matches() {
        let i = index();
        let q = ServiceQuery {
            limit: Some(2),
            offset: 1,
            ..Default::default()
        };
        let page = i.search(&q);
        assert_eq!(
            (page.total, names(&page)),
            (4, vec!["checkout-api", "email-worker"])
        );
        let past = ServiceQuery {
            limit: Some(2),
            offset: 10,
            ..Default::default()
        };
        let page = i.search(&past);
        assert_eq!((page.total, page.items.len()), (4, 0));
    }

    #[test]
    fn filters_combine_and_system_ignores_case() {
        let i = index();
        let q = ServiceQuery {
            tier: Some(Tier::Low),
            system: Some("messaging".into()),
            ..Default::default()
        };
        assert_eq!(names(&i.search(&q)), ["email-worker"]);
        let q = ServiceQuery {
            owner_team_id: Some(OWLS),
            ..Default::default()
        };
        assert_eq!(names(&i.search(&q)), ["ledger"]);
    }
}
