//! The shell's managed state: the open workspace, or why it could not open.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use signalbox_api::scheduler::Scheduler;
use signalbox_api::secrets::{KeyringSecrets, Secrets};
use signalbox_api::{ApiError, ChangeEvent, ErrorPayload, Workspace};

/// What every command reaches through `State`.
pub struct AppState {
    workspace: Mutex<Result<Workspace, ErrorPayload>>,
    path: PathBuf,
    /// Where connection tokens live: the OS keyring.
    pub secrets: Arc<dyn Secrets>,
    /// The background sync, once started.
    pub sync: OnceLock<Scheduler>,
    /// When the process started, for the startup probe.
    pub started: Instant,
    pub ready_reported: AtomicBool,
}

impl AppState {
    /// Opens the workspace; a failure is kept and shown by the UI instead.
    pub fn open(
        path: &Path,
        started: Instant,
        on_change: impl Fn(&ChangeEvent) + Send + Sync + 'static,
    ) -> AppState {
        let workspace = Workspace::open(path).map(|mut ws| {
            ws.subscribe(on_change);
            ws
        });
        AppState {
            workspace: Mutex::new(workspace.map_err(|e| e.payload())),
            path: path.to_path_buf(),
            secrets: Arc::new(KeyringSecrets::new()),
            sync: OnceLock::new(),
            started,
            ready_reported: AtomicBool::new(false),
        }
    }

    /// Runs `f` with the workspace, turning every failure into an IPC payload.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Workspace) -> Result<T, ApiError>,
    ) -> Result<T, ErrorPayload> {
        let mut guard = self
            .workspace
            .lock()
            .map_err(|_| ApiError::Internal("the workspace lock was poisoned".into()).payload())?;
        match guard.as_mut() {
            Ok(ws) => f(ws).map_err(|e| e.payload()),
            Err(open_error) => Err(open_error.clone()),
        }
    }

    /// The workspace file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A workspace of its own on the same file, for work that waits on the
    /// network and must not hold the shared one meanwhile.
    pub fn reader(&self) -> Result<Workspace, ErrorPayload> {
        self.with(|_| Ok(()))?;
        Workspace::open(&self.path).map_err(|e| e.payload())
    }

    /// The running scheduler.
    pub fn scheduler(&self) -> Result<&Scheduler, ErrorPayload> {
        self.sync
            .get()
            .ok_or_else(|| ApiError::Internal("background sync is not running".into()).payload())
    }
}
