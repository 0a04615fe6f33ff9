// The shared data store's handling of writes: a change event drops the
// first screen's prefetched answers, which describe the workspace before it.
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from './bindings';
import { DataStore } from './data.svelte';
import { FakeBackend } from './fakeBackend';
import { prefetch, take } from './prefetch';

describe('DataStore.apply', () => {
  it('forgets answers asked before a write', async () => {
    const api = new FakeBackend();
    const store = new DataStore(api);
    prefetch(api, 'services', () => Promise.resolve('before the write'));
    const write: ChangeEvent = { entities: ['service'] };
    await store.apply(write);
    expect(await take(api, 'services', () => Promise.resolve('after'))).toBe('after');
  });
});
