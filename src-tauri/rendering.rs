//! How WebKitGTK paints the window on Linux. Its accelerated compositing runs
//! on OpenGL; on a machine without a GPU (virtual machines, remote desktops,
//! Xvfb) that GL is a software rasteriser, and every frame that changes
//! anything then costs tens of milliseconds more than WebKit's plain software
//! painting (measured: scrolling the calendar's timeline went from ~135 ms to
//! ~16 ms a frame, see docs/benchmarks.md).
//!
//! Turning compositing off for the whole process (WebKit's
//! `WEBKIT_DISABLE_COMPOSITING_MODE`) also made about half of all starts stall
//! for half a second while the window first sized itself, so the switch is
//! made once the first screen is shown, through the page's settings. On a
//! machine with a GPU, when the user set that variable themselves, or with
//! `SIGNALBOX_KEEP_COMPOSITING`, nothing changes.

/// The variable WebKitGTK reads; a user who set it has decided.
const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Set (to anything but `0`) to keep the compositor. The end-to-end suite
/// does: WebKitWebDriver's screenshots can hang for good once the page paints
/// without the compositor (seen with this switch and with the variable above
/// alike), which is a driver problem, not one a user meets.
const KEEP: &str = "SIGNALBOX_KEEP_COMPOSITING";

/// Whether to switch to plain painting: only when the user has not decided
/// and there is no GPU to composite on.
pub fn prefer_plain_painting(user_decided: bool, has_gpu: bool) -> bool {
    !user_decided && !has_gpu
}

/// Whether a DRM render node (`/dev/dri/renderD*`) exists: a GPU that WebKit's
/// GL compositor could use.
#[cfg(target_os = "linux")]
fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri")
        .map(|dir| {
            dir.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

/// Called once the first screen is shown: on a machine without a GPU, the
/// page is painted without the GL compositor from now on.
#[cfg(target_os = "linux")]
pub fn after_first_screen(window: &tauri::WebviewWindow) {
    let keep = std::env::var(KEEP).is_ok_and(|v| v != "0");
    if keep || !prefer_plain_painting(std::env::var_os(VARIABLE).is_some(), has_render_node()) {
        return;
    }
    // The window may already be closing; then there is nothing to paint.
    let _ = window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
}

#[cfg(not(target_os = "linux"))]
pub fn after_first_screen(_window: &tauri::WebviewWindow) {}

#[cfg(test)]
mod tests {
    use super::prefer_plain_painting;

    #[test]
    fn plain_painting_only_without_a_gpu_and_without_a_user_choice() {
        assert!(prefer_plain_painting(false, false));
        assert!(!prefer_plain_painting(false, true));
        assert!(!prefer_plain_painting(true, false));
        assert!(!prefer_plain_painting(true, true));
    }
}
