// The services list's query: its filters, their defaults, and the backend
// query and prefetch key they make. Pure, so the boot script can import it
// without the UI's runtime.
import type { ServiceQuery, ServiceSort, Tier } from '../../lib/bindings';

export const PAGE_SIZE = 100;

export interface Filters {
  text: string;
  owner: string;
  tier: Tier | '';
  system: string;
  sort: ServiceSort;
  descending: boolean;
}

/** What the list shows before the user narrows or sorts it. */
export function defaultFilters(): Filters {
  return { text: '', owner: '', tier: '', system: '', sort: 'name', descending: false };
}

/** The backend query for `filters`, rows `offset..offset + limit`. */
export function toQuery(f: Filters, offset: number, limit: number): ServiceQuery {
  return {
    text: f.text.trim() || null,
    owner_team_id: f.owner || null,
    tier: f.tier || null,
    system: f.system || null,
    sort: f.sort,
    descending: f.descending,
    limit,
    offset,
  };
}

/** The key under which a prefetched answer to `query` is kept (see lib/prefetch). */
export function servicesKey(query: ServiceQuery): string {
  return `search_services:${JSON.stringify(query)}`;
}
