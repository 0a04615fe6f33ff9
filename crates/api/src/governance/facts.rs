//! Gathering what the risk rules read about changes: tiers, the freeze
//! calendar, recent failed deployments, the blast radius and the
//! environment. Built once for a batch, so assessing a quarter's 25,000
//! changes reads each table once.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use signalbox_domain::calendar::{Change, Interval, WindowIndex, WindowKind};
use signalbox_domain::catalog::ServiceIndex;
use signalbox_domain::deps::reach::Dependants;
use signalbox_domain::governance::{ChangeGovernance, RiskAssessment, RiskFacts, RiskPolicy};
use signalbox_domain::{Environment, Tier};
use signalbox_store::{environments, governance, runs, windows};

use super::policy::risk_policy;
use crate::{ApiError, Result, Workspace};

/// How each change's facts are counted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Radius {
    /// The whole blast radius (one change's panel).
    Exact,
    /// Only whether it passes the rule's limit (the register, agendas).
    UpToLimit,
}

/// Everything loaded once for assessing a batch of changes.
pub(crate) struct RiskContext {
    pub policy: RiskPolicy,
    pub records: HashMap<uuid::Uuid, ChangeGovernance>,
    catalog: Arc<ServiceIndex>,
    envs: HashMap<uuid::Uuid, Environment>,
    windows: Vec<signalbox_domain::calendar::Window>,
    period: Interval,
    failures: HashMap<uuid::Uuid, i64>,
    dependants: Dependants,
    radius: Radius,
    now: DateTime<Utc>,
}

impl Workspace {
    /// The context for assessing changes lying within `period`.
    pub(crate) fn risk_context(&self, period: Interval, radius: Radius) -> Result<RiskContext> {
        let conn = self.conn();
        let policy = risk_policy(conn)?;
        let now = self.now();
        let reach = Duration::hours(i64::from(policy.rules.near_freeze.limit));
        let failures = if policy.rules.recent_failure.enabled {
            let days = Duration::days(i64::from(policy.rules.recent_failure.limit));
            runs::failures_since(conn, now - days)?
        } else {
            HashMap::new()
        };
        let edges = self.dependency_edges()?;
        Ok(RiskContext {
            records: governance::all(conn)?,
            catalog: self.service_index()?,
            envs: environments::list(conn)?
                .into_iter()
                .map(|e| (e.id, e))
                .collect(),
            windows: windows::list(conn)?,
            period: Interval {
                start: period.start - reach,
                end: period.end + reach,
            },
            failures,
            dependants: Dependants::new(&edges.all),
            radius,
            now,
            policy,
        })
    }
}

impl RiskContext {
    /// Assesses each of `changes` with the answers stored for it.
    pub fn assess_all(&mut self, changes: &[&Change]) -> Result<Vec<(RiskFacts, RiskAssessment)>> {
        let windows = std::mem::take(&mut self.windows);
        let index = WindowIndex::build(&windows, self.period);
        let out = changes
            .iter()
            .map(|c| {
                let facts = self.facts(c, &index);
                let answers = self.records.get(&c.id).map(|g| &g.answers);
                let empty = Default::default();
                let a = self
                    .policy
                    .assess(answers.unwrap_or(&empty), &facts)
                    .map_err(|e| {
                        ApiError::Internal(format!(
                            "the stored answers of \"{}\" no longer fit the questionnaire: {}",
                            c.title,
                            e.summary()
                        ))
                    })?;
                Ok((facts, a))
            })
            .collect();
        drop(index);
        self.windows = windows;
        out
    }

    fn facts(&mut self, c: &Change, index: &WindowIndex<'_>) -> RiskFacts {
        let rules = &self.policy.rules;
        // Lead time counts from when the change was requested.
        let lead = (c.start - c.created_at).num_minutes() as f64 / 60.0;
        let critical_services = c
            .service_ids
            .iter()
            .filter_map(|s| self.catalog.get(*s))
            .filter(|s| s.tier == Tier::Critical)
            .map(|s| s.name.clone())
            .collect();
        let reach = Duration::hours(i64::from(rules.near_freeze.limit));
        let around = Interval {
            start: c.start - reach,
            end: c.end + reach,
        };
        let mut nearest: Option<(String, f64)> = None;
        for (x, o) in index.overlapping(c.environment_id, WindowKind::Freeze, &around) {
            if !c
                .service_ids
                .iter()
                .any(|s| x.window.applies_to(c.environment_id, *s))
            {
                continue;
            }
            let gap = if o.start < c.end && c.start < o.end {
                0.0
            } else if o.start >= c.end {
                (o.start - c.end).num_minutes() as f64 / 60.0
            } else {
                (c.start - o.end).num_minutes() as f64 / 60.0
            };
            if nearest.as_ref().is_none_or(|(_, g)| gap < *g) {
                nearest = Some((x.window.name.clone(), gap));
            }
        }
        let recent_failures = c
            .service_ids
            .iter()
            .filter_map(|s| {
                let at = self.failures.get(s)?;
                let name = self.catalog.names().get(s)?.clone();
                Some((name, (self.now.timestamp() - at) as f64 / 86_400.0))
            })
            .collect();
        let cap = match self.radius {
            Radius::Exact => None,
            Radius::UpToLimit => Some(rules.many_dependants.limit.saturating_add(1)),
        };
        let count = if rules.many_dependants.enabled || self.radius == Radius::Exact {
            self.dependants.count(&c.service_ids, cap)
        } else {
            signalbox_domain::deps::reach::Count {
                count: 0,
                exact: true,
            }
        };
        RiskFacts {
            lead_time_hours: lead,
            critical_services,
            nearest_freeze: nearest,
            recent_failures,
            dependants: count.count,
            dependants_exact: count.exact,
            production: self
                .envs
                .get(&c.environment_id)
                .is_some_and(|e| e.production),
        }
    }
}
