//! Reading one YAML document into an entity's fields, collecting every
//! problem as a sentence that names the field.

use super::yaml::Node;
use super::{name_problem, CatalogKind, Entity, EntityRef, DEFAULT_NAMESPACE};

/// What one document holds.
pub(super) enum Read {
    Entity(Box<Fields>),
    /// A kind that is not imported, as written.
    Skip(String),
}

/// An entity's fields, before it knows its file.
pub(super) struct Fields {
    kind: CatalogKind,
    name: String,
    namespace: String,
    title: Option<String>,
    description: Option<String>,
    owner: Option<EntityRef>,
    system: Option<EntityRef>,
    lifecycle: Option<String>,
    spec_type: Option<String>,
    depends_on: Vec<EntityRef>,
    provides_apis: Vec<EntityRef>,
    consumes_apis: Vec<EntityRef>,
}

impl Fields {
    /// Reads a document, adding every problem to `problems`; `None` when the
    /// kind or name is missing.
    pub(super) fn read(node: &Node, problems: &mut Vec<String>) -> Option<Read> {
        let Node::Map(root) = node else {
            problems.push(format!(
                "the document is {}, not a mapping with kind, metadata and spec",
                node.describe()
            ));
            return None;
        };
        let before = problems.len();
        let kind_text = string(root, "kind", "kind", problems);
        let kind = match kind_text.as_deref() {
            Some("") => {
                problems.push("kind is empty".into());
                None
            }
            Some(text) => match CatalogKind::parse(text) {
                Some(kind) => Some(kind),
                None => return Some(Read::Skip(text.to_owned())),
            },
            None => None,
        };
        if kind.is_none() && problems.len() == before {
            problems.push("missing kind".into());
        }
        let before = problems.len();
        let metadata = mapping(root, "metadata", "metadata", problems);
        let name = string(metadata, "name", "metadata.name", problems);
        if name.is_none() && problems.len() == before {
            problems.push("missing metadata.name".into());
        }
        let namespace = string(metadata, "namespace", "metadata.namespace", problems);
        for (field, value) in [("metadata.name", &name), ("metadata.namespace", &namespace)] {
            if let Some(problem) = value.as_deref().and_then(name_problem) {
                problems.push(format!("{field} {problem}"));
            }
        }
        let title = text(metadata, "title", "metadata.title", problems);
        let description = text(metadata, "description", "metadata.description", problems);
        let spec = mapping(root, "spec", "spec", problems);
        let owner = reference(spec, "owner", "spec.owner", problems);
        let system = reference(spec, "system", "spec.system", problems);
        let lifecycle = text(spec, "lifecycle", "spec.lifecycle", problems);
        let spec_type = text(spec, "type", "spec.type", problems);
        let depends_on = references(spec, "dependsOn", "spec.dependsOn", problems);
        let provides_apis = references(spec, "providesApis", "spec.providesApis", problems);
        let consumes_apis = references(spec, "consumesApis", "spec.consumesApis", problems);
        let fields = Fields {
            kind: kind?,
            name: name?,
            namespace: namespace.unwrap_or_else(|| DEFAULT_NAMESPACE.into()),
            title,
            description,
            owner,
            system,
            lifecycle,
            spec_type,
            depends_on,
            provides_apis,
            consumes_apis,
        };
        Some(Read::Entity(Box::new(fields)))
    }

    pub(super) fn into_entity(self, file: &str, line: usize) -> Entity {
        Entity {
            kind: self.kind,
            name: self.name,
            namespace: self.namespace,
            title: self.title,
            description: self.description,
            owner: self.owner,
            system: self.system,
            lifecycle: self.lifecycle,
            spec_type: self.spec_type,
            depends_on: self.depends_on,
            provides_apis: self.provides_apis,
            consumes_apis: self.consumes_apis,
            file: file.to_owned(),
            line,
        }
    }
}

/// The value of `key` in `map`, `None` when absent or null. A key given twice
/// is a problem.
fn field<'n>(
    map: &'n [(Node, Node)],
    key: &str,
    path: &str,
    problems: &mut Vec<String>,
) -> Option<&'n Node> {
    let mut found = map
        .iter()
        .filter(|(k, _)| matches!(k, Node::Str(s) if s == key));
    let first = found.next().map(|(_, value)| value);
    if found.next().is_some() {
        problems.push(format!("{path} is given more than once"));
    }
    first.filter(|value| **value != Node::Null)
}

/// The mapping under `key`; an empty one when absent, a problem when not a mapping.
fn mapping<'n>(
    map: &'n [(Node, Node)],
    key: &str,
    path: &str,
    problems: &mut Vec<String>,
) -> &'n [(Node, Node)] {
    match field(map, key, path, problems) {
        None => &[],
        Some(Node::Map(entries)) => entries,
        Some(other) => {
            problems.push(format!(
                "{path} must be a mapping, not {}",
                other.describe()
            ));
            &[]
        }
    }
}

/// The trimmed text under `key`; `None` when absent.
fn string(
    map: &[(Node, Node)],
    key: &str,
    path: &str,
    problems: &mut Vec<String>,
) -> Option<String> {
    match field(map, key, path, problems)? {
        Node::Str(text) => Some(text.trim().to_owned()),
        other => {
            problems.push(format!("{path} must be a string, not {}", other.describe()));
            None
        }
    }
}

/// The trimmed text under `key`; `None` when absent or blank.
fn text(map: &[(Node, Node)], key: &str, path: &str, problems: &mut Vec<String>) -> Option<String> {
    string(map, key, path, problems).filter(|t| !t.is_empty())
}

fn reference(
    map: &[(Node, Node)],
    key: &str,
    path: &str,
    problems: &mut Vec<String>,
) -> Option<EntityRef> {
    let text = text(map, key, path, problems)?;
    EntityRef::parse(&text)
        .map_err(|problem| problems.push(format!("{path}: {problem}")))
        .ok()
}

/// A list of entity references under `key`; empty when absent.
fn references(
    map: &[(Node, Node)],
    key: &str,
    path: &str,
    problems: &mut Vec<String>,
) -> Vec<EntityRef> {
    let items = match field(map, key, path, problems) {
        None => return Vec::new(),
        Some(Node::Seq(items)) => items,
        Some(other) => {
            problems.push(format!(
                "{path} must be a list of entity references, not {}",
                other.describe()
            ));
            return Vec::new();
        }
    };
    let mut refs = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match item {
            Node::Str(text) => match EntityRef::parse(text) {
                Ok(r) => refs.push(r),
                Err(problem) => problems.push(format!("{path}[{index}]: {problem}")),
            },
            other => problems.push(format!(
                "{path}[{index}] must be an entity reference (a string), not {}",
                other.describe()
            )),
        }
    }
    refs
}
