// Entry point: global styles and the root component. Tauri loads this as the
// only script (module, from 'self'), as the CSP requires.
import { mount } from 'svelte';
import './theme.css';
import './app.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

export default mount(App, { target });
