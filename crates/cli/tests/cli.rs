//! The `signalbox` binary as scripts use it: exit codes, human and JSON
//! output, and clear errors for bad workspaces and bad CSV.

// Tests stop loudly on a failed setup; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn signalbox(workspace: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_signalbox"))
        .arg("--workspace")
        .arg(workspace)
        .args(args)
        .env_remove("SIGNALBOX_DATA_DIR")
        .output()
        .expect("run signalbox")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn demo_then_list_as_json_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    let o = signalbox(&ws, &["demo", "--size", "small", "--seed", "4"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = stdout(&o);
    assert!(
        summary.contains("40 services, 6 teams, 4 environments"),
        "{summary}"
    );

    let o = signalbox(&ws, &["--json", "services", "list"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 40);

    let o = signalbox(&ws, &["--json", "environments", "list"]);
    let envs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(envs[3]["name"], "production");

    // The sample's dependency map is stored, and counted in the summary.
    let o = signalbox(&ws, &["--json", "deps", "list"]);
    let deps: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let edges = deps.as_array().unwrap().len();
    assert!(edges > 0);
    assert!(
        summary.contains(&format!(" windows, {edges} dependencies.")),
        "{summary}"
    );

    let o = signalbox(&ws, &["audit", "verify"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("intact"), "{}", stdout(&o));
}

#[test]
fn demo_is_deterministic_by_seed() {
    let dir = tempfile::tempdir().unwrap();
    let export = |name: &str, seed: &str| {
        let ws = dir.path().join(name);
        assert!(signalbox(&ws, &["demo", "--size", "small", "--seed", seed])
            .status
            .success());
        stdout(&signalbox(&ws, &["services", "export-csv"]))
    };
    assert_eq!(export("a", "5"), export("b", "5"));
    assert_ne!(export("c", "5"), export("d", "6"));
}

#[test]
fn add_refuses_a_duplicate_with_a_field_message_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    let ok = signalbox(
        &ws,
        &["services", "add", "--name", "ledger", "--tier", "high"],
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    let dup = signalbox(&ws, &["services", "add", "--name", "Ledger"]);
    assert_eq!(dup.status.code(), Some(1));
    assert!(
        stderr(&dup).contains("A service named \"Ledger\" already exists"),
        "{}",
        stderr(&dup)
    );

    let json = signalbox(&ws, &["--json", "services", "add", "--name", ""]);
    let err: serde_json::Value = serde_json::from_slice(&json.stderr).unwrap();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["fields"][0]["field"], "name");
}

#[test]
fn a_bad_csv_is_refused_whole_with_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name,tier\nok,low\nbad,urgent\n").unwrap();
    let o = signalbox(&ws, &["services", "import-csv", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("row 3, column tier"), "{}", stderr(&o));
    let list = signalbox(&ws, &["--json", "services", "list"]);
    assert_eq!(stdout(&list).trim(), "[]");
}

#[test]
fn export_and_import_round_trip_through_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.signalbox");
    let b = dir.path().join("b.signalbox");
    let csv = dir.path().join("services.csv");
    assert!(signalbox(&a, &["demo"]).status.success());
    assert!(
        signalbox(&a, &["services", "export-csv", csv.to_str().unwrap()])
            .status
            .success()
    );
    let o = signalbox(&b, &["services", "import-csv", csv.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("40 created"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert_eq!(
        stdout(&signalbox(&a, &["services", "export-csv"])),
        stdout(&signalbox(&b, &["services", "export-csv"]))
    );
}

#[test]
fn a_tampered_audit_chain_fails_verify_with_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    assert!(signalbox(&ws, &["demo"]).status.success());
    let conn = signalbox_store::Connection::open(&ws).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_events_no_update;
         UPDATE audit_events SET actor = 'Mallory' WHERE seq = 7;",
    )
    .unwrap();
    drop(conn);
    let o = signalbox(&ws, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stdout(&o).contains("BROKEN at event 7"), "{}", stdout(&o));
}

#[test]
fn a_file_that_is_not_a_workspace_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "hello").unwrap();
    let o = signalbox(&notes, &["services", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("notes.txt is not a Signalbox workspace"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "hello");
}

/// Runs the CLI as an unprivileged user when the tests run as root, because
/// root ignores permission bits and a read-only file would not be read-only.
#[test]
fn a_read_only_workspace_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let ws = dir.path().join("w.signalbox");
    assert!(signalbox(&ws, &["demo"]).status.success());
    // Checkpoint the WAL into the file so the reader needs nothing else.
    let conn = signalbox_store::Connection::open(&ws).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    std::fs::set_permissions(&ws, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&ws).unwrap();
    let bin = env!("CARGO_BIN_EXE_signalbox");
    let is_root = running_as_root();
    let mut cmd = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    let o = cmd
        .arg("--workspace")
        .arg(&ws)
        .args(["services", "list"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("is read-only"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&ws).unwrap(), before);
}

fn running_as_root() -> bool {
    let out = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}
