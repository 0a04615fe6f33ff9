//! Field-level validation results shared by every entity.
//!
//! Errors name the field (as the UI and CSV importer know it) so a message can
//! be shown next to the input or reported as `row N, column C`.

use serde::Serialize;
use ts_rs::TS;

/// One problem with one field of an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    /// The input field, e.g. `name` or `repository_url`.
    pub field: String,
    /// A sentence a user can act on.
    pub message: String,
}

/// Every problem found in one input; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, else the errors.
    pub fn into_result<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// A one-line summary: `name: must not be empty; tier: ...`.
    pub fn summary(&self) -> String {
        self.0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Trims `value` and checks it is present (if `required`) and at most `max`
/// characters long. Returns the trimmed text.
pub fn text(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    value: &str,
    required: bool,
    max: usize,
) -> String {
    // Line endings are normalised so text pasted from Windows or read from a
    // CRLF file is stored the same way as any other.
    let normalised = value.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = normalised.trim();
    if required && trimmed.is_empty() {
        errors.add(field, format!("{label} is required"));
    }
    let len = trimmed.chars().count();
    if len > max {
        errors.add(
            field,
            format!("{label} is {len} characters long; the limit is {max}"),
        );
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        errors.add(field, format!("{label} contains control characters"));
    }
    trimmed.to_string()
}

/// Checks a single-line name: required, at most `max` characters, no line breaks.
pub fn name(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    value: &str,
    max: usize,
) -> String {
    let out = text(errors, field, label, value, true, max);
    if out.contains('\n') || out.contains('\t') {
        errors.add(field, format!("{label} must be a single line"));
    }
    out
}

/// `items` without repeats, first occurrence kept, order kept.
pub fn unique<T: PartialEq + Copy>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(item) {
            out.push(*item);
        }
    }
    out
}

/// Checks an optional single-line name: empty is allowed.
pub fn name_optional(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    value: &str,
    max: usize,
) -> String {
    let out = text(errors, field, label, value, false, max);
    if out.contains('\n') || out.contains('\t') {
        errors.add(field, format!("{label} must be a single line"));
    }
    out
}

/// Checks an optional http(s) URL; empty text means "none".
pub fn optional_url(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    value: Option<&str>,
) -> Option<String> {
    let trimmed = value.map(str::trim).unwrap_or("");
    if trimmed.is_empty() {
        return None;
    }
    if let Some(message) = url_problem(trimmed) {
        errors.add(field, format!("{label} {message}"));
    }
    Some(trimmed.to_string())
}

/// Why `value` is not an acceptable link, or `None` when it is.
pub fn url_problem(value: &str) -> Option<String> {
    if value.chars().count() > 2000 {
        return Some("is longer than 2000 characters".into());
    }
    match url::Url::parse(value) {
        Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host().is_some() => None,
        Ok(_) => Some(format!(
            "must start with http:// or https://, e.g. https://example.com (got \"{value}\")"
        )),
        Err(e) => Some(format!(
            "is not a valid URL ({e}); use a full address such as https://example.com"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_trims_and_reports_length_in_characters() {
        let mut e = ValidationErrors::default();
        assert_eq!(text(&mut e, "name", "Name", "  ok  ", true, 5), "ok");
        assert!(e.is_empty());
        text(&mut e, "name", "Name", "ééééééé", true, 5);
        assert_eq!(e.0[0].message, "Name is 7 characters long; the limit is 5");
    }

    #[test]
    fn required_text_must_not_be_blank() {
        let mut e = ValidationErrors::default();
        text(&mut e, "name", "Name", "   ", true, 5);
        assert_eq!(e.summary(), "name: Name is required");
    }

    #[test]
    fn urls_must_be_http_with_a_host() {
        assert!(url_problem("https://github.com/org/repo").is_none());
        assert!(url_problem("ftp://x.org").is_some());
        assert!(url_problem("github.com/org").is_some());
        assert!(url_problem("javascript:alert(1)").is_some());
    }
}
