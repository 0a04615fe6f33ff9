// Entry point: global styles and the root component. Tauri loads it (a module
// from 'self', as the CSP requires) after boot.ts, whose early questions it
// hands to the first screen.
import { mount } from 'svelte';
import './theme.css';
import './app.css';
import App from './App.svelte';
import { backend } from './lib/backend';
import { prefetchFirstScreen } from './firstScreen';

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

// Mount once the first screen's data is in (or a moment has passed), so the
// first frame drawn is the finished first screen.
void prefetchFirstScreen(backend(), window.__signalboxEarly).then(() => mount(App, { target }));
