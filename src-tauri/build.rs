//! Build script of the desktop shell: Tauri's config, ACL and the list of app
//! commands that get `allow-*` permissions (granted in capabilities/).

const COMMANDS: &[&str] = &[
    "workspace_status",
    "set_display_name",
    "load_sample",
    "search_services",
    "get_service",
    "service_systems",
    "create_service",
    "update_service",
    "delete_service",
    "list_teams",
    "create_team",
    "update_team",
    "delete_team",
    "list_environments",
    "create_environment",
    "update_environment",
    "delete_environment",
    "time_zones",
    "list_audit",
    "verify_audit",
    "ui_ready",
    "calendar_view",
    "list_trains",
    "train_detail",
    "create_train",
    "update_train",
    "delete_train",
    "get_change",
    "create_change",
    "update_change",
    "delete_change",
    "transition_change",
    "check_change",
    "next_free_slots",
    "list_windows",
    "create_window",
    "update_window",
    "delete_window",
    "preview_window",
    "export_calendar_ics",
    "import_calendar_ics",
    "dependency_map",
    "service_links",
    "create_dependency",
    "update_dependency",
    "delete_dependency",
    "impact",
    "train_order",
    "export_dependencies",
    "export_map_svg",
    "export_map_png",
    "import_backstage",
    "import_dependencies_csv",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1)
    });
}
