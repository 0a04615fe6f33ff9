//! From catalog entities to dependencies between services.

use std::collections::HashMap;

use super::{Catalog, CatalogKind, Entity, EntityRef, RefKey, Skipped};

/// A runtime dependency of one service on another, services named by their
/// entity name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedDependency {
    /// The service that depends.
    pub from: String,
    /// The service it depends on.
    pub to: String,
    /// Where it came from, e.g. `Backstage dependsOn` or
    /// `Backstage API payments-api`; several sources are joined with `; `.
    pub note: String,
}

impl Catalog {
    /// The runtime dependencies between services that the catalog describes.
    ///
    /// Components and Resources are services, known by name. A `dependsOn`
    /// between two of them is a dependency; so is consuming an API that a
    /// Component provides (on each Component that provides it). What cannot
    /// be turned into a dependency — a target missing from the catalog or not
    /// a service, an API nobody provides, a dependency on itself, two entities
    /// sharing one service name — is returned as skipped, in catalog order.
    /// The same dependency found twice is returned once.
    pub fn service_dependencies(&self) -> (Vec<ResolvedDependency>, Vec<Skipped>) {
        let by_key: HashMap<RefKey, &Entity> = self.entities.iter().map(|e| (e.key(), e)).collect();
        let mut providers: HashMap<RefKey, Vec<&Entity>> = HashMap::new();
        for entity in self.services().filter(|e| e.kind == CatalogKind::Component) {
            for api in &entity.provides_apis {
                let list = providers
                    .entry(api.key("api", &entity.namespace))
                    .or_default();
                if !list.iter().any(|p| std::ptr::eq(*p, entity)) {
                    list.push(entity);
                }
            }
        }

        let mut out = Resolver::default();
        let mut names: HashMap<String, &Entity> = HashMap::new();
        for entity in self.services() {
            if let Some(first) = names.get(&entity.name.to_lowercase()) {
                out.skip(
                    entity,
                    format!(
                        "{} has the same name as {} ({}:{}); both become the service {}",
                        entity.reference(),
                        first.reference(),
                        first.file,
                        first.line,
                        first.name
                    ),
                );
            } else {
                names.insert(entity.name.to_lowercase(), entity);
            }
        }

        for entity in self.services() {
            for target in &entity.depends_on {
                let what = format!("depends on {}", shown(target, &entity.namespace));
                match find_dependency(&by_key, target, &entity.namespace) {
                    None => out.skip(entity, format!("{what}, which is not in the catalog")),
                    Some(found) if !found.kind.is_service() => out.skip(
                        entity,
                        format!(
                            "{what}, which is a {}, not a Component or Resource",
                            found.kind
                        ),
                    ),
                    Some(found) => out.link(entity, found, &what, "Backstage dependsOn".into()),
                }
            }
            for api in &entity.consumes_apis {
                let key = api.key("api", &entity.namespace);
                let what = format!("consumes API {key}");
                match providers.get(&key) {
                    None => out.skip(entity, format!("{what}, which no component provides")),
                    Some(list) => {
                        for provider in list {
                            let note = format!("Backstage API {}", api.name);
                            out.link(entity, provider, &what, note);
                        }
                    }
                }
            }
        }
        (out.dependencies, out.skipped)
    }

    fn services(&self) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(|e| e.kind.is_service())
    }
}

/// A reference as messages show it: qualified when it names its kind.
fn shown(target: &EntityRef, namespace: &str) -> String {
    match target.kind {
        Some(_) => target.key("", namespace).to_string(),
        None => target.to_string(),
    }
}

/// The entity a `dependsOn` entry names; without a kind, a Component or else
/// a Resource of that name.
fn find_dependency<'c>(
    by_key: &HashMap<RefKey, &'c Entity>,
    target: &EntityRef,
    namespace: &str,
) -> Option<&'c Entity> {
    match target.kind {
        Some(_) => by_key.get(&target.key("", namespace)).copied(),
        None => ["component", "resource"]
            .into_iter()
            .find_map(|kind| by_key.get(&target.key(kind, namespace)).copied()),
    }
}

#[derive(Default)]
struct Resolver {
    dependencies: Vec<ResolvedDependency>,
    /// (from, to) lower-cased → position in `dependencies`.
    seen: HashMap<(String, String), usize>,
    skipped: Vec<Skipped>,
}

impl Resolver {
    fn skip(&mut self, entity: &Entity, reason: String) {
        let reason = if reason.starts_with(&entity.reference()) {
            reason
        } else {
            format!("{} {reason}", entity.reference())
        };
        self.skipped.push(Skipped {
            file: entity.file.clone(),
            line: entity.line,
            reason,
        });
    }

    /// Records `from` → `to`, or why not; `what` describes the link for messages.
    fn link(&mut self, from: &Entity, to: &Entity, what: &str, note: String) {
        if std::ptr::eq(from, to) {
            return self.skip(from, format!("{what}: a dependency on itself"));
        }
        if from.name.to_lowercase() == to.name.to_lowercase() {
            return self.skip(
                from,
                format!(
                    "{what}: {} becomes the same service {}",
                    to.reference(),
                    to.name
                ),
            );
        }
        let key = (from.name.to_lowercase(), to.name.to_lowercase());
        if let Some(&index) = self.seen.get(&key) {
            if let Some(existing) = self.dependencies.get_mut(index) {
                if !existing.note.split("; ").any(|n| n == note) {
                    existing.note.push_str("; ");
                    existing.note.push_str(&note);
                }
            }
            return;
        }
        self.seen.insert(key, self.dependencies.len());
        self.dependencies.push(ResolvedDependency {
            from: from.name.clone(),
            to: to.name.clone(),
            note,
        });
    }
}
