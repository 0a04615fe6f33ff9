//! The status table as users edit it: every provider value with the status
//! it maps to and its default, the values seen in synced runs that nothing
//! maps (shown as unknown until someone maps them), and edits that re-map
//! the stored runs at once.

use serde::Serialize;
use signalbox_domain::calendar::DeployStatus;
use signalbox_domain::sync::{Provider, StatusRule, StatusTable};
use signalbox_domain::EntityKind;
use signalbox_store::{runs, status_rules};
use ts_rs::TS;

use crate::{ApiError, Result, Workspace};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StatusRow {
    pub provider: Provider,
    pub raw: String,
    pub status: DeployStatus,
    /// What ships for this value; `None` for a value the user added.
    pub default: Option<DeployStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StatusTableView {
    pub rows: Vec<StatusRow>,
    /// Values seen in synced runs that no row maps, by provider.
    pub unmapped: Vec<StatusRule>,
}

impl Workspace {
    /// The status table in force: the defaults with the user's changes.
    pub fn effective_status_table(&self) -> Result<StatusTable> {
        Ok(StatusTable::with_overrides(&status_rules::list(
            self.conn(),
        )?))
    }

    pub fn status_table(&self) -> Result<StatusTableView> {
        let defaults = StatusTable::defaults();
        let table = self.effective_status_table()?;
        let rows = table
            .rules
            .iter()
            .map(|r| StatusRow {
                provider: r.provider,
                raw: r.raw.clone(),
                status: r.status,
                default: defaults
                    .rules
                    .iter()
                    .find(|d| d.provider == r.provider && d.raw == r.raw)
                    .map(|d| d.status),
            })
            .collect();
        let unmapped = runs::unknown_values(self.conn())?
            .into_iter()
            .filter(|(p, raw)| table.map(*p, raw) == DeployStatus::Unknown)
            .filter(|(p, raw)| {
                !table
                    .rules
                    .iter()
                    .any(|r| r.provider == *p && r.raw == *raw)
            })
            .map(|(provider, raw)| StatusRule {
                provider,
                raw,
                status: DeployStatus::Unknown,
            })
            .collect();
        Ok(StatusTableView { rows, unmapped })
    }

    /// Maps `rule.raw` of `rule.provider` to `rule.status`, and re-maps the
    /// runs already stored. Returns how many runs changed status.
    pub fn set_status_rule(&mut self, rule: &StatusRule) -> Result<usize> {
        let raw = rule.raw.trim();
        if raw.is_empty() {
            return Err(ApiError::field("raw", "Give the provider's status value"));
        }
        if matches!(
            rule.status,
            DeployStatus::Planned | DeployStatus::Verified | DeployStatus::Stalled
        ) {
            return Err(ApiError::field(
                "status",
                format!(
                    "A provider value cannot map to {}: that status is Signalbox's own",
                    rule.status.label()
                ),
            ));
        }
        let rule = StatusRule {
            raw: raw.to_owned(),
            ..rule.clone()
        };
        let changed = self.write_runs(|tx| {
            status_rules::set(tx, &rule)?;
            Ok(runs::restatus(tx, rule.provider, &rule.raw, rule.status)?)
        })?;
        Ok(changed)
    }

    /// Puts `raw` of `provider` back to its default (or unknown, for a value
    /// the user added). Returns how many runs changed status.
    pub fn reset_status_rule(&mut self, provider: Provider, raw: &str) -> Result<usize> {
        let status = StatusTable::defaults().map(provider, raw);
        self.write_runs(|tx| {
            status_rules::remove(tx, provider, raw)?;
            Ok(runs::restatus(tx, provider, raw, status)?)
        })
    }

    /// Runs `f` in a transaction over synced runs and tells listeners.
    pub(crate) fn write_runs<T>(
        &mut self,
        f: impl FnOnce(&signalbox_store::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn().unchecked_transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        self.emit(&[EntityKind::Run]);
        Ok(out)
    }
}
