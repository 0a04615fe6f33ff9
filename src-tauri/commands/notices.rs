//! Stakeholder notice commands: templates and their preview, notices and
//! their sendings, exports through the save dialog, copying to the
//! clipboard, recipients per audience and incidents.

use signalbox_api::domain::notices::export::html_fragment;
use signalbox_api::domain::notices::notice::NOTICE_BODY_MAX;
use signalbox_api::domain::notices::{
    palette, Audience, Incident, IncidentInput, Notice, NoticeEdit, NoticeSend, PaletteEntry,
    TargetKind, Template, TemplateInput,
};
use signalbox_api::notices::{
    ExportFormat, GenerateInput, NoticeView, Preview, PreviewInput, RecipientsView, SendInput,
    TargetOption, TemplateView,
};
use signalbox_api::ApiError;
use tauri::State;
use uuid::Uuid;

use super::Reply;
use crate::files;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_templates(state: State<'_, AppState>) -> Reply<Vec<Template>> {
    state.with(|ws| ws.list_templates())
}

#[tauri::command(async)]
pub fn template(state: State<'_, AppState>, id: Uuid) -> Reply<TemplateView> {
    state.with(|ws| ws.template(id))
}

#[tauri::command(async)]
pub fn add_template(state: State<'_, AppState>, input: TemplateInput) -> Reply<Template> {
    state.with(|ws| ws.add_template(&input))
}

#[tauri::command(async)]
pub fn update_template(
    state: State<'_, AppState>,
    id: Uuid,
    input: TemplateInput,
) -> Reply<Template> {
    state.with(|ws| ws.update_template(id, &input))
}

#[tauri::command(async)]
pub fn restore_template_version(
    state: State<'_, AppState>,
    id: Uuid,
    version: u32,
) -> Reply<Template> {
    state.with(|ws| ws.restore_template_version(id, version))
}

#[tauri::command(async)]
pub fn delete_template(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_template(id))
}

#[tauri::command(async)]
pub fn template_palette() -> Vec<PaletteEntry> {
    palette()
}

#[tauri::command(async)]
pub fn preview_template(state: State<'_, AppState>, input: PreviewInput) -> Reply<Preview> {
    state.with(|ws| ws.preview_template(&input))
}

/// A notice's Markdown as the preview's HTML (escaped, links checked), so
/// an edit is previewed before it is saved.
#[tauri::command(async)]
pub fn markdown_html(markdown: String) -> Reply<String> {
    if markdown.len() > NOTICE_BODY_MAX * 4 {
        return Err(ApiError::field("body", "The notice is too long to preview").payload());
    }
    Ok(html_fragment(&markdown))
}

#[tauri::command(async)]
pub fn notice_targets(
    state: State<'_, AppState>,
    kind: TargetKind,
    query: String,
) -> Reply<Vec<TargetOption>> {
    state.with(|ws| ws.notice_targets(kind, &query))
}

#[tauri::command(async)]
pub fn generate_notice(state: State<'_, AppState>, input: GenerateInput) -> Reply<Notice> {
    state.with(|ws| ws.generate_notice(&input))
}

#[tauri::command(async)]
pub fn list_notices(state: State<'_, AppState>) -> Reply<Vec<Notice>> {
    state.with(|ws| ws.list_notices())
}

#[tauri::command(async)]
pub fn notice(state: State<'_, AppState>, id: Uuid) -> Reply<NoticeView> {
    state.with(|ws| ws.notice(id))
}

#[tauri::command(async)]
pub fn update_notice(state: State<'_, AppState>, id: Uuid, edit: NoticeEdit) -> Reply<Notice> {
    state.with(|ws| ws.update_notice(id, &edit))
}

#[tauri::command(async)]
pub fn delete_notice(state: State<'_, AppState>, id: Uuid) -> Reply<()> {
    state.with(|ws| ws.delete_notice(id))
}

#[tauri::command(async)]
pub fn record_notice_sent(
    state: State<'_, AppState>,
    id: Uuid,
    input: SendInput,
) -> Reply<NoticeSend> {
    state.with(|ws| ws.record_notice_sent(id, &input))
}

/// Saves a notice as `format` where the user chooses; the path, or `None`
/// when they cancelled.
#[tauri::command]
pub async fn save_notice(
    state: State<'_, AppState>,
    id: Uuid,
    format: ExportFormat,
) -> Reply<Option<String>> {
    let file = state.with(|ws| ws.export_notice(id, format))?;
    save(
        &file.content,
        &file.file_name,
        format.filter(),
        &[format.extension()],
    )
    .await
}

/// Puts a notice on the clipboard as Markdown, plain text or HTML source.
#[tauri::command(async)]
pub fn copy_notice(state: State<'_, AppState>, id: Uuid, format: ExportFormat) -> Reply<()> {
    let file = state.with(|ws| ws.export_notice(id, format))?;
    crate::clipboard::copy_text(file.content)
        .map_err(|e| ApiError::Internal(format!("cannot use the clipboard: {e}")).payload())
}

#[tauri::command(async)]
pub fn recipients(state: State<'_, AppState>, audience: Audience) -> Reply<RecipientsView> {
    state.with(|ws| ws.recipients(audience))
}

#[tauri::command(async)]
pub fn set_recipients(
    state: State<'_, AppState>,
    audience: Audience,
    text: String,
) -> Reply<RecipientsView> {
    state.with(|ws| ws.set_recipients(audience, &text))
}

/// Replaces an audience's list from a CSV file the user picks; `None` when
/// they cancelled.
#[tauri::command]
pub async fn import_recipients(
    state: State<'_, AppState>,
    audience: Audience,
) -> Reply<Option<RecipientsView>> {
    let Some(path) = files::open_path("CSV", &["csv"]).await else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        ApiError::Import {
            message: format!("cannot read {}: {e}", path.display()),
            problems: Vec::new(),
        }
        .payload()
    })?;
    state
        .with(|ws| ws.import_recipients_csv(audience, &text))
        .map(Some)
}

#[tauri::command]
pub async fn save_recipients(
    state: State<'_, AppState>,
    audience: Audience,
) -> Reply<Option<String>> {
    let file = state.with(|ws| ws.export_recipients_csv(audience))?;
    save(&file.content, &file.file_name, "CSV", &["csv"]).await
}

#[tauri::command(async)]
pub fn notice_sender(state: State<'_, AppState>) -> Reply<String> {
    state.with(|ws| ws.notice_sender())
}

#[tauri::command(async)]
pub fn set_notice_sender(state: State<'_, AppState>, sender: String) -> Reply<String> {
    state.with(|ws| ws.set_notice_sender(&sender))
}

#[tauri::command(async)]
pub fn list_incidents(state: State<'_, AppState>) -> Reply<Vec<Incident>> {
    state.with(|ws| ws.list_incidents())
}

#[tauri::command(async)]
pub fn add_incident(state: State<'_, AppState>, input: IncidentInput) -> Reply<Incident> {
    state.with(|ws| ws.add_incident(&input))
}

#[tauri::command(async)]
pub fn update_incident(
    state: State<'_, AppState>,
    id: Uuid,
    input: IncidentInput,
) -> Reply<Incident> {
    state.with(|ws| ws.update_incident(id, &input))
}

async fn save(text: &str, name: &str, filter: &str, ext: &[&str]) -> Reply<Option<String>> {
    files::save_bytes(name, filter, ext, text.as_bytes()).await
}
