//! Gathering what the risk rules read about changes: tiers, the freeze
//! calendar, recent failed deployments, the blast radius and the
//! environment. The tables behind them are read once into a [`RiskBase`],
//! kept until the data changes (like the catalog index), so assessing a
//! quarter's 25,000 changes, or moving to the next item of a meeting, reads
//! nothing twice.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use signalbox_domain::calendar::{Change, Interval, Window, WindowIndex, WindowKind};
use signalbox_domain::catalog::ServiceIndex;
use signalbox_domain::deps::reach::{Count, Dependants};
use signalbox_domain::governance::{
    ChangeGovernance, RiskAssessment, RiskFacts, RiskLevel, RiskPolicy,
};
use signalbox_domain::{Environment, Tier};
use signalbox_store::{environments, governance, runs, windows};
use uuid::Uuid;

use super::policy::risk_policy;
use crate::{ApiError, Result, Workspace};

/// How each change's facts are counted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Radius {
    /// The whole blast radius (one change's panel, an agenda item).
    Exact,
    /// Only whether it passes the rule's limit (the register, agendas).
    UpToLimit,
}

/// The tables risk reads, as of one `data_version` and minute (cloning
/// shares them).
#[derive(Clone)]
pub(crate) struct RiskBase {
    key: (i64, i64),
    policy: Arc<RiskPolicy>,
    records: Arc<HashMap<Uuid, ChangeGovernance>>,
    envs: Arc<HashMap<Uuid, Environment>>,
    windows: Arc<Vec<Window>>,
    failures: Arc<HashMap<Uuid, i64>>,
    dependants: Arc<Mutex<Dependants>>,
}

/// Everything needed for assessing a batch of changes.
pub(crate) struct RiskContext {
    pub policy: Arc<RiskPolicy>,
    pub records: Arc<HashMap<Uuid, ChangeGovernance>>,
    catalog: Arc<ServiceIndex>,
    envs: Arc<HashMap<Uuid, Environment>>,
    windows: Arc<Vec<Window>>,
    period: Interval,
    failures: Arc<HashMap<Uuid, i64>>,
    dependants: Arc<Mutex<Dependants>>,
    radius: Radius,
    now: DateTime<Utc>,
}

impl Workspace {
    fn risk_base(&self) -> Result<RiskBase> {
        let conn = self.conn();
        let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let now = self.now();
        // Failures count back from now: a base older than a minute is stale.
        let key = (version, now.timestamp() / 60);
        if let Some(b) = self.risk_base.borrow().as_ref() {
            if b.key == key {
                return Ok(b.clone());
            }
        }
        let policy = risk_policy(conn)?;
        let failures = if policy.rules.recent_failure.enabled {
            let days = Duration::days(i64::from(policy.rules.recent_failure.limit));
            runs::failures_since(conn, now - days)?
        } else {
            HashMap::new()
        };
        let base = RiskBase {
            key,
            records: Arc::new(governance::all(conn)?),
            envs: Arc::new(
                environments::list(conn)?
                    .into_iter()
                    .map(|e| (e.id, e))
                    .collect(),
            ),
            windows: Arc::new(windows::list(conn)?),
            failures: Arc::new(failures),
            dependants: Arc::new(Mutex::new(Dependants::new(&self.dependency_edges()?.all))),
            policy: Arc::new(policy),
        };
        let out = base.clone();
        self.risk_base.replace(Some(base));
        Ok(out)
    }

    /// The context for assessing changes lying within `period`.
    pub(crate) fn risk_context(&self, period: Interval, radius: Radius) -> Result<RiskContext> {
        let base = self.risk_base()?;
        let reach = Duration::hours(i64::from(base.policy.rules.near_freeze.limit));
        Ok(RiskContext {
            policy: base.policy,
            records: base.records,
            catalog: self.service_index()?,
            envs: base.envs,
            windows: base.windows,
            period: Interval {
                start: period.start - reach,
                end: period.end + reach,
            },
            failures: base.failures,
            dependants: base.dependants,
            radius,
            now: self.now(),
        })
    }
}

impl RiskContext {
    /// Assesses each of `changes` with the answers stored for it, every
    /// reason written out.
    pub fn assess_all(&self, changes: &[&Change]) -> Result<Vec<(RiskFacts, RiskAssessment)>> {
        let index = WindowIndex::build(&self.windows, self.period);
        let mut dependants = self.lock()?;
        Ok(changes
            .iter()
            .map(|c| {
                let facts = self.facts(c, &index, &mut dependants);
                let a = self.policy.evaluate(self.answers(c.id), &facts);
                (facts, a)
            })
            .collect())
    }

    /// Only the level of each of `changes`: no reason is written, so a
    /// quarter is assessed without an allocation per change.
    pub fn levels(&self, changes: &[&Change]) -> Result<Vec<RiskLevel>> {
        let index = WindowIndex::build(&self.windows, self.period);
        let mut dependants = self.lock()?;
        Ok(changes
            .iter()
            .map(|c| {
                let facts = self.facts(c, &index, &mut dependants);
                self.policy.level(self.answers(c.id), &facts)
            })
            .collect())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Dependants>> {
        self.dependants
            .lock()
            .map_err(|_| ApiError::Internal("the dependency index is unusable".into()))
    }

    fn answers(&self, id: Uuid) -> &signalbox_domain::governance::Answers {
        static EMPTY: signalbox_domain::governance::Answers = std::collections::BTreeMap::new();
        self.records.get(&id).map_or(&EMPTY, |g| &g.answers)
    }

    fn facts(&self, c: &Change, index: &WindowIndex<'_>, dependants: &mut Dependants) -> RiskFacts {
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
        let mut nearest: Option<(&str, f64)> = None;
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
            if nearest.is_none_or(|(_, g)| gap < g) {
                nearest = Some((&x.window.name, gap));
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
            dependants.count(&c.service_ids, cap)
        } else {
            Count {
                count: 0,
                exact: true,
            }
        };
        RiskFacts {
            lead_time_hours: lead,
            critical_services,
            nearest_freeze: nearest.map(|(n, g)| (n.to_owned(), g)),
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
