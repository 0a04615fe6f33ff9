//! Recipients per audience: typed as a list, or imported from and exported
//! to CSV (`name,address`; rows numbered as a spreadsheet shows them), and
//! the sender address .eml drafts are written from.

use signalbox_domain::notices::recipients::{parse_entry, parse_list, MAX_RECIPIENTS};
use signalbox_domain::notices::{Audience, Recipient};
use signalbox_domain::validation::ValidationErrors;
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{notices as store, settings};
use uuid::Uuid;

use super::export::SENDER;
use super::{Exported, RecipientsView};
use crate::workspace::{record, Subject};
use crate::{ApiError, Result, Workspace};

/// Problems listed before the rest are summarised.
const PROBLEMS_MAX: usize = 50;

/// A cell a spreadsheet would not run as a formula.
fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// The audit subject of an audience's list (one fixed id per audience).
fn list_id(audience: Audience) -> Uuid {
    let n = Audience::ALL
        .iter()
        .position(|a| *a == audience)
        .unwrap_or(0) as u128;
    Uuid::from_u128(0x5347_4258_0000_7000_8000_0000_0000_0001 + n)
}

impl Workspace {
    pub fn recipients(&self, audience: Audience) -> Result<RecipientsView> {
        Ok(RecipientsView {
            audience,
            recipients: store::recipients(self.conn(), audience)?,
        })
    }

    fn store_recipients(
        &mut self,
        audience: Audience,
        list: Vec<Recipient>,
    ) -> Result<RecipientsView> {
        self.write_keeping_caches(&[EntityKind::Recipients], |tx, ctx| {
            let before = store::recipients(tx, audience)?;
            if before == list {
                return Ok(RecipientsView {
                    audience,
                    recipients: list,
                });
            }
            store::set_recipients(tx, audience, &list)?;
            let label = format!("{} recipients", audience.label());
            let show = |l: &[Recipient]| l.iter().map(Recipient::display).collect::<Vec<_>>();
            record(
                tx,
                ctx,
                Subject(EntityKind::Recipients, list_id(audience), &label),
                AuditAction::Updated,
                Some(&show(&before)),
                Some(&show(&list)),
            )?;
            Ok(RecipientsView {
                audience,
                recipients: list,
            })
        })
    }

    /// Replaces an audience's list with one typed one per line. A bad line
    /// is named and nothing is stored.
    pub fn set_recipients(&mut self, audience: Audience, text: &str) -> Result<RecipientsView> {
        let list = parse_list(text).map_err(|errors| {
            let mut v = ValidationErrors::default();
            for e in errors {
                v.add("recipients", format!("Line {}: {}", e.line, e.message));
            }
            ApiError::Validation(v)
        })?;
        self.store_recipients(audience, list)
    }

    /// Replaces an audience's list with a CSV file's rows (`address` column
    /// required, `name` optional). Any bad row refuses the whole file.
    pub fn import_recipients_csv(
        &mut self,
        audience: Audience,
        text: &str,
    ) -> Result<RecipientsView> {
        let refuse = |problems: Vec<String>| {
            let mut shown: Vec<String> = problems.iter().take(PROBLEMS_MAX).cloned().collect();
            if problems.len() > PROBLEMS_MAX {
                shown.push(format!("and {} more", problems.len() - PROBLEMS_MAX));
            }
            ApiError::Import {
                message: format!(
                    "The recipients file was not imported: {} problem{}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                ),
                problems: shown,
            }
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| refuse(vec![format!("Row 1: {e}")]))?
            .clone();
        let column = |names: &[&str]| {
            headers
                .iter()
                .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
        };
        let Some(address_col) = column(&["address", "email", "e-mail"]) else {
            return Err(refuse(vec![
                "Row 1: there is no \"address\" column (the header must name it)".into(),
            ]));
        };
        let name_col = column(&["name"]);
        let mut list: Vec<Recipient> = Vec::new();
        let mut problems = Vec::new();
        for (i, row) in reader.records().enumerate() {
            let number = i + 2;
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    problems.push(format!("Row {number}: {e}"));
                    continue;
                }
            };
            let address = unguard(row.get(address_col).unwrap_or("").trim());
            let name = name_col
                .and_then(|c| row.get(c))
                .map(|n| unguard(n.trim()))
                .unwrap_or("");
            if address.is_empty() && name.is_empty() {
                continue;
            }
            let entry = if name.is_empty() {
                address.to_owned()
            } else {
                format!("{name} <{address}>")
            };
            match parse_entry(&entry) {
                Ok(r) => {
                    if !list
                        .iter()
                        .any(|o| o.address.eq_ignore_ascii_case(&r.address))
                    {
                        list.push(r);
                    }
                }
                Err(m) => problems.push(format!("Row {number}, address: {m}")),
            }
        }
        if list.len() > MAX_RECIPIENTS {
            problems.push(format!("at most {MAX_RECIPIENTS} recipients may be listed"));
        }
        if !problems.is_empty() {
            return Err(refuse(problems));
        }
        self.store_recipients(audience, list)
    }

    /// An audience's list as CSV (`name,address`).
    pub fn export_recipients_csv(&self, audience: Audience) -> Result<Exported> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let internal = |e: csv::Error| ApiError::Internal(format!("cannot write CSV: {e}"));
        w.write_record(["name", "address"]).map_err(internal)?;
        for r in store::recipients(self.conn(), audience)? {
            w.write_record([guard(&r.name), guard(&r.address)])
                .map_err(internal)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| ApiError::Internal(format!("cannot write CSV: {e}")))?;
        Ok(Exported {
            file_name: format!("recipients-{}.csv", audience.as_str()),
            content: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    /// The address drafts are written from (`Name <address>`), or blank.
    pub fn notice_sender(&self) -> Result<String> {
        Ok(settings::get(self.conn(), SENDER)?.unwrap_or_default())
    }

    pub fn set_notice_sender(&mut self, sender: &str) -> Result<String> {
        let sender = sender.trim();
        let value = if sender.is_empty() {
            String::new()
        } else {
            parse_entry(sender)
                .map_err(|m| ApiError::field("sender", format!("The sender: {m}")))?
                .display()
        };
        self.write_keeping_caches(&[EntityKind::Recipients], |tx, _| {
            settings::set(tx, SENDER, &value)?;
            Ok(value.clone())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_guarded_and_read_back() {
        assert_eq!(guard("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(unguard(&guard("+ops@example.com")), "+ops@example.com");
        assert_eq!(unguard("'quoted"), "'quoted");
    }
}
