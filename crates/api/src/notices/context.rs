//! Gathers the live data a notice reads for one object: the object itself,
//! its changes, their services and environments, the blast radius, risk,
//! rollback order, CAB outcomes and contacts, times in the reader's zone.

use std::collections::{BTreeSet, HashMap};

use chrono::Duration;
use chrono_tz::Tz;
use signalbox_domain::calendar::{Change, Interval, WindowIndex};
use signalbox_domain::deps::order::deploy_order;
use signalbox_domain::deps::{impact, DependencyGraph, ImpactOptions};
use signalbox_domain::notices::context::{
    BlastRadius, CabInfo, CabOutcome, ChangeInfo, Contact, IncidentInfo, NoticeInfo, Reader,
    Release, RiskInfo, Rollback, ServiceInfo, TrainInfo, WindowInfo,
};
use signalbox_domain::notices::{
    Audience, Clock, NoticeContext, NoticeKind, NoticeTarget, TargetKind,
};
use signalbox_domain::EntityKind;
use signalbox_store::{
    cabs, changes, environments, notices as store, settings, teams, trains, windows,
};
use uuid::Uuid;

use crate::governance::{record_of, Radius};
use crate::{ApiError, Result, Workspace};

/// How many dependent services a notice names before saying "and N more".
const BLAST_NAMED: usize = 20;

/// The object a notice is about, read and reduced to what notices need.
struct Subject {
    release: Release,
    train: Option<TrainInfo>,
    window: Option<WindowInfo>,
    incident: Option<IncidentInfo>,
    changes: Vec<Change>,
    /// Services the object names itself (a window's, an incident's).
    services: Vec<Uuid>,
    /// Environments it names itself (a window's).
    environments: Vec<Uuid>,
}

/// Parses an IANA zone name, naming the field when it is not one.
pub(crate) fn zone(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        ApiError::field(
            "time_zone",
            format!("\"{name}\" is not a time zone (expected a name like Europe/Berlin)"),
        )
    })
}

fn span_of(changes: &[Change]) -> Option<Interval> {
    let start = changes.iter().map(|c| c.start).min()?;
    let end = changes.iter().map(|c| c.end).max()?;
    Some(Interval { start, end })
}

impl Workspace {
    /// Whether the object a notice is about still exists.
    pub(crate) fn target_exists(&self, target: NoticeTarget) -> Result<bool> {
        let (conn, id) = (self.conn(), target.id);
        Ok(match target.kind {
            TargetKind::Train => trains::get(conn, id)?.is_some(),
            TargetKind::Change => changes::get(conn, id)?.is_some(),
            TargetKind::Window => windows::get(conn, id)?.is_some(),
            TargetKind::Incident => store::incident(conn, id)?.is_some(),
        })
    }

    fn subject(&self, target: NoticeTarget, clock: Clock) -> Result<Subject> {
        let conn = self.conn();
        let now = self.now();
        let id = target.id;
        let mut s = Subject {
            release: Release {
                id: id.to_string(),
                kind: target.kind.as_str().to_owned(),
                ..Release::default()
            },
            train: None,
            window: None,
            incident: None,
            changes: Vec::new(),
            services: Vec::new(),
            environments: Vec::new(),
        };
        match target.kind {
            TargetKind::Train => {
                let t = trains::get(conn, id)?
                    .ok_or_else(|| ApiError::not_found(EntityKind::Train, id))?;
                s.changes = changes::of_train(conn, id)?;
                let progress = signalbox_domain::calendar::TrainProgress::of(
                    s.changes.iter().map(|c| c.status),
                );
                s.environments = t.targets.iter().map(|x| x.environment_id).collect();
                s.release.name = t.name.clone();
                s.release.version = t.version.clone();
                s.release.description = t.description.clone();
                s.release.owner = t.owner.clone();
                s.release.status = t.status.as_str().to_owned();
                s.release.status_label = capitalised(t.status.as_str());
                s.train = Some(TrainInfo {
                    id: id.to_string(),
                    name: t.name,
                    version: t.version,
                    owner: t.owner,
                    status: t.status.as_str().to_owned(),
                    description: t.description,
                    total: progress.total,
                    done: progress.done,
                    failed: progress.failed,
                });
                if let Some(span) = span_of(&s.changes) {
                    set_span(&mut s.release, clock, span);
                } else {
                    // No changes yet: the target dates are all there is.
                    let dates: BTreeSet<_> = t.targets.iter().map(|x| x.date).collect();
                    let day = |d: &chrono::NaiveDate| d.format("%a %-d %b %Y").to_string();
                    s.release.when = match (dates.first(), dates.last()) {
                        (Some(a), Some(b)) if a == b => day(a),
                        (Some(a), Some(b)) => format!("{} – {}", day(a), day(b)),
                        _ => "date to be confirmed".to_owned(),
                    };
                    s.release.starts = dates.first().map(day).unwrap_or_default();
                    s.release.ends = dates.last().map(day).unwrap_or_default();
                }
            }
            TargetKind::Change => {
                let c = changes::get(conn, id)?
                    .ok_or_else(|| ApiError::not_found(EntityKind::Change, id))?;
                s.release.name = c.title.clone();
                s.release.description = c.description.clone();
                s.release.owner = c.owner.clone();
                s.release.status = c.status.as_str().to_owned();
                s.release.status_label = capitalised(c.status.label());
                set_span(&mut s.release, clock, c.interval());
                s.changes = vec![c];
            }
            TargetKind::Window => {
                let w = windows::get(conn, id)?
                    .ok_or_else(|| ApiError::not_found(EntityKind::Window, id))?;
                let period = Interval {
                    start: now - Duration::days(366),
                    end: now + Duration::days(731),
                };
                let ws = [w.clone()];
                let index = WindowIndex::build(&ws, period);
                let occurrences: Vec<Interval> = index
                    .expanded()
                    .first()
                    .map(|e| e.occurrences.clone())
                    .unwrap_or_default();
                // The occurrence under way or next; the last one when all
                // are past.
                let occurrence = occurrences
                    .iter()
                    .find(|o| o.end > now)
                    .or(occurrences.last())
                    .copied();
                s.release.name = w.name.clone();
                s.release.description = w.description.clone();
                s.release.status = w.kind.as_str().to_owned();
                s.release.status_label = if w.is_hard_freeze() {
                    "Hard freeze".to_owned()
                } else if w.soft {
                    format!("Soft {}", w.kind.as_str())
                } else {
                    capitalised(w.kind.as_str())
                };
                s.services = w.service_ids.clone();
                s.environments = w.environment_ids.clone();
                let mut info = WindowInfo {
                    id: id.to_string(),
                    name: w.name.clone(),
                    kind: w.kind.as_str().to_owned(),
                    soft: w.soft,
                    description: w.description.clone(),
                    time_zone: w.time_zone.clone(),
                    ..WindowInfo::default()
                };
                if let Some(o) = occurrence {
                    set_span(&mut s.release, clock, o);
                    info.starts = s.release.starts.clone();
                    info.ends = s.release.ends.clone();
                    info.when = s.release.when.clone();
                    s.changes = changes::overlapping(conn, o.start, o.end)?
                        .into_iter()
                        .filter(|c| {
                            w.covers_environment(c.environment_id)
                                && (w.service_ids.is_empty()
                                    || c.service_ids.iter().any(|x| w.service_ids.contains(x)))
                        })
                        .collect();
                }
                s.window = Some(info);
            }
            TargetKind::Incident => {
                let i = store::incident(conn, id)?
                    .ok_or_else(|| ApiError::not_found(EntityKind::Incident, id))?;
                s.release.name = i.title.clone();
                s.release.description = i.impact.clone();
                s.release.status = i.status.as_str().to_owned();
                s.release.status_label = i.status.label().to_owned();
                s.release.starts = clock.at(i.started_at);
                s.release.ends = i.resolved_at.map(|r| clock.at(r)).unwrap_or_default();
                s.release.when = match i.resolved_at {
                    Some(r) => clock.span(i.started_at, r),
                    None => format!("since {}", clock.at(i.started_at)),
                };
                // Changes to its services in the day before it began: the
                // first suspects.
                s.changes =
                    changes::overlapping(conn, i.started_at - Duration::hours(24), i.started_at)?
                        .into_iter()
                        .filter(|c| c.service_ids.iter().any(|x| i.service_ids.contains(x)))
                        .collect();
                s.services = i.service_ids.clone();
                s.incident = Some(IncidentInfo {
                    id: id.to_string(),
                    title: i.title,
                    status: i.status.label().to_owned(),
                    impact: i.impact,
                    started: s.release.starts.clone(),
                    resolved: s.release.ends.clone(),
                    when: s.release.when.clone(),
                });
            }
        }
        Ok(s)
    }

    /// Everything a template reads about `target`, for `kind` and
    /// `audience`, with times in `time_zone`.
    pub(crate) fn notice_context(
        &self,
        target: NoticeTarget,
        kind: NoticeKind,
        audience: Audience,
        time_zone: &str,
    ) -> Result<NoticeContext> {
        let tz = zone(time_zone)?;
        let clock = Clock(tz);
        let conn = self.conn();
        let subject = self.subject(target, clock)?;
        // The cached catalog, not a read of every service: a notice is
        // rendered on every keystroke of the template editor.
        let index = self.service_index()?;
        let names = index.names();
        let env_names: HashMap<Uuid, String> = environments::list(conn)?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        let name_of = |id: &Uuid| names.get(id).cloned().unwrap_or_default();

        // Risk for every change at once, then each change written out.
        let mut risk = RiskInfo {
            level: "none".into(),
            level_label: "None".into(),
            ..RiskInfo::default()
        };
        let mut change_infos = Vec::with_capacity(subject.changes.len());
        if let Some(span) = span_of(&subject.changes) {
            // Levels as the register ranks them: a blast radius counted only up to
            // the rule's limit, which decides the same level.
            let ctx = self.risk_context(span, Radius::UpToLimit)?;
            let refs: Vec<&Change> = subject.changes.iter().collect();
            let assessed = ctx.assess_all(&refs)?;
            let mut highest = None;
            for (c, (_, a)) in subject.changes.iter().zip(&assessed) {
                let record = record_of(conn, c)?;
                if highest.is_none_or(|(level, score)| (a.level, a.score) > (level, score)) {
                    highest = Some((a.level, a.score));
                    risk.reasons = a.reasons.iter().map(|r| r.text.clone()).collect();
                }
                change_infos.push(ChangeInfo {
                    id: c.id.to_string(),
                    title: c.title.clone(),
                    description: c.description.clone(),
                    owner: c.owner.clone(),
                    environment: env_names
                        .get(&c.environment_id)
                        .cloned()
                        .unwrap_or_default(),
                    starts: clock.at(c.start),
                    ends: clock.at(c.end),
                    when: clock.span(c.start, c.end),
                    status: c.status.label().to_owned(),
                    services: c.service_ids.iter().map(name_of).collect(),
                    risk_level: a.level.label().to_owned(),
                    score: a.score,
                    model: record.model.as_str().to_owned(),
                    stage: record.stage.as_str().to_owned(),
                });
            }
            if let Some((level, score)) = highest {
                risk.level = level.label().to_owned();
                risk.level_label = capitalised(level.label());
                risk.score = score;
            }
        }

        // Services: the object's own, then its changes', each once.
        let mut service_ids: Vec<Uuid> = Vec::new();
        for id in subject
            .services
            .iter()
            .chain(subject.changes.iter().flat_map(|c| c.service_ids.iter()))
        {
            if names.contains_key(id) && !service_ids.contains(id) {
                service_ids.push(*id);
            }
        }
        let team_list = teams::list(conn)?;
        let team_of: HashMap<Uuid, &signalbox_domain::Team> =
            team_list.iter().map(|t| (t.id, t)).collect();
        let mut service_infos = Vec::with_capacity(service_ids.len());
        let mut contacts: Vec<Contact> = Vec::new();
        for id in &service_ids {
            let Some(s) = index.get(*id) else {
                continue;
            };
            let team = s.owner_team_id.and_then(|t| team_of.get(&t));
            if let Some(t) = team {
                if !t.contact.is_empty() && !contacts.iter().any(|c| c.team == t.name) {
                    contacts.push(Contact {
                        team: t.name.clone(),
                        contact: t.contact.clone(),
                    });
                }
            }
            service_infos.push(ServiceInfo {
                id: id.to_string(),
                name: s.name.clone(),
                tier: s.tier.as_str().to_owned(),
                team: team
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| "no team".into()),
                contact: team.map(|t| t.contact.clone()).unwrap_or_default(),
            });
        }
        service_infos.sort_by(|a, b| a.name.cmp(&b.name));

        // Blast radius and rollback order from the dependency map.
        let mut blast = BlastRadius::default();
        let mut rollback = Rollback::default();
        if !service_ids.is_empty() {
            // One graph for both the blast radius and the rollback order.
            let edges = self.dependency_edges()?.all;
            let graph = DependencyGraph::new(names.keys().copied(), &edges);
            let impact = impact(&graph, &service_ids, &ImpactOptions::default(), &|s| {
                index.get(s).map(|x| x.tier)
            });
            let mut downstream: Vec<String> = impact
                .downstream
                .iter()
                .filter(|r| !service_ids.contains(&r.service_id))
                .map(|r| name_of(&r.service_id))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            blast.count = u32::try_from(downstream.len()).unwrap_or(u32::MAX);
            if downstream.len() > BLAST_NAMED {
                blast.more = blast.count - BLAST_NAMED as u32;
                downstream.truncate(BLAST_NAMED);
            }
            blast.services = downstream;
            let order = deploy_order(&graph, &service_ids);
            let layers: Vec<Vec<String>> = order
                .rollback
                .iter()
                .map(|l| l.steps.iter().map(|s| name_of(&s.service_id)).collect())
                .collect();
            rollback.order = layers.iter().flatten().cloned().collect();
            rollback.summary = rollback_summary(&layers);
        } else {
            rollback.summary = "No services are affected, so nothing needs rolling back.".into();
        }

        // Environments: the object's own, else its changes'.
        let mut environments: Vec<String> = Vec::new();
        let env_ids: Vec<Uuid> = if subject.environments.is_empty() {
            subject.changes.iter().map(|c| c.environment_id).collect()
        } else {
            subject.environments.clone()
        };
        for id in env_ids {
            if let Some(n) = env_names.get(&id) {
                if !environments.contains(n) {
                    environments.push(n.clone());
                }
            }
        }

        let change_ids: Vec<Uuid> = subject.changes.iter().map(|c| c.id).collect();
        let titles: HashMap<Uuid, &str> = subject
            .changes
            .iter()
            .map(|c| (c.id, c.title.as_str()))
            .collect();
        let outcomes: Vec<CabOutcome> = cabs::decisions_for(conn, &change_ids)?
            .into_iter()
            .map(|d| CabOutcome {
                change: titles
                    .get(&d.change_id)
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
                meeting: d.cab_name,
                date: d.at.with_timezone(&tz).format("%a %-d %b %Y").to_string(),
                decision: d.decision.label().to_owned(),
                note: d.note,
            })
            .collect();
        let cab = CabInfo {
            summary: cab_summary(&outcomes, change_ids.len()),
            outcomes,
        };

        Ok(NoticeContext {
            notice: NoticeInfo {
                kind: kind.as_str().to_owned(),
                kind_label: kind.label().to_owned(),
                audience: audience.as_str().to_owned(),
                audience_label: audience.label().to_owned(),
            },
            release: subject.release,
            train: subject.train,
            change: (target.kind == TargetKind::Change)
                .then(|| change_infos.first().cloned())
                .flatten(),
            window: subject.window,
            incident: subject.incident,
            changes: change_infos,
            environments,
            services: service_infos,
            blast_radius: blast,
            risk,
            contacts,
            release_manager: settings::get(conn, settings::DISPLAY_NAME)?.unwrap_or_default(),
            rollback,
            cab,
            reader: Reader {
                time_zone: tz.name().to_owned(),
            },
            generated_at: clock.at(self.now()),
        })
    }
}

/// The label a notice records for its object: its name, and a train's
/// version.
pub(crate) fn label_of(ctx: &NoticeContext) -> String {
    let r = &ctx.release;
    if r.version.is_empty() {
        r.name.clone()
    } else {
        format!("{} {}", r.name, r.version)
    }
}

fn set_span(r: &mut Release, clock: Clock, span: Interval) {
    r.starts = clock.at(span.start);
    r.ends = clock.at(span.end);
    r.when = clock.span(span.start, span.end);
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "Roll back checkout-api first, then ledger and billing, then auth."
fn rollback_summary(layers: &[Vec<String>]) -> String {
    let phrase = |l: &Vec<String>| match l.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    match layers {
        [] => "No services are affected, so nothing needs rolling back.".into(),
        [only] => format!(
            "Roll back {} (no order between them is needed).",
            phrase(only)
        ),
        [first, rest @ ..] => format!(
            "Roll back {} first, then {}.",
            phrase(first),
            rest.iter().map(phrase).collect::<Vec<_>>().join(", then ")
        ),
    }
}

/// "3 of 4 changes approved, 1 deferred" or "Not yet reviewed by a CAB."
fn cab_summary(outcomes: &[CabOutcome], changes: usize) -> String {
    if outcomes.is_empty() {
        return "Not yet reviewed by a CAB.".into();
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for o in outcomes {
        match counts.iter_mut().find(|(d, _)| *d == o.decision) {
            Some((_, n)) => *n += 1,
            None => counts.push((o.decision.clone(), 1)),
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(d, n)| format!("{n} {}", d.to_lowercase()))
        .collect();
    format!(
        "{} of {changes} change{} reviewed: {}.",
        outcomes.len(),
        if changes == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollback_summaries_read_as_sentences() {
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            rollback_summary(&[l(&["web"]), l(&["api", "ledger"]), l(&["db"])]),
            "Roll back web first, then api and ledger, then db."
        );
        assert_eq!(
            rollback_summary(&[l(&["a", "b", "c"])]),
            "Roll back a, b and c (no order between them is needed)."
        );
    }
}
