//! Meeting mode: starting a prepared meeting, moving through its items (the
//! time on each counted), attendance, decisions by keyboard (approve,
//! reject, defer, request changes; the first three also recorded as the
//! acting person's approval decision), pulling in late additions, closing,
//! and the agenda and minutes as documents.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use signalbox_domain::governance::approvals::ApprovalState;
use signalbox_domain::governance::cab::check_meeting_decision;
use signalbox_domain::governance::minutes::{self, Document, Format};
use signalbox_domain::governance::{AgendaItem, Decision, Meeting, MeetingDecision, MeetingStatus};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{cabs, Connection};
use ts_rs::TS;
use uuid::Uuid;

use super::approvals::decide_in;
use super::cab::LateAddition;
use super::facts::Radius;
use super::lifecycle::approval_state;
use crate::workspace::{record, Ctx, Subject};
use crate::{ApiError, Result, Workspace};

/// A meeting as meeting mode shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeetingView {
    pub meeting: Meeting,
    /// Matching changes not on the frozen agenda.
    pub late: Vec<LateAddition>,
    /// Where the current item's approvals stand now (live, not frozen).
    pub current_approvals: Option<ApprovalState>,
    /// When the view was read: the item timer counts from `current_since`.
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MinutesFormat {
    Markdown,
    Html,
    /// HTML laid out for printing to PDF.
    Pdf,
}

impl std::str::FromStr for MinutesFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "md" | "markdown" => Ok(MinutesFormat::Markdown),
            "html" => Ok(MinutesFormat::Html),
            "pdf" | "pdf-html" => Ok(MinutesFormat::Pdf),
            _ => Err(format!("unknown format \"{s}\"; expected md, html or pdf")),
        }
    }
}

fn label(m: &Meeting) -> String {
    format!("{} {}", m.cab_name, m.at.format("%Y-%m-%d"))
}

/// Adds the time since the current item came up to it.
fn bank_time(tx: &Connection, m: &mut Meeting, now: DateTime<Utc>) -> Result<()> {
    let Some(since) = m.current_since else {
        return Ok(());
    };
    if let Some(item) = m.items.iter_mut().find(|i| i.position == m.current) {
        let spent = (now - since).num_seconds().max(0);
        item.seconds = item
            .seconds
            .saturating_add(u32::try_from(spent).unwrap_or(u32::MAX));
        cabs::put_item(tx, m.id, item)?;
    }
    m.current_since = Some(now);
    Ok(())
}

fn load(tx: &Connection, id: Uuid) -> Result<Meeting> {
    cabs::get_meeting(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Meeting, id))
}

fn audit_meeting(
    tx: &Connection,
    ctx: &Ctx<'_>,
    m: &Meeting,
    action: AuditAction,
    after: serde_json::Value,
) -> Result<()> {
    record(
        tx,
        ctx,
        Subject(EntityKind::Meeting, m.id, &label(m)),
        action,
        None,
        Some(&after),
    )
}

impl Workspace {
    /// A meeting with its late additions and the current item's approvals.
    pub fn meeting(&self, id: Uuid) -> Result<MeetingView> {
        let m = load(self.conn(), id)?;
        let late = self.late_additions(&m)?;
        let current_approvals = match m.items.iter().find(|i| i.position == m.current) {
            Some(item) if m.status == MeetingStatus::InProgress => {
                match signalbox_store::changes::get(self.conn(), item.facts.change_id)? {
                    Some(c) => {
                        let g = super::record_of(self.conn(), &c)?;
                        let (_, risk) = self.assess_one(&c, Radius::UpToLimit)?;
                        Some(approval_state(self.conn(), &c, &g, &risk)?.2)
                    }
                    None => None,
                }
            }
            _ => None,
        };
        Ok(MeetingView {
            meeting: m,
            late,
            current_approvals,
            now: self.now(),
        })
    }

    /// Starts a prepared meeting on its first item.
    pub fn start_meeting(&mut self, id: Uuid) -> Result<MeetingView> {
        self.write_governance(&[EntityKind::Meeting], |tx, ctx| {
            let mut m = load(tx, id)?;
            if m.status != MeetingStatus::Prepared {
                return Err(ApiError::Refused(match m.status {
                    MeetingStatus::InProgress => "The meeting is already in progress".into(),
                    _ => "The meeting is closed".into(),
                }));
            }
            m.status = MeetingStatus::InProgress;
            m.started_at = Some(ctx.now);
            m.current = 0;
            m.current_since = Some(ctx.now);
            cabs::update_meeting(tx, &m)?;
            audit_meeting(
                tx,
                ctx,
                &m,
                AuditAction::StatusChanged,
                serde_json::json!({ "status": "in_progress" }),
            )
        })?;
        self.meeting(id)
    }

    /// Brings up the item at `position`.
    pub fn meeting_go(&mut self, id: Uuid, position: u32) -> Result<MeetingView> {
        self.write_keeping_caches(&[EntityKind::Meeting], |tx, ctx| {
            let mut m = load(tx, id)?;
            if m.status != MeetingStatus::InProgress {
                return Err(ApiError::Refused("The meeting is not in progress".into()));
            }
            if !m.items.iter().any(|i| i.position == position) {
                return Err(ApiError::Refused(format!(
                    "The agenda has no item {}",
                    position + 1
                )));
            }
            bank_time(tx, &mut m, ctx.now)?;
            m.current = position;
            cabs::update_meeting(tx, &m)?;
            Ok(())
        })?;
        self.meeting(id)
    }

    /// Marks a member present or absent.
    pub fn set_attendance(&mut self, id: Uuid, person: Uuid, present: bool) -> Result<MeetingView> {
        self.write_keeping_caches(&[EntityKind::Meeting], |tx, ctx| {
            let mut m = load(tx, id)?;
            if m.status == MeetingStatus::Closed {
                return Err(ApiError::Refused(
                    "The meeting is closed; its attendance is final".into(),
                ));
            }
            let Some(a) = m.attendees.iter_mut().find(|a| a.person_id == person) else {
                return Err(ApiError::Refused(
                    "That person is not a member of this CAB".into(),
                ));
            };
            if a.present == present {
                return Ok(());
            }
            a.present = present;
            let name = a.name.clone();
            cabs::update_meeting(tx, &m)?;
            audit_meeting(
                tx,
                ctx,
                &m,
                AuditAction::Updated,
                serde_json::json!({ "attendee": name, "present": present }),
            )
        })?;
        self.meeting(id)
    }

    /// Records the meeting's decision on one agenda item and moves to the
    /// next undecided item. Approve, reject and request changes are also
    /// the acting person's decision on the change, by the approval rules.
    pub fn decide_item(
        &mut self,
        id: Uuid,
        change: Uuid,
        decision: MeetingDecision,
        note: &str,
    ) -> Result<MeetingView> {
        let m = load(self.conn(), id)?;
        check_meeting_decision(&m, change, decision, note).map_err(ApiError::Refused)?;
        let person = self.acting_person(self.conn())?;
        let c = self.load_change(change)?;
        let (_, risk) = self.assess_one(&c, Radius::UpToLimit)?;
        self.write_governance(&[EntityKind::Meeting, EntityKind::Change], |tx, ctx| {
            let mut m = load(tx, id)?;
            let position = check_meeting_decision(&m, change, decision, note).map_err(ApiError::Refused)?;
            let approval = match decision {
                MeetingDecision::Approve => Some(Decision::Approve),
                MeetingDecision::Reject => Some(Decision::Reject),
                MeetingDecision::RequestChanges => Some(Decision::RequestChanges),
                MeetingDecision::Defer => None,
            };
            if let Some(d) = approval {
                decide_in(tx, ctx, &c, &risk, &person, d, note, Some(id))?;
            }
            if m.current != position {
                bank_time(tx, &mut m, ctx.now)?;
                m.current = position;
            }
            bank_time(tx, &mut m, ctx.now)?;
            let item: &mut AgendaItem = m
                .items
                .iter_mut()
                .find(|i| i.position == position)
                .ok_or_else(|| ApiError::Internal("the item vanished".into()))?;
            item.decision = Some(decision);
            item.note = note.trim().to_owned();
            item.decided_by = Some(person.name.clone());
            item.decided_at = Some(ctx.now);
            cabs::put_item(tx, id, item)?;
            let title = item.facts.title.clone();
            // On to the next item still open, after this one first.
            let next = m
                .items
                .iter()
                .filter(|i| i.decision.is_none())
                .map(|i| i.position)
                .min_by_key(|p| (*p < position, *p));
            if let Some(p) = next {
                m.current = p;
            }
            cabs::update_meeting(tx, &m)?;
            audit_meeting(
                tx,
                ctx,
                &m,
                AuditAction::Decided,
                serde_json::json!({ "change": title, "decision": decision, "note": note.trim(), "by": person.name }),
            )
        })?;
        self.meeting(id)
    }

    /// Adds a late addition to the end of the agenda, marked late.
    pub fn pull_in(&mut self, id: Uuid, change: Uuid) -> Result<MeetingView> {
        let m = load(self.conn(), id)?;
        if m.status == MeetingStatus::Closed {
            return Err(ApiError::Refused("The meeting is closed".into()));
        }
        if !self
            .late_additions(&m)?
            .iter()
            .any(|l| l.change_id == change)
        {
            return Err(ApiError::Refused(
                "That change is not among the late additions: it is on the agenda already or does not match the CAB's filter".into(),
            ));
        }
        let c = self.load_change(change)?;
        let facts = self.item_facts(std::slice::from_ref(&c))?;
        self.write_governance(&[EntityKind::Meeting], |tx, ctx| {
            let m = load(tx, id)?;
            let position = m.items.iter().map(|i| i.position + 1).max().unwrap_or(0);
            for facts in facts {
                let item = AgendaItem {
                    position,
                    facts,
                    late: true,
                    decision: None,
                    note: String::new(),
                    decided_by: None,
                    decided_at: None,
                    seconds: 0,
                };
                cabs::put_item(tx, id, &item)?;
                audit_meeting(
                    tx,
                    ctx,
                    &m,
                    AuditAction::Updated,
                    serde_json::json!({ "pulled_in": item.facts.title }),
                )?;
            }
            Ok(())
        })?;
        self.meeting(id)
    }

    /// Ends the meeting; undecided items stay undecided in the minutes.
    pub fn close_meeting(&mut self, id: Uuid) -> Result<MeetingView> {
        self.write_governance(&[EntityKind::Meeting], |tx, ctx| {
            let mut m = load(tx, id)?;
            if m.status != MeetingStatus::InProgress {
                return Err(ApiError::Refused(
                    "Only a meeting in progress can be closed".into(),
                ));
            }
            bank_time(tx, &mut m, ctx.now)?;
            m.status = MeetingStatus::Closed;
            m.ended_at = Some(ctx.now);
            m.current_since = None;
            cabs::update_meeting(tx, &m)?;
            audit_meeting(
                tx,
                ctx,
                &m,
                AuditAction::StatusChanged,
                serde_json::json!({ "status": "closed", "open_items": m.open_items() }),
            )
        })?;
        self.meeting(id)
    }

    /// The agenda (before) or minutes (after) as a document.
    pub fn meeting_document(
        &self,
        id: Uuid,
        minutes: bool,
        format: MinutesFormat,
    ) -> Result<String> {
        let m = load(self.conn(), id)?;
        let doc = if minutes {
            if m.status != MeetingStatus::Closed {
                return Err(ApiError::Refused(
                    "Minutes are written when the meeting is closed; export the agenda before"
                        .into(),
                ));
            }
            Document::Minutes
        } else {
            Document::Agenda
        };
        Ok(minutes::render(
            &m,
            doc,
            match format {
                MinutesFormat::Markdown => Format::Markdown,
                MinutesFormat::Html => Format::Html,
                MinutesFormat::Pdf => Format::PrintHtml,
            },
        ))
    }
}
