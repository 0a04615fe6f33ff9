// Starts the queries behind the first screen (workspace status, teams, the
// first page of services) before the UI mounts; the components that need them
// take the answers from lib/prefetch instead of asking again. In the app,
// boot.ts has asked already, before this bundle loaded; those answers are used.
import type { Backend } from './lib/backend';
import type { EarlyAnswers } from './boot';
import { toErrorPayload } from './lib/errors';
import { prefetch, STATUS_KEY, TEAMS_KEY } from './lib/prefetch';
import { defaultFilters, PAGE_SIZE, servicesKey, toQuery } from './pages/services/query';

/** How long the first mount waits for the answers before showing the boot screen instead. */
const WAIT_MS = 400;

/**
 * Starts the queries and resolves when they have all answered (or failed), or
 * after WAIT_MS: mounting then draws the first screen complete in one frame
 * rather than an empty shell first and the data a frame later.
 */
export function prefetchFirstScreen(api: Backend, early?: EarlyAnswers): Promise<void> {
  const query = toQuery(defaultFilters(), 0, PAGE_SIZE);
  // An early answer fails the way the backend's own calls do.
  const asked = <T>(key: string, ask: () => Promise<T>) =>
    prefetch(api, key, () => {
      const answer = early?.get(key) as Promise<T> | undefined;
      early?.delete(key);
      return answer ? answer.catch((e: unknown) => Promise.reject(toErrorPayload(e))) : ask();
    });
  const answers = [
    asked(STATUS_KEY, () => api.workspaceStatus()),
    asked(TEAMS_KEY, () => api.listTeams()),
    asked(servicesKey(query), () => api.searchServices(query)),
  ];
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, WAIT_MS));
  return Promise.race([Promise.allSettled(answers).then(() => {}), timeout]);
}
