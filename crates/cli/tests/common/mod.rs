//! Running the `signalbox` binary on a workspace file, as a pipeline does.
#![allow(clippy::expect_used, dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub fn signalbox(workspace: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_signalbox"))
        .arg("--workspace")
        .arg(workspace)
        .args(["--actor", "Pipeline"])
        .args(args)
        .env_remove("SIGNALBOX_DATA_DIR")
        .output()
        .expect("run signalbox")
}

/// Standard output then standard error, as text.
pub fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs and insists on success; returns the output.
pub fn ok(workspace: &Path, args: &[&str]) -> String {
    let o = signalbox(workspace, args);
    assert!(o.status.success(), "{args:?}: {}", out(&o));
    out(&o)
}
