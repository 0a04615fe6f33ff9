//! Who a notice goes to: mail addresses with optional names, checked one by
//! one so a bad line is named and nothing is recorded until all are good.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Most recipients one list may hold.
pub const MAX_RECIPIENTS: usize = 5000;

/// One addressee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Recipient {
    /// May be blank.
    pub name: String,
    pub address: String,
}

impl Recipient {
    /// `Name <address>`, or the address alone.
    pub fn display(&self) -> String {
        if self.name.is_empty() {
            self.address.clone()
        } else {
            format!("{} <{}>", self.name, self.address)
        }
    }
}

/// Why an address is not one, or `None` when it is.
pub fn address_problem(address: &str) -> Option<String> {
    let a = address.trim();
    if a.is_empty() {
        return Some("the address is missing".into());
    }
    if a.len() > 254 {
        return Some("the address is longer than 254 characters".into());
    }
    let Some((local, domain)) = a.rsplit_once('@') else {
        return Some(format!("\"{a}\" has no @"));
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
    if local.is_empty()
        || local.len() > 64
        || !local.chars().all(atext)
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return Some(format!("\"{a}\" has an invalid part before the @"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return Some(format!("\"{a}\" has an invalid domain \"{domain}\""));
    }
    None
}

/// One entry: `address`, or `Name <address>`.
pub fn parse_entry(entry: &str) -> Result<Recipient, String> {
    let entry = entry.trim();
    let (name, address) = match (entry.rfind('<'), entry.ends_with('>')) {
        (Some(open), true) => (
            entry[..open].trim().trim_matches('"').trim(),
            &entry[open + 1..entry.len() - 1],
        ),
        (None, false) => ("", entry),
        _ => {
            return Err(format!(
                "\"{entry}\" is not \"Name <address>\" or an address"
            ))
        }
    };
    if let Some(problem) = address_problem(address) {
        return Err(problem);
    }
    if name.chars().any(char::is_control) {
        return Err("the name holds a control character".into());
    }
    Ok(Recipient {
        name: name.to_owned(),
        address: address.trim().to_owned(),
    })
}

/// A problem on one line of a recipient list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RecipientError {
    pub line: usize,
    pub message: String,
}

/// A list typed one per line (blank lines and `#` comments skipped; commas
/// or semicolons between addresses on one line are fine). Every bad line
/// is reported; duplicates (by address, any case) are dropped.
pub fn parse_list(text: &str) -> Result<Vec<Recipient>, Vec<RecipientError>> {
    let mut out: Vec<Recipient> = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        for entry in split_entries(line) {
            match parse_entry(&entry) {
                Ok(r) => {
                    if !out
                        .iter()
                        .any(|o| o.address.eq_ignore_ascii_case(&r.address))
                    {
                        out.push(r);
                    }
                }
                Err(message) => errors.push(RecipientError {
                    line: i + 1,
                    message,
                }),
            }
        }
    }
    if out.len() > MAX_RECIPIENTS {
        errors.push(RecipientError {
            line: 0,
            message: format!("at most {MAX_RECIPIENTS} recipients may be listed"),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Splits on commas and semicolons outside quotes and angle brackets.
fn split_entries(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut angled) = (false, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            '<' => angled = true,
            '>' => angled = false,
            ',' | ';' if !quoted && !angled => {
                if !cur.trim().is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

/// Writes a list back one per line.
pub fn format_list(list: &[Recipient]) -> String {
    list.iter()
        .map(Recipient::display)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_part_by_part() {
        assert_eq!(address_problem("ops@example.com"), None);
        assert_eq!(address_problem("first.last+tag@sub.example.co.uk"), None);
        for bad in [
            "",
            "ops",
            "@example.com",
            "a..b@example.com",
            "ops@localhost",
            "ops@-x.com",
            "o ps@example.com",
        ] {
            assert!(address_problem(bad).is_some(), "{bad} accepted");
        }
    }

    #[test]
    fn a_list_names_each_bad_line_and_drops_duplicates() {
        let ok = parse_list("# ops\nOps Team <ops@example.com>\n\n\"Doe, Jane\" <jane@example.com>; bob@example.com, OPS@example.com").unwrap();
        assert_eq!(
            ok.iter().map(Recipient::display).collect::<Vec<_>>(),
            [
                "Ops Team <ops@example.com>",
                "Doe, Jane <jane@example.com>",
                "bob@example.com"
            ]
        );
        let e = parse_list("ops@example.com\nnot an address\nx@y\n").unwrap_err();
        assert_eq!(e.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 3]);
        assert!(e[0].message.contains("has no @"), "{:?}", e[0]);
        assert!(e[1].message.contains("invalid domain"), "{:?}", e[1]);
    }
}
