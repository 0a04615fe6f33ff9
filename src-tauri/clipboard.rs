//! The system clipboard, opened on the first copy instead of at startup (on
//! X11 opening it connects to the display and starts the thread that serves
//! what was copied, time the first screen does not need), and closed at
//! exit so a clipboard manager can take over the last copy.

use std::sync::Mutex;

static CLIPBOARD: Mutex<Option<arboard::Clipboard>> = Mutex::new(None);

/// Puts `text` on the clipboard.
pub fn copy_text(text: String) -> Result<(), String> {
    let mut slot = CLIPBOARD
        .lock()
        .map_err(|_| "the clipboard is in an unknown state".to_owned())?;
    if slot.is_none() {
        *slot = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
    }
    match slot.as_mut() {
        Some(clipboard) => clipboard.set_text(text).map_err(|e| e.to_string()),
        None => Err("the clipboard could not be opened".to_owned()),
    }
}

/// Closes the clipboard (at exit).
pub fn close() {
    if let Ok(mut slot) = CLIPBOARD.lock() {
        slot.take();
    }
}
