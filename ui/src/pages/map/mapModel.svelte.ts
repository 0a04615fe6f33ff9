// The map screen's state: the query (filters, focus, collapsed systems), the
// laid-out view it returned, the selection and its blast radius, the change
// whose blast radius is shown, and the search. The view is kept raw (not a
// deep proxy): it can hold thousands of nodes and is only ever replaced.
import type { Backend } from '../../lib/backend';
import type { Change, DependencyKind, Impact, MapQuery, MapView, Tier } from '../../lib/bindings';
import { toErrorPayload } from '../../lib/errors';
import { highlightOf } from './mapHighlight';
import type { Highlight } from './mapPaint';
import { searchNodes } from './mapScene';

export const EMPTY_QUERY: MapQuery = { focus: null, depth: 2, teams: [], tiers: [], kinds: [], collapsed: [] };

export class MapModel {
  query = $state<MapQuery>({ ...EMPTY_QUERY });
  view = $state.raw<MapView | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The selected node's key (kept across reloads). */
  selectedKey = $state<string | null>(null);
  impact = $state.raw<Impact | null>(null);
  /** The change whose blast radius is shown, instead of the selection's. */
  change = $state.raw<Change | null>(null);
  search = $state('');
  /** Which search match was last brought into view. */
  matchAt = $state(-1);
  /** Nodes whose label holds the search text: worked out once per view or text. */
  readonly matches = $derived(this.view ? searchNodes(this.view, this.search) : []);
  private seq = 0;

  constructor(private api: Backend) {}

  get narrowed(): boolean {
    const q = this.query;
    return q.teams.length > 0 || q.tiers.length > 0 || q.kinds.length > 0;
  }

  /** Fetches the view for the current query; a stale answer is dropped. */
  async load(): Promise<void> {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const view = await this.api.dependencyMap($state.snapshot(this.query));
      if (seq !== this.seq) return;
      this.view = view;
      this.error = null;
      if (this.selectedKey && !view.nodes.some((n) => n.key === this.selectedKey)) {
        this.selectedKey = null;
        this.impact = null;
      } else if (this.selectedKey) {
        await this.refreshImpact();
      } else if (this.change) {
        await this.showChange(this.change);
      }
    } catch (e) {
      if (seq === this.seq) this.error = toErrorPayload(e).message;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  get selectedIndex(): number | null {
    if (!this.view || !this.selectedKey) return null;
    const i = this.view.nodes.findIndex((n) => n.key === this.selectedKey);
    return i >= 0 ? i : null;
  }

  /** The services a node stands for. */
  servicesOf(i: number): string[] {
    const n = this.view?.nodes[i];
    if (!n) return [];
    return n.service_id ? [n.service_id] : n.services;
  }

  async select(i: number | null): Promise<void> {
    this.change = null;
    this.selectedKey = i === null ? null : (this.view?.nodes[i]?.key ?? null);
    this.impact = null;
    await this.refreshImpact();
  }

  private async refreshImpact(): Promise<void> {
    const i = this.selectedIndex;
    if (i === null) return;
    const key = this.selectedKey;
    const services = this.servicesOf(i);
    try {
      const impact = await this.api.impact(services, { depth: null, kinds: [...this.query.kinds] });
      if (this.selectedKey === key) this.impact = impact;
    } catch (e) {
      this.error = toErrorPayload(e).message;
    }
  }

  /** Shows the blast radius of `change`'s services. */
  async showChange(change: Change): Promise<void> {
    this.selectedKey = null;
    this.change = change;
    try {
      this.impact = await this.api.impact(change.service_ids, { depth: null, kinds: [...this.query.kinds] });
    } catch (e) {
      this.error = toErrorPayload(e).message;
    }
  }

  clearChange(): void {
    this.change = null;
    this.impact = null;
  }

  focusOn(serviceId: string, depth: number | null = this.query.depth ?? 2): void {
    this.query.focus = serviceId;
    this.query.depth = depth;
    this.selectedKey = serviceId;
  }

  clearFocus(): void {
    this.query.focus = null;
  }

  collapse(system: string): void {
    if (!this.query.collapsed.includes(system)) this.query.collapsed = [...this.query.collapsed, system];
  }

  expand(system: string): void {
    this.query.collapsed = this.query.collapsed.filter((s) => s !== system);
    if (this.selectedKey === `system:${system}`) this.selectedKey = null;
  }

  collapseAll(): void {
    this.query.collapsed = (this.view?.systems ?? []).map((s) => s.name);
  }

  expandAll(): void {
    this.query.collapsed = [];
  }

  toggle<T extends Tier | DependencyKind>(list: 'tiers' | 'kinds', value: T): void {
    const now = this.query[list] as T[];
    (this.query[list] as T[]) = now.includes(value) ? now.filter((v) => v !== value) : [...now, value];
  }

  clearFilters(): void {
    this.query.teams = [];
    this.query.tiers = [];
    this.query.kinds = [];
  }


  highlight(matches: number[]): Highlight {
    return highlightOf(this.view, this.impact, this.selectedIndex, this.change !== null, matches);
  }
}
