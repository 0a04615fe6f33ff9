//! The end-to-end harness: starts `tauri-driver` for one app instance on a
//! fresh data directory, connects a WebDriver client to the real window, and
//! offers the few verbs the tests speak in (wait, click, type, read, shoot).
//!
//! Needs `SIGNALBOX_APP` (the debug app binary) and a display (`xvfb-run`);
//! `scripts/e2e.sh` sets both up.

// A test harness: failing loudly with the reason is its job.
#![allow(clippy::expect_used, clippy::panic)]

pub mod fixtures;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::process::{Child, Command};

/// How long to wait for anything to appear.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// One running app, its driver and its data directory.
pub struct App {
    pub client: Client,
    driver: Child,
    /// Kept alive for the test's duration; removed on drop.
    pub data_dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl App {
    /// Starts the app on an empty data directory.
    pub async fn start() -> App {
        App::start_with(|_| {}).await
    }

    /// Starts the app after `prepare` has put files into its data directory.
    pub async fn start_with(prepare: impl FnOnce(&Path)) -> App {
        let keep = std::env::var("SIGNALBOX_KEEP_COMPOSITING").unwrap_or_else(|_| "1".into());
        App::launch(prepare, &keep).await
    }

    /// Like [`App::start_with`], but the app paints as it does for users
    /// (WebKit's compositor off where there is no GPU), so frame times are
    /// the real ones. Screenshots can hang in this mode: take none.
    pub async fn start_measuring(prepare: impl FnOnce(&Path)) -> App {
        App::launch(prepare, "0").await
    }

    async fn launch(prepare: impl FnOnce(&Path), keep_compositing: &str) -> App {
        let app = std::env::var("SIGNALBOX_APP")
            .expect("SIGNALBOX_APP must name the app binary (run through scripts/e2e.sh)");
        let data_dir = tempfile::tempdir().expect("a temporary data directory");
        prepare(data_dir.path());
        // A stand-in for the desktop's URL opener: what the app asks the
        // browser to open is written to `opened.txt` in the data dir.
        let bin = data_dir.path().join("bin");
        std::fs::create_dir_all(&bin).expect("a bin folder");
        let opener = bin.join("xdg-open");
        std::fs::write(
            &opener,
            format!(
                "#!/bin/sh\necho \"$@\" >> '{}'\n",
                data_dir.path().join("opened.txt").display()
            ),
        )
        .expect("the opener stand-in");
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755))
                .expect("an executable opener");
        }
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let port = free_port();
        let native_port = free_port();
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            // The app inherits this through the driver: the test never touches
            // the user's real workspace.
            .env("SIGNALBOX_DATA_DIR", data_dir.path())
            .env("PATH", &path)
            // Files the app "saves" land here instead of behind a native dialog.
            .env("SIGNALBOX_SAVE_DIR", data_dir.path())
            // …and a folder the app "opens" is `catalog` in the data dir.
            .env("SIGNALBOX_OPEN_FOLDER", data_dir.path().join("catalog"))
            // Calendar tests reason in UTC wall-clock times.
            .env("TZ", "UTC")
            // WebDriver screenshots can hang once the page paints without
            // WebKit's compositor (src-tauri/rendering.rs): keep it, unless the
            // caller (the timeline benchmark) asks for the app's own choice.
            .env("SIGNALBOX_KEEP_COMPOSITING", keep_compositing)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("tauri-driver on PATH (cargo install tauri-driver)");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app }),
        );
        caps.insert("browserName".into(), serde_json::json!("wry"));
        let url = format!("http://127.0.0.1:{port}");
        let mut last_err = String::new();
        for _ in 0..100 {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return App {
                        client,
                        driver,
                        data_dir,
                    }
                }
                Err(e) => {
                    last_err = e.to_string();
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        panic!("could not start a WebDriver session at {url}: {last_err}");
    }

    /// Waits for an element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches {css}: {e}"))
    }

    /// Every element matching `css` right now.
    pub async fn all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find_all {css}: {e}"))
    }

    /// Clicks the element matching `css`, retrying while the page re-renders
    /// it (a stale or covered element is a moment's state, not a failure).
    pub async fn click(&self, css: &str) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let result = self.find(css).await.click().await;
            match result {
                Ok(()) => return,
                Err(e) if tokio::time::Instant::now() > deadline => {
                    self.screenshot("failure").await;
                    panic!("click {css}: {e:?}");
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
            }
        }
    }

    /// Replaces the text of the input matching `css` with `text`, typing as a
    /// user would (select all, delete, type), so the page sees input events.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        el.send_keys("\u{E009}a\u{E000}\u{E003}")
            .await
            .unwrap_or_else(|e| panic!("clear {css}: {e}"));
        if !text.is_empty() {
            el.send_keys(text)
                .await
                .unwrap_or_else(|e| panic!("type into {css}: {e}"));
        }
    }

    /// Presses a key (e.g. `"\u{E00C}"` for Escape) on the focused element.
    pub async fn press(&self, key: &str) {
        let active = self
            .client
            .active_element()
            .await
            .expect("a focused element");
        active.send_keys(key).await.expect("key press");
    }

    /// Sets the value of the input or select matching `css` and fires the
    /// events a user's edit fires. For date and time inputs, whose native
    /// pickers WebDriver cannot type into reliably.
    pub async fn set_value(&self, css: &str, value: &str) {
        let el = self.find(css).await;
        let script = "const el = arguments[0]; el.value = arguments[1];
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));";
        let arg = serde_json::to_value(&el).expect("an element reference");
        self.client
            .execute(script, vec![arg, serde_json::json!(value)])
            .await
            .unwrap_or_else(|e| panic!("set {css} to {value}: {e}"));
    }

    /// Chooses the option whose text is `text` in the select matching `css`.
    pub async fn select_text(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        let script = "const el = arguments[0];
            const opt = [...el.options].find((o) => o.text.trim() === arguments[1]);
            if (!opt) return false;
            el.value = opt.value;
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));
            return true;";
        let arg = serde_json::to_value(&el).expect("an element reference");
        let found = self
            .client
            .execute(script, vec![arg, serde_json::json!(text)])
            .await
            .unwrap_or_else(|e| panic!("select {text} in {css}: {e}"));
        assert_eq!(
            found,
            serde_json::json!(true),
            "no option \"{text}\" in {css}"
        );
    }

    /// Runs `script` in the page with the element matching `css` as
    /// `arguments[0]`, and returns its result.
    pub async fn eval_on(&self, css: &str, script: &str) -> serde_json::Value {
        let el = self.find(css).await;
        let arg = serde_json::to_value(&el).expect("an element reference");
        self.client
            .execute(script, vec![arg])
            .await
            .unwrap_or_else(|e| panic!("script on {css}: {e}"))
    }

    /// Presses the mouse on the element matching `css`, moves it by
    /// (`dx`, `dy`) pixels in two steps, waits, and lets go: a user's drag.
    pub async fn drag_by(&self, css: &str, dx: f64, dy: f64) {
        let el = self.find(css).await;
        let step = Some(Duration::from_millis(250));
        let actions = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: el,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: step,
                x: dx / 2.0,
                y: dy / 2.0,
            })
            .then(PointerAction::Pause {
                duration: Duration::from_millis(300),
            })
            .then(PointerAction::MoveBy {
                duration: step,
                x: dx / 2.0,
                y: dy / 2.0,
            })
            // Long enough for the live conflict check to answer before the drop.
            .then(PointerAction::Pause {
                duration: Duration::from_millis(800),
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("drag {css}: {e}"));
    }

    /// Moves the mouse to (`x`, `y`) in the viewport, as a user pointing at
    /// something painted rather than at an element.
    pub async fn hover_at(&self, x: f64, y: f64) {
        let actions = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(100)),
            x,
            y,
        });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("move the mouse to {x},{y}: {e}"));
    }

    /// Clicks at (`x`, `y`) in the viewport: a click on something painted.
    pub async fn click_at(&self, x: f64, y: f64) {
        let actions = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo {
                duration: Some(Duration::from_millis(100)),
                x,
                y,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("click at {x},{y}: {e}"));
    }

    /// Visible text of the element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap_or_default()
    }

    /// Waits until `check` holds for the texts of all elements matching `css`.
    pub async fn wait_texts(
        &self,
        css: &str,
        what: &str,
        check: impl Fn(&[String]) -> bool,
    ) -> Vec<String> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let mut texts = Vec::new();
            for el in self.all(css).await {
                // An element replaced between find and read just means: look again.
                texts.push(el.text().await.unwrap_or_default());
            }
            if check(&texts) {
                return texts;
            }
            if tokio::time::Instant::now() > deadline {
                panic!("waited for {what} ({css}); saw {texts:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a screenshot of the window under `target/e2e-screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) {
        let dir = std::env::var("SIGNALBOX_E2E_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from("target/e2e-screenshots"));
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        // WebKitWebDriver's snapshot has been seen to hang once in many runs:
        // bound it and try again, so a stuck call fails the run instead of
        // stalling it for good.
        for attempt in 1..=3 {
            match tokio::time::timeout(Duration::from_secs(20), self.client.screenshot()).await {
                Ok(png) => {
                    let png = png.expect("a screenshot");
                    std::fs::write(dir.join(format!("{name}.png")), png)
                        .expect("screenshot written");
                    return;
                }
                Err(_) => eprintln!("screenshot {name}: no answer in 20 s (attempt {attempt})"),
            }
        }
        panic!("screenshot {name}: WebDriver gave no screenshot in three attempts");
    }

    /// Ends the session and stops the app.
    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }
}

/// Runs the `signalbox` CLI on the workspace in `data_dir` (the one the app
/// opens), for test setup. Panics with its output when it fails.
pub fn cli(data_dir: &Path, args: &[&str]) -> String {
    let bin = std::env::var("SIGNALBOX_CLI")
        .expect("SIGNALBOX_CLI must name the CLI binary (run through scripts/e2e.sh)");
    let out = std::process::Command::new(bin)
        .arg("--workspace")
        .arg(data_dir.join("workspace.signalbox"))
        .args(args)
        .output()
        .expect("run the signalbox CLI");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "signalbox {args:?}: {text}");
    text
}

/// The WebDriver key code for Escape.
pub const ESCAPE: &str = "\u{E00C}";
/// The WebDriver key code for Enter.
pub const ENTER: &str = "\u{E007}";

/// Opens the dependency map from the sidebar and waits for its first frame:
/// resolves with the milliseconds from the click to a painted canvas.
pub const OPEN_MAP_PROBE: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
document.querySelector('[data-nav=map]').click();
function poll() {
  const c = document.querySelector('[data-testid=map-canvas][data-drawn-nodes]');
  if (c) done({ ms: performance.now() - t0, nodes: Number(c.dataset.drawnNodes), edges: Number(c.dataset.drawnEdges) });
  else if (performance.now() - t0 > 60000) done({ ms: -1 });
  else requestAnimationFrame(poll);
}
requestAnimationFrame(poll);
"#;

/// Pans the map (a pointer drag) and then zooms it (wheel steps in and out),
/// each for `arguments[0]` ms, one input per frame, and resolves with the
/// frame intervals of each.
pub const PAN_ZOOM_PROBE: &str = r#"
const done = arguments[arguments.length - 1];
const ms = arguments[0];
const c = document.querySelector('[data-testid=map-canvas]');
const r = c.getBoundingClientRect();
const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
const ptr = (type, x, y) => c.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, pointerId: 7, button: 0, bubbles: true }));
const paints = [];
function run(kind, next) {
  const frames = [];
  let start = null, last = null, i = 0;
  if (kind === 'pan') ptr('pointerdown', cx, cy);
  function step(now) {
    if (start === null) { start = now; last = now; } else { frames.push(now - last); last = now; }
    paints.push(Number(c.dataset.paintMs || 0));
    i += 1;
    if (kind === 'pan') ptr('pointermove', cx + 240 * Math.sin(i / 25), cy + 160 * Math.sin(i / 40));
    else c.dispatchEvent(new WheelEvent('wheel', { clientX: cx, clientY: cy, deltaY: Math.floor(i / 30) % 2 ? 40 : -40, bubbles: true, cancelable: true }));
    if (now - start < ms) requestAnimationFrame(step);
    else { if (kind === 'pan') ptr('pointerup', cx, cy); next(frames); }
  }
  requestAnimationFrame(step);
}
run('pan', (pan) => run('zoom', (zoom) => done({ pan, zoom, paints })));
"#;

/// "median 12.1 ms, p95 20.3 ms, max 31.0 ms, 0 of 140 over 50 ms" for frame intervals.
pub fn frame_stats(value: &serde_json::Value) -> String {
    let mut frames: Vec<f64> = value
        .as_array()
        .map(|a| a.iter().filter_map(|f| f.as_f64()).collect())
        .unwrap_or_default();
    if frames.is_empty() {
        return "no frames".into();
    }
    frames.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| frames[((frames.len() as f64 - 1.0) * p).round() as usize];
    let slow = frames.iter().filter(|f| **f > 50.0).count();
    format!(
        "median {:.1} ms, p95 {:.1} ms, max {:.1} ms, {} of {} over 50 ms",
        pct(0.5),
        pct(0.95),
        pct(1.0),
        slow,
        frames.len()
    )
}
