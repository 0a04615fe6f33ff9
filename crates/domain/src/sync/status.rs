//! The status table: each provider's status words mapped onto the common
//! deployment status model. It is data: the defaults below follow the
//! providers' documented vocabularies, and a user can change any row (count
//! Jenkins' UNSTABLE as succeeded, say) or add rows for values a provider
//! introduces later. A value no row names maps to `unknown`, and the raw
//! words are always kept beside the mapped status.
//!
//! Raw keys are what the connectors produce: a GitHub run is its `status`,
//! or `completed:` and its `conclusion`; a deployment status is
//! `deployment:` and its `state`; a GitLab pipeline is its `status`, a
//! deployment `deployment:` and its status; a Jenkins build is `building`
//! while it runs, else its `result` (the stage words `IN_PROGRESS`,
//! `PAUSED_PENDING_INPUT` and `FAILED` are for pipeline stages); an Argo CD
//! application is its operation phase, with `:` and its health once the
//! operation succeeded, or its health alone when no operation ran.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Provider;
use crate::calendar::DeployStatus;
use crate::validation::ValidationErrors;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusRule {
    pub provider: Provider,
    /// The raw key, exactly as the connector produces it.
    pub raw: String,
    pub status: DeployStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusTable {
    pub rules: Vec<StatusRule>,
}

use DeployStatus::{Blocked, Cancelled, Failed, InProgress, Queued, Succeeded, Unknown};

const GITHUB: &[(&str, DeployStatus)] = &[
    ("requested", Queued),
    ("queued", Queued),
    ("pending", Queued),
    ("waiting", Blocked),
    ("in_progress", InProgress),
    ("completed:success", Succeeded),
    ("completed:failure", Failed),
    ("completed:timed_out", Failed),
    ("completed:startup_failure", Failed),
    ("completed:cancelled", Cancelled),
    ("completed:action_required", Blocked),
    ("completed:neutral", Unknown),
    ("completed:stale", Unknown),
    ("completed:skipped", Cancelled),
    ("deployment:queued", Queued),
    ("deployment:pending", Queued),
    ("deployment:in_progress", InProgress),
    ("deployment:waiting", Blocked),
    ("deployment:success", Succeeded),
    ("deployment:error", Failed),
    ("deployment:failure", Failed),
];

const GITLAB: &[(&str, DeployStatus)] = &[
    ("created", Queued),
    ("waiting_for_resource", Blocked),
    ("preparing", Queued),
    ("pending", Queued),
    ("running", InProgress),
    ("success", Succeeded),
    ("failed", Failed),
    ("canceled", Cancelled),
    ("canceling", InProgress),
    ("skipped", Cancelled),
    ("manual", Blocked),
    ("scheduled", Queued),
    ("waiting_for_callback", Blocked),
    ("deployment:created", Queued),
    ("deployment:running", InProgress),
    ("deployment:success", Succeeded),
    ("deployment:failed", Failed),
    ("deployment:canceled", Cancelled),
    ("deployment:skipped", Cancelled),
    ("deployment:blocked", Blocked),
];

const JENKINS: &[(&str, DeployStatus)] = &[
    ("building", InProgress),
    ("SUCCESS", Succeeded),
    ("UNSTABLE", Failed),
    ("FAILURE", Failed),
    ("ABORTED", Cancelled),
    ("NOT_BUILT", Unknown),
    ("IN_PROGRESS", InProgress),
    ("PAUSED_PENDING_INPUT", Blocked),
    ("FAILED", Failed),
];

const ARGOCD: &[(&str, DeployStatus)] = &[
    ("Running", InProgress),
    ("Terminating", Cancelled),
    ("Failed", Failed),
    ("Error", Failed),
    ("Succeeded:Healthy", Succeeded),
    ("Succeeded:Progressing", InProgress),
    ("Succeeded:Degraded", Failed),
    ("Succeeded:Suspended", Blocked),
    ("Succeeded:Missing", Unknown),
    ("Succeeded:Unknown", Unknown),
    ("Healthy", Succeeded),
    ("Progressing", InProgress),
    ("Degraded", Failed),
    ("Suspended", Blocked),
    ("Missing", Unknown),
];

impl Default for StatusTable {
    fn default() -> Self {
        StatusTable::defaults()
    }
}

impl StatusTable {
    /// The table as shipped: the providers' documented vocabularies.
    pub fn defaults() -> StatusTable {
        let mut rules = Vec::new();
        for (provider, rows) in [
            (Provider::Github, GITHUB),
            (Provider::Gitlab, GITLAB),
            (Provider::Jenkins, JENKINS),
            (Provider::Argocd, ARGOCD),
        ] {
            rules.extend(rows.iter().map(|(raw, status)| StatusRule {
                provider,
                raw: (*raw).to_owned(),
                status: *status,
            }));
        }
        StatusTable { rules }
    }

    /// A table of the user's rules: each raw key at most once per provider,
    /// none empty.
    pub fn from_rules(rules: Vec<StatusRule>) -> Result<StatusTable, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        for (i, rule) in rules.iter().enumerate() {
            if rule.raw.trim().is_empty() {
                errors.add(
                    "rules",
                    format!("Rule {} needs the provider's status value", i + 1),
                );
            } else if rules[..i]
                .iter()
                .any(|r| r.provider == rule.provider && r.raw == rule.raw)
            {
                errors.add(
                    "rules",
                    format!(
                        "Rule {}: {} \"{}\" is mapped twice",
                        i + 1,
                        rule.provider.label(),
                        rule.raw
                    ),
                );
            }
        }
        errors.into_result(StatusTable { rules })
    }

    /// The defaults with `overrides` laid over them: a row for a value the
    /// defaults name replaces that default, any other row is added.
    pub fn with_overrides(overrides: &[StatusRule]) -> StatusTable {
        let mut t = StatusTable::defaults();
        for o in overrides {
            match t
                .rules
                .iter_mut()
                .find(|r| r.provider == o.provider && r.raw == o.raw)
            {
                Some(r) => r.status = o.status,
                None => t.rules.push(o.clone()),
            }
        }
        t
    }

    /// The common status for `raw` from `provider`; `unknown` when no rule names it.
    pub fn map(&self, provider: Provider, raw: &str) -> DeployStatus {
        self.rules
            .iter()
            .find(|r| r.provider == provider && r.raw == raw)
            .map_or(DeployStatus::Unknown, |r| r.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_follow_each_providers_vocabulary() {
        let t = StatusTable::defaults();
        assert_eq!(t.map(Provider::Github, "completed:startup_failure"), Failed);
        assert_eq!(t.map(Provider::Github, "waiting"), Blocked);
        assert_eq!(t.map(Provider::Github, "deployment:success"), Succeeded);
        assert_eq!(t.map(Provider::Gitlab, "canceled"), Cancelled);
        assert_eq!(t.map(Provider::Jenkins, "UNSTABLE"), Failed);
        assert_eq!(t.map(Provider::Argocd, "Succeeded:Healthy"), Succeeded);
        assert_eq!(t.map(Provider::Argocd, "Succeeded:Degraded"), Failed);
    }

    #[test]
    fn a_value_nobody_mapped_is_unknown_and_the_match_is_exact() {
        let t = StatusTable::defaults();
        assert_eq!(
            t.map(Provider::Github, "completed:brand_new_value"),
            Unknown
        );
        // Jenkins shouts, GitLab does not: one provider's words are not another's.
        assert_eq!(t.map(Provider::Jenkins, "success"), Unknown);
        assert_eq!(t.map(Provider::Gitlab, "SUCCESS"), Unknown);
    }

    #[test]
    fn a_user_table_may_remap_but_not_map_a_value_twice() {
        let mut rules = StatusTable::defaults().rules;
        for r in &mut rules {
            if r.provider == Provider::Jenkins && r.raw == "UNSTABLE" {
                r.status = Succeeded;
            }
        }
        let t = StatusTable::from_rules(rules.clone()).unwrap_or_default();
        assert_eq!(t.map(Provider::Jenkins, "UNSTABLE"), Succeeded);

        rules.push(StatusRule {
            provider: Provider::Jenkins,
            raw: "UNSTABLE".into(),
            status: Failed,
        });
        rules.push(StatusRule {
            provider: Provider::Gitlab,
            raw: " ".into(),
            status: Failed,
        });
        let Err(e) = StatusTable::from_rules(rules) else {
            panic!("duplicates and blanks must be refused");
        };
        let messages: Vec<&str> = e.0.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "Rule 66: Jenkins \"UNSTABLE\" is mapped twice",
                "Rule 67 needs the provider's status value"
            ]
        );
    }
}
