//! Governance commands: risk and the register, stages, approvals, people,
//! CABs and meeting mode, and saving the register, agendas and minutes
//! through the save dialog.

use signalbox_api::domain::governance::{
    Answers, ApprovalPolicy, Cab, CabInput, ChangeModel, Meeting, MeetingDecision, Person,
    PersonInput, RiskPolicy,
};
use signalbox_api::governance::{
    ApprovalsView, CabView, DecisionInput, GovernanceView, MeetingView, MinutesFormat, PersonView,
    PirOwed, PrepareInput, RegisterPage, RegisterQuery, RiskView, StageInput,
};
use tauri::State;
use uuid::Uuid;

use super::Reply;
use crate::files;
use crate::state::AppState;

#[tauri::command(async)]
pub fn risk_policy(state: State<'_, AppState>) -> Reply<RiskPolicy> {
    state.with(|ws| ws.risk_policy())
}

#[tauri::command(async)]
pub fn set_risk_policy(state: State<'_, AppState>, policy: RiskPolicy) -> Reply<RiskPolicy> {
    state.with(|ws| ws.set_risk_policy(&policy))
}

#[tauri::command(async)]
pub fn approval_policy(state: State<'_, AppState>) -> Reply<ApprovalPolicy> {
    state.with(|ws| ws.approval_policy())
}

#[tauri::command(async)]
pub fn set_approval_policy(
    state: State<'_, AppState>,
    policy: ApprovalPolicy,
) -> Reply<ApprovalPolicy> {
    state.with(|ws| ws.set_approval_policy(&policy))
}

#[tauri::command(async)]
pub fn change_risk(state: State<'_, AppState>, id: Uuid) -> Reply<RiskView> {
    state.with(|ws| ws.change_risk(id))
}

#[tauri::command(async)]
pub fn answer_risk(state: State<'_, AppState>, id: Uuid, answers: Answers) -> Reply<RiskView> {
    state.with(|ws| ws.answer_risk(id, &answers))
}

#[tauri::command(async)]
pub fn risk_register(state: State<'_, AppState>, query: RegisterQuery) -> Reply<RegisterPage> {
    state.with(|ws| ws.risk_register(&query))
}

/// Saves the whole register as CSV; the path, or `None` when cancelled.
#[tauri::command(async)]
pub async fn export_risk_register(
    state: State<'_, AppState>,
    query: RegisterQuery,
) -> Reply<Option<String>> {
    let text = state.with(|ws| ws.export_risk_register_csv(&query))?;
    save(&text, "signalbox-risk-register.csv", "CSV", &["csv"]).await
}

#[tauri::command(async)]
pub fn change_governance(state: State<'_, AppState>, id: Uuid) -> Reply<GovernanceView> {
    state.with(|ws| ws.change_governance(id))
}

#[tauri::command(async)]
pub fn pir_owed(state: State<'_, AppState>) -> Reply<Vec<PirOwed>> {
    state.with(|ws| ws.pir_owed())
}

#[tauri::command(async)]
pub fn move_change(
    state: State<'_, AppState>,
    id: Uuid,
    input: StageInput,
) -> Reply<GovernanceView> {
    state.with(|ws| ws.move_change(id, &input))
}

#[tauri::command(async)]
pub fn set_change_model(
    state: State<'_, AppState>,
    id: Uuid,
    model: ChangeModel,
) -> Reply<GovernanceView> {
    state.with(|ws| ws.set_change_model(id, model))
}

#[tauri::command(async)]
pub fn decide_change(
    state: State<'_, AppState>,
    id: Uuid,
    input: DecisionInput,
) -> Reply<ApprovalsView> {
    state.with(|ws| ws.decide_change(id, &input))
}

#[tauri::command(async)]
pub fn list_approvals(state: State<'_, AppState>, change: Option<Uuid>) -> Reply<ApprovalsView> {
    state.with(|ws| ws.list_approvals(change))
}

#[tauri::command(async)]
pub fn list_people(state: State<'_, AppState>) -> Reply<Vec<PersonView>> {
    state.with(|ws| ws.list_people())
}

#[tauri::command(async)]
pub fn add_person(state: State<'_, AppState>, input: PersonInput) -> Reply<Person> {
    state.with(|ws| ws.add_person(&input))
}

#[tauri::command(async)]
pub fn update_person(state: State<'_, AppState>, id: Uuid, input: PersonInput) -> Reply<Person> {
    state.with(|ws| ws.update_person(id, &input))
}

#[tauri::command(async)]
pub fn delete_person(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_person(id))
}

#[tauri::command(async)]
pub fn list_cabs(state: State<'_, AppState>) -> Reply<Vec<CabView>> {
    state.with(|ws| ws.list_cabs())
}

#[tauri::command(async)]
pub fn create_cab(state: State<'_, AppState>, input: CabInput) -> Reply<Cab> {
    state.with(|ws| ws.create_cab(&input))
}

#[tauri::command(async)]
pub fn update_cab(state: State<'_, AppState>, id: Uuid, input: CabInput) -> Reply<Cab> {
    state.with(|ws| ws.update_cab(id, &input))
}

#[tauri::command(async)]
pub fn delete_cab(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_cab(id))
}

#[tauri::command(async)]
pub fn prepare_meeting(state: State<'_, AppState>, input: PrepareInput) -> Reply<Meeting> {
    state.with(|ws| ws.prepare_meeting(&input))
}

#[tauri::command(async)]
pub fn meeting(state: State<'_, AppState>, id: Uuid) -> Reply<MeetingView> {
    state.with(|ws| ws.meeting(id))
}

#[tauri::command(async)]
pub fn start_meeting(state: State<'_, AppState>, id: Uuid) -> Reply<MeetingView> {
    state.with(|ws| ws.start_meeting(id))
}

#[tauri::command(async)]
pub fn meeting_go(state: State<'_, AppState>, id: Uuid, position: u32) -> Reply<MeetingView> {
    state.with(|ws| ws.meeting_go(id, position))
}

#[tauri::command(async)]
pub fn set_attendance(
    state: State<'_, AppState>,
    id: Uuid,
    person: Uuid,
    present: bool,
) -> Reply<MeetingView> {
    state.with(|ws| ws.set_attendance(id, person, present))
}

#[tauri::command(async)]
pub fn decide_item(
    state: State<'_, AppState>,
    id: Uuid,
    change: Uuid,
    decision: MeetingDecision,
    note: String,
) -> Reply<MeetingView> {
    state.with(|ws| ws.decide_item(id, change, decision, &note))
}

#[tauri::command(async)]
pub fn pull_in(state: State<'_, AppState>, id: Uuid, change: Uuid) -> Reply<MeetingView> {
    state.with(|ws| ws.pull_in(id, change))
}

#[tauri::command(async)]
pub fn close_meeting(state: State<'_, AppState>, id: Uuid) -> Reply<MeetingView> {
    state.with(|ws| ws.close_meeting(id))
}

/// Saves a meeting's agenda (`minutes` false) or minutes; the path, or
/// `None` when cancelled.
#[tauri::command(async)]
pub async fn export_meeting(
    state: State<'_, AppState>,
    id: Uuid,
    minutes: bool,
    format: MinutesFormat,
) -> Reply<Option<String>> {
    let text = state.with(|ws| ws.meeting_document(id, minutes, format))?;
    let what = if minutes { "minutes" } else { "agenda" };
    let (name, filter, ext) = match format {
        MinutesFormat::Markdown => (format!("cab-{what}.md"), "Markdown", "md"),
        MinutesFormat::Html => (format!("cab-{what}.html"), "HTML", "html"),
        MinutesFormat::Pdf => (
            format!("cab-{what}-print.html"),
            "HTML for printing",
            "html",
        ),
    };
    save(&text, &name, filter, &[ext]).await
}

async fn save(text: &str, name: &str, filter: &str, ext: &[&str]) -> Reply<Option<String>> {
    files::save_bytes(name, filter, ext, text.as_bytes()).await
}
