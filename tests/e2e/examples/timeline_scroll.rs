//! Frame times while scrolling the timeline over a quarter of the large
//! portfolio, in the real window: the "stays smooth" check of the calendar.
//!
//! Run through `make bench-timeline` (scripts/bench-timeline.sh), which builds
//! the release app and sets SIGNALBOX_APP / SIGNALBOX_CLI and a display.
//! Prints how many change bars the canvas painted (only those on screen) and
//! the frame-interval distribution while scrolling for 5 s.

// A benchmark stops loudly on a failed setup.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use signalbox_e2e::{cli, App};

const PROBE: &str = r#"
const done = arguments[arguments.length - 1];
const s = document.querySelector('[data-testid=timeline-scroller]');
const maxLeft = Math.max(1, s.scrollWidth - s.clientWidth);
const maxTop = Math.max(1, s.scrollHeight - s.clientHeight);
const frames = [];
let bars = 0;
let start = null;
let last = null;
let i = 0;
function step(now) {
  if (start === null) { start = now; last = now; }
  else { frames.push(now - last); last = now; }
  i += 1;
  // Sweep across the quarter and down the rows, a screenful every ~25 frames.
  s.scrollLeft = (i * 40) % maxLeft;
  s.scrollTop = (i * 12) % maxTop;
  bars = Math.max(bars, Number(document.querySelector('[data-testid=timeline-canvas]').dataset.drawn || 0));
  if (now - start < 5000) requestAnimationFrame(step);
  else done({ frames, bars, width: s.scrollWidth, height: s.scrollHeight });
}
requestAnimationFrame(step);
"#;

#[tokio::main]
async fn main() {
    let app = App::start_with(|dir| {
        cli(dir, &["whoami", "Bench"]);
        cli(dir, &["demo", "--size", "large", "--seed", "1"]);
    })
    .await;
    app.find("[data-testid=service-row]").await;
    // A large window by default, so thousands of changes are on screen at once.
    let size = std::env::var("BENCH_WINDOW").unwrap_or_else(|_| "1920x1200".into());
    let (w, h) = size.split_once('x').expect("BENCH_WINDOW is WIDTHxHEIGHT");
    app.client
        .set_window_size(w.parse().unwrap(), h.parse().unwrap())
        .await
        .expect("the window resized");
    app.click("[data-nav=calendar]").await;
    app.find("[data-testid=month-view]").await;
    app.click("[data-testid=view-timeline]").await;
    app.click("[data-testid=zoom-quarter]").await;
    app.find("[data-testid=timeline-canvas][data-drawn]").await;
    // Let the quarter's query and first render settle.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let in_view = app
        .eval_on(
            "[data-testid=timeline-view]",
            "return Number(document.querySelector('[data-testid=timeline-canvas]').dataset.drawn)",
        )
        .await;
    let result = app
        .client
        .execute_async(PROBE, vec![])
        .await
        .expect("the scroll probe");
    let mut frames: Vec<f64> = result["frames"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_f64())
        .collect();
    frames.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| frames[((frames.len() as f64 - 1.0) * p).round() as usize];
    let slow = frames.iter().filter(|f| **f > 50.0).count();
    println!("timeline, quarter zoom, large portfolio (rows by environment), window {size}");
    println!(
        "change bars painted at rest: {in_view}; most while scrolling: {}",
        result["bars"]
    );
    println!(
        "frames while scrolling 5 s: {} (median {:.1} ms, p95 {:.1} ms, max {:.1} ms, {} over 50 ms)",
        frames.len(),
        pct(0.5),
        pct(0.95),
        frames.last().copied().unwrap_or_default(),
        slow
    );
    app.screenshot("bench-timeline-quarter").await;
    app.stop().await;
}
