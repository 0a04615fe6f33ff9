// Calls the backend's ui_ready exactly once per backend, after the first
// screen with data has been painted (used by the startup benchmark). The
// answers prefetched for that screen and not taken by it are dropped then:
// a later screen (the shell after the welcome, say) must ask afresh.
import { tick } from 'svelte';
import type { Backend } from './backend';
import { forget } from './prefetch';

const told = new WeakSet<Backend>();

export async function markReady(api: Backend): Promise<void> {
  if (told.has(api)) return;
  told.add(api);
  forget(api);
  await tick();
  await new Promise<void>((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 0);
  });
  try {
    await api.uiReady();
  } catch (e) {
    console.warn('ui_ready failed', e);
  }
}
