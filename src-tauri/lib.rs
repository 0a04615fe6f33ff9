//! The Signalbox desktop shell: opens the workspace, registers the typed
//! commands the UI calls, and forwards committed changes to the UI as events.
//! Everything of substance lives in `signalbox-api`.

mod clipboard;
mod commands;
mod files;
mod rendering;
mod state;
mod sync;

use std::path::PathBuf;
use std::time::Instant;

use tauri::Emitter;

/// The event the UI listens to for committed changes.
pub const CHANGED_EVENT: &str = "signalbox://changed";
/// The event carrying the background sync's news (`SyncEvent`).
pub const SYNC_EVENT: &str = "signalbox://sync";

/// Starts the app on the workspace named by `--workspace FILE`, else the default one.
pub fn run() {
    let started = Instant::now();
    let path = workspace_arg().unwrap_or_else(signalbox_api::paths::default_workspace);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            let handle = app.handle().clone();
            let state = state::AppState::open(&path, started, move |event| {
                // The window may be gone while the app shuts down; nothing to tell then.
                let _ = handle.emit(CHANGED_EVENT, event);
            });
            tauri::Manager::manage(app, state);
            sync::start(app.handle());
            // Build the catalog index while the page loads, so the first
            // screen does not wait for it.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                let state = tauri::Manager::state::<state::AppState>(&handle);
                let _ = state.with(|ws| ws.warm_up());
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::workspace_status,
            commands::set_display_name,
            commands::load_sample,
            commands::search_services,
            commands::get_service,
            commands::service_systems,
            commands::create_service,
            commands::update_service,
            commands::delete_service,
            commands::list_teams,
            commands::create_team,
            commands::update_team,
            commands::delete_team,
            commands::list_environments,
            commands::create_environment,
            commands::update_environment,
            commands::delete_environment,
            commands::time_zones,
            commands::list_audit,
            commands::verify_audit,
            commands::ui_ready,
            commands::calendar::calendar_view,
            commands::calendar::list_trains,
            commands::calendar::train_detail,
            commands::calendar::create_train,
            commands::calendar::update_train,
            commands::calendar::delete_train,
            commands::calendar::get_change,
            commands::calendar::create_change,
            commands::calendar::update_change,
            commands::calendar::delete_change,
            commands::calendar::transition_change,
            commands::calendar::check_change,
            commands::calendar::next_free_slots,
            commands::calendar::list_windows,
            commands::calendar::create_window,
            commands::calendar::update_window,
            commands::calendar::delete_window,
            commands::calendar::preview_window,
            commands::calendar::export_calendar_ics,
            commands::calendar::import_calendar_ics,
            commands::deps::dependency_map,
            commands::deps::service_links,
            commands::deps::create_dependency,
            commands::deps::update_dependency,
            commands::deps::delete_dependency,
            commands::deps::impact,
            commands::deps::train_order,
            commands::deps::export_dependencies,
            commands::deps::export_map_svg,
            commands::deps::export_map_png,
            commands::deps::import_backstage,
            commands::deps::import_dependencies_csv,
            commands::sync::list_connections,
            commands::sync::create_connection,
            commands::sync::update_connection,
            commands::sync::delete_connection,
            commands::sync::test_connection,
            commands::sync::sync_now,
            commands::sync::sync_activity,
            commands::sync::sync_history,
            commands::sync::pipelines_board,
            commands::sync::cell_runs,
            commands::sync::preview_rules,
            commands::sync::status_table,
            commands::sync::set_status_rule,
            commands::sync::reset_status_rule,
            commands::sync::open_external,
            commands::governance::risk_policy,
            commands::governance::set_risk_policy,
            commands::governance::approval_policy,
            commands::governance::set_approval_policy,
            commands::governance::change_risk,
            commands::governance::answer_risk,
            commands::governance::risk_register,
            commands::governance::export_risk_register,
            commands::governance::change_governance,
            commands::governance::move_change,
            commands::governance::pir_owed,
            commands::governance::set_change_model,
            commands::governance::decide_change,
            commands::governance::list_approvals,
            commands::governance::list_people,
            commands::governance::add_person,
            commands::governance::update_person,
            commands::governance::delete_person,
            commands::governance::list_cabs,
            commands::governance::create_cab,
            commands::governance::update_cab,
            commands::governance::delete_cab,
            commands::governance::prepare_meeting,
            commands::governance::meeting,
            commands::governance::start_meeting,
            commands::governance::meeting_go,
            commands::governance::set_attendance,
            commands::governance::decide_item,
            commands::governance::pull_in,
            commands::governance::close_meeting,
            commands::governance::export_meeting,
            commands::notices::list_templates,
            commands::notices::template,
            commands::notices::add_template,
            commands::notices::update_template,
            commands::notices::restore_template_version,
            commands::notices::delete_template,
            commands::notices::template_palette,
            commands::notices::preview_template,
            commands::notices::notice_targets,
            commands::notices::generate_notice,
            commands::notices::list_notices,
            commands::notices::notice,
            commands::notices::update_notice,
            commands::notices::delete_notice,
            commands::notices::record_notice_sent,
            commands::notices::save_notice,
            commands::notices::copy_notice,
            commands::notices::recipients,
            commands::notices::set_recipients,
            commands::notices::import_recipients,
            commands::notices::save_recipients,
            commands::notices::notice_sender,
            commands::notices::set_notice_sender,
            commands::notices::list_incidents,
            commands::notices::add_incident,
            commands::notices::update_incident,
            commands::notices::markdown_html,
        ])
        .build(tauri::generate_context!());
    match result {
        Ok(app) => app.run(|_, event| {
            if let tauri::RunEvent::Exit = event {
                clipboard::close();
            }
        }),
        Err(e) => {
            eprintln!("signalbox: the app could not start: {e}");
            std::process::exit(1);
        }
    }
}

fn workspace_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--workspace" {
            return args.next().map(PathBuf::from);
        }
    }
    None
}
