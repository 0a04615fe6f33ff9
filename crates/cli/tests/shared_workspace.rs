//! The app holds its workspace open on several connections (the UI's, the
//! background sync's) while the CLI writes to it from another process. A
//! second open in the same process must not drop the first one's locks:
//! if it did, the CLI would take itself for the last user, checkpoint and
//! delete the WAL under the app's feet, and the app would read a damaged
//! database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::ok;
use signalbox_api::domain::ServiceQuery;
use signalbox_api::Workspace;

#[test]
fn another_process_writing_while_the_app_has_the_workspace_open_twice_damages_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.signalbox");
    ok(&path, &["whoami", "Tess"]);
    // The CLI helper acts as "Pipeline", who must be a person the workspace knows.
    let added = common::command(&path)
        .args(["people", "add", "--name", "Pipeline", "--role", "viewer"])
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    ok(&path, &["services", "add", "--name", "first"]);

    // As the app: the UI's workspace, then the sync's on the same file.
    let ui = Workspace::open(&path).unwrap();
    assert_eq!(ui.counts().unwrap().services, 1);
    let sync = Workspace::open(&path).unwrap();
    assert_eq!(sync.counts().unwrap().services, 1);

    // Another process writes and exits while both are open.
    for name in ["second", "third"] {
        ok(&path, &["services", "add", "--name", name]);
    }
    let wal = dir.path().join("w.signalbox-wal");
    assert!(wal.exists(), "the WAL is still in use by this process");

    // Both see the writes, and the file is sound.
    for ws in [&ui, &sync] {
        let page = ws.search_services(&ServiceQuery::default()).unwrap();
        let names: Vec<&str> = page.items.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["first", "second", "third"]);
    }
    let check: String = signalbox_store::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
