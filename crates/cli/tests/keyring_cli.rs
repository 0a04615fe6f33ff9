//! `signalbox connections add --token-env|--token-stdin`, `set-token`,
//! `remove` and `sync` with tokens in a real Secret Service (gnome-keyring on
//! a private D-Bus session bus), and the plain refusal when none is running.
//! The token must never show in the workspace file, its WAL, or any output.
//!
//! Run outside `scripts/with-keyring.sh`, the keyring test runs itself again
//! inside it (a session of its own, gone afterwards), so a plain `cargo test`
//! tests the real keyring too and never touches the user's own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{args, out as text, run, Run};

use signalbox_fakes::{github, holds, workspace_bytes};

/// Set by scripts/with-keyring.sh to its private bus's address.
const PRIVATE_BUS: &str = "SIGNALBOX_TEST_KEYRING_BUS";
const NO_KEYRING: &str = "No keyring service is running (Secret Service on Linux): the token was not stored anywhere. Start your desktop's keyring, or pass the token at each sync with --token-env VAR.";

fn in_private_keyring() -> bool {
    match (
        std::env::var(PRIVATE_BUS),
        std::env::var("DBUS_SESSION_BUS_ADDRESS"),
    ) {
        (Ok(private), Ok(bus)) => !private.is_empty() && private == bus,
        _ => false,
    }
}

/// True when this process talks to scripts/with-keyring.sh's private Secret
/// Service. Otherwise runs test `name` again inside one (and fails with what
/// it printed unless it ran and passed), and returns false.
fn private_keyring(name: &str) -> bool {
    if in_private_keyring() {
        return true;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/with-keyring.sh");
    let o = Command::new("bash")
        .arg(&script)
        .arg(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.status.success() && text.contains("1 passed"),
        "{name} did not pass inside scripts/with-keyring.sh (run it there yourself, or install dbus and gnome-keyring with scripts/install-deps.sh):\n{text}"
    );
    false
}

/// The fake GitHub of `crates/fakes`, taking any token and keeping each
/// request's Authorization header, on a runtime of its own.
struct FakeGithub {
    url: String,
    server: github::Server,
    _runtime: tokio::runtime::Runtime,
}

impl FakeGithub {
    fn start() -> FakeGithub {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime.block_on(github::start());
        {
            let mut fake = server.fake.lock().unwrap();
            fake.any_token = true;
            // The repositories the tests read (empty: only tokens matter here).
            for repo in ["acme/shop", "acme/web"] {
                fake.runs.insert(repo.into(), Vec::new());
            }
        }
        FakeGithub {
            url: server.base.clone(),
            server,
            _runtime: runtime,
        }
    }

    /// The Authorization headers seen since the last call.
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.server.fake.lock().unwrap().authorizations)
    }
}

/// The token an independent Secret Service client (libsecret's secret-tool)
/// finds for connection `id`.
fn secret_tool_lookup(id: &str) -> Option<String> {
    let o = Command::new("secret-tool")
        .args(["lookup", "service", "signalbox", "username", id])
        .output()
        .expect("secret-tool (libsecret-tools) is missing: run scripts/install-deps.sh");
    o.status
        .success()
        .then(|| String::from_utf8(o.stdout).unwrap())
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}_{}_{nanos}", std::process::id())
}

#[test]
fn tokens_live_in_the_keyring_through_add_set_token_sync_and_remove() {
    if !private_keyring("tokens_live_in_the_keyring_through_add_set_token_sync_and_remove") {
        return;
    }
    let first = unique("ghp_first");
    let second = unique("ghp_second");
    let given = unique("ghp_given");
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    let github = FakeGithub::start();
    let mut outputs = String::new();
    let mut ok = |r: Run<'_>| {
        let o = run(&ws, None, r);
        let t = text(&o);
        assert!(o.status.success(), "{t}");
        outputs.push_str(&t);
        t
    };

    let added = ok(Run {
        args: &[
            "--json",
            "connections",
            "add",
            "--name",
            "shop",
            "--provider",
            "github",
            "--base-url",
            &github.url,
            "--scope",
            "acme/shop",
            "--token-env",
            "SIGNALBOX_TEST_TOKEN",
        ],
        env: vec![("SIGNALBOX_TEST_TOKEN", first.clone())],
        stdin: None,
    });
    let v: serde_json::Value = serde_json::from_str(&added).unwrap();
    assert_eq!(v["token_stored"], true, "{added}");
    let id = v["id"].as_str().unwrap().to_owned();
    assert_eq!(secret_tool_lookup(&id).as_deref(), Some(first.as_str()));

    // A sync given no token uses the connection's own from the keyring.
    let synced = ok(args(&["sync"]));
    assert!(synced.contains("shop:"), "{synced}");
    let seen = github.take();
    assert!(!seen.is_empty());
    assert!(
        seen.iter().all(|a| *a == format!("Bearer {first}")),
        "{seen:?}"
    );

    let stored = ok(Run {
        args: &["connections", "set-token", "shop", "--token-stdin"],
        env: Vec::new(),
        stdin: Some(format!("{second}\n")),
    });
    assert!(
        stored.contains("Stored the token of connection \"shop\" in the OS keyring."),
        "{stored}"
    );
    assert_eq!(secret_tool_lookup(&id).as_deref(), Some(second.as_str()));
    ok(args(&["sync", "--connection", "shop"]));
    assert!(github
        .take()
        .iter()
        .all(|a| *a == format!("Bearer {second}")));

    // A token given for one run wins over the stored one, and is not kept.
    ok(Run {
        args: &["sync", "--token-env", "SIGNALBOX_TEST_TOKEN"],
        env: vec![("SIGNALBOX_TEST_TOKEN", given.clone())],
        stdin: None,
    });
    assert!(github
        .take()
        .iter()
        .all(|a| *a == format!("Bearer {given}")));
    assert_eq!(secret_tool_lookup(&id).as_deref(), Some(second.as_str()));

    let listed = ok(args(&["--json", "connections", "list"]));
    for token in [&first, &second, &given] {
        assert!(
            !holds(&workspace_bytes(&ws), token),
            "token in the workspace"
        );
    }

    let removed = ok(args(&["--json", "connections", "remove", "shop"]));
    let v: serde_json::Value = serde_json::from_str(&removed).unwrap();
    assert_eq!(v["token_deleted"], true, "{removed}");
    assert_eq!(secret_tool_lookup(&id), None, "the token went with it");

    // Without a stored token, a sync names the connection plainly.
    ok(Run {
        args: &[
            "connections",
            "add",
            "--name",
            "web",
            "--provider",
            "github",
            "--base-url",
            &github.url,
            "--scope",
            "acme/web",
        ],
        env: Vec::new(),
        stdin: None,
    });
    let o = run(&ws, None, args(&["sync"]));
    assert!(!o.status.success());
    assert!(
        text(&o).contains("No token is stored for connection \"web\""),
        "{}",
        text(&o)
    );
    assert!(
        github.take().is_empty(),
        "nothing was asked without a token"
    );

    for token in [&first, &second, &given] {
        assert!(!outputs.contains(token.as_str()), "token in the output");
        assert!(!listed.contains(token.as_str()));
        assert!(
            !holds(&workspace_bytes(&ws), token),
            "token in the workspace"
        );
    }
}

#[test]
fn without_a_secret_service_the_token_is_refused_plainly_and_given_per_sync() {
    // Each run's session bus does not exist, so no keyring can be reached
    // (and the user's own is never touched): no private keyring needed.
    let token = unique("ghp_nowhere");
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    let bus = format!("unix:path={}", dir.path().join("no-bus").display());
    let github = FakeGithub::start();
    let mut outputs = String::new();
    let mut go = |r: Run<'_>| {
        let o = run(&ws, Some(&bus), r);
        outputs.push_str(&text(&o));
        o
    };

    let o = go(Run {
        args: &[
            "connections",
            "add",
            "--name",
            "shop",
            "--provider",
            "github",
            "--base-url",
            &github.url,
            "--scope",
            "acme/shop",
            "--token-env",
            "SIGNALBOX_TEST_TOKEN",
        ],
        env: vec![("SIGNALBOX_TEST_TOKEN", token.clone())],
        stdin: None,
    });
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        out.contains("Added connection \"shop\" (GitHub, 1 source)."),
        "{out}"
    );
    assert!(
        err.contains("Connection \"shop\" was added, but its token was NOT stored."),
        "{err}"
    );
    assert!(err.contains(NO_KEYRING), "{err}");

    let o = go(args(&["--json", "connections", "list"]));
    assert!(o.status.success());
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "the connection stays");

    let o = go(Run {
        args: &[
            "--json",
            "connections",
            "set-token",
            "shop",
            "--token-stdin",
        ],
        env: Vec::new(),
        stdin: Some(format!("{token}\n")),
    });
    assert_eq!(o.status.code(), Some(1));
    let e: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(e["message"], NO_KEYRING, "{}", text(&o));

    let o = go(args(&["sync"]));
    assert!(!o.status.success());
    assert!(
        text(&o).contains("Connection \"shop\": No keyring service is running"),
        "{}",
        text(&o)
    );
    assert!(github.take().is_empty());

    // The way round it: the token at each sync.
    let o = go(Run {
        args: &["sync", "--token-env", "SIGNALBOX_TEST_TOKEN"],
        env: vec![("SIGNALBOX_TEST_TOKEN", token.clone())],
        stdin: None,
    });
    assert!(o.status.success(), "{}", text(&o));
    let seen = github.take();
    assert!(
        !seen.is_empty() && seen.iter().all(|a| *a == format!("Bearer {token}")),
        "{seen:?}"
    );

    let o = go(args(&["connections", "remove", "shop"]));
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("note: No keyring service is running"),
        "{}",
        text(&o)
    );

    assert!(!outputs.contains(&token), "token in the output:\n{outputs}");
    assert!(
        !holds(&workspace_bytes(&ws), &token),
        "token in the workspace"
    );
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
