//! Synced deployment runs for the sample portfolio: each service's history
//! of deployments through the environments, as a GitHub or GitLab
//! connection would have read them (mostly successes, some failures and
//! cancellations, now and then a return to an earlier revision, and a few
//! still running). Generated one service at a time, so two million runs
//! never sit in memory together.

use chrono::{DateTime, Duration, Utc};

use super::{DemoSize, Rng};
use crate::calendar::DeployStatus;
use crate::sync::{Provider, RunKind, StatusTable, SyncedRun};

/// How many runs each service gets.
pub fn runs_per_service(size: DemoSize) -> usize {
    match size {
        DemoSize::Small => 60,
        // 5,000 services × 400 = two million runs.
        DemoSize::Large => 400,
    }
}

/// Days of history the runs cover, ending at `now`.
const DAYS: i64 = 180;

/// The sample's connections: services alternate between them.
pub const PROVIDERS: [Provider; 2] = [Provider::Github, Provider::Gitlab];

/// Where a service's runs come from at `provider`.
pub fn source(provider: Provider, service: &str) -> String {
    match provider {
        Provider::Gitlab => format!("platform/{service}"),
        _ => format!("acme/{service}"),
    }
}

/// A commit id for revision `revision` of service `index`: the same
/// revision always has the same id, and ids look like git's.
fn revision_sha(index: usize, revision: u64) -> String {
    let mut r = Rng(((index as u64) << 32) ^ revision);
    format!("{:016x}{:016x}{:08x}", r.next(), r.next(), r.next() as u32)
}

/// The provider's words for a deployment's outcome.
fn raw(provider: Provider, status: DeployStatus) -> &'static str {
    match (provider, status) {
        (Provider::Gitlab, DeployStatus::Succeeded) => "deployment:success",
        (Provider::Gitlab, DeployStatus::Failed) => "deployment:failed",
        (Provider::Gitlab, DeployStatus::Cancelled) => "deployment:canceled",
        (Provider::Gitlab, _) => "deployment:running",
        (_, DeployStatus::Succeeded) => "deployment:success",
        (_, DeployStatus::Failed) => "deployment:failure",
        (_, DeployStatus::Cancelled) => "deployment:error",
        _ => "deployment:in_progress",
    }
}

/// What every service's runs share.
pub struct RunPlan<'a> {
    pub seed: u64,
    /// Runs per service.
    pub count: usize,
    /// The runs end before this.
    pub now: DateTime<Utc>,
    /// The provider's environment names, in promotion order.
    pub environments: &'a [String],
    pub table: &'a StatusTable,
}

impl RunPlan<'_> {
    /// The runs of service number `index` (named `name`) at `provider`,
    /// oldest first.
    pub fn service_runs(&self, index: usize, name: &str, provider: Provider) -> Vec<SyncedRun> {
        let RunPlan {
            seed,
            count,
            now,
            environments,
            table,
        } = *self;
        let mut rng = Rng(seed ^ 0x5255_4E53 ^ ((index as u64) << 20));
        let source = source(provider, name);
        let span = Duration::days(DAYS).num_seconds();
        let step = span / count.max(1) as i64;
        let start = now - Duration::days(DAYS);
        let mut revision = 1u64;
        let mut out = Vec::with_capacity(count);
        for k in 0..count {
            let created =
                start + Duration::seconds(k as i64 * step + rng.below(step as usize) as i64);
            // Lower environments see more deployments than the ones they feed.
            let n = environments.len();
            let env = rng.below(n).min(rng.below(n));
            if env == 0 {
                revision += 1;
            }
            let roll = rng.below(100);
            let deployed = if roll < 3 && revision > 2 {
                // Back to an earlier revision.
                revision - 2
            } else {
                revision
            };
            let last = k + 1 == count;
            let status = match rng.below(100) {
                _ if last && roll < 10 => DeployStatus::InProgress,
                0..=5 => DeployStatus::Failed,
                6..=7 => DeployStatus::Cancelled,
                _ => DeployStatus::Succeeded,
            };
            let raw = raw(provider, status);
            let minutes = 2 + rng.below(25) as i64;
            let finished =
                (status != DeployStatus::InProgress).then(|| created + Duration::minutes(minutes));
            let id = (index as u64) * 1_000_000 + k as u64 + 1;
            out.push(SyncedRun {
                provider,
                kind: RunKind::Deployment,
                source: source.clone(),
                external_id: id.to_string(),
                attempt: 1,
                name: "deploy".into(),
                environment: environments.get(env).cloned(),
                raw_status: raw.into(),
                status: table.map(provider, raw),
                sha: Some(revision_sha(index, deployed)),
                git_ref: Some("main".into()),
                url: Some(match provider {
                    Provider::Gitlab => {
                        format!("https://gitlab.example.com/{source}/-/environments")
                    }
                    _ => format!("https://github.example.com/{source}/deployments"),
                }),
                actor: Some("release-bot".into()),
                created_at: created,
                started_at: Some(created),
                finished_at: finished,
                updated_at: finished.unwrap_or(created),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn runs_are_deterministic_ordered_and_mostly_successful() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let envs: Vec<String> = ["dev", "staging", "production"].map(String::from).to_vec();
        let table = StatusTable::defaults();
        let plan = RunPlan {
            seed: 1,
            count: 400,
            now,
            environments: &envs,
            table: &table,
        };
        let a = plan.service_runs(7, "ledger", Provider::Github);
        let b = plan.service_runs(7, "ledger", Provider::Github);
        assert_eq!(a, b);
        assert_eq!(a.len(), 400);
        assert!(a.windows(2).all(|w| w[0].created_at <= w[1].created_at));
        assert!(a
            .iter()
            .all(|r| r.created_at < now && r.status != DeployStatus::Unknown));
        let ok = a
            .iter()
            .filter(|r| r.status == DeployStatus::Succeeded)
            .count();
        assert!(ok > 300, "{ok} successes");
        let prod = a
            .iter()
            .filter(|r| r.environment.as_deref() == Some("production"))
            .count();
        let dev = a
            .iter()
            .filter(|r| r.environment.as_deref() == Some("dev"))
            .count();
        assert!(dev > prod && prod > 0, "dev {dev}, production {prod}");
    }
}
