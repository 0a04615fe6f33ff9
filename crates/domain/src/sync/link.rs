//! Linking a synced deployment to the planned change it carries out, and
//! the steps that bring the change's status up to the run's: the calendar
//! then shows what is really happening.
//!
//! A run belongs to a change on the same service and environment when its
//! commit SHA, ref or tag is named in the change's title or description, or
//! else when it started inside the change's planned window (widened by a
//! slack, since deployments rarely start on the minute). Status moves only
//! forward, one allowed step at a time (planned → in progress → succeeded),
//! never into a status that needs evidence (verified, rolled back) and
//! never back to planned: a person decides those.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::SyncedRun;
use crate::calendar::{Change, DeployStatus};

/// How far outside its planned window a run may start and still belong to a change.
pub const WINDOW_SLACK_MIN: i64 = 120;

/// The change `run` (on `service`, in `environment`) carries out, if any.
pub fn change_for<'a>(
    run: &SyncedRun,
    service: Uuid,
    environment: Uuid,
    changes: &'a [Change],
) -> Option<&'a Change> {
    let mine = |c: &&Change| c.environment_id == environment && c.service_ids.contains(&service);
    let names = |c: &Change, token: &str| {
        token.len() >= 7 && (c.title.contains(token) || c.description.contains(token))
    };
    let by_name = changes.iter().filter(mine).find(|c| {
        run.sha
            .as_deref()
            .is_some_and(|sha| names(c, sha) || sha.get(..12).is_some_and(|short| names(c, short)))
            || run
                .git_ref
                .as_deref()
                .is_some_and(|r| r.len() >= 3 && (c.title.contains(r) || c.description.contains(r)))
    });
    if by_name.is_some() {
        return by_name;
    }
    let started = run.started_at.unwrap_or(run.created_at);
    let slack = Duration::minutes(WINDOW_SLACK_MIN);
    changes
        .iter()
        .filter(mine)
        .filter(|c| c.start - slack <= started && started < c.end + slack)
        // The change whose start is nearest the run's.
        .min_by_key(|c| (c.start - started).num_seconds().abs())
}

/// The status a change takes from a run's, if a run's status says anything
/// about the change.
fn target(run: DeployStatus) -> Option<DeployStatus> {
    use DeployStatus::*;
    match run {
        Queued | InProgress | Succeeded | Failed | Cancelled | Blocked | Stalled => Some(run),
        Planned | Verified | RolledBack | Unknown => None,
    }
}

/// The steps from `from` to the status `run` implies, each an allowed move
/// needing no evidence; empty when there is nothing to do or no such path.
pub fn steps(from: DeployStatus, run: DeployStatus) -> Vec<DeployStatus> {
    let Some(to) = target(run) else {
        return Vec::new();
    };
    if from == to {
        return Vec::new();
    }
    let usable = |s: DeployStatus| {
        !matches!(
            s,
            DeployStatus::Planned | DeployStatus::Verified | DeployStatus::RolledBack
        )
    };
    // Breadth first: the shortest path through allowed moves.
    let mut queue = VecDeque::from([from]);
    let mut came: Vec<(DeployStatus, DeployStatus)> = Vec::new();
    while let Some(at) = queue.pop_front() {
        for &next in at.next() {
            if !usable(next) || next == from || came.iter().any(|(s, _)| *s == next) {
                continue;
            }
            came.push((next, at));
            if next == to {
                let mut path = vec![to];
                let mut cur = at;
                while cur != from {
                    path.push(cur);
                    cur = came
                        .iter()
                        .find(|(s, _)| *s == cur)
                        .map_or(from, |(_, prev)| *prev);
                }
                path.reverse();
                return path;
            }
            queue.push_back(next);
        }
    }
    Vec::new()
}

/// Whether a change `in_progress` since `since` has been so long enough to
/// call it stalled.
pub fn is_stalled(since: DateTime<Utc>, now: DateTime<Utc>, timeout: Duration) -> bool {
    now - since > timeout
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DeployStatus::*;
    use crate::sync::{Provider, RunKind};
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, h, m, 0).unwrap()
    }

    fn change(n: u128, title: &str, start: u32, end: u32, service: Uuid, env: Uuid) -> Change {
        Change {
            id: Uuid::from_u128(n),
            title: title.into(),
            description: String::new(),
            service_ids: vec![service],
            environment_id: env,
            start: at(start, 0),
            end: at(end, 0),
            owner: String::new(),
            train_id: None,
            status: Planned,
            created_at: at(0, 0),
            updated_at: at(0, 0),
        }
    }

    fn run(started: DateTime<Utc>, sha: &str) -> SyncedRun {
        SyncedRun {
            provider: Provider::Github,
            kind: RunKind::Deployment,
            source: "acme/shop".into(),
            external_id: "1".into(),
            attempt: 1,
            name: "deploy".into(),
            environment: Some("production".into()),
            raw_status: "deployment:in_progress".into(),
            status: InProgress,
            sha: Some(sha.into()),
            git_ref: Some("v2.4.0".into()),
            url: None,
            actor: None,
            created_at: started,
            started_at: Some(started),
            finished_at: None,
            updated_at: started,
        }
    }

    #[test]
    fn a_run_belongs_to_the_change_on_its_service_and_environment_at_its_time() {
        let (svc, other, env, prod) = (
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            Uuid::from_u128(3),
            Uuid::from_u128(4),
        );
        let changes = [
            change(10, "Shop 2.3", 8, 9, svc, env),
            change(11, "Shop 2.4", 14, 15, svc, env),
            change(12, "Ledger", 14, 15, other, env),
            change(13, "Shop in prod", 14, 15, svc, prod),
        ];
        let r = run(at(15, 30), "0123456789abcdef0123456789abcdef01234567");
        assert_eq!(
            change_for(&r, svc, env, &changes).map(|c| c.id),
            Some(Uuid::from_u128(11))
        );
        // Far from any window: no change.
        let late = run(at(22, 0), "0123456789abcdef0123456789abcdef01234567");
        assert!(change_for(&late, svc, env, &changes).is_none());
        // Named by its tag, whenever it ran.
        let mut named = changes.clone();
        named[0].description = "Ships v2.4.0 to staging".into();
        assert_eq!(
            change_for(&late, svc, env, &named).map(|c| c.id),
            Some(Uuid::from_u128(10))
        );
    }

    #[test]
    fn status_moves_forward_one_allowed_step_at_a_time() {
        assert_eq!(steps(Planned, InProgress), vec![InProgress]);
        assert_eq!(steps(Planned, Succeeded), vec![InProgress, Succeeded]);
        assert_eq!(steps(Planned, Failed), vec![InProgress, Failed]);
        assert_eq!(steps(Queued, Succeeded), vec![InProgress, Succeeded]);
        assert_eq!(steps(InProgress, InProgress), vec![]);
        // Never into what needs evidence, never back, nothing from unknown.
        assert_eq!(steps(Succeeded, InProgress), vec![]);
        assert_eq!(steps(Verified, Failed), vec![]);
        assert_eq!(steps(Planned, Unknown), vec![]);
        assert_eq!(steps(Failed, Succeeded), vec![]);
    }

    #[test]
    fn in_progress_past_the_timeout_is_stalled() {
        let timeout = Duration::minutes(90);
        assert!(!is_stalled(at(10, 0), at(11, 0), timeout));
        assert!(is_stalled(at(10, 0), at(12, 0), timeout));
    }
}
