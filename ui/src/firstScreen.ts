// Starts the queries behind the first screen (workspace status, teams, the
// first page of services) before the UI mounts; the components that need them
// take the answers from lib/prefetch instead of asking again.
import type { Backend } from './lib/backend';
import { prefetch, STATUS_KEY, TEAMS_KEY } from './lib/prefetch';
import { defaultFilters, PAGE_SIZE, servicesKey, toQuery } from './pages/services/serviceList.svelte';

/** How long the first mount waits for the answers before showing the boot screen instead. */
const WAIT_MS = 400;

/**
 * Starts the queries and resolves when they have all answered (or failed), or
 * after WAIT_MS: mounting then draws the first screen complete in one frame
 * rather than an empty shell first and the data a frame later.
 */
export function prefetchFirstScreen(api: Backend): Promise<void> {
  const query = toQuery(defaultFilters(), 0, PAGE_SIZE);
  const answers = [
    prefetch(api, STATUS_KEY, () => api.workspaceStatus()),
    prefetch(api, TEAMS_KEY, () => api.listTeams()),
    prefetch(api, servicesKey(query), () => api.searchServices(query)),
  ];
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, WAIT_MS));
  return Promise.race([Promise.allSettled(answers).then(() => {}), timeout]);
}
