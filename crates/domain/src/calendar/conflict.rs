//! Conflict rules: what makes a scheduled change collide with a window, with
//! other changes or with an environment's quota. Pure functions over the data
//! the caller loaded; `now` decides which changes still hold their slot.

use std::collections::HashMap;

pub use super::dependency_index::DependencyIndex;

// The rules hash tens of thousands of ids per check; SipHash's protection
// against crafted keys buys nothing for a workspace's own ids.
use rustc_hash::FxHashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::occurrences::{Expanded, WindowIndex};
use super::{Change, Interval, WindowKind};
use crate::Environment;

/// What kind of collision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Inside a hard freeze.
    HardFreeze,
    /// Inside a soft freeze.
    SoftFreeze,
    /// A production change not inside any maintenance window.
    OutsideMaintenance,
    /// More changes at once in an environment than its quota.
    QuotaExceeded,
    /// Two changes on the same service in the same environment at once.
    ServiceOverlap,
    /// Changes on services that depend on each other at once.
    DependencyOverlap,
    /// The same owner on two changes at once.
    OwnerDoubleBooked,
}

/// Whether a conflict blocks or warns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One collision, with everything it involves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub severity: Severity,
    /// The changes involved, the one being checked first.
    pub change_ids: Vec<Uuid>,
    /// Every affected service.
    pub service_ids: Vec<Uuid>,
    /// Every window involved (the freeze, or the maintenance windows missed).
    pub window_ids: Vec<Uuid>,
    pub environment_id: Option<Uuid>,
    /// When it bites.
    pub interval: Interval,
    /// Why it is a conflict, in words, naming services and windows.
    pub message: String,
}

/// Service A depends on service B (the dependency map fills these in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Dependency {
    pub service_id: Uuid,
    pub depends_on: Uuid,
}

/// Everything besides the changes that the rules read.
pub struct Facts<'a> {
    pub windows: &'a WindowIndex<'a>,
    pub environments: &'a [Environment],
    pub dependencies: &'a DependencyIndex,
    pub service_names: &'a HashMap<Uuid, String>,
}

impl Facts<'_> {
    fn service(&self, id: Uuid) -> &str {
        self.service_names
            .get(&id)
            .map(String::as_str)
            .unwrap_or("(deleted service)")
    }

    fn services(&self, ids: &[Uuid]) -> String {
        let names: Vec<&str> = ids.iter().map(|id| self.service(*id)).collect();
        list(&names)
    }

    fn environment(&self, id: Uuid) -> Option<&Environment> {
        self.environments.iter().find(|e| e.id == id)
    }
}

/// "a", "a and b", "a, b and c", or "a, b, c and 4 more".
fn list(names: &[&str]) -> String {
    const SHOWN: usize = 5;
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        _ if names.len() > SHOWN + 1 => format!(
            "{} and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        ),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn when(i: &Interval) -> String {
    // Written out by hand: chrono's format strings are parsed on every call,
    // and a quarter's detection formats thousands of these.
    use chrono::{Datelike, Timelike};
    let (s, e) = (i.start, i.end);
    let day = match s.weekday() {
        chrono::Weekday::Mon => "Mon",
        chrono::Weekday::Tue => "Tue",
        chrono::Weekday::Wed => "Wed",
        chrono::Weekday::Thu => "Thu",
        chrono::Weekday::Fri => "Fri",
        chrono::Weekday::Sat => "Sat",
        chrono::Weekday::Sun => "Sun",
    };
    format!(
        "{day} {:04}-{:02}-{:02} {:02}:{:02} – {:04}-{:02}-{:02} {:02}:{:02} UTC",
        s.year(),
        s.month(),
        s.day(),
        s.hour(),
        s.minute(),
        e.year(),
        e.month(),
        e.day(),
        e.hour(),
        e.minute()
    )
}

/// True when `change` still holds its slot at `now`.
pub fn is_live(change: &Change, now: DateTime<Utc>) -> bool {
    change.status.is_open() && change.end > now
}

/// Every conflict among `changes` (any order) and against the windows.
/// Changes that are finished, cancelled or already over at `now` are left out.
pub fn detect(now: DateTime<Utc>, changes: &[&Change], facts: &Facts<'_>) -> Vec<Conflict> {
    let live: Vec<&Change> = changes
        .iter()
        .copied()
        .filter(|c| is_live(c, now))
        .collect();
    let mut out = Vec::new();
    for change in &live {
        window_conflicts(change, facts, &mut out);
    }
    overlap_conflicts(&live, facts, None, &mut out);
    quota_conflicts(&live, facts, None, &mut out);
    out
}

/// The conflicts `candidate` would have among `others` (typically the changes
/// overlapping it) and the windows: the live check while a change is edited
/// or dragged. `candidate` is checked whatever its status; an entry in
/// `others` with the candidate's id is its stored self and is ignored.
pub fn check(
    now: DateTime<Utc>,
    candidate: &Change,
    others: &[&Change],
    facts: &Facts<'_>,
) -> Vec<Conflict> {
    let mut live: Vec<&Change> = vec![candidate];
    live.extend(others.iter().copied().filter(|c| {
        c.id != candidate.id && is_live(c, now) && c.interval().overlaps(&candidate.interval())
    }));
    let mut out = Vec::new();
    window_conflicts(candidate, facts, &mut out);
    overlap_conflicts(&live, facts, Some(candidate.id), &mut out);
    quota_conflicts(&live, facts, Some(candidate.id), &mut out);
    out
}

/// Freezes the change falls in, and (in production) maintenance it misses.
fn window_conflicts(change: &Change, facts: &Facts<'_>, out: &mut Vec<Conflict>) {
    let span = change.interval();
    let env = change.environment_id;
    // Freezes: one conflict per window, naming the services it covers.
    let mut by_window: Vec<(&Expanded<'_>, Interval)> = Vec::new();
    for (w, occurrence) in facts.windows.overlapping(env, WindowKind::Freeze, &span) {
        if !by_window
            .iter()
            .any(|(seen, _)| seen.window.id == w.window.id)
        {
            by_window.push((w, occurrence));
        }
    }
    for (w, occurrence) in by_window {
        let services: Vec<Uuid> = change
            .service_ids
            .iter()
            .copied()
            .filter(|s| w.window.applies_to(env, *s))
            .collect();
        if services.is_empty() {
            continue;
        }
        let hard = w.window.is_hard_freeze();
        let overlap = occurrence.intersection(&span).unwrap_or(span);
        out.push(Conflict {
            kind: if hard {
                ConflictKind::HardFreeze
            } else {
                ConflictKind::SoftFreeze
            },
            severity: if hard {
                Severity::Error
            } else {
                Severity::Warning
            },
            change_ids: vec![change.id],
            service_ids: services.clone(),
            window_ids: vec![w.window.id],
            environment_id: Some(env),
            interval: overlap,
            message: format!(
                "\"{}\" on {} falls in the {} freeze \"{}\" ({})",
                change.title,
                facts.services(&services),
                if hard { "hard" } else { "soft" },
                w.window.name,
                when(&occurrence)
            ),
        });
    }

    let Some(environment) = facts.environment(env) else {
        return;
    };
    if !environment.production {
        return;
    }
    let containing: Vec<&Expanded<'_>> = facts
        .windows
        .overlapping(env, WindowKind::Maintenance, &span)
        .filter(|(_, occurrence)| occurrence.contains(&span))
        .map(|(w, _)| w)
        .collect();
    let uncovered: Vec<Uuid> = change
        .service_ids
        .iter()
        .copied()
        .filter(|s| !containing.iter().any(|w| w.window.applies_to(env, *s)))
        .collect();
    if uncovered.is_empty() {
        return;
    }
    let applicable: Vec<&Expanded<'_>> = facts
        .windows
        .windows(WindowKind::Maintenance)
        .filter(|w| uncovered.iter().any(|s| w.window.applies_to(env, *s)))
        .collect();
    let names: Vec<&str> = applicable.iter().map(|w| w.window.name.as_str()).collect();
    let message = if applicable.is_empty() {
        format!(
            "Production change \"{}\" on {} has no maintenance window in {}: none covers {}",
            change.title,
            facts.services(&uncovered),
            environment.name,
            if uncovered.len() == 1 { "it" } else { "them" }
        )
    } else {
        format!(
            "Production change \"{}\" on {} runs outside every maintenance window ({})",
            change.title,
            facts.services(&uncovered),
            list(&names)
        )
    };
    out.push(Conflict {
        kind: ConflictKind::OutsideMaintenance,
        severity: Severity::Error,
        change_ids: vec![change.id],
        service_ids: uncovered,
        window_ids: applicable.iter().map(|w| w.window.id).collect(),
        environment_id: Some(env),
        interval: span,
        message,
    });
}

/// Pairs of live changes that overlap on a service, a dependency or an owner.
/// With `only`, just the pairs involving that change.
fn overlap_conflicts(
    live: &[&Change],
    facts: &Facts<'_>,
    only: Option<Uuid>,
    out: &mut Vec<Conflict>,
) {
    // (service, environment) → changes on it, sorted by start.
    let mut lanes: FxHashMap<(Uuid, Uuid), Vec<usize>> = FxHashMap::default();
    for (i, c) in live.iter().enumerate() {
        for s in &c.service_ids {
            lanes.entry((*s, c.environment_id)).or_default().push(i);
        }
    }
    for lane in lanes.values_mut() {
        lane.sort_by_key(|i| live[*i].start);
    }
    let wanted = |a: usize, b: usize| only.is_none_or(|id| live[a].id == id || live[b].id == id);

    // Same service, same environment.
    let mut shared: FxHashMap<(usize, usize), Vec<Uuid>> = FxHashMap::default();
    for ((service, _), lane) in &lanes {
        for_overlapping_pairs(lane, live, |a, b| {
            if wanted(a, b) {
                shared.entry(ordered(a, b)).or_default().push(*service);
            }
        });
    }
    let mut pairs: Vec<_> = shared.into_iter().collect();
    pairs.sort_by_key(|((a, b), _)| (live[*a].start, *a, *b));
    for ((a, b), mut services) in pairs {
        services.sort_by(|x, y| facts.service(*x).cmp(facts.service(*y)));
        let (a, b) = lead(a, b, live, only);
        out.push(Conflict {
            kind: ConflictKind::ServiceOverlap,
            severity: Severity::Warning,
            change_ids: vec![live[a].id, live[b].id],
            service_ids: services.clone(),
            window_ids: vec![],
            environment_id: Some(live[a].environment_id),
            interval: overlap_of(live[a], live[b]),
            message: format!(
                "\"{}\" and \"{}\" both change {} at the same time",
                live[a].title,
                live[b].title,
                facts.services(&services)
            ),
        });
    }

    // Services that depend on each other, same environment. Only services
    // with changes here are looked at; two kinds of dependency between the
    // same pair make one conflict.
    let mut envs_of: FxHashMap<Uuid, Vec<Uuid>> = FxHashMap::default();
    for (s, e) in lanes.keys() {
        envs_of.entry(*s).or_default().push(*e);
    }
    for (service_id, depends_on) in facts.dependencies.among(&envs_of) {
        let dep = Dependency {
            service_id,
            depends_on,
        };
        let Some(envs) = envs_of.get(&dep.service_id) else {
            continue;
        };
        for &env in envs {
            let (Some(left), Some(right)) = (
                lanes.get(&(dep.service_id, env)),
                lanes.get(&(dep.depends_on, env)),
            ) else {
                continue;
            };
            for &a in left {
                for &b in right {
                    if a == b || !wanted(a, b) || !live[a].interval().overlaps(&live[b].interval())
                    {
                        continue;
                    }
                    let (x, y) = lead(a, b, live, only);
                    out.push(Conflict {
                        kind: ConflictKind::DependencyOverlap,
                        severity: Severity::Warning,
                        change_ids: vec![live[x].id, live[y].id],
                        service_ids: vec![dep.service_id, dep.depends_on],
                        window_ids: vec![],
                        environment_id: Some(env),
                        interval: overlap_of(live[a], live[b]),
                        message: format!(
                            "\"{}\" changes {} while \"{}\" changes {}, which it depends on",
                            live[a].title,
                            facts.service(dep.service_id),
                            live[b].title,
                            facts.service(dep.depends_on)
                        ),
                    });
                }
            }
        }
    }

    // The same owner, anywhere.
    let mut owners: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, c) in live.iter().enumerate() {
        let owner = c.owner.trim().to_lowercase();
        if !owner.is_empty() {
            owners.entry(owner).or_default().push(i);
        }
    }
    let mut owner_pairs = Vec::new();
    for lane in owners.values_mut() {
        lane.sort_by_key(|i| live[*i].start);
        for_overlapping_pairs(lane, live, |a, b| {
            if wanted(a, b) {
                owner_pairs.push(ordered(a, b));
            }
        });
    }
    owner_pairs.sort_by_key(|(a, b)| (live[*a].start, *a, *b));
    for (a, b) in owner_pairs {
        let (a, b) = lead(a, b, live, only);
        let mut services = live[a].service_ids.clone();
        services.extend(
            live[b]
                .service_ids
                .iter()
                .filter(|s| !live[a].service_ids.contains(s)),
        );
        out.push(Conflict {
            kind: ConflictKind::OwnerDoubleBooked,
            severity: Severity::Warning,
            change_ids: vec![live[a].id, live[b].id],
            service_ids: services,
            window_ids: vec![],
            environment_id: None,
            interval: overlap_of(live[a], live[b]),
            message: format!(
                "{} owns both \"{}\" and \"{}\", which overlap",
                live[a].owner.trim(),
                live[a].title,
                live[b].title
            ),
        });
    }
}

/// Calls `f` for every pair in `lane` (indices sorted by start) that overlaps.
fn for_overlapping_pairs(lane: &[usize], live: &[&Change], mut f: impl FnMut(usize, usize)) {
    let mut active: Vec<usize> = Vec::new();
    for &i in lane {
        let start = live[i].start;
        active.retain(|a| live[*a].end > start);
        for &a in &active {
            f(a, i);
        }
        active.push(i);
    }
}

fn ordered(a: usize, b: usize) -> (usize, usize) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// The pair with the checked change first, else in start order.
fn lead(a: usize, b: usize, live: &[&Change], only: Option<Uuid>) -> (usize, usize) {
    match only {
        Some(id) if live[b].id == id => (b, a),
        Some(_) => (a, b),
        None if live[b].start < live[a].start => (b, a),
        None => (a, b),
    }
}

fn overlap_of(a: &Change, b: &Change) -> Interval {
    a.interval()
        .intersection(&b.interval())
        .unwrap_or(a.interval())
}

/// Periods when an environment runs more changes than its quota allows.
fn quota_conflicts(
    live: &[&Change],
    facts: &Facts<'_>,
    only: Option<Uuid>,
    out: &mut Vec<Conflict>,
) {
    let mut by_env: FxHashMap<Uuid, Vec<usize>> = FxHashMap::default();
    for (i, c) in live.iter().enumerate() {
        by_env.entry(c.environment_id).or_default().push(i);
    }
    let mut envs: Vec<_> = by_env.into_iter().collect();
    envs.sort_by_key(|(id, _)| *id);
    for (env_id, members) in envs {
        let Some(env) = facts.environment(env_id) else {
            continue;
        };
        let Some(quota) = env.deploy_quota else {
            continue;
        };
        let quota = quota as usize;
        if members.len() <= quota {
            continue;
        }
        // Sweep: ends sort before starts at the same instant (touching is not overlapping).
        let mut events: Vec<(DateTime<Utc>, bool, usize)> = Vec::with_capacity(members.len() * 2);
        for &i in &members {
            events.push((live[i].start, true, i));
            events.push((live[i].end, false, i));
        }
        events.sort_by_key(|(t, is_start, i)| (*t, *is_start, *i));
        let mut active: Vec<usize> = Vec::new();
        let mut over: Option<(DateTime<Utc>, Vec<usize>)> = None;
        // Membership of the current over-quota period, by index into `live`.
        let mut marked = vec![false; live.len()];
        for (t, is_start, i) in events {
            if is_start {
                active.push(i);
            } else {
                active.retain(|a| *a != i);
            }
            match (&mut over, active.len() > quota) {
                (None, true) => {
                    for a in &active {
                        marked[*a] = true;
                    }
                    over = Some((t, active.clone()));
                }
                (Some((_, involved)), true) => {
                    // Only a start can add a member while over quota.
                    if is_start && !marked[i] {
                        marked[i] = true;
                        involved.push(i);
                    }
                }
                (Some(_), false) => {
                    if let Some((from, involved)) = over.take() {
                        for a in &involved {
                            marked[*a] = false;
                        }
                        emit_quota(env, quota, from, t, &involved, live, only, out);
                    }
                }
                (None, false) => {}
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn emit_quota(
    env: &Environment,
    quota: usize,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    involved: &[usize],
    live: &[&Change],
    only: Option<Uuid>,
    out: &mut Vec<Conflict>,
) {
    let Some(interval) = Interval::new(from, to) else {
        return;
    };
    let mut ids: Vec<Uuid> = involved.iter().map(|i| live[*i].id).collect();
    if let Some(id) = only {
        let Some(pos) = ids.iter().position(|x| *x == id) else {
            return;
        };
        ids.swap(0, pos);
    }
    let mut services: Vec<Uuid> = Vec::new();
    for i in involved {
        for s in &live[*i].service_ids {
            if !services.contains(s) {
                services.push(*s);
            }
        }
    }
    let titles: Vec<String> = involved
        .iter()
        .map(|i| format!("\"{}\"", live[*i].title))
        .collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    out.push(Conflict {
        kind: ConflictKind::QuotaExceeded,
        severity: Severity::Error,
        change_ids: ids,
        service_ids: services,
        window_ids: vec![],
        environment_id: Some(env.id),
        interval,
        message: format!(
            "{} allows {quota} change{} at once, but {} run together ({}): {}",
            env.name,
            if quota == 1 { "" } else { "s" },
            involved.len(),
            when(&interval),
            list(&titles)
        ),
    });
}
