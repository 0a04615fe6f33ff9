//! The calendar's commands: trains, changes, windows, the calendar view,
//! conflict checks, next free slot, and ICS export/import through a file dialog.

use chrono::{DateTime, Utc};
use signalbox_api::calendar::{
    CalendarQuery, CalendarView, ChangeDraft, IcsImportReport, SlotQuery, TrainDetail,
    TrainSummary, TransitionInput, WindowPreview,
};
use signalbox_api::domain::calendar::slot::Slot;
use signalbox_api::domain::calendar::{
    Change, ChangeInput, Conflict, Train, TrainInput, Window, WindowInput,
};
use signalbox_api::{ApiError, ErrorPayload};
use tauri::State;
use uuid::Uuid;

use super::Reply;
use crate::files;
use crate::state::AppState;

#[tauri::command(async)]
pub fn calendar_view(state: State<'_, AppState>, query: CalendarQuery) -> Reply<CalendarView> {
    state.with(|ws| ws.calendar(&query))
}

#[tauri::command(async)]
pub fn list_trains(state: State<'_, AppState>) -> Reply<Vec<TrainSummary>> {
    state.with(|ws| ws.list_trains())
}

#[tauri::command(async)]
pub fn train_detail(state: State<'_, AppState>, id: Uuid) -> Reply<TrainDetail> {
    state.with(|ws| ws.train_detail(id))
}

#[tauri::command(async)]
pub fn create_train(state: State<'_, AppState>, input: TrainInput) -> Reply<Train> {
    state.with(|ws| ws.create_train(&input))
}

#[tauri::command(async)]
pub fn update_train(state: State<'_, AppState>, id: Uuid, input: TrainInput) -> Reply<Train> {
    state.with(|ws| ws.update_train(id, &input))
}

#[tauri::command(async)]
pub fn delete_train(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_train(id))
}

#[tauri::command(async)]
pub fn get_change(state: State<'_, AppState>, id: Uuid) -> Reply<Change> {
    state.with(|ws| ws.get_change(id))
}

#[tauri::command(async)]
pub fn create_change(state: State<'_, AppState>, input: ChangeInput) -> Reply<Change> {
    state.with(|ws| ws.create_change(&input))
}

#[tauri::command(async)]
pub fn update_change(state: State<'_, AppState>, id: Uuid, input: ChangeInput) -> Reply<Change> {
    state.with(|ws| ws.update_change(id, &input))
}

#[tauri::command(async)]
pub fn delete_change(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_change(id))
}

#[tauri::command(async)]
pub fn transition_change(
    state: State<'_, AppState>,
    id: Uuid,
    request: TransitionInput,
) -> Reply<Change> {
    state.with(|ws| ws.transition_change(id, &request))
}

#[tauri::command(async)]
pub fn check_change(state: State<'_, AppState>, draft: ChangeDraft) -> Reply<Vec<Conflict>> {
    state.with(|ws| ws.check_change(&draft))
}

#[tauri::command(async)]
pub fn next_free_slots(state: State<'_, AppState>, query: SlotQuery) -> Reply<Vec<Slot>> {
    state.with(|ws| ws.next_free_slots(&query))
}

#[tauri::command(async)]
pub fn list_windows(state: State<'_, AppState>) -> Reply<Vec<Window>> {
    state.with(|ws| ws.list_windows())
}

#[tauri::command(async)]
pub fn create_window(state: State<'_, AppState>, input: WindowInput) -> Reply<Window> {
    state.with(|ws| ws.create_window(&input))
}

#[tauri::command(async)]
pub fn update_window(state: State<'_, AppState>, id: Uuid, input: WindowInput) -> Reply<Window> {
    state.with(|ws| ws.update_window(id, &input))
}

#[tauri::command(async)]
pub fn delete_window(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_window(id))
}

#[tauri::command(async)]
pub fn preview_window(
    state: State<'_, AppState>,
    input: WindowInput,
    count: u32,
) -> Reply<Vec<WindowPreview>> {
    state.with(|ws| ws.preview_window(&input, count as usize))
}

/// Asks where to save, then writes the calendar of `[from, to)` as ICS.
/// Returns the path written, or `None` when the user cancelled.
#[tauri::command(async)]
pub async fn export_calendar_ics(
    state: State<'_, AppState>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Reply<Option<String>> {
    let text = state.with(|ws| ws.export_ics(from, to))?;
    let Some(path) = files::save_path("signalbox-calendar.ics", "iCalendar", &["ics"]).await else {
        return Ok(None);
    };
    std::fs::write(&path, text).map_err(|e| {
        ApiError::Internal(format!("cannot write {}: {e}", path.display())).payload()
    })?;
    Ok(Some(path.display().to_string()))
}

/// Asks for an .ics file and imports its events as freeze windows.
#[tauri::command(async)]
pub async fn import_calendar_ics(
    state: State<'_, AppState>,
    soft: bool,
    environment_ids: Vec<Uuid>,
) -> Reply<Option<IcsImportReport>> {
    let Some(path) = files::open_path("iCalendar", &["ics"]).await else {
        return Ok(None);
    };
    let bytes = std::fs::read(&path).map_err(|e| -> ErrorPayload {
        ApiError::Internal(format!("cannot read {}: {e}", path.display())).payload()
    })?;
    state
        .with(|ws| ws.import_ics_freezes(&bytes, soft, &environment_ids))
        .map(Some)
}
