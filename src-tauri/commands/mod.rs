//! The typed commands the UI invokes: each one a line or two over `signalbox-api`.
//! Errors cross IPC as `ErrorPayload` (`{code, message, fields, problems}`).
//! All run off the main thread (`async`), so database work never stalls the
//! window's event loop.

use signalbox_api::audit::AuditQuery;
use signalbox_api::domain::{
    Environment, EnvironmentInput, Service, ServiceInput, ServicePage, ServiceQuery, Team,
    TeamInput,
};
use signalbox_api::sample::SampleReport;
use signalbox_api::{
    AuditPage, DemoSize, ErrorPayload, TeamListItem, VerifyReport, WorkspaceStatus,
};
use std::sync::atomic::Ordering;

use tauri::State;
use uuid::Uuid;

use crate::state::AppState;

pub mod calendar;
pub mod deps;
pub mod governance;
pub mod notices;
pub mod sync;

pub(crate) type Reply<T> = Result<T, ErrorPayload>;

/// Seed of the sample portfolio offered on first run.
const SAMPLE_SEED: u64 = 1;

#[tauri::command(async)]
pub fn workspace_status(state: State<'_, AppState>) -> Reply<WorkspaceStatus> {
    state.with(|ws| ws.status())
}

#[tauri::command(async)]
pub fn set_display_name(state: State<'_, AppState>, name: String) -> Reply<WorkspaceStatus> {
    state.with(|ws| ws.set_display_name(&name))
}

#[tauri::command(async)]
pub fn load_sample(state: State<'_, AppState>, size: DemoSize) -> Reply<SampleReport> {
    state.with(|ws| ws.load_sample(size, SAMPLE_SEED))
}

#[tauri::command(async)]
pub fn search_services(state: State<'_, AppState>, query: ServiceQuery) -> Reply<ServicePage> {
    state.with(|ws| ws.search_services(&query))
}

#[tauri::command(async)]
pub fn get_service(state: State<'_, AppState>, id: Uuid) -> Reply<Service> {
    state.with(|ws| ws.get_service(id))
}

#[tauri::command(async)]
pub fn service_systems(state: State<'_, AppState>) -> Reply<Vec<String>> {
    state.with(|ws| ws.service_systems())
}

#[tauri::command(async)]
pub fn create_service(state: State<'_, AppState>, input: ServiceInput) -> Reply<Service> {
    state.with(|ws| ws.create_service(&input))
}

#[tauri::command(async)]
pub fn update_service(state: State<'_, AppState>, id: Uuid, input: ServiceInput) -> Reply<Service> {
    state.with(|ws| ws.update_service(id, &input))
}

#[tauri::command(async)]
pub fn delete_service(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_service(id))
}

#[tauri::command(async)]
pub fn list_teams(state: State<'_, AppState>) -> Reply<Vec<TeamListItem>> {
    state.with(|ws| ws.list_teams())
}

#[tauri::command(async)]
pub fn create_team(state: State<'_, AppState>, input: TeamInput) -> Reply<Team> {
    state.with(|ws| ws.create_team(&input))
}

#[tauri::command(async)]
pub fn update_team(state: State<'_, AppState>, id: Uuid, input: TeamInput) -> Reply<Team> {
    state.with(|ws| ws.update_team(id, &input))
}

#[tauri::command(async)]
pub fn delete_team(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_team(id))
}

#[tauri::command(async)]
pub fn list_environments(state: State<'_, AppState>) -> Reply<Vec<Environment>> {
    state.with(|ws| ws.list_environments())
}

#[tauri::command(async)]
pub fn create_environment(
    state: State<'_, AppState>,
    input: EnvironmentInput,
) -> Reply<Environment> {
    state.with(|ws| ws.create_environment(&input))
}

#[tauri::command(async)]
pub fn update_environment(
    state: State<'_, AppState>,
    id: Uuid,
    input: EnvironmentInput,
) -> Reply<Environment> {
    state.with(|ws| ws.update_environment(id, &input))
}

#[tauri::command(async)]
pub fn delete_environment(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_environment(id))
}

#[tauri::command(async)]
pub fn time_zones() -> Vec<&'static str> {
    signalbox_api::domain::environment::time_zone_names()
}

#[tauri::command(async)]
pub fn list_audit(state: State<'_, AppState>, query: AuditQuery) -> Reply<AuditPage> {
    state.with(|ws| ws.list_audit(&query))
}

#[tauri::command(async)]
pub fn verify_audit(state: State<'_, AppState>) -> Reply<VerifyReport> {
    state.with(|ws| ws.verify_audit())
}

/// The UI calls this once its first screen shows data. With
/// `SIGNALBOX_STARTUP_PROBE` set, the time since process start is printed, which
/// the startup benchmark reads. Then the painting mode is settled
/// (`rendering`), which is best not changed while the window first appears.
#[tauri::command(async)]
pub fn ui_ready(state: State<'_, AppState>, window: tauri::WebviewWindow) {
    if state.ready_reported.swap(true, Ordering::Relaxed) {
        return;
    }
    if std::env::var_os("SIGNALBOX_STARTUP_PROBE").is_some() {
        println!("signalbox-ready-ms {}", state.started.elapsed().as_millis());
    }
    crate::rendering::after_first_screen(&window);
}
