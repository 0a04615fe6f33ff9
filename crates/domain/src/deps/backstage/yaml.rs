//! The YAML layer: cutting a file into documents and reading one document
//! into a small tree of values, with a bound on what aliases may expand to.
//!
//! Each document is parsed on its own so that one broken document does not
//! hide the others, and so every line the parser reports can be turned into a
//! line of the whole file.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, VariantAccess, Visitor};

/// One YAML document of a file: its text and the file line it begins on.
#[derive(Debug, Clone, Copy)]
pub(super) struct Chunk<'a> {
    pub text: &'a str,
    /// 1-based line of the file where `text` begins.
    pub first_line: usize,
}

/// A YAML value as far as the catalog reader needs it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Null,
    Bool,
    Number,
    Str(String),
    Seq(Vec<Node>),
    /// Entries in document order; duplicate keys are kept (and reported by the reader).
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// How a message names what was found: "a list", "a string", ...
    pub fn describe(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Bool => "a boolean",
            Node::Number => "a number",
            Node::Str(_) => "a string",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

/// A document that could not be read, at a line of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct YamlError {
    pub line: usize,
    pub message: String,
}

/// True for a document marker line such as `---`, `--- # note` or `--- value`.
fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// True for a line that carries no YAML content: blank or a comment.
fn is_blank(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// Splits a file into documents: a new one starts at each `---` line that
/// follows content, and after each `...` line. Directives (`%YAML`) at the
/// top of a document stay with the `---` that follows them.
pub(super) fn split_documents(text: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut start_line = 1;
    let mut has_content = false;
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        if is_marker(line, "---") {
            if has_content {
                chunks.push(Chunk {
                    text: &text[start..offset],
                    first_line: start_line,
                });
                start = offset;
                start_line = index + 1;
            }
            has_content = true;
        } else if is_marker(line, "...") {
            let end = offset + raw.len();
            chunks.push(Chunk {
                text: &text[start..end],
                first_line: start_line,
            });
            start = end;
            start_line = index + 2;
            has_content = false;
        } else {
            // Directives (`%YAML`) before any content belong with the next `---`.
            let directive = line.starts_with('%') && !has_content;
            if !is_blank(line) && !directive {
                has_content = true;
            }
        }
        offset += raw.len();
    }
    if start < text.len() {
        chunks.push(Chunk {
            text: &text[start..],
            first_line: start_line,
        });
    }
    chunks
}

/// The file line of a document's first content: past blank lines, comments,
/// directives and a bare `---`.
pub(super) fn content_line(chunk: &Chunk<'_>) -> usize {
    chunk
        .text
        .lines()
        .position(|line| {
            let bare_marker = line
                .strip_prefix("---")
                .is_some_and(|rest| rest.trim().is_empty() || rest.trim().starts_with('#'));
            !is_blank(line) && !line.starts_with('%') && !bare_marker
        })
        .map_or(chunk.first_line, |index| chunk.first_line + index)
}

/// Reads one document. An empty document reads as [`Node::Null`].
///
/// Aliases are replayed by the YAML library, so a few bytes can stand for a
/// huge tree ("billion laughs"); reading stops once the document has produced
/// more values than twice its length in bytes plus 1,000, which no document
/// without aliases can reach.
pub(super) fn parse_document(chunk: &Chunk<'_>) -> Result<Node, YamlError> {
    let limit = chunk.text.len().saturating_mul(2).saturating_add(1_000);
    let budget = Cell::new(limit);
    let seed = NodeSeed {
        budget: &budget,
        limit,
    };
    seed.deserialize(serde_norway::Deserializer::from_str(chunk.text))
        .map_err(|error| {
            let shift = chunk.first_line - 1;
            let line = match error.location() {
                Some(location) => location.line() + shift,
                None => content_line(chunk),
            };
            let message = error.to_string();
            let message = if message.contains("more than one document") {
                "unexpected content after the end of the document".to_owned()
            } else {
                shift_lines(&message, shift)
            };
            YamlError { line, message }
        })
}

/// Adds `shift` to every `line N column M` in a library message, so that lines
/// counted within one document read as lines of the file.
fn shift_lines(message: &str, shift: usize) -> String {
    const WORD: &str = "line ";
    let mut out = String::with_capacity(message.len() + 8);
    let mut rest = message;
    while let Some(at) = rest.find(WORD) {
        let (before, from_word) = rest.split_at(at);
        out.push_str(before);
        let after_word = &from_word[WORD.len()..];
        let digits = after_word
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after_word.len());
        let number = after_word[..digits].parse::<usize>().ok();
        match number {
            Some(n) if after_word[digits..].starts_with(" column") => {
                out.push_str(WORD);
                out.push_str(&(n + shift).to_string());
                rest = &after_word[digits..];
            }
            _ => {
                out.push_str(WORD);
                rest = after_word;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Builds a [`Node`] from the library's events, spending one unit of `budget`
/// per value.
#[derive(Clone, Copy)]
struct NodeSeed<'b> {
    budget: &'b Cell<usize>,
    limit: usize,
}

impl NodeSeed<'_> {
    fn spend<E: de::Error>(self) -> Result<(), E> {
        match self.budget.get().checked_sub(1) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(format_args!(
                "the document expands to more than {} values; \
                 aliases (*name) may be repeating a large anchor",
                self.limit
            ))),
        }
    }

    fn leaf<E: de::Error>(self, node: Node) -> Result<Node, E> {
        self.spend()?;
        Ok(node)
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        self.leaf(Node::Bool)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
        self.leaf(Node::Number)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
        self.leaf(Node::Number)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
        self.leaf(Node::Number)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
        self.leaf(Node::Number)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        self.leaf(Node::Number)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Node, E> {
        self.leaf(Node::Str(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Node, E> {
        self.leaf(Node::Str(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        self.leaf(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        self.leaf(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        self.spend()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        self.spend()?;
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry_seed(self, self)? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }

    /// A tagged value (`!thing value`): the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (_tag, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant_seed(self)
    }
}
