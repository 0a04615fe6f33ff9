// The calendar page's state: which view, period, zone and filters are chosen,
// the query they make, and the last answer. A newer query makes older answers
// stale (they are dropped), and the previous answer stays on screen while the
// next one loads.
import type { Backend } from '../../lib/backend';
import type { CalendarQuery, CalendarView, Change, DeployStatus } from '../../lib/bindings';
import { toErrorPayload } from '../../lib/errors';
import { localZone, toIso } from '../../lib/zonedTime';
import { periodOf, stepAnchor, type ViewKind, type Zoom } from './period';
import { conflictsByChange } from './status';

export interface Filters {
  /** Environment id, or '' for all. */
  environment: string;
  team: string;
  train: string;
  services: string[];
  status: DeployStatus | '';
}

export type RowsBy = 'environment' | 'service';

/** The zone choice that follows the machine's zone. */
export const LOCAL = 'local';

export function emptyFilters(): Filters {
  return { environment: '', team: '', train: '', services: [], status: '' };
}

export class CalendarModel {
  view = $state<ViewKind>('month');
  zoom = $state<Zoom>('week');
  rowsBy = $state<RowsBy>('environment');
  /** An instant inside the shown period. */
  anchor = $state(Date.now());
  /** LOCAL, or a zone name (UTC, Europe/Berlin...). */
  zoneChoice = $state(LOCAL);
  filters = $state<Filters>(emptyFilters());
  result = $state<CalendarView | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  readonly zone = $derived(this.zoneChoice === LOCAL ? localZone() : this.zoneChoice);
  readonly period = $derived(periodOf(this.view, this.zoom, this.anchor, this.zone));
  readonly conflicts = $derived(conflictsByChange(this.result?.conflicts ?? []));
  readonly narrowed = $derived(
    !!(this.filters.environment || this.filters.team || this.filters.train || this.filters.status || this.filters.services.length),
  );

  private seq = 0;

  constructor(private readonly api: Backend) {}

  /** The backend query for what is chosen now (reading it tracks every input). */
  query(): CalendarQuery {
    const f = this.filters;
    return {
      from: toIso(this.period.from),
      to: toIso(this.period.to),
      environment_ids: f.environment ? [f.environment] : [],
      team_id: f.team || null,
      train_id: f.train || null,
      service_ids: [...f.services],
      statuses: f.status ? [f.status] : [],
      with_conflicts: true,
    };
  }

  async load(query: CalendarQuery): Promise<void> {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const view = await this.api.calendarView(query);
      if (seq !== this.seq) return;
      this.result = view;
      this.error = null;
    } catch (e) {
      if (seq !== this.seq) return;
      this.error = `The calendar could not be loaded: ${toErrorPayload(e).message}`;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  step(dir: -1 | 1): void {
    this.anchor = stepAnchor(this.view, this.zoom, this.anchor, dir, this.zone);
  }

  today(now: number = Date.now()): void {
    this.anchor = now;
  }

  /** Shows a saved change at once, before the refresh its change event triggers. */
  replaceChange(change: Change): void {
    if (!this.result) return;
    this.result = { ...this.result, changes: this.result.changes.map((c) => (c.id === change.id ? change : c)) };
  }

  clearFilters(): void {
    this.filters = emptyFilters();
  }
}
