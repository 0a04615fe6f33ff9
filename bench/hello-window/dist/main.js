// Report after the first frame with the page's content has been painted: the
// same moment Signalbox reports (after its first screen with data is drawn).
requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke('ready'));
