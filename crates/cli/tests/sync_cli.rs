//! `signalbox connections` and the parts of `signalbox sync` that need no
//! provider: adding, listing and removing connections with clear refusals,
//! and a token that must come from the environment or standard input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ok, out, signalbox};

#[test]
fn connections_are_added_listed_and_removed_and_bad_ones_refused_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    let added = ok(
        &ws,
        &[
            "connections",
            "add",
            "--name",
            "shop",
            "--provider",
            "github",
            "--base-url",
            "https://ghe.example.com/api/v3/",
            "--scope",
            "acme/shop",
            "--scope",
            "acme/web",
        ],
    );
    assert!(
        added.contains("Added connection \"shop\" (GitHub, 2 sources)."),
        "{added}"
    );
    let list = ok(&ws, &["connections", "list"]);
    assert!(
        list.contains("https://ghe.example.com/api/v3") && list.contains("acme/shop, acme/web"),
        "{list}"
    );

    let o = signalbox(
        &ws,
        &[
            "connections",
            "add",
            "--name",
            "shop",
            "--provider",
            "github",
            "--base-url",
            "https://api.github.com",
            "--scope",
            "acme/x",
        ],
    );
    assert!(!o.status.success());
    assert!(
        out(&o).contains("A connection named \"shop\" already exists"),
        "{}",
        out(&o)
    );
    let o = signalbox(
        &ws,
        &[
            "connections",
            "add",
            "--name",
            "ci",
            "--provider",
            "jenkins",
            "--base-url",
            "jenkins.local",
            "--scope",
            "deploy",
            "--poll",
            "5",
        ],
    );
    let text = out(&o);
    assert!(
        text.contains("base_url: Base URL must be a full address"),
        "{text}"
    );
    assert!(
        text.contains("poll_interval_s: Poll every 60 seconds to 24 hours"),
        "{text}"
    );
    assert!(text.contains("username: Jenkins needs the user"), "{text}");
    let o = signalbox(
        &ws,
        &[
            "connections",
            "add",
            "--name",
            "x",
            "--provider",
            "bitbucket",
            "--base-url",
            "https://x",
            "--scope",
            "a",
        ],
    );
    assert!(
        out(&o).contains("\"bitbucket\" is not a provider"),
        "{}",
        out(&o)
    );

    let json = ok(&ws, &["--json", "connections", "list"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert!(
        !json.to_lowercase().contains("token"),
        "no token field anywhere: {json}"
    );

    let removed = ok(&ws, &["connections", "remove", "SHOP"]);
    assert!(removed.contains("Removed connection \"shop\""), "{removed}");
    assert!(ok(&ws, &["connections", "list"]).contains("0 connections"));
    ok(&ws, &["audit", "verify"]);
}

#[test]
fn a_sync_wants_its_token_from_the_environment_or_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    let o = signalbox(&ws, &["sync"]);
    assert!(out(&o).contains("No connections yet"), "{}", out(&o));
    common::add_github(&ws, "shop", "https://api.github.com", "acme/shop");
    let o = signalbox(&ws, &["sync"]);
    assert!(
        out(&o).contains("--token-env VAR or --token-stdin (never on the command line)"),
        "{}",
        out(&o)
    );
    let o = signalbox(&ws, &["sync", "--token-env", "SIGNALBOX_TEST_UNSET_TOKEN"]);
    assert!(
        out(&o).contains("SIGNALBOX_TEST_UNSET_TOKEN is not set"),
        "{}",
        out(&o)
    );
    let o = signalbox(&ws, &["sync", "--token", "ghp_secret"]);
    assert!(!o.status.success(), "no --token argument exists");
    assert!(
        !out(&o).contains("ghp_secret") || out(&o).contains("unexpected argument"),
        "{}",
        out(&o)
    );
}

/// Runs `signalbox` with `TEST_TOKEN` set in its environment.
fn with_token(ws: &std::path::Path, token: &str, args: &[&str]) -> std::process::Output {
    common::run(
        ws,
        None,
        common::Run {
            args,
            env: vec![("TEST_TOKEN", token.to_owned())],
            stdin: None,
        },
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_test_checks_each_source_and_exits_2_when_one_fails() {
    use signalbox_fakes::github;
    let server = github::start().await;
    server
        .fake
        .lock()
        .unwrap()
        .runs
        .insert("acme/shop".into(), Vec::new());
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    let base = server.base.clone();
    let (good, bad) = tokio::task::spawn_blocking(move || {
        common::add_github(&ws, "shop", &base, "acme/shop");
        let args = ["connections", "test", "shop", "--token-env", "TEST_TOKEN"];
        (
            with_token(&ws, github::TOKEN, &args),
            with_token(&ws, "ghp_nope", &args),
        )
    })
    .await
    .unwrap();
    assert!(good.status.success(), "{}", out(&good));
    assert!(
        out(&good).contains("ok   acme/shop: readable"),
        "{}",
        out(&good)
    );
    assert_eq!(bad.status.code(), Some(2), "{}", out(&bad));
    assert!(
        out(&bad).contains("FAIL acme/shop:") && out(&bad).contains("401"),
        "{}",
        out(&bad)
    );
    assert!(!out(&bad).contains("ghp_nope"));
}

#[test]
fn runs_list_filters_by_service_and_environment_and_names_what_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    ok(&ws, &["demo", "--size", "small"]);
    let services: serde_json::Value =
        serde_json::from_str(&ok(&ws, &["services", "list", "--json"])).unwrap();
    let name = services[0]["name"].as_str().unwrap().to_owned();
    let listed = ok(
        &ws,
        &[
            "runs",
            "list",
            "--service",
            &name,
            "--env",
            "production",
            "--limit",
            "500",
            "--json",
        ],
    );
    let runs: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    assert!(!runs.is_empty(), "{name} has production deployments");
    assert!(runs.iter().all(|r| r["environment"] == "production"
        && r["source"].as_str().unwrap().ends_with(&format!("/{name}"))));
    let all: Vec<serde_json::Value> = serde_json::from_str(&ok(
        &ws,
        &[
            "runs",
            "list",
            "--service",
            &name,
            "--limit",
            "500",
            "--json",
        ],
    ))
    .unwrap();
    assert!(all.len() > runs.len(), "other environments too");

    let o = signalbox(&ws, &["runs", "list", "--env", "moon"]);
    assert!(!o.status.success());
    assert!(
        out(&o).contains("No environment named \"moon\""),
        "{}",
        out(&o)
    );
}
