// The page's first script: asks the backend for the first screen's data
// (workspace status, teams, the first page of services) before the app's
// bundle has even loaded, so the answers are in by the time the app mounts.
// It imports nothing, so the browser can run it as soon as it arrives; its
// questions are spelled out here, and boot.test.ts checks they are the ones
// the app asks (an answer to any other question would simply go unclaimed).

/** The questions asked early, under the keys lib/prefetch keeps answers by. */
export type EarlyAnswers = Map<string, Promise<unknown>>;

type Invoke = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

declare global {
  interface Window {
    __TAURI_INTERNALS__?: { invoke: Invoke };
    __signalboxEarly?: EarlyAnswers;
  }
}

/** The services page's first query: every service by name, the first 100. */
export const FIRST_SERVICES_QUERY = {
  text: null,
  owner_team_id: null,
  tier: null,
  system: null,
  sort: 'name',
  descending: false,
  limit: 100,
  offset: 0,
};

/** Asks the first screen's questions through `invoke`; the answers by key. */
export function askEarly(invoke: Invoke): EarlyAnswers {
  const early: EarlyAnswers = new Map();
  const ask = (key: string, cmd: string, args?: Record<string, unknown>) => {
    const answer = invoke(cmd, args);
    // Taken (and its failure handled) by the app; unclaimed, it is no error.
    answer.catch(() => {});
    early.set(key, answer);
  };
  ask('workspace_status', 'workspace_status');
  ask('list_teams', 'list_teams');
  ask(`search_services:${JSON.stringify(FIRST_SERVICES_QUERY)}`, 'search_services', { query: FIRST_SERVICES_QUERY });
  return early;
}

const internals = typeof window === 'undefined' ? undefined : window.__TAURI_INTERNALS__;
if (internals) {
  window.__signalboxEarly = askEarly(internals.invoke);
  // The first Intl object loads ICU's locale data (about 6 ms); the first
  // screen formats numbers. Done here, it overlaps the bundle's loading.
  new Intl.NumberFormat().format(0);
}
