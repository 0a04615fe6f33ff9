import { afterEach, describe, expect, it } from 'vitest';
import { MAX_TOASTS, toasts } from './toasts.svelte';

describe('toasts', () => {
  afterEach(() => toasts.clear());

  it('keeps at most a handful on screen, the oldest successes making way', () => {
    toasts.alert('Production deployment failed');
    for (let i = 1; i <= 6; i++) toasts.success(`Saved ${i}`);
    const messages = toasts.items.map((t) => t.message);
    expect(messages).toHaveLength(MAX_TOASTS);
    expect(messages).toEqual(['Production deployment failed', 'Saved 4', 'Saved 5', 'Saved 6']);
  });

  it('never pushes out warnings or errors', () => {
    for (let i = 1; i <= 5; i++) toasts.error(`Failed ${i}`);
    toasts.success('Saved');
    const messages = toasts.items.map((t) => t.message);
    expect(messages).toEqual(['Failed 1', 'Failed 2', 'Failed 3', 'Failed 4', 'Failed 5', 'Saved']);
  });
});
