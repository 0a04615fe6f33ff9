//! Change governance, the pure part (issue 6, in progress): risk assessment
//! so far; change models, approvals and CAB meetings follow.

pub mod risk;

pub use risk::{RiskAssessment, RiskFacts, RiskLevel, RiskPolicy, RiskReason};
