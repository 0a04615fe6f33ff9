//! Hello-world Tauri window: prints how long it took from process start to
//! the page's first `invoke`, the same probe Signalbox prints.

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

#[tauri::command]
fn ready() {
    if let Some(t) = STARTED.get() {
        println!("signalbox-ready-ms {}", t.elapsed().as_millis());
    }
}

fn main() {
    STARTED.get_or_init(Instant::now);
    if let Err(e) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
    {
        eprintln!("hello-window failed: {e}");
    }
}
