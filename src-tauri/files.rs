//! Native file dialogs (rfd). For end-to-end tests, which cannot drive a
//! native dialog, `SIGNALBOX_SAVE_DIR`, `SIGNALBOX_OPEN_FILE` and
//! `SIGNALBOX_OPEN_FOLDER` stand in for the user's choice.

use std::path::PathBuf;

/// Where to save a file, or `None` when the user cancelled.
pub async fn save_path(default_name: &str, filter: &str, extensions: &[&str]) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SIGNALBOX_SAVE_DIR") {
        return Some(PathBuf::from(dir).join(default_name));
    }
    rfd::AsyncFileDialog::new()
        .set_file_name(default_name)
        .add_filter(filter, extensions)
        .save_file()
        .await
        .map(|f| f.path().to_path_buf())
}

/// Which file to open, or `None` when the user cancelled.
pub async fn open_path(filter: &str, extensions: &[&str]) -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("SIGNALBOX_OPEN_FILE") {
        return Some(PathBuf::from(file));
    }
    rfd::AsyncFileDialog::new()
        .add_filter(filter, extensions)
        .pick_file()
        .await
        .map(|f| f.path().to_path_buf())
}

/// Which folder to open, or `None` when the user cancelled.
pub async fn open_folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SIGNALBOX_OPEN_FOLDER") {
        return Some(PathBuf::from(dir));
    }
    rfd::AsyncFileDialog::new()
        .pick_folder()
        .await
        .map(|f| f.path().to_path_buf())
}

/// Asks where to save `bytes` and writes them there: the path written, or
/// `None` when the user cancelled.
pub async fn save_bytes(
    name: &str,
    filter: &str,
    extensions: &[&str],
    bytes: &[u8],
) -> Result<Option<String>, signalbox_api::ErrorPayload> {
    let Some(path) = save_path(name, filter, extensions).await else {
        return Ok(None);
    };
    std::fs::write(&path, bytes).map_err(|e| {
        signalbox_api::ApiError::Internal(format!("cannot write {}: {e}", path.display())).payload()
    })?;
    Ok(Some(path.display().to_string()))
}
