//! Connection tokens in a real Secret Service (gnome-keyring on a private
//! D-Bus session bus), and the plain refusal when none is running.
//!
//! Run outside `scripts/with-keyring.sh`, each test runs itself again inside
//! it (a session of its own, gone afterwards), so a plain `cargo test` tests
//! the real keyring too and never touches the user's own. Without dbus or
//! gnome-keyring installed the tests fail, saying what to install.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use signalbox_api::domain::sync::ConnectionInput;
use signalbox_api::secrets::{
    KeyringSecrets, Secrets, NO_KEYRING, NO_KEYRING_DELETE, NO_KEYRING_READ,
};
use signalbox_api::{ErrorCode, Workspace};
use signalbox_fakes::{holds, workspace_bytes};
use uuid::Uuid;

/// Set by scripts/with-keyring.sh to its private bus's address.
const PRIVATE_BUS: &str = "SIGNALBOX_TEST_KEYRING_BUS";
/// Set when a test runs itself again with no Secret Service to talk to.
const NO_BUS_CHILD: &str = "SIGNALBOX_TEST_NO_KEYRING_CHILD";

fn in_private_keyring() -> bool {
    match (
        std::env::var(PRIVATE_BUS),
        std::env::var("DBUS_SESSION_BUS_ADDRESS"),
    ) {
        (Ok(private), Ok(bus)) => !private.is_empty() && private == bus,
        _ => false,
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/with-keyring.sh")
}

/// Runs test `name` of this binary in `cmd` and fails unless it ran and passed.
fn run_self(mut cmd: Command, name: &str, how: &str) {
    let exe = std::env::current_exe().unwrap();
    let o = cmd
        .arg(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name} {how}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{name} failed {how}:\n{text}");
    assert!(
        text.contains("1 passed"),
        "{name} did not run {how}:\n{text}"
    );
}

/// True when this process talks to scripts/with-keyring.sh's private Secret
/// Service. Otherwise runs test `name` again inside one (and fails with what
/// it printed unless it passed), and returns false.
fn private_keyring(name: &str) -> bool {
    if in_private_keyring() {
        return true;
    }
    let mut cmd = Command::new("bash");
    cmd.arg(script());
    run_self(
        cmd,
        name,
        "inside scripts/with-keyring.sh (run it there yourself, or install dbus and gnome-keyring with scripts/install-deps.sh)",
    );
    false
}

/// The token an independent Secret Service client (libsecret's secret-tool)
/// finds for `connection`: proof the token is in the real service.
fn secret_tool_lookup(connection: Uuid) -> Option<String> {
    let o = Command::new("secret-tool")
        .args(["lookup", "service", "signalbox", "username"])
        .arg(connection.to_string())
        .output()
        .expect("secret-tool (libsecret-tools) is missing: run scripts/install-deps.sh");
    o.status
        .success()
        .then(|| String::from_utf8(o.stdout).unwrap())
}

fn workspace(dir: &Path) -> (Workspace, PathBuf) {
    let path = dir.join("w.signalbox");
    let mut ws = Workspace::open(&path).unwrap();
    ws.set_display_name("Ada Lovelace").unwrap();
    (ws, path)
}

fn add_connection(ws: &mut Workspace, name: &str) -> Uuid {
    let input: ConnectionInput = serde_json::from_value(serde_json::json!({
        "name": name,
        "provider": "github",
        "base_url": "https://api.github.com",
        "scope": ["acme/shop"],
        "poll_interval_s": 300,
    }))
    .unwrap();
    ws.create_connection(&input).unwrap().id
}

#[test]
fn a_token_is_stored_read_replaced_and_deleted_in_the_secret_service_only() {
    if !private_keyring("a_token_is_stored_read_replaced_and_deleted_in_the_secret_service_only") {
        return;
    }
    let first = format!("ghp_first_{}", Uuid::now_v7().simple());
    let second = format!("ghp_second_{}", Uuid::now_v7().simple());
    let other = format!("glpat_other_{}", Uuid::now_v7().simple());
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = workspace(dir.path());
    let shop = add_connection(&mut ws, "shop");
    let web = add_connection(&mut ws, "web");
    let secrets = KeyringSecrets::new();

    assert_eq!(ws.connection_token(&secrets, shop).unwrap(), None);
    assert_eq!(secret_tool_lookup(shop), None);

    ws.set_connection_token(&secrets, shop, &format!("  {first}\n"))
        .unwrap();
    ws.set_connection_token(&secrets, web, &other).unwrap();
    assert_eq!(
        ws.connection_token(&secrets, shop).unwrap().as_deref(),
        Some(first.as_str()),
        "stored trimmed, read back"
    );
    assert_eq!(secret_tool_lookup(shop).as_deref(), Some(first.as_str()));
    assert_eq!(secret_tool_lookup(web).as_deref(), Some(other.as_str()));

    ws.set_connection_token(&secrets, shop, &second).unwrap();
    assert_eq!(
        secrets.get(shop).unwrap().as_deref(),
        Some(second.as_str()),
        "replaced"
    );
    assert_eq!(secret_tool_lookup(shop).as_deref(), Some(second.as_str()));

    let e = ws.set_connection_token(&secrets, shop, "   ").unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert_eq!(secrets.get(shop).unwrap().as_deref(), Some(second.as_str()));
    let e = ws
        .set_connection_token(&secrets, Uuid::now_v7(), &first)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);

    assert!(secrets.delete(shop).unwrap());
    assert!(!secrets.delete(shop).unwrap(), "nothing left to delete");
    assert_eq!(ws.connection_token(&secrets, shop).unwrap(), None);
    assert_eq!(secret_tool_lookup(shop), None);
    assert_eq!(
        secret_tool_lookup(web).as_deref(),
        Some(other.as_str()),
        "the other connection's token stays"
    );

    // Nothing of any token reached the workspace, in the file or its WAL,
    // with the workspace open and after it is closed.
    for token in [&first, &second, &other] {
        assert!(!holds(&workspace_bytes(&path), token));
    }
    drop(ws);
    for token in [&first, &second, &other] {
        assert!(!holds(&workspace_bytes(&path), token));
    }
    let shown = format!("{secrets:?}");
    assert!(!shown.contains(&other), "{shown}");
    assert!(secrets.delete(web).unwrap());
}

#[test]
fn without_a_secret_service_the_token_is_refused_plainly_and_stored_nowhere() {
    const NAME: &str = "without_a_secret_service_the_token_is_refused_plainly_and_stored_nowhere";
    if std::env::var_os(NO_BUS_CHILD).is_none() {
        // The keyring reads the bus address from the environment: run again
        // in a process whose session bus does not exist.
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", dir.path().join("no-bus").display()),
        )
        .env(NO_BUS_CHILD, "1")
        .env_remove(PRIVATE_BUS);
        let exe = std::env::current_exe().unwrap();
        let o = cmd
            .args([NAME, "--exact", "--nocapture", "--test-threads=1"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.status.success() && text.contains("1 passed"), "{text}");
        return;
    }
    let token = format!("ghp_nowhere_{}", Uuid::now_v7().simple());
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = workspace(dir.path());
    let shop = add_connection(&mut ws, "shop");
    let secrets = KeyringSecrets::new();

    let e = ws.set_connection_token(&secrets, shop, &token).unwrap_err();
    assert_eq!(e.to_string(), NO_KEYRING);
    let payload = e.payload();
    assert_eq!(payload.message, NO_KEYRING);
    assert_eq!(payload.code, ErrorCode::SyncFailed);
    let shown = format!("{e:?} {payload:?} {secrets:?}");
    assert!(!shown.contains(&token), "{shown}");

    assert_eq!(
        ws.connection_token(&secrets, shop).unwrap_err().to_string(),
        NO_KEYRING_READ
    );
    assert_eq!(
        secrets.delete(shop).unwrap_err().to_string(),
        NO_KEYRING_DELETE
    );
    assert!(!holds(&workspace_bytes(&path), &token));
    drop(ws);
    assert!(!holds(&workspace_bytes(&path), &token));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("w.signalbox"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no file beside the workspace: {leftovers:?}"
    );
}
