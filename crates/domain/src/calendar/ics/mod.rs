//! iCalendar (RFC 5545) for the release calendar: export of changes, trains
//! and freeze windows that Outlook, Google Calendar and Thunderbird import
//! with the right wall-clock times (recurring windows included, across DST),
//! and import of holiday and freeze calendars from those same tools.
//!
//! Recurrence rules travel as text in both directions; expanding them is
//! `calendar::recurrence`'s job. The writer asks it for one thing only: which
//! occurrences fall on a wall-clock time a daylight-saving change skips or
//! doubles, to pin them down (`clock_changes`).

mod clock_changes;
mod parse;
mod vtimezone;
mod write;

#[cfg(test)]
mod tests;

pub use parse::{parse_calendar, IcsError, ParsedEvent, ParsedStart, MAX_ICS_BYTES};
pub use write::{write_calendar, IcsCalendar, IcsEvent, IcsStart};

use chrono::NaiveDateTime;

/// RFC 5545 caps content lines at 75 octets, not characters.
const MAX_LINE_OCTETS: usize = 75;

/// Appends one content line, folded and CRLF-terminated. Folds fall between
/// UTF-8 characters: splitting a character would hand importers invalid text.
fn push_folded(out: &mut String, line: &str) {
    let mut used = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if used + len > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            // The leading space of a continuation line counts towards its 75.
            used = 1;
        }
        out.push(ch);
        used += len;
    }
    out.push_str("\r\n");
}

/// TEXT escaping. Control characters other than newline and tab are not
/// allowed in TEXT, so they are dropped rather than let through to break a
/// strict importer.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                // CRLF is one line break, not two.
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Reverses [`escape_text`]. Unknown escapes are kept verbatim: some
/// producers write `\:` or stray backslashes, and losing text is worse than
/// showing a backslash.
fn unescape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(c @ ('\\' | ';' | ',')) => out.push(c),
            Some(c) => {
                out.push('\\');
                out.push(c);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Values written verbatim (RRULE, STATUS) must not smuggle in a line break,
/// which would let them inject properties of their own.
fn single_line(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// `YYYYMMDDTHHMMSS`, the DATE-TIME form without a zone suffix.
fn format_date_time(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}
