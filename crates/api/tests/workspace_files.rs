//! Opening workspace files: bad files are refused with a clear message and
//! left exactly as they were.

// Tests stop loudly on a failed setup; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use signalbox_api::domain::demo::DemoSize;
use signalbox_api::{ErrorCode, Workspace};

fn open_err(path: &Path) -> signalbox_api::ErrorPayload {
    match Workspace::open(path) {
        Ok(_) => panic!("{} opened but should not have", path.display()),
        Err(e) => e.payload(),
    }
}

#[test]
fn a_new_workspace_is_created_with_its_folders() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/w.signalbox");
    let ws = Workspace::open(&path).unwrap();
    assert!(path.exists());
    assert_eq!(ws.status().unwrap().display_name, None);
}

#[test]
fn data_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.signalbox");
    {
        let mut ws = Workspace::open(&path).unwrap();
        ws.set_display_name("Ada").unwrap();
        ws.load_sample(DemoSize::Small, 3).unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    let status = ws.status().unwrap();
    assert_eq!(status.display_name.as_deref(), Some("Ada"));
    assert_eq!(status.counts.services, 40);
    assert!(ws.verify_audit().unwrap().first_broken.is_none());
}

#[test]
fn a_text_file_is_not_a_workspace_and_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "shopping list\n").unwrap();
    let err = open_err(&path);
    assert_eq!(err.code, ErrorCode::NotAWorkspace);
    assert!(
        err.message.contains("not an SQLite database"),
        "{}",
        err.message
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "shopping list\n");
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let conn = rusqlite_conn(&path);
    conn.execute_batch("CREATE TABLE x (a INTEGER); INSERT INTO x VALUES (1);")
        .unwrap();
    drop(conn);
    assert_eq!(open_err(&path).code, ErrorCode::NotAWorkspace);
}

#[test]
fn a_workspace_from_a_newer_version_is_refused_and_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.signalbox");
    drop(Workspace::open(&path).unwrap());
    {
        let conn = rusqlite_conn(&path);
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = open_err(&path);
    assert_eq!(err.code, ErrorCode::WorkspaceTooNew);
    assert!(err.message.contains("newer Signalbox"), "{}", err.message);
    assert!(err.message.contains("999"), "{}", err.message);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn rusqlite_conn(path: &Path) -> signalbox_store::Connection {
    signalbox_store::Connection::open(path).unwrap()
}
