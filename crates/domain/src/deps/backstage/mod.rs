//! Reading Backstage software-catalog files (`catalog-info.yaml`).
//!
//! A catalog file holds one or more YAML documents, each describing one
//! entity (`kind`, `metadata`, `spec`). [`parse_catalog`] reads the contents
//! of any number of such files, which the caller has read from disk, and
//! returns the entities Signalbox imports: Components, Systems, Resources,
//! APIs and Groups. Other kinds (Location, User, Template, Domain, ...) are
//! listed in [`Catalog::skipped`] with the reason, not refused.
//!
//! Every problem in every file is collected and returned together, each with
//! its file and line, so a user can fix a catalog in one pass; the caller then
//! refuses the whole import. [`Catalog::service_dependencies`] turns the
//! entities into dependencies between services.
//!
//! Limits: a file over [`MAX_FILE_BYTES`] is refused, at most
//! [`MAX_ENTITIES`] entities are read, and YAML aliases cannot expand a
//! document past a size proportional to its text.

mod read;
mod resolve;
#[cfg(test)]
mod tests;
mod yaml;

use std::collections::HashMap;
use std::fmt;

use read::{Fields, Read};
pub use resolve::ResolvedDependency;
use yaml::Node;

/// The largest catalog file read, in bytes (5 MiB).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The most entities (of any kind) read from all files together.
pub const MAX_ENTITIES: usize = 50_000;
/// The longest entity name, namespace or kind accepted, in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// Errors collected before reading stops; one more error then says so.
pub const MAX_ERRORS: usize = 1_000;

/// One catalog file's contents, as the caller read them.
#[derive(Debug, Clone, Copy)]
pub struct CatalogFile<'a> {
    /// How messages name the file, e.g. its path; never opened.
    pub path: &'a str,
    /// The whole file.
    pub text: &'a str,
}

/// The kinds of entity Signalbox imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CatalogKind {
    Component,
    System,
    Resource,
    Api,
    Group,
}

impl CatalogKind {
    /// Reads a `kind` value, ignoring case; `None` for kinds not imported.
    pub fn parse(kind: &str) -> Option<Self> {
        [
            Self::Component,
            Self::System,
            Self::Resource,
            Self::Api,
            Self::Group,
        ]
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(kind))
    }

    /// The kind as Backstage spells it: `Component`, `API`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Component => "Component",
            Self::System => "System",
            Self::Resource => "Resource",
            Self::Api => "API",
            Self::Group => "Group",
        }
    }

    /// True for the kinds that become services: Component and Resource.
    pub fn is_service(self) -> bool {
        matches!(self, Self::Component | Self::Resource)
    }

    fn ref_kind(self) -> String {
        self.as_str().to_ascii_lowercase()
    }
}

impl fmt::Display for CatalogKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A reference to an entity, `[kind:][namespace/]name`, e.g.
/// `component:default/payments`, `resource:orders-db` or `payments`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EntityRef {
    /// Lower-cased kind, when given.
    pub kind: Option<String>,
    /// Namespace as written, when given.
    pub namespace: Option<String>,
    pub name: String,
}

impl EntityRef {
    /// Parses a reference; the error is a sentence naming the problem.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let colon = text.find(':');
        let slash = text.find('/');
        let (kind, rest) = match colon {
            Some(c) if slash.is_none_or(|s| c < s) => (Some(&text[..c]), &text[c + 1..]),
            _ => (None, text),
        };
        let (namespace, name) = match rest.find('/') {
            Some(s) => (Some(&rest[..s]), &rest[s + 1..]),
            None => (None, rest),
        };
        let parts = [
            ("kind", kind),
            ("namespace", namespace),
            ("name", Some(name)),
        ];
        for (part, value) in parts {
            if let Some(problem) = value.and_then(name_problem) {
                return Err(format!(
                    "`{text}` is not an entity reference [kind:][namespace/]name: its {part} {problem}"
                ));
            }
        }
        Ok(Self {
            kind: kind.map(str::to_lowercase),
            namespace: namespace.map(str::to_owned),
            name: name.to_owned(),
        })
    }

    /// The key this reference points at, filling in what it leaves out.
    fn key(&self, default_kind: &str, default_namespace: &str) -> RefKey {
        RefKey::new(
            self.kind.as_deref().unwrap_or(default_kind),
            self.namespace.as_deref().unwrap_or(default_namespace),
            &self.name,
        )
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(kind) = &self.kind {
            write!(f, "{kind}:")?;
        }
        if let Some(namespace) = &self.namespace {
            write!(f, "{namespace}/")?;
        }
        f.write_str(&self.name)
    }
}

/// A fully qualified, lower-cased reference: entities are compared this way,
/// as Backstage compares references without regard to case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RefKey {
    kind: String,
    namespace: String,
    name: String,
}

impl RefKey {
    fn new(kind: &str, namespace: &str, name: &str) -> Self {
        Self {
            kind: kind.to_lowercase(),
            namespace: namespace.to_lowercase(),
            name: name.to_lowercase(),
        }
    }
}

impl fmt::Display for RefKey {
    /// `kind:name`, or `kind:namespace/name` outside the default namespace.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace == DEFAULT_NAMESPACE {
            write!(f, "{}:{}", self.kind, self.name)
        } else {
            write!(f, "{}:{}/{}", self.kind, self.namespace, self.name)
        }
    }
}

const DEFAULT_NAMESPACE: &str = "default";

/// Why a name, namespace or kind is unusable, if it is.
fn name_problem(value: &str) -> Option<String> {
    let chars = value.chars().count();
    if value.is_empty() {
        Some("is empty".into())
    } else if chars > MAX_NAME_CHARS {
        Some(format!(
            "is {chars} characters long; the limit is {MAX_NAME_CHARS}"
        ))
    } else if value
        .chars()
        .any(|c| c == ':' || c == '/' || c.is_whitespace() || c.is_control())
    {
        Some("contains ':', '/', a space or a control character".into())
    } else {
        None
    }
}

/// One imported entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: CatalogKind,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`, `default` when absent.
    pub namespace: String,
    /// `metadata.title`.
    pub title: Option<String>,
    /// `metadata.description`.
    pub description: Option<String>,
    /// `spec.owner`: usually a group (`platform`, `group:platform`) or a user.
    pub owner: Option<EntityRef>,
    /// `spec.system`.
    pub system: Option<EntityRef>,
    /// `spec.lifecycle`, e.g. `production`.
    pub lifecycle: Option<String>,
    /// `spec.type`, e.g. `service`, `database`, `openapi`.
    pub spec_type: Option<String>,
    /// `spec.dependsOn`.
    pub depends_on: Vec<EntityRef>,
    /// `spec.providesApis`.
    pub provides_apis: Vec<EntityRef>,
    /// `spec.consumesApis`.
    pub consumes_apis: Vec<EntityRef>,
    /// The file it came from, as [`CatalogFile::path`] named it.
    pub file: String,
    /// The 1-based line of the first content of its YAML document.
    pub line: usize,
}

impl Entity {
    /// Its reference, e.g. `component:payments` or `api:billing/invoices`.
    pub fn reference(&self) -> String {
        self.key().to_string()
    }

    fn key(&self) -> RefKey {
        RefKey::new(&self.kind.ref_kind(), &self.namespace, &self.name)
    }
}

/// Something read but not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// A problem that makes the catalog unusable, at a line of a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CatalogError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The entities read from a set of catalog files, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    pub entities: Vec<Entity>,
    /// Entities of kinds that are not imported.
    pub skipped: Vec<Skipped>,
}

/// Reads catalog files. Returns every problem found in any of them, or the
/// catalog when there is none. Empty documents are ignored.
pub fn parse_catalog(files: &[CatalogFile<'_>]) -> Result<Catalog, Vec<CatalogError>> {
    let mut reader = Reader::default();
    'files: for file in files {
        if file.text.len() > MAX_FILE_BYTES {
            reader.error(
                file.path,
                1,
                format!(
                    "the file is {} bytes; catalog files over {} MiB are refused",
                    file.text.len(),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            );
            continue;
        }
        let text = file.text.strip_prefix('\u{feff}').unwrap_or(file.text);
        for chunk in yaml::split_documents(text) {
            if reader.stopped {
                break 'files;
            }
            match yaml::parse_document(&chunk) {
                Err(e) => reader.error(file.path, e.line, e.message),
                Ok(Node::Null) => {}
                Ok(node) => {
                    let line = yaml::content_line(&chunk);
                    reader.entity_count += 1;
                    if reader.entity_count > MAX_ENTITIES {
                        reader.error(
                            file.path,
                            line,
                            format!("the catalog has more than {MAX_ENTITIES} entities; reading stopped here"),
                        );
                        reader.stopped = true;
                    } else {
                        reader.document(file.path, line, &node);
                    }
                }
            }
        }
    }
    if reader.errors.is_empty() {
        Ok(reader.catalog)
    } else {
        Err(reader.errors)
    }
}

#[derive(Default)]
struct Reader {
    catalog: Catalog,
    errors: Vec<CatalogError>,
    /// Where each entity was first defined.
    defined: HashMap<RefKey, (String, usize)>,
    entity_count: usize,
    stopped: bool,
}

impl Reader {
    fn error(&mut self, file: &str, line: usize, message: String) {
        if self.stopped {
            return;
        }
        if self.errors.len() == MAX_ERRORS {
            self.stopped = true;
            self.errors.push(CatalogError {
                file: file.to_owned(),
                line,
                message: format!("more than {MAX_ERRORS} problems; reading stopped here"),
            });
            return;
        }
        self.errors.push(CatalogError {
            file: file.to_owned(),
            line,
            message,
        });
    }

    /// Reads one non-empty document.
    fn document(&mut self, file: &str, line: usize, node: &Node) {
        let mut problems = Vec::new();
        match Fields::read(node, &mut problems) {
            Some(Read::Skip(kind)) => self.catalog.skipped.push(Skipped {
                file: file.to_owned(),
                line,
                reason: format!("kind {kind} is not imported"),
            }),
            Some(Read::Entity(fields)) if problems.is_empty() => {
                let entity = fields.into_entity(file, line);
                let key = entity.key();
                if let Some((first_file, first_line)) = self.defined.get(&key) {
                    problems.push(format!(
                        "{} is defined twice: here and at {first_file}:{first_line}",
                        entity.reference()
                    ));
                } else {
                    self.defined.insert(key, (file.to_owned(), line));
                    self.catalog.entities.push(entity);
                }
            }
            _ => {}
        }
        for problem in problems {
            self.error(file, line, problem);
        }
    }
}
