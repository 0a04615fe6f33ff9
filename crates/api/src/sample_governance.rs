//! The sample portfolio's governance: people (the changes' owners as
//! release managers, a few CAB members, a viewer, and the acting user), two
//! CABs, and the changes of the next 30 days spread over the stages with
//! answered questionnaires, so the register, approvals and a CAB agenda
//! have something to show.

use std::collections::BTreeSet;

use chrono::Duration;
use signalbox_domain::calendar::Change;
use signalbox_domain::governance::{
    AgendaFilter, Answers, Cab, Cadence, ChangeGovernance, ChangeModel, Person, RiskLevel,
    RiskPolicy, Role, Stage,
};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{governance, people, Connection};

use crate::workspace::{record, Ctx, Subject};
use crate::Result;

const CAB_MEMBERS: [&str; 4] = [
    "Amara Okafor",
    "Jonas Berg",
    "Lucía Fernández",
    "Mei Tanaka",
];
const VIEWER: &str = "Sam Viewer";

fn add(tx: &Connection, ctx: &Ctx<'_>, name: &str, role: Role) -> Result<Person> {
    crate::governance::people::insert_person(tx, ctx, name, role)
}

/// Stores the sample's people, CABs and governance records. `changes` are
/// the stored sample changes.
pub(crate) fn store(tx: &Connection, ctx: &Ctx<'_>, changes: &[Change]) -> Result<()> {
    let owners: BTreeSet<&str> = changes
        .iter()
        .map(|c| c.owner.as_str())
        .filter(|o| !o.is_empty())
        .collect();
    let existing = people::list(tx)?;
    let mut taken: BTreeSet<String> = existing.iter().map(|p| p.name.to_lowercase()).collect();
    let mut members = Vec::new();
    for name in CAB_MEMBERS {
        if taken.insert(name.to_lowercase()) {
            members.push(add(tx, ctx, name, Role::CabMember)?.id);
        }
    }
    // The person using the app chairs the CABs as a release manager.
    match existing
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(ctx.actor))
    {
        Some(me) => members.push(me.id),
        None if taken.insert(ctx.actor.to_lowercase()) => {
            members.push(add(tx, ctx, ctx.actor, Role::ReleaseManager)?.id);
        }
        None => {}
    }
    for name in owners {
        if taken.insert(name.to_lowercase()) {
            add(tx, ctx, name, Role::ReleaseManager)?;
        }
    }
    if taken.insert(VIEWER.to_lowercase()) {
        add(tx, ctx, VIEWER, Role::Viewer)?;
    }
    let cab = |name: &str, cadence, filter| Cab {
        id: signalbox_domain::new_id(ctx.now),
        name: name.into(),
        cadence,
        member_ids: members.clone(),
        filter,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    for c in [
        cab(
            "Weekly CAB",
            Cadence::Weekly,
            AgendaFilter {
                environment_ids: vec![],
                levels: vec![RiskLevel::High, RiskLevel::Critical],
                models: vec![ChangeModel::Normal],
                horizon_days: 14,
            },
        ),
        cab(
            "Emergency CAB",
            Cadence::AdHoc,
            AgendaFilter {
                environment_ids: vec![],
                levels: vec![],
                models: vec![ChangeModel::Emergency],
                horizon_days: 7,
            },
        ),
    ] {
        crate::governance::cab::insert_cab(tx, ctx, &c)?;
    }
    let questions = RiskPolicy::defaults().questions;
    let horizon = ctx.now + Duration::days(30);
    let mut upcoming: Vec<&Change> = changes
        .iter()
        .filter(|c| c.start >= ctx.now && c.start < horizon)
        .collect();
    upcoming.sort_by_key(|c| (c.start, c.id));
    for (i, c) in upcoming.into_iter().enumerate() {
        let (model, stage, answered) = match i % 10 {
            0..=4 => (ChangeModel::Normal, Stage::Authorise, questions.len()),
            5 => (ChangeModel::Normal, Stage::Assess, 2),
            6 => (ChangeModel::Normal, Stage::Scheduled, questions.len()),
            7 => (ChangeModel::Standard, Stage::Scheduled, 0),
            8 => (ChangeModel::Emergency, Stage::Authorise, 0),
            _ => continue,
        };
        // Answers vary with the change, the same for the same seed.
        let answers: Answers = questions
            .iter()
            .take(answered)
            .enumerate()
            .map(|(q, question)| {
                // Mostly the safest answer, now and then another.
                let h = i * 7 + q * 3 + c.title.len();
                let pick = if h % 3 == 0 {
                    h % question.options.len()
                } else {
                    0
                };
                (question.key.clone(), pick)
            })
            .collect();
        let g = ChangeGovernance {
            model,
            stage,
            answers,
            ..ChangeGovernance::initial(c.id, &c.owner, ctx.now)
        };
        governance::put(tx, &g)?;
        record(
            tx,
            ctx,
            Subject(EntityKind::Change, c.id, &c.title),
            AuditAction::StageChanged,
            None,
            Some(&serde_json::json!({ "model": g.model, "stage": g.stage, "answers": g.answers })),
        )?;
    }
    Ok(())
}
