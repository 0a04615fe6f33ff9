// Vitest setup: jest-dom matchers and a clean slate (hash, toasts) per test.
import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/svelte';
import { beforeEach } from 'vitest';
import { toasts } from '../lib/toasts.svelte';
import { router } from '../lib/router.svelte';
import { installCanvasRecorder } from './canvas';

// Generous waits: CI machines are small and may be busy compiling Rust.
configure({ asyncUtilTimeout: 3000 });
installCanvasRecorder();

beforeEach(() => {
  // Tests in plain Node (the interop checks) have no page to reset.
  if (typeof window === 'undefined') return;
  history.replaceState(null, '', '#/services');
  router.sync();
  toasts.clear();
});
