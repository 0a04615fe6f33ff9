//! The audit trail's rules: what an event holds and how the hash chain links
//! each event to the one before it.
//!
//! The hash covers every stored field as JSON text exactly as written, so any
//! later edit of a row (or of the chain's order) changes a hash and is found
//! by [`verify_link`].

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;

use crate::ids::format_instant;

/// The `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What kind of record an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Workspace,
    Team,
    Service,
    Environment,
    Train,
    Change,
    Window,
    Dependency,
    /// A CI/CD connection (its settings; never its token).
    Connection,
    /// Runs synced from CI/CD connections, and the status table that maps
    /// them. Runs are facts read from providers: they have no audit events
    /// of their own (what they cause, such as a change moving, does).
    Run,
    /// A person and their governance role.
    Person,
    /// A change advisory board's definition.
    Cab,
    /// A CAB meeting: its agenda, attendance and decisions.
    Meeting,
    /// The risk and approval policies.
    Policy,
    /// A notice template.
    Template,
    /// A stakeholder notice: generated, edited, sent.
    Notice,
    /// An incident notices are written about.
    Incident,
    /// The recipients of one audience's notices.
    Recipients,
}

impl EntityKind {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Workspace => "workspace",
            EntityKind::Team => "team",
            EntityKind::Service => "service",
            EntityKind::Environment => "environment",
            EntityKind::Train => "train",
            EntityKind::Change => "change",
            EntityKind::Window => "window",
            EntityKind::Dependency => "dependency",
            EntityKind::Connection => "connection",
            EntityKind::Run => "run",
            EntityKind::Person => "person",
            EntityKind::Cab => "cab",
            EntityKind::Meeting => "meeting",
            EntityKind::Policy => "policy",
            EntityKind::Template => "template",
            EntityKind::Notice => "notice",
            EntityKind::Incident => "incident",
            EntityKind::Recipients => "recipients",
        }
    }
}

impl FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "workspace" => EntityKind::Workspace,
            "team" => EntityKind::Team,
            "service" => EntityKind::Service,
            "environment" => EntityKind::Environment,
            "train" => EntityKind::Train,
            "change" => EntityKind::Change,
            "window" => EntityKind::Window,
            "dependency" => EntityKind::Dependency,
            "connection" => EntityKind::Connection,
            "run" => EntityKind::Run,
            "person" => EntityKind::Person,
            "cab" => EntityKind::Cab,
            "meeting" => EntityKind::Meeting,
            "policy" => EntityKind::Policy,
            "template" => EntityKind::Template,
            "notice" => EntityKind::Notice,
            "incident" => EntityKind::Incident,
            "recipients" => EntityKind::Recipients,
            other => return Err(format!("unknown entity kind \"{other}\"")),
        })
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happened to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Created,
    Updated,
    Deleted,
    /// A change moved through the status model.
    StatusChanged,
    /// A change moved through its change model's stages.
    StageChanged,
    /// A change's risk questionnaire was answered.
    Assessed,
    /// An approver's decisions on a change.
    Approved,
    Rejected,
    ChangesRequested,
    /// An emergency change went ahead without its approvals.
    Bypassed,
    /// A CAB meeting decided on an agenda item.
    Decided,
    /// A notice was sent to its recipients.
    Sent,
}

impl AuditAction {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Created => "created",
            AuditAction::Updated => "updated",
            AuditAction::Deleted => "deleted",
            AuditAction::StatusChanged => "status_changed",
            AuditAction::StageChanged => "stage_changed",
            AuditAction::Assessed => "assessed",
            AuditAction::Approved => "approved",
            AuditAction::Rejected => "rejected",
            AuditAction::ChangesRequested => "changes_requested",
            AuditAction::Bypassed => "bypassed",
            AuditAction::Decided => "decided",
            AuditAction::Sent => "sent",
        }
    }
}

impl FromStr for AuditAction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "created" => AuditAction::Created,
            "updated" => AuditAction::Updated,
            "deleted" => AuditAction::Deleted,
            "status_changed" => AuditAction::StatusChanged,
            "stage_changed" => AuditAction::StageChanged,
            "assessed" => AuditAction::Assessed,
            "approved" => AuditAction::Approved,
            "rejected" => AuditAction::Rejected,
            "changes_requested" => AuditAction::ChangesRequested,
            "bypassed" => AuditAction::Bypassed,
            "decided" => AuditAction::Decided,
            "sent" => AuditAction::Sent,
            other => return Err(format!("unknown audit action \"{other}\"")),
        })
    }
}

/// One append-only audit record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEvent {
    /// Position in the chain, from 1.
    #[ts(type = "number")]
    pub seq: i64,
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// The local user's display name.
    pub actor: String,
    pub entity: EntityKind,
    pub entity_id: Uuid,
    /// A human name for the record at the time (service name, team name).
    pub entity_label: String,
    pub action: AuditAction,
    /// The record before the change, as JSON text; `None` on create.
    pub before: Option<String>,
    /// The record after the change, as JSON text; `None` on delete.
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an event, given its fields and the previous event's hash.
#[allow(clippy::too_many_arguments)]
pub fn event_hash(
    seq: i64,
    id: Uuid,
    at: DateTime<Utc>,
    actor: &str,
    entity: EntityKind,
    entity_id: Uuid,
    entity_label: &str,
    action: AuditAction,
    before: Option<&str>,
    after: Option<&str>,
    prev_hash: &str,
) -> String {
    // A JSON array is an unambiguous encoding: no field can smuggle in a
    // separator and shift its neighbours. It is written straight into the
    // hash, without building it first: the audit trail of a bulk load hashes
    // hundreds of thousands of events.
    let (mut id_buf, mut entity_buf) = (Uuid::encode_buffer(), Uuid::encode_buffer());
    let at = format_instant(at);
    let fields = (
        seq,
        &*id.hyphenated().encode_lower(&mut id_buf),
        at.as_str(),
        actor,
        entity.as_str(),
        &*entity_id.hyphenated().encode_lower(&mut entity_buf),
        entity_label,
        action.as_str(),
        before,
        after,
        prev_hash,
    );
    let mut hasher = Sha256::new();
    if serde_json::to_writer(&mut hasher, &fields).is_err() {
        // Numbers and strings into a hash cannot fail; should it ever, the
        // JSON value the encoding is defined by gives the same text.
        return hex::encode(Sha256::digest(canonical(fields).as_bytes()));
    }
    hex::encode(hasher.finalize())
}

type Fields<'a> = (
    i64,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
);

/// The hashed text as a JSON value renders it: the definition the streamed
/// encoding in [`event_hash`] matches.
fn canonical(f: Fields<'_>) -> String {
    serde_json::json!([f.0, f.1, f.2, f.3, f.4, f.5, f.6, f.7, f.8, f.9, f.10]).to_string()
}

impl AuditEvent {
    /// The hash this event's fields should have.
    pub fn expected_hash(&self) -> String {
        event_hash(
            self.seq,
            self.id,
            self.at,
            &self.actor,
            self.entity,
            self.entity_id,
            &self.entity_label,
            self.action,
            self.before.as_deref(),
            self.after.as_deref(),
            &self.prev_hash,
        )
    }
}

/// Why a link in the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BrokenLink {
    /// The event's stored hash does not match its contents: it was edited.
    ContentAltered,
    /// The event does not point at the previous event's hash: an event was
    /// removed, inserted or reordered.
    ChainBroken,
    /// Sequence numbers skip or repeat.
    SequenceGap,
}

/// Checks one event against the hash and sequence number of its predecessor.
pub fn verify_link(prev: Option<(i64, &str)>, event: &AuditEvent) -> Option<BrokenLink> {
    let (prev_seq, prev_hash) = prev.unwrap_or((0, GENESIS_HASH));
    if event.seq != prev_seq + 1 {
        return Some(BrokenLink::SequenceGap);
    }
    if event.prev_hash != prev_hash {
        return Some(BrokenLink::ChainBroken);
    }
    if event.hash != event.expected_hash() {
        return Some(BrokenLink::ContentAltered);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event(seq: i64, prev: &str) -> AuditEvent {
        let mut e = AuditEvent {
            seq,
            id: Uuid::nil(),
            at: Utc.with_ymd_and_hms(2026, 5, 1, 12, 0, 0).unwrap(),
            actor: "Ada".into(),
            entity: EntityKind::Service,
            entity_id: Uuid::nil(),
            entity_label: "checkout".into(),
            action: AuditAction::Created,
            before: None,
            after: Some(r#"{"name":"checkout"}"#.into()),
            prev_hash: prev.into(),
            hash: String::new(),
        };
        e.hash = e.expected_hash();
        e
    }

    #[test]
    fn a_valid_chain_verifies() {
        let a = event(1, GENESIS_HASH);
        let b = event(2, &a.hash);
        assert_eq!(verify_link(None, &a), None);
        assert_eq!(verify_link(Some((1, &a.hash)), &b), None);
    }

    #[test]
    fn an_edited_event_is_found() {
        let mut a = event(1, GENESIS_HASH);
        a.actor = "Mallory".into();
        assert_eq!(verify_link(None, &a), Some(BrokenLink::ContentAltered));
    }

    #[test]
    fn a_removed_event_is_found() {
        let a = event(1, GENESIS_HASH);
        let b = event(2, &a.hash);
        let c = event(3, &b.hash);
        assert_eq!(
            verify_link(Some((1, &a.hash)), &c),
            Some(BrokenLink::SequenceGap)
        );
        let mut c2 = c.clone();
        c2.seq = 2;
        c2.hash = c2.expected_hash();
        assert_eq!(
            verify_link(Some((1, &a.hash)), &c2),
            Some(BrokenLink::ChainBroken)
        );
    }

    #[test]
    fn the_streamed_encoding_is_the_json_value_text() {
        let awkward = "quote \" backslash \\ tab \t nul \u{0} bell \u{7} é ✓ 🚦 \u{2028}";
        let before = format!("{{\"name\":\"{awkward}\"}}");
        let (id, entity_id) = (Uuid::from_u128(7), Uuid::from_u128(u128::MAX));
        let at = Utc.with_ymd_and_hms(2026, 5, 1, 12, 0, 0).unwrap();
        for (seq, before, after) in [
            (1, None, Some(before.as_str())),
            (i64::MAX, Some(before.as_str()), None),
            (0, None, None),
        ] {
            let text = canonical((
                seq,
                &id.to_string(),
                &format_instant(at),
                awkward,
                "service",
                &entity_id.to_string(),
                awkward,
                "created",
                before,
                after,
                GENESIS_HASH,
            ));
            let expected = hex::encode(Sha256::digest(text.as_bytes()));
            let hash = event_hash(
                seq,
                id,
                at,
                awkward,
                EntityKind::Service,
                entity_id,
                awkward,
                AuditAction::Created,
                before,
                after,
                GENESIS_HASH,
            );
            assert_eq!(hash, expected, "{text}");
        }
    }

    #[test]
    fn fields_cannot_bleed_into_each_other() {
        let mut a = event(1, GENESIS_HASH);
        let mut b = a.clone();
        a.actor = "A\",\"B".into();
        b.actor = "A".into();
        b.entity_label = "B\",\"checkout".into();
        assert_ne!(a.expected_hash(), b.expected_hash());
    }
}
