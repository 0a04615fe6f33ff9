//! The TypeScript declarations of every type that crosses IPC, generated
//! from the Rust types so the UI can never drift from the backend.
//!
//! `cargo test -p signalbox-api --test bindings` fails when the committed
//! `ui/src/lib/bindings.ts` is stale; run it with `UPDATE_BINDINGS=1` to
//! rewrite the file.

use ts_rs::{Config, TS};

use signalbox_domain::audit::BrokenLink;
use signalbox_domain::demo::DemoSize;
use signalbox_domain::{
    AuditAction, AuditEvent, EntityKind, Environment, EnvironmentInput, FieldError, Service,
    ServiceInput, ServiceLink, ServicePage, ServiceQuery, ServiceSort, Team, TeamInput, Tier,
};
use signalbox_store::audit::{AuditPage, BrokenEvent, VerifyReport};

use signalbox_domain::calendar::slot::Slot;
use signalbox_domain::calendar::{
    Change, ChangeInput, Conflict, ConflictKind, DeployStatus, Interval, Severity, Train,
    TrainInput, TrainProgress, TrainStatus, TrainTarget, Window, WindowInput, WindowKind,
};

use signalbox_domain::sync::board::{
    Board, BoardCell, BoardEnvironment, BoardQuery, BoardRow, BoardRun, ConnectionHealth,
    DeployAlert, Inference, SyncRecord,
};
use signalbox_domain::sync::report::{Quota, SyncReport};
use signalbox_domain::sync::{
    Connection, ConnectionInput, EnvironmentRule, MappingRules, Provider, RunKind, ServiceRule,
    StatusRule,
};

use crate::audit::AuditQuery;
use crate::backstage_io::BackstageReport;
use crate::calendar::{
    CalendarQuery, CalendarView, ChangeDraft, GateReport, IcsImportReport, SlotQuery, TrainDetail,
    TrainSummary, TransitionInput, WindowOccurrence, WindowPreview,
};
use crate::connection_check::SourceCheck;
use crate::csv_io::ImportReport;
use crate::deps_io::DependencyImportReport;
use crate::deps_map::{LinkedService, ServiceLinks, TrainOrder};
use crate::governance::{
    ApprovalsView, CabView, DecisionInput, GovernanceView, LateAddition, MeetingView,
    MinutesFormat, PersonView, PirOwed, PrepareInput, RegisterPage, RegisterQuery, RegisterRow,
    RiskView, StageInput,
};
use crate::notices::{
    ExportFormat, Exported, GenerateInput, NoticeView, Preview, PreviewInput, RecipientsView,
    SendInput, TargetOption, TemplateView,
};
use crate::rules_preview::{PreviewRow, RulesPreview};
use crate::sample::SampleReport;
use crate::scheduler::{SyncActivity, SyncEvent};
use crate::syncing::SyncProgress;
use crate::{ChangeEvent, Counts, ErrorCode, ErrorPayload, TeamListItem, WorkspaceStatus};
use crate::{StatusRow, StatusTableView};
use signalbox_domain::deps::map::{MapEdge, MapNode, MapNodeKind, MapQuery, MapSystem, MapView};
use signalbox_domain::deps::order::Prerequisite;
use signalbox_domain::deps::{
    DependencyInput, DependencyKind, DeployOrder, Impact, ImpactOptions, OrderLayer, OrderStep,
    Reached, ServiceDependency, TierCounts,
};
use signalbox_domain::governance::risk::{RiskRules, Rule, Thresholds};
use signalbox_domain::governance::{
    AgendaFilter, AgendaItem, AnswerOption, Approval, ApprovalPolicy, ApprovalRule, ApprovalSlot,
    ApprovalState, Attendee, Cab, CabInput, Cadence, ChangeGovernance, ChangeModel, Decision,
    ItemFacts, Meeting, MeetingDecision, MeetingStatus, Person, PersonInput, Question,
    RiskAssessment, RiskFacts, RiskLevel, RiskPolicy, RiskReason, Role, Stage,
};
use signalbox_domain::notices::{
    Audience, Incident, IncidentInput, IncidentStatus, Notice, NoticeEdit, NoticeKind, NoticeSend,
    NoticeTarget, PaletteEntry, Part, Recipient, TargetKind, Template, TemplateError,
    TemplateInput, TemplateVersion,
};

macro_rules! declarations {
    ($cfg:expr; $($t:ty),* $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),*]
    };
}

/// The whole generated `bindings.ts`.
pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = declarations![&cfg;
        AuditAction, AuditEvent, AuditPage, AuditQuery, BrokenEvent, BrokenLink, ChangeEvent,
        Counts, DemoSize, EntityKind, Environment, EnvironmentInput, ErrorCode, ErrorPayload,
        FieldError, ImportReport, SampleReport, Service, ServiceInput, ServiceLink, ServicePage,
        ServiceQuery, ServiceSort, Team, TeamInput, TeamListItem, Tier, VerifyReport,
        WorkspaceStatus, CalendarQuery, CalendarView, Change, ChangeDraft, ChangeInput, Conflict,
        ConflictKind, DeployStatus, GateReport, IcsImportReport, Interval, Severity, Slot,
        SlotQuery, Train, TrainDetail, TrainInput, TrainProgress, TrainStatus, TrainSummary,
        TrainTarget, TransitionInput, Window, WindowInput, WindowKind, WindowOccurrence,
        WindowPreview, BackstageReport, DependencyImportReport, LinkedService, ServiceLinks,
        TrainOrder, MapEdge, MapNode, MapNodeKind, MapQuery, MapSystem, MapView, Prerequisite,
        DependencyInput, DependencyKind, DeployOrder, Impact, ImpactOptions, OrderLayer,
        OrderStep, Reached, ServiceDependency, TierCounts, Board, BoardCell, BoardEnvironment,
        BoardQuery, BoardRow, BoardRun, ConnectionHealth, DeployAlert, Inference, SyncRecord,
        Quota, SyncReport, Connection, ConnectionInput, EnvironmentRule, MappingRules, Provider,
        RunKind, ServiceRule, StatusRule, SourceCheck, PreviewRow, RulesPreview, SyncActivity,
        SyncEvent, SyncProgress, StatusRow, StatusTableView, RiskLevel, AnswerOption, Question,
        Thresholds, Rule, RiskRules, RiskPolicy, RiskFacts, RiskReason, RiskAssessment,
        ChangeModel, Stage, ChangeGovernance, Role, Person, PersonInput, ApprovalRule,
        ApprovalPolicy, Decision, Approval, ApprovalSlot, ApprovalState, Cadence, AgendaFilter,
        Cab, CabInput, MeetingDecision, ItemFacts, AgendaItem, MeetingStatus, Attendee, Meeting,
        RiskView, RegisterQuery, RegisterRow, RegisterPage, StageInput, GovernanceView,
        DecisionInput, ApprovalsView, PersonView, CabView, PrepareInput, LateAddition,
        MeetingView, MinutesFormat, PirOwed, NoticeKind, Audience, Template, TemplateVersion,
        TemplateInput, TemplateView, Part, TemplateError, PaletteEntry, PreviewInput, Preview,
        TargetKind, NoticeTarget, TargetOption, GenerateInput, Notice, NoticeEdit, NoticeSend,
        Recipient, NoticeView, SendInput, ExportFormat, Exported, RecipientsView, IncidentStatus,
        Incident, IncidentInput,
    ];
    let mut out = String::from(
        "// Generated from the Rust types by crates/api/src/bindings.rs. Do not edit:\n\
         // run `make bindings` after changing a type that crosses IPC.\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
