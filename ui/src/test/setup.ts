// Vitest setup: jest-dom matchers and a clean slate (hash, toasts) per test.
import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/svelte';
import { beforeEach } from 'vitest';
import { toasts } from '../lib/toasts.svelte';
import { router } from '../lib/router.svelte';

// Generous waits: CI machines are small and may be busy compiling Rust.
configure({ asyncUtilTimeout: 3000 });

beforeEach(() => {
  history.replaceState(null, '', '#/services');
  router.sync();
  toasts.clear();
});
