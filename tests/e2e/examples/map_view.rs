//! The dependency map's graph view on the large portfolio, in the real
//! (release) window as users paint it: time from the click to the first
//! drawn map (5,000 services, 25,000 dependencies), time to redraw a filtered
//! view of about 2,000 services, and frame times while panning and zooming,
//! zoomed out and zoomed in to legible labels.
//!
//! Run through `make bench-map` (scripts/bench-map.sh).

// A benchmark stops loudly on a failed setup.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use signalbox_e2e::{cli, frame_stats, App, OPEN_MAP_PROBE, PAN_ZOOM_PROBE};

/// Clicks the chips matching `arguments[0]` and resolves with the ms until the
/// summary changes and the canvas has drawn again.
const FILTER_PROBE: &str = r#"
const done = arguments[arguments.length - 1];
const summary = () => document.querySelector('[data-testid=map-summary]').textContent;
const before = summary();
const t0 = performance.now();
for (const sel of arguments[0]) document.querySelector(sel).click();
function poll() {
  if (summary() !== before) requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - t0, summary: summary() })));
  else if (performance.now() - t0 > 60000) done({ ms: -1 });
  else requestAnimationFrame(poll);
}
requestAnimationFrame(poll);
"#;

#[tokio::main]
async fn main() {
    let app = App::start_measuring(|dir| {
        cli(dir, &["whoami", "Bench"]);
        cli(dir, &["demo", "--size", "large", "--seed", "1"]);
    })
    .await;
    app.find("[data-testid=service-row]").await;
    let size = std::env::var("BENCH_WINDOW").unwrap_or_else(|_| "1400x900".into());
    let (w, h) = size.split_once('x').expect("BENCH_WINDOW is WIDTHxHEIGHT");
    app.client
        .set_window_size(w.parse().unwrap(), h.parse().unwrap())
        .await
        .expect("the window resized");
    let opened = app
        .client
        .execute_async(OPEN_MAP_PROBE, vec![])
        .await
        .expect("the open-map probe");
    println!("window {size}, release build, painting as users get it");
    println!(
        "whole map: {}; first drawn {:.0} ms after the click",
        app.text("[data-testid=map-summary]").await,
        opened["ms"].as_f64().unwrap()
    );
    let pan_zoom = |label: &'static str| {
        let app = &app;
        async move {
            let f = app
                .client
                .execute_async(PAN_ZOOM_PROBE, vec![serde_json::json!(4000)])
                .await
                .expect("the pan/zoom probe");
            println!(
                "{label}: pan {}; zoom {}; painting alone {}",
                frame_stats(&f["pan"]),
                frame_stats(&f["zoom"]),
                frame_stats(&f["paints"])
            );
        }
    };
    pan_zoom("whole map, fitted").await;

    let filtered = app
        .client
        .execute_async(
            FILTER_PROBE,
            vec![serde_json::json!([
                "[data-testid=map-tier-critical]",
                "[data-testid=map-tier-high]"
            ])],
        )
        .await
        .expect("the filter probe");
    println!(
        "critical and high tiers: {}; laid out and drawn {:.0} ms after the click",
        filtered["summary"].as_str().unwrap_or_default(),
        filtered["ms"].as_f64().unwrap()
    );
    pan_zoom("critical and high, fitted").await;

    // Zoomed in far enough for every label: the heaviest frames.
    app.click("[data-testid=map-canvas]").await;
    for _ in 0..10 {
        app.press("+").await;
    }
    pan_zoom("critical and high, labels legible").await;
    app.stop().await;
}
