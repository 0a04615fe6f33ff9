//! The dependency map commands: `deps add|list`, `impact` and `order`, with
//! refusals that name the reason and leave nothing behind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ok, out, production, signalbox};

#[test]
fn dependencies_impact_and_a_trains_order_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    ok(&ws, &production(&[]));
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
        out(&o).contains("orders-db → api → orders-db"),
        "{}",
        out(&o)
    );
    let o = signalbox(
        &ws,
        &[
            "deps", "add", "--from", "web", "--to", "api", "--type", "calls",
        ],
    );
    assert!(out(&o).contains("\"calls\" is not a type"), "{}", out(&o));
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

#[test]
fn a_csv_of_dependencies_imports_all_or_nothing_and_the_map_exports_as_dot_and_mermaid() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    for name in ["web", "api", "orders-db"] {
        ok(
            &ws,
            &[
                "services", "add", "--name", name, "--tier", "high", "--system", "Shop",
            ],
        );
    }
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "service,depends_on,type,note\nweb,api,runtime,\nweb,nope,runtime,\napi,api,data,\nweb,api,runtime,again\napi,orders-db,calls,\n",
    )
    .unwrap();
    let o = signalbox(&ws, &["deps", "import-csv", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let t = out(&o);
    for expected in [
        "row 3: unknown service \"nope\"",
        "row 4: \"api\" cannot depend on itself",
        "row 5: the same dependency as row 2",
        "row 6: \"calls\" is not a type",
    ] {
        assert!(t.contains(expected), "{expected} in {t}");
    }
    assert!(ok(&ws, &["deps", "list"]).contains("0 dependencies"));

    // A deploy-order loop inside the file is refused too.
    let looped = dir.path().join("loop.csv");
    std::fs::write(
        &looped,
        "service,depends_on,type\napi,orders-db,deploy-order\norders-db,api,deploy-order\n",
    )
    .unwrap();
    let o = signalbox(&ws, &["deps", "import-csv", looped.to_str().unwrap()]);
    assert!(out(&o).contains("deploy-order cycle among"), "{}", out(&o));

    // A good file, with a BOM and CRLF; importing it again changes nothing.
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "\u{feff}service,depends_on,type,note\r\nweb,api,runtime,\r\napi,orders-db,deploy-order,\"schema, first\"\r\n").unwrap();
    assert!(
        ok(&ws, &["deps", "import-csv", good.to_str().unwrap()]).contains("2 created, 0 unchanged")
    );
    assert!(
        ok(&ws, &["deps", "import-csv", good.to_str().unwrap()]).contains("0 created, 2 unchanged")
    );

    let dot = ok(&ws, &["deps", "export-dot"]);
    assert!(dot.starts_with("digraph dependencies {"), "{dot}");
    assert!(
        dot.contains("label=\"deploy-order\", style=dashed"),
        "{dot}"
    );
    let out = dir.path().join("map.mmd");
    ok(
        &ws,
        &["deps", "export-mermaid", "--out", out.to_str().unwrap()],
    );
    let mermaid = std::fs::read_to_string(&out).unwrap();
    assert!(
        mermaid.contains("subgraph g0 [\"Shop\"]") && mermaid.contains("-.->|deploy-order|"),
        "{mermaid}"
    );
}

#[test]
fn a_backstage_catalog_folder_imports_services_teams_and_dependencies_and_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    let catalog = dir.path().join("catalog");
    std::fs::create_dir_all(catalog.join("payments")).unwrap();
    std::fs::create_dir_all(catalog.join(".git")).unwrap();
    std::fs::write(
        catalog.join("payments/catalog-info.yaml"),
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\n  description: Takes the money\nspec:\n  type: service\n  owner: group:team-cash\n  system: checkout\n  lifecycle: production\n  providesApis: [payments-api]\n  dependsOn: [resource:ledger-db]\n---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: payments-api\nspec:\n  type: openapi\n  owner: team-cash\n---\nkind: Resource\nmetadata:\n  name: ledger-db\nspec:\n  type: database\n  owner: team-cash\n",
    )
    .unwrap();
    std::fs::write(
        catalog.join("web.yml"),
        "kind: Component\nmetadata:\n  name: web\nspec:\n  owner: team-front\n  consumesApis: [payments-api]\n  dependsOn: [component:search]\n---\nkind: Location\nmetadata:\n  name: all\nspec:\n  targets: []\n",
    )
    .unwrap();
    // Not entered: hidden folders.
    std::fs::write(catalog.join(".git/broken.yaml"), "kind: [").unwrap();

    let first = ok(
        &ws,
        &["deps", "import-backstage", catalog.to_str().unwrap()],
    );
    assert!(first.contains("(2 files): services 3 created, 0 updated, 0 unchanged; 2 teams created; dependencies 2 created"), "{first}");
    assert!(
        first.contains("web.yml:7: kind Location is not imported") || first.contains("Location"),
        "{first}"
    );
    assert!(first.contains("component:search"), "{first}");
    let deps = ok(&ws, &["deps", "list"]);
    assert!(
        deps.contains("web") && deps.contains("payments") && deps.contains("ledger-db"),
        "{deps}"
    );

    let again = ok(
        &ws,
        &["deps", "import-backstage", catalog.to_str().unwrap()],
    );
    assert!(again.contains("services 0 created, 0 updated, 3 unchanged; 0 teams created; dependencies 0 created, 2 unchanged"), "{again}");

    // A malformed file refuses the whole import, naming file and line.
    std::fs::write(
        catalog.join("bad.yaml"),
        "kind: Component\nmetadata:\n  name: [oops\n",
    )
    .unwrap();
    let o = signalbox(
        &ws,
        &["deps", "import-backstage", catalog.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("bad.yaml:"), "{}", out(&o));
}
