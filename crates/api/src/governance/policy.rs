//! The workspace's risk and approval policies: stored as settings, the
//! shipped defaults until edited, every edit checked and audited.

use serde::de::DeserializeOwned;
use serde::Serialize;
use signalbox_domain::governance::{ApprovalPolicy, RiskPolicy};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::{settings, Connection};
use uuid::Uuid;

use crate::workspace::{record, Subject};
use crate::{ApiError, Result, Workspace};

const RISK: &str = "risk_policy";
const APPROVAL: &str = "approval_policy";

fn read<T: DeserializeOwned>(conn: &Connection, key: &str, default: fn() -> T) -> Result<T> {
    match settings::get(conn, key)? {
        None => Ok(default()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| ApiError::Internal(format!("the stored {key} cannot be read: {e}"))),
    }
}

pub(crate) fn risk_policy(conn: &Connection) -> Result<RiskPolicy> {
    read(conn, RISK, RiskPolicy::defaults)
}

pub(crate) fn approval_policy(conn: &Connection) -> Result<ApprovalPolicy> {
    read(conn, APPROVAL, ApprovalPolicy::defaults)
}

impl Workspace {
    pub fn risk_policy(&self) -> Result<RiskPolicy> {
        risk_policy(self.conn())
    }

    pub fn approval_policy(&self) -> Result<ApprovalPolicy> {
        approval_policy(self.conn())
    }

    /// Replaces the risk questionnaire, thresholds and rules.
    pub fn set_risk_policy(&mut self, policy: &RiskPolicy) -> Result<RiskPolicy> {
        policy.validate()?;
        self.save_policy(RISK, "Risk policy", risk_policy, policy)?;
        Ok(policy.clone())
    }

    /// Replaces who must approve what.
    pub fn set_approval_policy(&mut self, policy: &ApprovalPolicy) -> Result<ApprovalPolicy> {
        policy.validate()?;
        for r in &policy.rules {
            if let Some(env) = r.environment_id {
                if signalbox_store::environments::get(self.conn(), env)?.is_none() {
                    return Err(ApiError::field(
                        "rules",
                        "A rule names an environment that no longer exists",
                    ));
                }
            }
        }
        self.save_policy(APPROVAL, "Approval policy", approval_policy, policy)?;
        Ok(policy.clone())
    }

    fn save_policy<T: Serialize>(
        &mut self,
        key: &str,
        label: &str,
        current: fn(&Connection) -> Result<T>,
        policy: &T,
    ) -> Result<()> {
        let text = serde_json::to_string(policy).map_err(|e| ApiError::Internal(e.to_string()))?;
        self.write_governance(&[EntityKind::Policy, EntityKind::Change], |tx, ctx| {
            let before = current(tx)?;
            settings::set(tx, key, &text)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Policy, Uuid::nil(), label),
                AuditAction::Updated,
                Some(
                    &serde_json::to_value(&before)
                        .map_err(|e| ApiError::Internal(e.to_string()))?,
                ),
                Some(&serde_json::to_value(policy).map_err(|e| ApiError::Internal(e.to_string()))?),
            )
        })
    }
}
