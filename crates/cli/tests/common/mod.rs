//! Running the `signalbox` binary on a workspace file, as a pipeline does.
#![allow(clippy::expect_used, clippy::unwrap_used, dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub fn signalbox(workspace: &Path, args: &[&str]) -> Output {
    run(workspace, None, self::args(args))
}

/// One `signalbox` run: its arguments, extra environment and standard input.
pub struct Run<'a> {
    pub args: &'a [&'a str],
    pub env: Vec<(&'a str, String)>,
    pub stdin: Option<String>,
}

/// Removes the proxy settings: the fake providers are on loopback, and no
/// proxy may stand in between.
pub fn no_proxy(cmd: &mut Command) -> &mut Command {
    for var in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// `signalbox --workspace WS`, ready for more arguments.
pub fn command(ws: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_signalbox"));
    cmd.arg("--workspace")
        .arg(ws)
        .env_remove("SIGNALBOX_DATA_DIR");
    no_proxy(&mut cmd);
    cmd
}

/// Adds a GitHub connection named `name` to the fake at `base`.
pub fn add_github(ws: &Path, name: &str, base: &str, repo: &str) {
    ok(
        ws,
        &[
            "connections",
            "add",
            "--name",
            name,
            "--provider",
            "github",
            "--base-url",
            base,
            "--scope",
            repo,
        ],
    );
}

pub fn run(ws: &Path, bus: Option<&str>, r: Run<'_>) -> Output {
    let mut cmd = command(ws);
    cmd.args(["--actor", "Pipeline"])
        .args(r.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(bus) = bus {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    for (k, v) in &r.env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run signalbox");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = &r.stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

pub fn args<'a>(args: &'a [&'a str]) -> Run<'a> {
    Run {
        args,
        env: Vec::new(),
        stdin: None,
    }
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

/// Like [`ok`], as the workspace's own user (no `--actor`).
pub fn ok_as_user(ws: &Path, args: &[&str]) -> String {
    let o = command(ws).args(args).output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", out(&o));
    out(&o)
}

/// `signalbox` on `ws` with `args` as the workspace's own user, asserting
/// it is refused: its stderr.
pub fn refused(ws: &Path, args: &[&str]) -> String {
    let o = command(ws).args(args).output().unwrap();
    assert!(
        !o.status.success(),
        "{args:?} should be refused: {}",
        out(&o)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `environments add` for production, first in the promotion path, with `extra` flags.
pub fn production<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "environments",
        "add",
        "--name",
        "production",
        "--position",
        "1",
        "--production",
    ];
    args.extend_from_slice(extra);
    args
}

/// Dana's new workspace: a production environment (UTC) and one service.
pub fn production_workspace(service: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    ok_as_user(&ws, &["whoami", "Dana"]);
    ok_as_user(&ws, &production(&["--time-zone", "UTC"]));
    ok_as_user(&ws, &["services", "add", "--name", service]);
    (dir, ws)
}
