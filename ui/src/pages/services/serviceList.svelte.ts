// The services list's state: filters, sort, the loaded page(s) and the
// debounced, race-safe queries behind them (search_services).
import type { Backend } from '../../lib/backend';
import type { Service, ServiceQuery, ServiceSort } from '../../lib/bindings';
import { toErrorPayload } from '../../lib/errors';
import { take } from '../../lib/prefetch';
import { defaultFilters, PAGE_SIZE, servicesKey, toQuery, type Filters } from './query';

export class ServiceList {
  filters = $state<Filters>(defaultFilters());
  /** Replaced whole by each load (raw: no proxy per service). */
  items = $state.raw<Service[]>([]);
  total = $state(0);
  /** True once the first answer has arrived. */
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);

  private readonly api: Backend;
  private request = 0;
  private lastKey = '';

  constructor(api: Backend) {
    this.api = api;
  }

  /** True when any search text or filter narrows the list (sorting does not). */
  get narrowed(): boolean {
    const f = this.filters;
    return f.text.trim() !== '' || f.owner !== '' || f.tier !== '' || f.system !== '';
  }

  /** A key that changes when the query (not the page) changes. */
  key(): string {
    return JSON.stringify(this.filters);
  }

  clearFilters(): void {
    this.filters.text = '';
    this.filters.owner = '';
    this.filters.tier = '';
    this.filters.system = '';
  }

  sortBy(sort: ServiceSort): void {
    if (this.filters.sort === sort) {
      this.filters.descending = !this.filters.descending;
    } else {
      this.filters.sort = sort;
      this.filters.descending = sort === 'updated_at';
    }
  }

  private query(offset: number, limit: number): ServiceQuery {
    return toQuery(this.filters, offset, limit);
  }

  /**
   * Loads from the top. A new query starts again at one page; a refresh of the
   * same query (after a change event) keeps as many rows as were shown.
   */
  async load(): Promise<void> {
    const key = this.key();
    const limit = key === this.lastKey ? Math.max(PAGE_SIZE, this.items.length) : PAGE_SIZE;
    const id = ++this.request;
    this.loading = true;
    try {
      const query = this.query(0, limit);
      const page = await take(this.api, servicesKey(query), () => this.api.searchServices(query));
      if (id !== this.request) return;
      this.items = page.items;
      this.total = page.total;
      this.lastKey = key;
      this.error = null;
    } catch (e) {
      if (id === this.request) this.error = toErrorPayload(e).message;
    } finally {
      if (id === this.request) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  /** Appends the next page. */
  async more(): Promise<void> {
    const id = ++this.request;
    this.loading = true;
    try {
      const page = await this.api.searchServices(this.query(this.items.length, PAGE_SIZE));
      if (id !== this.request) return;
      this.items = [...this.items, ...page.items];
      // Past the end the backend has no row to count with, so it reports 0.
      if (page.items.length > 0) this.total = page.total;
      this.error = null;
    } catch (e) {
      if (id === this.request) this.error = toErrorPayload(e).message;
    } finally {
      if (id === this.request) this.loading = false;
    }
  }
}
