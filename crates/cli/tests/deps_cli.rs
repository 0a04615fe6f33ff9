//! The dependency map commands: `deps add|list`, `impact` and `order`, with
//! refusals that name the reason and leave nothing behind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn signalbox(workspace: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_signalbox"))
        .arg("--workspace")
        .arg(workspace)
        .args(["--actor", "Pipeline"])
        .args(args)
        .env_remove("SIGNALBOX_DATA_DIR")
        .output()
        .expect("run signalbox")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(ws: &Path, args: &[&str]) -> String {
    let o = signalbox(ws, args);
    assert!(o.status.success(), "{args:?}: {}", text(&o));
    text(&o)
}

#[test]
fn dependencies_impact_and_a_trains_order_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    ok(
        &ws,
        &[
            "environments",
            "add",
            "--name",
            "production",
            "--position",
            "1",
            "--production",
        ],
    );
    for name in ["web", "api", "orders-db"] {
        ok(&ws, &["services", "add", "--name", name, "--tier", "high"]);
    }
    ok(&ws, &["deps", "add", "--from", "web", "--to", "api"]);
    ok(
        &ws,
        &[
            "deps",
            "add",
            "--from",
            "api",
            "--to",
            "orders-db",
            "--type",
            "deploy-order",
            "--note",
            "schema first",
        ],
    );

    // A loop of deploy-order rules is refused, spelled out, and nothing is stored.
    let o = signalbox(
        &ws,
        &[
            "deps",
            "add",
            "--from",
            "orders-db",
            "--to",
            "api",
            "--type",
            "deploy-order",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("orders-db → api → orders-db"),
        "{}",
        text(&o)
    );
    let o = signalbox(
        &ws,
        &[
            "deps", "add", "--from", "web", "--to", "api", "--type", "calls",
        ],
    );
    assert!(text(&o).contains("\"calls\" is not a type"), "{}", text(&o));
    let list: serde_json::Value =
        serde_json::from_str(&ok(&ws, &["--json", "deps", "list"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);

    let impact = ok(&ws, &["impact", "--service", "orders-db"]);
    assert!(
        impact.contains("Downstream (what may break): 2 services"),
        "{impact}"
    );
    assert!(impact.contains("    web (via api, runtime)"), "{impact}");
    let limited: serde_json::Value = serde_json::from_str(&ok(
        &ws,
        &["--json", "impact", "--service", "orders-db", "--depth", "1"],
    ))
    .unwrap();
    assert_eq!(limited["downstream"].as_array().unwrap().len(), 1);
    assert_eq!(limited["truncated"], serde_json::json!(true));

    ok(&ws, &["trains", "add", "--name", "R1", "--version", "1"]);
    for service in ["web", "orders-db", "api"] {
        ok(
            &ws,
            &[
                "changes",
                "add",
                "--title",
                service,
                "--service",
                service,
                "--env",
                "production",
                "--start",
                "2026-03-10T10:00:00Z",
                "--end",
                "2026-03-10T11:00:00Z",
                "--train",
                "R1",
            ],
        );
    }
    let order = ok(&ws, &["order", "--train", "R1"]);
    assert!(
        order.contains("  1. orders-db\n  2. api (after orders-db)\n  3. web (after api)\nRollback order:\n  1. web"),
        "{order}"
    );
}
