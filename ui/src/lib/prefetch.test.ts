// The prefetch handoff: an answer is taken once, by key and backend; later
// callers and other keys ask the backend; an untaken failure is harmless.
import { describe, expect, it, vi } from 'vitest';
import { FakeBackend } from './fakeBackend';
import { forget, prefetch, take } from './prefetch';

describe('prefetch', () => {
  it('hands the prefetched answer to the first taker only', async () => {
    const api = new FakeBackend();
    prefetch(api, 'k', () => Promise.resolve('early'));
    const fallback = vi.fn(() => Promise.resolve('fresh'));
    expect(await take(api, 'k', fallback)).toBe('early');
    expect(fallback).not.toHaveBeenCalled();
    expect(await take(api, 'k', fallback)).toBe('fresh');
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it('keeps answers apart by key and by backend', async () => {
    const a = new FakeBackend();
    const b = new FakeBackend();
    prefetch(a, 'k', () => Promise.resolve(1));
    expect(await take(b, 'k', () => Promise.resolve(2))).toBe(2);
    expect(await take(a, 'other', () => Promise.resolve(3))).toBe(3);
    expect(await take(a, 'k', () => Promise.resolve(4))).toBe(1);
  });

  it('passes a prefetched failure to its taker', async () => {
    const api = new FakeBackend();
    prefetch(api, 'k', () => Promise.reject(new Error('workspace locked')));
    await expect(take(api, 'k', () => Promise.resolve('x'))).rejects.toThrow('workspace locked');
  });

  it('asks afresh once the answers are forgotten, for that backend only', async () => {
    const a = new FakeBackend();
    const b = new FakeBackend();
    prefetch(a, 'k', () => Promise.resolve('stale'));
    prefetch(b, 'k', () => Promise.resolve('kept'));
    forget(a);
    expect(await take(a, 'k', () => Promise.resolve('fresh'))).toBe('fresh');
    expect(await take(b, 'k', () => Promise.resolve('x'))).toBe('kept');
  });
});
