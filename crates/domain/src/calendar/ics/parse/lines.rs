//! Unfolding of physical lines into content lines, and the splitting of a
//! content line into its name, parameters and value.

use super::{err, IcsError};

/// One content line after unfolding, with the physical line it started on.
pub(super) struct Logical {
    pub(super) line: usize,
    pub(super) text: String,
}

pub(super) fn unfold(text: &str) -> Vec<Logical> {
    let mut out: Vec<Logical> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let continued = raw.starts_with([' ', '\t']);
        match out.last_mut() {
            Some(prev) if continued => prev.text.push_str(&raw[1..]),
            _ if raw.trim().is_empty() => {}
            _ => out.push(Logical {
                line: index + 1,
                text: raw.to_owned(),
            }),
        }
    }
    out
}

pub(super) struct Property {
    pub(super) line: usize,
    /// Upper-cased.
    pub(super) name: String,
    /// Upper-cased names; values unquoted, several values joined by commas.
    params: Vec<(String, String)>,
    pub(super) value: String,
}

impl Property {
    pub(super) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start of a line for an error message, escaped so that binary garbage
/// cannot garble it.
pub(super) fn preview(text: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = text
        .chars()
        .take(MAX)
        .flat_map(char::escape_debug)
        .collect();
    if text.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

pub(super) fn parse_property(logical: &Logical) -> Result<Property, IcsError> {
    let text = logical.text.as_str();
    let bytes = text.as_bytes();
    let no_colon = || err(logical.line, format!("\"{}\" has no ':'", preview(text)));
    // Delimiters are ASCII, so byte positions found here are char boundaries.
    let mut i = bytes
        .iter()
        .position(|b| matches!(b, b';' | b':'))
        .ok_or_else(no_colon)?;
    let name = text[..i].trim().to_ascii_uppercase();
    if name.is_empty() {
        return Err(err(
            logical.line,
            format!("\"{}\" has no property name", preview(text)),
        ));
    }
    let mut params = Vec::new();
    while bytes.get(i) == Some(&b';') {
        i += 1;
        let start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b';' | b':') {
            i += 1;
        }
        let param = text[start..i].trim().to_ascii_uppercase();
        if bytes.get(i) != Some(&b'=') {
            params.push((param, String::new()));
            continue;
        }
        i += 1;
        let mut value = String::new();
        loop {
            if bytes.get(i) == Some(&b'"') {
                let close = text[i + 1..].find('"').ok_or_else(|| {
                    err(
                        logical.line,
                        format!("\"{}\" has an unclosed quote", preview(text)),
                    )
                })?;
                value.push_str(&text[i + 1..i + 1 + close]);
                i += close + 2;
            } else {
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b',' | b';' | b':') {
                    i += 1;
                }
                value.push_str(&text[start..i]);
            }
            if bytes.get(i) != Some(&b',') {
                break;
            }
            value.push(',');
            i += 1;
        }
        params.push((param, value));
    }
    if bytes.get(i) != Some(&b':') {
        return Err(no_colon());
    }
    Ok(Property {
        line: logical.line,
        name,
        params,
        value: text[i + 1..].to_owned(),
    })
}
