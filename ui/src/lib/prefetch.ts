// The first screen's queries, started before Svelte mounts so they run while
// the bundle mounts instead of one after another, each behind a frame.
// A prefetched answer is handed out once, to the first caller asking for the
// same key; anything later asks the backend afresh. Answers not taken are
// dropped on a write, and once the first screen is drawn (lib/ready), whichever
// screen it was: the welcome or the workspace error take none of them.
import type { Backend } from './backend';

export const STATUS_KEY = 'workspace_status';
export const TEAMS_KEY = 'list_teams';

const pending = new WeakMap<Backend, Map<string, Promise<unknown>>>();

/** Starts `run` now and keeps its answer for `take(api, key)`. */
export function prefetch<T>(api: Backend, key: string, run: () => Promise<T>): Promise<T> {
  const promise = run();
  // Nobody may take it (a failed workspace, a first run); that is not an error.
  promise.catch(() => {});
  let map = pending.get(api);
  if (!map) pending.set(api, (map = new Map()));
  map.set(key, promise);
  return promise;
}

/** The prefetched answer for `key`, once; otherwise `fallback()`. */
export function take<T>(api: Backend, key: string, fallback: () => Promise<T>): Promise<T> {
  const map = pending.get(api);
  const promise = map?.get(key) as Promise<T> | undefined;
  if (promise) {
    map?.delete(key);
    return promise;
  }
  return fallback();
}

/** Drops every answer not yet taken: the workspace has moved on since they were asked. */
export function forget(api: Backend): void {
  pending.get(api)?.clear();
}
