// Vite + Vitest configuration for the Signalbox UI.
// Builds to ui/dist with relative asset paths and CSS emitted as a file
// (the app runs under a strict CSP that forbids injected <style> and inline scripts).
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

/**
 * Builds src/boot.ts as an entry of its own and loads it ahead of the app's
 * bundle, so it can ask for the first screen's data while that bundle loads
 * (the dev server has no boot script: there main.ts asks itself).
 */
function bootScript(): Plugin {
  return {
    name: 'signalbox-boot-script',
    apply: 'build',
    config: () => ({ build: { rollupOptions: { input: { index: 'index.html', boot: 'src/boot.ts' } } } }),
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const boot = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'boot');
        if (!boot) throw new Error('the boot chunk is missing from the build');
        return [{ tag: 'script', attrs: { type: 'module', crossorigin: true, src: `./${boot.fileName}` }, injectTo: 'head-prepend' }];
      },
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [bootScript(), svelte(), svelteTesting()],
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
