//! Workspaces the tests prepare in an app's data directory. The large sample
//! takes about 20 s and 1.6 GB to generate, so it is made once per build of
//! the CLI and kept beside that binary (`e2e-fixtures/`), replacing the one an
//! older build made: a run leaves one copy behind, never one per run.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use crate::cli;

/// The folder holding the large sample (seed 1, display name "Bench"),
/// generated on first use by this build of the CLI.
pub fn large_sample() -> PathBuf {
    // Tests in one binary may ask at once; one generates, the others wait.
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let bin = PathBuf::from(
        std::env::var("SIGNALBOX_CLI")
            .expect("SIGNALBOX_CLI must name the CLI binary (run through scripts/e2e.sh)"),
    );
    let root = bin
        .parent()
        .expect("the CLI binary lives in a folder")
        .join("e2e-fixtures");
    let dir = root.join(format!("large-seed1-{}", build_stamp(&bin)));
    if dir.join("workspace.signalbox").is_file() {
        return dir;
    }
    std::fs::create_dir_all(&root).expect("the fixtures folder");
    // Older builds' samples go; so does a half-made one a killed run left.
    for entry in std::fs::read_dir(&root)
        .expect("read the fixtures folder")
        .flatten()
    {
        let _ = std::fs::remove_dir_all(entry.path());
    }
    // Generated aside and renamed into place, so a run stopped midway leaves
    // no sample that looks finished.
    let making = tempfile::tempdir_in(&root).expect("a folder to generate in");
    cli(making.path(), &["whoami", "Bench"]);
    cli(making.path(), &["demo", "--size", "large", "--seed", "1"]);
    std::fs::rename(making.keep(), &dir).expect("put the sample in place");
    dir
}

/// Adds a production environment (first in the promotion path, UTC) to the
/// workspace in `data_dir`.
pub fn add_production(data_dir: &Path) {
    cli(
        data_dir,
        &[
            "environments",
            "add",
            "--name",
            "production",
            "--position",
            "0",
            "--production",
            "--time-zone",
            "UTC",
        ],
    );
}

/// Copies the large sample into `data_dir`.
pub fn copy_large_sample(data_dir: &Path) {
    for entry in std::fs::read_dir(large_sample())
        .expect("read the sample")
        .flatten()
    {
        std::fs::copy(entry.path(), data_dir.join(entry.file_name())).expect("copy the sample");
    }
}

/// Tells builds of the CLI apart: its modification time and size.
fn build_stamp(bin: &Path) -> String {
    let meta = std::fs::metadata(bin).expect("the CLI binary");
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    format!("{modified}-{}", meta.len())
}
