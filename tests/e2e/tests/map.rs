//! The dependency map in the real window: import a Backstage catalog folder,
//! find and select a service and read its blast radius, focus on it, collapse
//! a system, export the view, see a service's links on its dialog, and read a
//! train's deploy and rollback order. On the large sample: the time to first
//! draw, collapsing by system, and frame times while panning and zooming
//! (printed). Screenshots of the map land in target/e2e-screenshots/.

// Tests stop loudly on a failed step.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use signalbox_e2e::fixtures::copy_large_sample;
use signalbox_e2e::{cli, frame_stats, App, OPEN_MAP_PROBE, PAN_ZOOM_PROBE};

const STOREFRONT: &str = "\
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: storefront
spec:
  owner: group:team-shop
---
kind: Component
metadata:
  name: web
spec:
  type: website
  owner: group:team-shop
  system: storefront
  lifecycle: production
  dependsOn: [component:checkout]
  consumesApis: [search-api]
---
kind: Component
metadata:
  name: search
spec:
  type: service
  owner: group:team-shop
  system: storefront
  providesApis: [search-api]
  dependsOn: [resource:search-index]
---
kind: API
metadata:
  name: search-api
spec:
  type: openapi
  owner: group:team-shop
---
kind: Resource
metadata:
  name: search-index
spec:
  type: database
  owner: group:team-shop
  system: storefront
";

const PAYMENTS: &str = "\
kind: Component
metadata:
  name: checkout
spec:
  type: service
  owner: group:team-cash
  system: payments
  dependsOn: [component:ledger, resource:orders-db]
---
kind: Component
metadata:
  name: ledger
spec:
  type: service
  owner: group:team-cash
  system: payments
  dependsOn: [resource:ledger-db]
---
kind: Resource
metadata:
  name: orders-db
spec:
  type: database
  owner: group:team-cash
  system: payments
---
kind: Resource
metadata:
  name: ledger-db
spec:
  type: database
  owner: group:team-cash
  system: payments
";

fn write_catalog(dir: &Path) {
    let root = dir.join("catalog");
    std::fs::create_dir_all(root.join("storefront")).unwrap();
    std::fs::create_dir_all(root.join("payments")).unwrap();
    std::fs::write(root.join("storefront/catalog-info.yaml"), STOREFRONT).unwrap();
    std::fs::write(root.join("payments/catalog-info.yaml"), PAYMENTS).unwrap();
}

/// Where the box a search brought into view is painted, in viewport pixels.
async fn centred_box(app: &App) -> (f64, f64) {
    let r = app
        .eval_on(
            "[data-testid=map-canvas][data-centre]",
            "const c = arguments[0]; const r = c.getBoundingClientRect();
             const [x, y] = c.dataset.centre.split(',').map(Number);
             return [r.left + x, r.top + y];",
        )
        .await;
    (r[0].as_f64().unwrap(), r[1].as_f64().unwrap())
}

#[tokio::test]
async fn import_a_catalog_see_a_blast_radius_focus_collapse_and_a_trains_order() {
    let app = App::start_with(|dir| {
        cli(dir, &["whoami", "Mara Map"]);
        write_catalog(dir);
    })
    .await;

    // An empty workspace: the map says how to begin.
    app.click("[data-nav=map]").await;
    app.find("[data-testid=map-empty-services]").await;

    // Import the catalog folder (the dialog's folder choice is the data dir's `catalog`).
    app.click("[data-testid=map-import]").await;
    app.click("[data-testid=import-source-folder]").await;
    app.click("[data-testid=import-choose]").await;
    let report = app
        .wait_texts("[data-testid=import-report]", "the import report", |t| {
            t.first().is_some_and(|t| t.contains("Imported"))
        })
        .await;
    assert!(
        report[0].contains("2 files read") && report[0].contains("services: 7 created"),
        "{report:?}"
    );
    app.screenshot("map-import-report").await;
    app.click("[data-testid=map-import-dialog] .button:not(.primary)")
        .await;

    // The map: seven services, six links (the API consumed becomes web → search).
    app.wait_texts("[data-testid=map-summary]", "the map summary", |t| {
        t.first()
            .is_some_and(|t| t.starts_with("7 services of 7 shown") && t.ends_with("6 links"))
    })
    .await;
    app.wait_texts("[data-testid=nav-count-map]", "the sidebar count", |t| {
        t.first().is_some_and(|t| t == "6")
    })
    .await;
    app.find("[data-testid=map-canvas][data-labels='7']").await;
    app.screenshot("map-small").await;

    // Find checkout: Enter brings it to the middle and selects it.
    app.fill("[data-testid=map-search]", "checkout").await;
    app.press("\u{E007}").await;
    app.wait_texts("[data-testid=map-details-title]", "the selection", |t| {
        t.first().is_some_and(|t| t == "checkout")
    })
    .await;
    app.wait_texts("[data-testid=map-blast]", "checkout's blast radius", |t| {
        t.first().is_some_and(|t| {
            t.contains("1 service depends on it") && t.contains("Depends on 3 services")
        })
    })
    .await;
    // What is painted in the middle is checkout: pointing at it names it.
    let (cx, cy) = centred_box(&app).await;
    app.hover_at(cx, cy).await;
    app.wait_texts("[data-testid=map-tip]", "the tip", |t| {
        t.first().is_some_and(|t| t == "checkout")
    })
    .await;
    app.screenshot("map-blast-radius").await;

    // Focus on it, one level each way: itself, web, ledger and orders-db.
    app.click("[data-testid=map-focus-here]").await;
    app.wait_texts("[data-testid=map-focus]", "the focus", |t| {
        t.first().is_some_and(|t| t.contains("Focused on checkout"))
    })
    .await;
    app.select_text("[data-testid=map-depth]", "1 level").await;
    app.wait_texts("[data-testid=map-summary]", "the focused map", |t| {
        t.first()
            .is_some_and(|t| t.starts_with("4 services of 7 shown"))
    })
    .await;
    app.screenshot("map-focus").await;
    app.click("[data-testid=map-clear-focus]").await;
    app.wait_texts("[data-testid=map-summary]", "the whole map", |t| {
        t.first().is_some_and(|t| t.starts_with("7 services of 7"))
    })
    .await;

    // Click checkout on the canvas, then collapse its system: four payments
    // services become one box.
    app.fill("[data-testid=map-search]", "checkout").await;
    app.press("\u{E007}").await;
    let (cx, cy) = centred_box(&app).await;
    app.click_at(cx, cy).await;
    app.wait_texts("[data-testid=map-details-title]", "the clicked box", |t| {
        t.first().is_some_and(|t| t == "checkout")
    })
    .await;
    app.click("[data-testid=map-collapse-system]").await;
    app.wait_texts("[data-testid=map-summary]", "the collapsed map", |t| {
        t.first()
            .is_some_and(|t| t.starts_with("7 services of 7 shown in 4 boxes"))
    })
    .await;
    app.screenshot("map-collapsed").await;

    // Export this view as SVG and PNG (saved into the data dir, no dialog).
    app.click("[data-testid=map-export]").await;
    app.click("[data-testid=export-svg]").await;
    let svg_path = app.data_dir.path().join("signalbox-map.svg");
    wait_for_file(&svg_path).await;
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(
        svg.contains(">payments (4)</text>") && svg.contains(">web</text>"),
        "{svg}"
    );
    app.click("[data-testid=map-export]").await;
    app.click("[data-testid=export-png]").await;
    let png_path = app.data_dir.path().join("signalbox-map.png");
    wait_for_file(&png_path).await;
    assert!(std::fs::read(&png_path).unwrap().starts_with(b"\x89PNG"));

    // A train riding web, checkout and ledger: deploy ledger first, web last.
    let dir = app.data_dir.path();
    cli(
        dir,
        &[
            "environments",
            "add",
            "--name",
            "staging",
            "--position",
            "0",
            "--time-zone",
            "UTC",
        ],
    );
    cli(
        dir,
        &["trains", "add", "--name", "2026.12", "--version", "12"],
    );
    for (i, service) in ["web", "checkout", "ledger"].iter().enumerate() {
        let start = format!("2026-12-0{}T10:00:00Z", i + 1);
        let end = format!("2026-12-0{}T11:00:00Z", i + 1);
        cli(
            dir,
            &[
                "changes",
                "add",
                "--title",
                &format!("Ship {service}"),
                "--service",
                service,
                "--env",
                "staging",
                "--start",
                &start,
                "--end",
                &end,
                "--train",
                "2026.12",
            ],
        );
    }
    app.click("[data-nav=trains]").await;
    app.click("[data-testid=train-row] td").await;
    let layers = app
        .wait_texts("[data-testid=order-layer]", "the deploy order", |t| {
            t.len() == 3
        })
        .await;
    assert!(layers[0].contains("ledger"), "{layers:?}");
    assert!(
        layers[1].contains("checkout") && layers[1].contains("after ledger"),
        "{layers:?}"
    );
    assert!(
        layers[2].contains("web") && layers[2].contains("after checkout"),
        "{layers:?}"
    );
    app.screenshot("train-deploy-order").await;
    app.click("[data-testid=order-rollback]").await;
    let back = app
        .wait_texts("[data-testid=order-layer]", "the rollback order", |t| {
            t.first().is_some_and(|t| t.contains("web"))
        })
        .await;
    assert!(back[2].contains("ledger"), "{back:?}");

    // The service dialog lists checkout's links and its changes.
    app.click("[data-nav=services]").await;
    app.fill("[data-page-search]", "checkout").await;
    app.wait_texts("[data-testid=service-row]", "checkout alone", |t| {
        t.len() == 1
    })
    .await;
    app.click("[data-testid=service-row] td").await;
    let deps = app
        .wait_texts("[data-testid=dependency]", "checkout's dependencies", |t| {
            t.len() == 2
        })
        .await;
    assert!(deps.iter().any(|d| d.contains("ledger")), "{deps:?}");
    app.wait_texts("[data-testid=dependant]", "who depends on checkout", |t| {
        t.len() == 1 && t[0].contains("web")
    })
    .await;
    app.wait_texts(
        "[data-testid=service-changes] li",
        "checkout's changes",
        |t| t.len() == 1 && t[0].contains("Ship checkout"),
    )
    .await;
    app.eval_on(
        "[data-testid=service-links]",
        "let el = arguments[0].parentElement;
         while (el && el.scrollHeight <= el.clientHeight) el = el.parentElement;
         if (el) el.scrollTop = el.scrollHeight;",
    )
    .await;
    app.screenshot("service-dependencies").await;

    app.stop().await;
}

#[tokio::test]
async fn the_large_map_draws_in_time_and_collapses_by_system() {
    let app = App::start_with(copy_large_sample).await;
    app.find("[data-testid=service-row]").await;
    let opened = app
        .client
        .execute_async(OPEN_MAP_PROBE, vec![])
        .await
        .expect("the open-map probe");
    let ms = opened["ms"].as_f64().unwrap();
    assert!(ms > 0.0, "the map never drew: {opened}");
    let summary = app.text("[data-testid=map-summary]").await;
    println!("large map: {summary}; first drawn {ms:.0} ms after the click (debug build)");
    // Grouping separators follow the locale.
    assert!(
        summary
            .replace(',', "")
            .starts_with("5000 services of 5000 shown"),
        "{summary}"
    );
    app.screenshot("map-large").await;
    // Collapsing every system leaves one box per system.
    app.click("[data-testid=map-collapse-all]").await;
    app.wait_texts("[data-testid=map-summary]", "the collapsed map", |t| {
        t.first().is_some_and(|t| t.contains(" boxes"))
    })
    .await;
    app.screenshot("map-large-collapsed").await;
    app.stop().await;
}

#[tokio::test]
async fn the_large_map_pans_and_zooms_smoothly() {
    let app = App::start_measuring(copy_large_sample).await;
    app.find("[data-testid=service-row]").await;
    let opened = app
        .client
        .execute_async(OPEN_MAP_PROBE, vec![])
        .await
        .expect("the open-map probe");
    assert!(
        opened["ms"].as_f64().unwrap() > 0.0,
        "the map never drew: {opened}"
    );
    let frames = app
        .client
        .execute_async(PAN_ZOOM_PROBE, vec![serde_json::json!(3000)])
        .await
        .expect("the pan/zoom probe");
    println!(
        "large map (5,000 services, as users paint) pan: {}; zoom: {}; painting alone: {}",
        frame_stats(&frames["pan"]),
        frame_stats(&frames["zoom"]),
        frame_stats(&frames["paints"])
    );
    assert!(
        frames["pan"].as_array().is_some_and(|f| f.len() > 10),
        "the map did not keep drawing while panned: {frames}"
    );
    app.stop().await;
}

async fn wait_for_file(path: &Path) {
    for _ in 0..100 {
        if path.exists()
            && std::fs::metadata(path)
                .map(|m| m.len() > 0)
                .unwrap_or(false)
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{} was not written", path.display());
}
