// The dependency-map half of the in-memory fake backend: edges with the
// basic rules (self, duplicate), a simplified map view (filters, focus,
// collapsed systems, a layer-per-column layout), service links, impact and a
// train's order. Enough for UI tests to see the map respond.
import type {
  BackstageReport,
  Change,
  DependencyImportReport,
  DependencyInput,
  DeployOrder,
  EntityKind,
  ErrorPayload,
  Impact,
  ImpactOptions,
  LinkedService,
  MapEdge,
  MapNode,
  MapQuery,
  MapView,
  Reached,
  Service,
  ServiceDependency,
  ServiceLinks,
  Tier,
  TrainOrder,
} from './bindings';

export interface DepsHost {
  services(): Service[];
  changes(): Change[];
  now(): string;
  id(prefix: string): string;
  record(entity: EntityKind, id: string, label: string, action: 'created' | 'updated' | 'deleted', before: unknown, after: unknown): void;
}

const TIERS: Tier[] = ['critical', 'high', 'medium', 'low'];

function invalid(field: string, message: string): ErrorPayload {
  return { code: 'validation', message: `${field}: ${message}`, fields: [{ field, message }], problems: [] };
}

export class FakeDeps {
  deps: ServiceDependency[] = [];
  /** What the next Backstage / CSV import reports; null is a cancelled dialog. */
  backstageReport: BackstageReport | null = null;
  csvReport: DependencyImportReport | null = null;
  /** The last export: its kind and what was sent. */
  lastExport: { kind: string; detail: unknown } | null = null;

  constructor(private host: DepsHost) {}

  private name(id: string): string {
    return this.host.services().find((s) => s.id === id)?.name ?? id;
  }

  private check(input: DependencyInput, except: string | null): void {
    if (input.service_id === input.depends_on)
      throw invalid('depends_on', `${this.name(input.service_id)} cannot depend on itself.`);
    if (this.deps.some((d) => d.id !== except && d.service_id === input.service_id && d.depends_on === input.depends_on && d.kind === input.kind))
      throw invalid('depends_on', `${this.name(input.service_id)} already has that dependency.`);
  }

  seed(from: string, to: string, kind: ServiceDependency['kind'] = 'runtime'): ServiceDependency {
    const at = this.host.now();
    const d: ServiceDependency = { id: this.host.id('dep'), service_id: from, depends_on: to, kind, note: '', created_at: at, updated_at: at };
    this.deps.push(d);
    return d;
  }

  create(input: DependencyInput): ServiceDependency {
    this.check(input, null);
    const d = this.seed(input.service_id, input.depends_on, input.kind);
    d.note = input.note.trim();
    this.host.record('dependency', d.id, `${this.name(d.service_id)} → ${this.name(d.depends_on)}`, 'created', null, d);
    return d;
  }

  update(id: string, input: DependencyInput): ServiceDependency {
    const d = this.deps.find((x) => x.id === id);
    if (!d) throw { code: 'not_found', message: 'That dependency no longer exists.', fields: [], problems: [] };
    this.check(input, id);
    Object.assign(d, { ...input, note: input.note.trim(), updated_at: this.host.now() });
    return d;
  }

  remove(id: string): null {
    this.deps = this.deps.filter((d) => d.id !== id);
    return null;
  }

  links(id: string): ServiceLinks {
    const svc = (other: string, d: ServiceDependency): LinkedService => {
      const s = this.host.services().find((x) => x.id === other);
      return { dependency_id: d.id, service_id: other, name: s?.name ?? other, tier: s?.tier ?? 'low', kind: d.kind, note: d.note };
    };
    const impact = this.impact([id], { depth: null, kinds: [] });
    return {
      dependencies: this.deps.filter((d) => d.service_id === id).map((d) => svc(d.depends_on, d)),
      dependants: this.deps.filter((d) => d.depends_on === id).map((d) => svc(d.service_id, d)),
      blast_radius: impact.downstream.length,
      highest_tier: impact.highest_tier,
      changes: this.host.changes().filter((c) => c.service_ids.includes(id)),
    };
  }

  private walk(starts: string[], next: (id: string) => [string, ServiceDependency][], depth: number | null): Reached[] {
    const seen = new Set(starts);
    const out: Reached[] = [];
    let frontier = starts.map((s) => ({ id: s, d: 0 }));
    while (frontier.length) {
      const after: typeof frontier = [];
      for (const { id, d } of frontier) {
        if (depth !== null && d >= depth) continue;
        for (const [other, dep] of next(id)) {
          if (seen.has(other)) continue;
          seen.add(other);
          out.push({ service_id: other, depth: d + 1, via: id, kind: dep.kind });
          after.push({ id: other, d: d + 1 });
        }
      }
      frontier = after;
    }
    return out;
  }

  impact(services: string[], options: ImpactOptions): Impact {
    const follows = (d: ServiceDependency) => options.kinds.length === 0 || options.kinds.includes(d.kind);
    const down = this.walk(services, (id) => this.deps.filter((d) => d.depends_on === id && follows(d)).map((d) => [d.service_id, d]), options.depth);
    const up = this.walk(services, (id) => this.deps.filter((d) => d.service_id === id && follows(d)).map((d) => [d.depends_on, d]), options.depth);
    const tiers = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const r of down) tiers[this.host.services().find((s) => s.id === r.service_id)?.tier ?? 'low'] += 1;
    const highest = TIERS.find((t) => tiers[t] > 0) ?? null;
    return { sources: services, downstream: down, upstream: up, tiers, highest_tier: highest, truncated: false };
  }

  view(q: MapQuery): MapView {
    const all = this.host.services();
    const pass = (s: Service) =>
      s.id === q.focus ||
      ((q.teams.length === 0 || (s.owner_team_id !== null && q.teams.includes(s.owner_team_id))) &&
        (q.tiers.length === 0 || q.tiers.includes(s.tier)));
    let shown = all.filter(pass);
    const edges = this.deps.filter((d) => (q.kinds.length === 0 || q.kinds.includes(d.kind)));
    if (q.focus && all.some((s) => s.id === q.focus)) {
      const near = new Set([q.focus, ...this.impact([q.focus], { depth: q.depth, kinds: q.kinds }).downstream.map((r) => r.service_id),
        ...this.impact([q.focus], { depth: q.depth, kinds: q.kinds }).upstream.map((r) => r.service_id)]);
      shown = shown.filter((s) => near.has(s.id));
    }
    shown.sort((a, b) => a.system.localeCompare(b.system) || a.name.localeCompare(b.name));
    const nodes: MapNode[] = [];
    const nodeOf = new Map<string, number>();
    for (const s of shown) {
      const collapsed = q.collapsed.includes(s.system) && s.id !== q.focus;
      const key = collapsed ? `system:${s.system}` : s.id;
      const at = nodes.findIndex((n) => n.key === key);
      if (at >= 0) {
        nodes[at].members += 1;
        nodes[at].services.push(s.id);
        nodeOf.set(s.id, at);
        continue;
      }
      nodeOf.set(s.id, nodes.length);
      nodes.push({
        key, kind: collapsed ? 'system' : 'service', service_id: collapsed ? null : s.id,
        label: collapsed ? s.system || 'No system' : s.name, system: s.system, team_id: collapsed ? null : s.owner_team_id,
        tier: s.tier, members: 1, services: collapsed ? [s.id] : [], layer: 0, x: 0, y: 0, width: 176, height: 30,
      });
    }
    const mapEdges: MapEdge[] = [];
    for (const d of edges) {
      const a = nodeOf.get(d.service_id);
      const b = nodeOf.get(d.depends_on);
      if (a === undefined || b === undefined || a === b) continue;
      const same = mapEdges.find((e) => e.from === a && e.to === b && e.kind === d.kind);
      if (same) same.count += 1;
      else mapEdges.push({ from: a, to: b, kind: d.kind, count: 1, in_cycle: false });
    }
    // Longest path, bounded so a loop cannot run away.
    for (let round = 0; round < nodes.length; round++) {
      let moved = false;
      for (const e of mapEdges) {
        if (nodes[e.from].layer <= nodes[e.to].layer && nodes[e.to].layer < nodes.length) {
          nodes[e.from].layer = nodes[e.to].layer + 1;
          moved = true;
        }
      }
      if (!moved) break;
    }
    const rows = new Map<number, number>();
    for (const n of nodes) {
      const row = rows.get(n.layer) ?? 0;
      rows.set(n.layer, row + 1);
      n.x = 24 + n.layer * 288;
      n.y = 24 + row * 44;
    }
    const systems = [...new Set(all.map((s) => s.system))].sort().map((name) => ({
      name, services: all.filter((s) => s.system === name).length, collapsed: q.collapsed.includes(name),
    }));
    const width = nodes.length ? Math.max(...nodes.map((n) => n.x + n.width)) + 24 : 0;
    const height = nodes.length ? Math.max(...nodes.map((n) => n.y + n.height)) + 24 : 0;
    return {
      nodes, edges: mapEdges, width, height, total_services: all.length, total_dependencies: this.deps.length,
      shown_services: shown.length, systems, focus_missing: q.focus !== null && !all.some((s) => s.id === q.focus),
    };
  }

  trainOrder(services: string[]): TrainOrder {
    const members = [...new Set(services)];
    const layerOf = new Map<string, number>(members.map((m) => [m, 0]));
    for (let round = 0; round < members.length; round++)
      for (const d of this.deps)
        if (layerOf.has(d.service_id) && layerOf.has(d.depends_on) && (layerOf.get(d.service_id) ?? 0) <= (layerOf.get(d.depends_on) ?? 0))
          layerOf.set(d.service_id, (layerOf.get(d.depends_on) ?? 0) + 1);
    const count = Math.max(-1, ...layerOf.values()) + 1;
    const layers = Array.from({ length: count }, (_, i) => ({
      number: i + 1,
      steps: members.filter((m) => layerOf.get(m) === i).map((m) => ({
        service_id: m,
        after: this.deps.filter((d) => d.service_id === m && layerOf.has(d.depends_on)).map((d) => ({ service_id: d.depends_on, kind: d.kind })),
        together_with: [],
      })),
    }));
    const order: DeployOrder = { layers, rollback: [...layers].reverse(), cycles: [] };
    return { order, names: Object.fromEntries(members.map((m) => [m, this.name(m)])) };
  }
}
