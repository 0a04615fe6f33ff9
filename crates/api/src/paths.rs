//! Where the default workspace lives.

use std::path::PathBuf;

/// Environment variable that moves the data directory (tests use it).
pub const DATA_DIR_ENV: &str = "SIGNALBOX_DATA_DIR";
/// File name of the default workspace inside the data directory.
pub const WORKSPACE_FILE: &str = "workspace.signalbox";

/// The data directory: `$SIGNALBOX_DATA_DIR`, else the OS data directory's
/// `signalbox` folder (e.g. `~/.local/share/signalbox`).
pub fn data_dir() -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("signalbox"),
    }
}

/// The default workspace file.
pub fn default_workspace() -> PathBuf {
    data_dir().join(WORKSPACE_FILE)
}
