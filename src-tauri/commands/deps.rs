//! The dependency map's commands: the laid-out view, a service's links,
//! editing dependencies, impact, a train's order, imports through a file or
//! folder dialog, and exports (DOT, Mermaid, SVG, and the PNG the UI paints).

use signalbox_api::backstage_io::BackstageReport;
use signalbox_api::deps_io::DependencyImportReport;
use signalbox_api::deps_map::{ServiceLinks, TrainOrder};
use signalbox_api::domain::deps::map::{MapQuery, MapView};
use signalbox_api::domain::deps::{DependencyInput, Impact, ImpactOptions, ServiceDependency};
use signalbox_api::{ApiError, ErrorPayload};
use tauri::ipc::{InvokeBody, Request};
use tauri::State;
use uuid::Uuid;

use super::Reply;
use crate::files;
use crate::state::AppState;

#[tauri::command(async)]
pub fn dependency_map(state: State<'_, AppState>, query: MapQuery) -> Reply<MapView> {
    state.with(|ws| ws.dependency_map(&query))
}

#[tauri::command(async)]
pub fn service_links(state: State<'_, AppState>, id: Uuid) -> Reply<ServiceLinks> {
    state.with(|ws| ws.service_links(id))
}

#[tauri::command(async)]
pub fn create_dependency(
    state: State<'_, AppState>,
    input: DependencyInput,
) -> Reply<ServiceDependency> {
    state.with(|ws| ws.create_dependency(input))
}

#[tauri::command(async)]
pub fn update_dependency(
    state: State<'_, AppState>,
    id: Uuid,
    input: DependencyInput,
) -> Reply<ServiceDependency> {
    state.with(|ws| ws.update_dependency(id, input))
}

#[tauri::command(async)]
pub fn delete_dependency(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_dependency(id))
}

#[tauri::command(async)]
pub fn impact(
    state: State<'_, AppState>,
    services: Vec<Uuid>,
    options: ImpactOptions,
) -> Reply<Impact> {
    state.with(|ws| ws.impact(&services, &options))
}

#[tauri::command(async)]
pub fn train_order(state: State<'_, AppState>, id: Uuid) -> Reply<TrainOrder> {
    state.with(|ws| ws.train_order_named(id))
}

/// Asks where to save `bytes`; the path written, or `None` when cancelled.
async fn save(name: &str, filter: &str, ext: &str, bytes: &[u8]) -> Reply<Option<String>> {
    files::save_bytes(name, filter, &[ext], bytes).await
}

/// Saves the whole map as Graphviz DOT or Mermaid text.
#[tauri::command(async)]
pub async fn export_dependencies(
    state: State<'_, AppState>,
    format: String,
) -> Reply<Option<String>> {
    match format.as_str() {
        "dot" => {
            let text = state.with(|ws| ws.export_dependencies_dot())?;
            save("signalbox-map.dot", "Graphviz DOT", "dot", text.as_bytes()).await
        }
        "mermaid" => {
            let text = state.with(|ws| ws.export_dependencies_mermaid())?;
            save("signalbox-map.mmd", "Mermaid", "mmd", text.as_bytes()).await
        }
        other => {
            Err(ApiError::field("format", format!("unknown export format \"{other}\"")).payload())
        }
    }
}

/// Saves the view `query` shows as an SVG image.
#[tauri::command(async)]
pub async fn export_map_svg(state: State<'_, AppState>, query: MapQuery) -> Reply<Option<String>> {
    let text = state.with(|ws| ws.export_map_svg(&query))?;
    save("signalbox-map.svg", "SVG image", "svg", text.as_bytes()).await
}

/// Saves the PNG image the UI painted of its current view (sent as raw bytes).
#[tauri::command(async)]
pub async fn export_map_png(request: Request<'_>) -> Reply<Option<String>> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(ApiError::field("image", "the image must be sent as raw bytes").payload());
    };
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(ApiError::field("image", "that is not a PNG image").payload());
    }
    save("signalbox-map.png", "PNG image", "png", bytes).await
}

/// Asks for a Backstage catalog file (`folder`: a folder of them) and imports it.
#[tauri::command(async)]
pub async fn import_backstage(
    state: State<'_, AppState>,
    folder: bool,
) -> Reply<Option<BackstageReport>> {
    let path = if folder {
        files::open_folder().await
    } else {
        files::open_path("Backstage catalog", &["yaml", "yml"]).await
    };
    let Some(path) = path else {
        return Ok(None);
    };
    state.with(|ws| ws.import_backstage(&path)).map(Some)
}

/// Asks for a dependencies CSV and imports it, all or nothing.
#[tauri::command(async)]
pub async fn import_dependencies_csv(
    state: State<'_, AppState>,
) -> Reply<Option<DependencyImportReport>> {
    let Some(path) = files::open_path("CSV", &["csv"]).await else {
        return Ok(None);
    };
    let bytes = std::fs::read(&path).map_err(|e| -> ErrorPayload {
        ApiError::Internal(format!("cannot read {}: {e}", path.display())).payload()
    })?;
    state
        .with(|ws| ws.import_dependencies_csv(&bytes))
        .map(Some)
}
