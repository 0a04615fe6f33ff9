//! Starts the background sync and carries its news to the UI: progress and
//! results as `signalbox://sync` events, what its writes changed as
//! `signalbox://changed`, and a desktop notification when a production
//! deployment fails or stalls.

use signalbox_api::scheduler::{Scheduler, SchedulerConfig, SyncEvent};
use signalbox_api::sync::http::Policy;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;
use crate::{CHANGED_EVENT, SYNC_EVENT};

/// Starts the scheduler on the open workspace; without one there is
/// nothing to sync (the UI shows why the workspace did not open).
pub fn start(app: &AppHandle) {
    let state = app.state::<AppState>();
    if state.with(|_| Ok(())).is_err() {
        return;
    }
    let events = app.clone();
    let changes = app.clone();
    let config = SchedulerConfig {
        workspace: state.path().to_path_buf(),
        secrets: state.secrets.clone(),
        policy: Policy::default(),
        // Tests drive syncs with "sync now" only.
        poll: std::env::var_os("SIGNALBOX_NO_POLL").is_none(),
    };
    let started = Scheduler::start(
        config,
        move |event| {
            if let SyncEvent::Alert(alert) = &event {
                notify(&events, &alert.headline(), &alert.run.raw_status);
            }
            // The window may be gone while the app shuts down.
            let _ = events.emit(SYNC_EVENT, &event);
        },
        move |change| {
            let _ = changes.emit(CHANGED_EVENT, change);
        },
    );
    match started {
        Ok(scheduler) => {
            let _ = state.sync.set(scheduler);
        }
        Err(e) => eprintln!("signalbox: background sync did not start: {e}"),
    }
}

/// A desktop notification; where the desktop has no notification service
/// the UI's own alert still shows.
fn notify(app: &AppHandle, title: &str, body: &str) {
    let shown = app
        .notification()
        .builder()
        .title(title)
        .body(format!("Provider status: {body}"))
        .show();
    if let Err(e) = shown {
        eprintln!("signalbox: desktop notification not shown: {e}");
    }
}
