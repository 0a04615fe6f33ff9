// Vite + Vitest configuration for the Signalbox UI.
// Builds to ui/dist with relative asset paths and CSS emitted as a file
// (the app runs under a strict CSP that forbids injected <style> and inline scripts).
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

export default defineConfig({
  base: './',
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Each lazy area brings its own stylesheet (a <link> to self, allowed by the CSP).
    cssCodeSplit: true,
    // The polyfill is an inline-free module, but the webview supports modulepreload natively.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    testTimeout: 20_000,
  },
});
