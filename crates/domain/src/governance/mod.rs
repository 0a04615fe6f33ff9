//! Change governance, the pure part: risk assessment, change models and
//! their lifecycle, people and approvals, CAB meetings and their minutes.

pub mod approvals;
pub mod cab;
pub mod minutes;
pub mod model;
pub mod risk;

pub use approvals::{
    Approval, ApprovalPolicy, ApprovalRule, ApprovalSlot, ApprovalState, Decision, Person,
    PersonInput, Role,
};
pub use cab::{
    AgendaFilter, AgendaItem, Attendee, Cab, CabInput, Cadence, ItemFacts, Meeting,
    MeetingDecision, MeetingStatus,
};
pub use model::{ChangeGovernance, ChangeModel, Stage};
pub use risk::{
    AnswerOption, Answers, Question, RiskAssessment, RiskFacts, RiskLevel, RiskPolicy, RiskReason,
};
