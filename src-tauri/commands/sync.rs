//! CI/CD sync's commands: connections (their tokens go to the OS keyring
//! and nowhere else), "test connection", "sync now", the Pipelines board,
//! the status table, and opening a run's page in the browser.

use signalbox_api::connection_check::SourceCheck;
use signalbox_api::domain::sync::board::{
    Board, BoardQuery, BoardRun, ConnectionHealth, SyncRecord,
};
use signalbox_api::domain::sync::{Connection, ConnectionInput, Provider, StatusRule};
use signalbox_api::rules_preview::RulesPreview;
use signalbox_api::scheduler::SyncActivity;
use signalbox_api::sync::http::Policy;
use signalbox_api::{ApiError, StatusTableView};
use tauri::State;
use uuid::Uuid;

use super::Reply;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_connections(state: State<'_, AppState>) -> Reply<Vec<ConnectionHealth>> {
    state.with(|ws| ws.connection_health())
}

/// Adds a connection and stores its token in the keyring; when the token
/// cannot be stored, the connection is not kept either.
#[tauri::command(async)]
pub fn create_connection(
    state: State<'_, AppState>,
    input: ConnectionInput,
    token: String,
) -> Reply<Connection> {
    let secrets = state.secrets.clone();
    let created = state.with(|ws| {
        if token.trim().is_empty() {
            // Checked first so a missing token never leaves a connection behind.
            input.validate()?;
            return Err(ApiError::field(
                "token",
                "Give the access token to read with",
            ));
        }
        let c = ws.create_connection(&input)?;
        if let Err(e) = ws.set_connection_token(&*secrets, c.id, &token) {
            let _ = ws.delete_connection(c.id);
            return Err(e);
        }
        Ok(c)
    })?;
    // A new connection syncs at once rather than at its first interval.
    if let Ok(s) = state.scheduler() {
        s.sync_now(Some(created.id));
    }
    Ok(created)
}

/// Saves a connection's settings; a non-empty `token` replaces the stored one.
#[tauri::command(async)]
pub fn update_connection(
    state: State<'_, AppState>,
    id: Uuid,
    input: ConnectionInput,
    token: Option<String>,
) -> Reply<Connection> {
    let secrets = state.secrets.clone();
    state.with(|ws| {
        let c = ws.update_connection(id, &input)?;
        if let Some(token) = token.filter(|t| !t.trim().is_empty()) {
            ws.set_connection_token(&*secrets, id, &token)?;
        }
        Ok(c)
    })
}

/// Removes a connection, its runs and its token.
#[tauri::command(async)]
pub fn delete_connection(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    let secrets = state.secrets.clone();
    state.with(|ws| {
        ws.get_connection(id)?;
        // The token first: a connection must not go while its secret stays.
        secrets.delete(id)?;
        ws.delete_connection(id)
    })
}

/// Checks each source of the settings `input` (a form's current values)
/// with `token`, or with the token stored for connection `id` when none is
/// typed in.
#[tauri::command(async)]
pub async fn test_connection(
    state: State<'_, AppState>,
    id: Option<Uuid>,
    input: ConnectionInput,
    token: Option<String>,
) -> Reply<Vec<SourceCheck>> {
    let secrets = state.secrets.clone();
    // Read what is needed, then test without holding the workspace: the
    // provider may be slow to answer.
    let token = match (token.filter(|t| !t.trim().is_empty()), id) {
        (Some(t), _) => t,
        (None, Some(id)) => state
            .with(|ws| ws.connection_token(&*secrets, id))?
            .ok_or_else(|| {
                ApiError::field(
                    "token",
                    "No token is stored for this connection: give one to test with",
                )
                .payload()
            })?,
        (None, None) => {
            return Err(ApiError::field("token", "Give the access token to test with").payload())
        }
    };
    let ws = state.reader()?;
    // The connectors drive their own runtime: off the command's.
    tauri::async_runtime::spawn_blocking(move || {
        ws.test_settings(&input, &token, Policy::default())
            .map_err(|e| e.payload())
    })
    .await
    .map_err(|e| ApiError::Internal(format!("the test stopped: {e}")).payload())?
}

#[tauri::command(async)]
pub fn sync_now(state: State<'_, AppState>, id: Option<Uuid>) -> Reply<()> {
    state.scheduler()?.sync_now(id);
    Ok(())
}

#[tauri::command(async)]
pub fn sync_activity(state: State<'_, AppState>) -> Reply<Vec<SyncActivity>> {
    Ok(state.scheduler()?.activity())
}

#[tauri::command(async)]
pub fn sync_history(state: State<'_, AppState>, id: Uuid, limit: u32) -> Reply<Vec<SyncRecord>> {
    state.with(|ws| ws.sync_history(id, limit))
}

#[tauri::command(async)]
pub fn pipelines_board(state: State<'_, AppState>, query: BoardQuery) -> Reply<Board> {
    state.with(|ws| ws.pipelines_board(&query))
}

#[tauri::command(async)]
pub fn cell_runs(
    state: State<'_, AppState>,
    service: Uuid,
    environment: Uuid,
    limit: u32,
) -> Reply<Vec<BoardRun>> {
    state.with(|ws| ws.cell_runs(service, environment, limit))
}

#[tauri::command(async)]
pub fn preview_rules(
    state: State<'_, AppState>,
    id: Uuid,
    input: ConnectionInput,
) -> Reply<RulesPreview> {
    state.with(|ws| ws.preview_rules(id, &input))
}

#[tauri::command(async)]
pub fn status_table(state: State<'_, AppState>) -> Reply<StatusTableView> {
    state.with(|ws| ws.status_table())
}

/// Maps a provider value; the number of stored runs re-mapped.
#[tauri::command(async)]
pub fn set_status_rule(state: State<'_, AppState>, rule: StatusRule) -> Reply<u32> {
    state.with(|ws| ws.set_status_rule(&rule).map(|n| n as u32))
}

#[tauri::command(async)]
pub fn reset_status_rule(
    state: State<'_, AppState>,
    provider: Provider,
    raw: String,
) -> Reply<u32> {
    state.with(|ws| ws.reset_status_rule(provider, &raw).map(|n| n as u32))
}

/// Opens a run's page at its provider in the default browser. Only web
/// addresses are opened.
#[tauri::command(async)]
pub fn open_external(app: tauri::AppHandle, url: String) -> Reply<()> {
    let parsed = url::Url::parse(url.trim())
        .map_err(|_| ApiError::field("url", format!("\"{url}\" is not a web address")).payload())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ApiError::field("url", "Only http and https addresses are opened").payload());
    }
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_url(parsed.as_str(), None::<&str>)
        .map_err(|e| ApiError::Internal(format!("cannot open the browser: {e}")).payload())
}
