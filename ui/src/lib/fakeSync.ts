// The fake's CI/CD sync: connections (validated like the real one, tokens
// kept apart as the keyring does), synced runs, the board and a cell's runs,
// the rules preview, sync history, and "sync now" sending started, progress
// and finished events a few milliseconds apart, as the scheduler does.
import type {
  Board, BoardQuery, BoardRun, Connection, ConnectionHealth, ConnectionInput, DeployAlert, DeployStatus, EntityKind,
  Environment, ErrorPayload, FieldError, MappingRules, PreviewRow, Provider, RulesPreview, RunKind, Service,
  SourceCheck, StatusRule, SyncActivity, SyncEvent, SyncRecord, SyncReport, Team,
} from './bindings';
import { FakeStatusTable } from './fakeStatuses';

export interface SyncContext {
  services: () => Service[];
  environments: () => Environment[];
  teams: () => Team[];
  now: () => string;
  id: (prefix: string) => string;
  record: (entity: EntityKind, id: string, label: string, action: 'created' | 'updated' | 'deleted', before: unknown, after: unknown) => void;
  changed: (kinds: EntityKind[]) => void;
}

const SCOPE_HINTS: Record<Provider, string> = {
  github: 'Name at least one repository (owner/name)',
  gitlab: 'Name at least one project (group/project or its id)',
  jenkins: 'Name at least one job (folder/job)',
  argocd: 'Name at least one Argo CD project',
};

function invalid(fields: FieldError[]): ErrorPayload {
  return { code: 'validation', message: fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields, problems: [] };
}

const matchesName = (pattern: string, name: string) =>
  pattern.endsWith('*') ? name.toLowerCase().startsWith(pattern.slice(0, -1).toLowerCase()) : name.toLowerCase() === pattern.toLowerCase();

export function countsAsDeployment(rules: MappingRules, kind: RunKind, name: string): boolean {
  return kind === 'deployment' || rules.deployment_names.length === 0 || rules.deployment_names.some((p) => matchesName(p, name));
}

const serviceOf = (rules: MappingRules, source: string) =>
  rules.services.find((r) => r.source.toLowerCase() === source.toLowerCase())?.service_id ?? null;
const environmentOf = (rules: MappingRules, providerEnv: string | null) =>
  rules.environments.find((r) => r.provider_environment.toLowerCase() === (providerEnv ?? '').toLowerCase())?.environment_id ?? null;

export function emptyReport(): SyncReport {
  return { items: 0, pages: 0, requests: 0, not_modified: 0, complete: true, gaps: [], quota: { limit: null, remaining: null, reset_at: null } };
}

export class FakeSync {
  connections: Connection[] = [];
  /** Connection id → token: the keyring's stand-in, never returned by any call. */
  tokens = new Map<string, string>();
  runs: BoardRun[] = [];
  /** Connection id → its sync records, newest first. */
  history = new Map<string, SyncRecord[]>();
  activity = new Map<string, SyncActivity>();
  readonly statuses = new FakeStatusTable();
  /** Milliseconds between a sync's events. */
  stepMs = 5;
  /** Source checks `test_connection` answers, when set; else every source is readable. */
  checks: SourceCheck[] | null = null;
  private failures = new Map<string, string>();
  private listeners = new Set<(e: SyncEvent) => void>();
  private nextRun = 1;

  constructor(private readonly ctx: SyncContext) {}

  on(cb: (e: SyncEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  emit(event: SyncEvent): void {
    for (const cb of this.listeners) cb(structuredClone(event));
  }

  /** Sends an alert for `run`, as the scheduler does for a failed or stalled production deployment. */
  alert(alert: DeployAlert): void {
    this.emit({ type: 'alert', ...alert });
  }

  /** Makes the next sync of connection `id` fail with `error`. */
  failNextSync(id: string, error: string): void {
    this.failures.set(id, error);
  }

  check(raw: ConnectionInput, except: string | null): ConnectionInput {
    const errors: FieldError[] = [];
    const add = (field: string, message: string) => errors.push({ field, message });
    const name = raw.name.trim();
    if (!name) add('name', 'Name is required');
    else if (name.length > 100) add('name', 'Name must be at most 100 characters');
    else if (this.connections.some((c) => c.id !== except && c.name.toLowerCase() === name.toLowerCase()))
      add('name', `A connection named "${name}" already exists`);
    const baseUrl = raw.base_url.trim().replace(/\/+$/, '');
    if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) add('base_url', 'Base URL must be a full address starting with https:// (or http://)');
    const scope = raw.scope.map((s) => s.trim().replace(/^\/+|\/+$/g, '')).filter(Boolean);
    if (scope.length === 0) add('scope', SCOPE_HINTS[raw.provider]);
    if (raw.provider === 'github')
      for (const s of scope) if (s.split('/').length !== 2) add('scope', `"${s}" is not a repository: write it as owner/name`);
    if (!(raw.poll_interval_s >= 60 && raw.poll_interval_s <= 86_400)) add('poll_interval_s', 'Poll every 60 seconds to 24 hours');
    const stall = raw.rules.stall_after_min;
    if (stall !== null && !(stall >= 1 && stall <= 10_080)) add('stall_after_min', 'Call a deployment stalled after 1 minute to 7 days');
    const username = raw.username?.trim() || null;
    if (raw.provider === 'jenkins' && !username) add('username', 'Jenkins needs the user the API token belongs to');
    const rules: MappingRules = {
      deployment_names: raw.rules.deployment_names.map((n) => n.trim()).filter(Boolean),
      environments: raw.rules.environments.map((r) => ({ ...r, provider_environment: r.provider_environment.trim() })),
      services: raw.rules.services.map((r) => ({ ...r, source: r.source.trim() })),
      stall_after_min: stall,
    };
    rules.services.forEach((r, i) => {
      if (!r.source) add('rules', `Service rule ${i + 1} needs the repository, project, job or application`);
    });
    const seen = new Set<string>();
    for (const r of rules.environments) {
      if (seen.has(r.provider_environment.toLowerCase())) add('rules', `The provider environment "${r.provider_environment}" is mapped twice`);
      seen.add(r.provider_environment.toLowerCase());
      if (!this.ctx.environments().some((e) => e.id === r.environment_id))
        add('rules', `The environment for "${r.provider_environment}" no longer exists; pick another`);
    }
    for (const r of rules.services) {
      if (r.source && !this.ctx.services().some((s) => s.id === r.service_id))
        add('rules', `The service for "${r.source}" no longer exists; pick another`);
    }
    if (errors.length) throw invalid(errors);
    return { name, provider: raw.provider, base_url: baseUrl, scope, poll_interval_s: raw.poll_interval_s, username, rules };
  }

  private get(id: string): Connection {
    const c = this.connections.find((x) => x.id === id);
    if (!c) throw { code: 'not_found', message: `No connection with id ${id}`, fields: [], problems: [] } satisfies ErrorPayload;
    return c;
  }

  create(raw: ConnectionInput, token: string): Connection {
    const input = this.check(raw, null);
    if (!token.trim()) throw invalid([{ field: 'token', message: 'Give the access token to read with' }]);
    const at = this.ctx.now();
    const c: Connection = { id: this.ctx.id('conn'), ...input, created_at: at, updated_at: at };
    this.connections.push(c);
    this.tokens.set(c.id, token);
    this.ctx.record('connection', c.id, c.name, 'created', null, c);
    return c;
  }

  update(id: string, raw: ConnectionInput, token: string | null): Connection {
    const before = this.get(id);
    const after: Connection = { ...before, ...this.check(raw, id), updated_at: this.ctx.now() };
    this.connections.splice(this.connections.indexOf(before), 1, after);
    if (token?.trim()) this.tokens.set(id, token);
    this.ctx.record('connection', id, after.name, 'updated', before, after);
    return after;
  }

  remove(id: string): null {
    const before = this.get(id);
    this.connections = this.connections.filter((c) => c.id !== id);
    this.runs = this.runs.filter((r) => r.connection_id !== id);
    this.tokens.delete(id);
    this.history.delete(id);
    this.ctx.record('connection', id, before.name, 'deleted', before, null);
    return null;
  }

  test(id: string | null, input: ConnectionInput, token: string | null): SourceCheck[] {
    if (!token?.trim()) {
      if (id === null) throw invalid([{ field: 'token', message: 'Give the access token to test with' }]);
      this.get(id);
      if (!this.tokens.has(id))
        throw invalid([{ field: 'token', message: 'No token is stored for this connection: give one to test with' }]);
    }
    const scope = input.scope.map((s) => s.trim()).filter((s) => s !== '');
    if (scope.length === 0) throw invalid([{ field: 'scope', message: 'Name at least one repository (owner/name)' }]);
    return this.checks ?? scope.map((source) => ({ source, ok: true, message: 'readable' }));
  }

  health(): ConnectionHealth[] {
    return [...this.connections].sort((a, b) => a.name.localeCompare(b.name)).map((connection) => {
      const records = this.history.get(connection.id) ?? [];
      return { connection, last: records[0] ?? null, last_ok_at: records.find((r) => r.ok)?.finished_at ?? null };
    });
  }

  /** Adds a synced run (test setup); its status comes from the status table unless given. */
  seedRun(connectionId: string, run: Partial<BoardRun> & { source: string; raw_status: string }): BoardRun {
    const c = this.get(connectionId);
    const at = run.created_at ?? this.ctx.now();
    const full: BoardRun = {
      id: this.nextRun++, connection_id: c.id, provider: c.provider, kind: 'pipeline', external_id: String(this.nextRun + 1000),
      attempt: 1, name: 'deploy', provider_environment: null, status: this.statuses.map(c.provider, run.raw_status), inferred: null,
      sha: null, git_ref: null, url: null, actor: null, created_at: at, started_at: at, finished_at: null, ...run,
    };
    this.runs.push(full);
    return full;
  }

  /** Adds a sync record (test setup); newest first. */
  seedRecord(connectionId: string, record: Partial<SyncRecord> = {}): SyncRecord {
    const at = this.ctx.now();
    const full: SyncRecord = {
      connection_id: connectionId, started_at: at, finished_at: at, duration_ms: 1200, ok: true, error: null, stored: 0,
      advanced: [], report: emptyReport(), ...record,
    };
    this.history.set(connectionId, [full, ...(this.history.get(connectionId) ?? [])]);
    return full;
  }

  /** The cell a run lands in under its connection's rules, or null. */
  private placement(run: BoardRun): { service: string; environment: string } | null {
    const c = this.connections.find((x) => x.id === run.connection_id);
    if (!c || !countsAsDeployment(c.rules, run.kind, run.name)) return null;
    const service = serviceOf(c.rules, run.source);
    const environment = environmentOf(c.rules, run.provider_environment);
    return service && environment ? { service, environment } : null;
  }

  cell(service: string, environment: string, limit: number): BoardRun[] {
    if (!this.ctx.services().some((s) => s.id === service))
      throw { code: 'not_found', message: `No service with id ${service}`, fields: [], problems: [] } satisfies ErrorPayload;
    return this.runs
      .filter((r) => {
        const p = this.placement(r);
        return p?.service === service && p.environment === environment;
      })
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id)
      .slice(0, limit);
  }

  board(q: BoardQuery): Board {
    const placed = new Set(this.connections.flatMap((c) => c.rules.services.map((r) => r.service_id)));
    const teamName = (id: string | null) => this.ctx.teams().find((t) => t.id === id)?.name ?? null;
    const text = q.search.trim().toLowerCase();
    const services = this.ctx.services()
      .filter((s) => placed.has(s.id) && s.name.toLowerCase().includes(text) && (!q.team_id || s.owner_team_id === q.team_id))
      .sort((a, b) => a.name.localeCompare(b.name));
    const limit = q.limit === 0 ? 50 : Math.min(q.limit, 200);
    const envs = [...this.ctx.environments()].sort((a, b) => a.position - b.position);
    const rows = services.slice(q.offset, q.offset + limit).map((s) => ({
      service_id: s.id, service_name: s.name, team_name: teamName(s.owner_team_id),
      cells: envs.map((e) => {
        const [latest, ...rest] = this.cell(s.id, e.id, 6);
        return { environment_id: e.id, latest: latest ?? null, previous: rest.map((r) => r.status) };
      }),
    }));
    return {
      environments: envs.map((e) => ({ id: e.id, name: e.name, production: e.production })),
      rows, total: services.length, offset: q.offset, connections: this.health(),
    };
  }

  preview(id: string, input: ConnectionInput): RulesPreview {
    this.get(id);
    const groups = new Map<string, PreviewRow>();
    for (const r of this.runs.filter((x) => x.connection_id === id)) {
      const k = JSON.stringify([r.kind, r.source, r.name, r.provider_environment]);
      const g = groups.get(k);
      if (g) g.runs += 1;
      else {
        const service = serviceOf(input.rules, r.source);
        const env = environmentOf(input.rules, r.provider_environment);
        groups.set(k, {
          kind: r.kind, source: r.source, name: r.name, provider_environment: r.provider_environment, runs: 1,
          deployment: countsAsDeployment(input.rules, r.kind, r.name),
          service: this.ctx.services().find((s) => s.id === service)?.name ?? null,
          environment: this.ctx.environments().find((e) => e.id === env)?.name ?? null,
        });
      }
    }
    const rows = [...groups.values()];
    const seen = new Set(rows.map((r) => r.source.toLowerCase()));
    return {
      rows,
      runs: rows.reduce((n, r) => n + r.runs, 0),
      placed: rows.filter((r) => r.deployment && r.service && r.environment).reduce((n, r) => n + r.runs, 0),
      unsynced: input.scope.map((s) => s.trim()).filter((s) => s && !seen.has(s.toLowerCase())),
    };
  }

  /** Re-maps the stored runs of `provider` reporting `raw`; how many changed. */
  restatus(provider: Provider, raw: string): number {
    const status: DeployStatus = this.statuses.map(provider, raw);
    let changed = 0;
    for (const r of this.runs) {
      if (r.provider !== provider || r.raw_status !== raw || r.inferred !== null || r.status === status) continue;
      r.status = status;
      changed += 1;
    }
    return changed;
  }

  setRule(rule: StatusRule): number {
    const raw = rule.raw.trim();
    if (!raw) throw invalid([{ field: 'raw', message: "Give the provider's status value" }]);
    if (['planned', 'verified', 'stalled'].includes(rule.status))
      throw invalid([{ field: 'status', message: "A provider value cannot map to that status: it is Signalbox's own" }]);
    this.statuses.set({ ...rule, raw });
    return this.restatus(rule.provider, raw);
  }

  resetRule(provider: Provider, raw: string): number {
    this.statuses.reset(provider, raw);
    return this.restatus(provider, raw);
  }

  /** The addresses open_external was asked to open. */
  opened: string[] = [];

  open(url: string): null {
    if (!/^https?:\/\//.test(url.trim())) throw invalid([{ field: 'url', message: 'Only http and https addresses are opened' }]);
    this.opened.push(url);
    return null;
  }

  seenStatuses(): { provider: Provider; raw: string }[] {
    return this.runs.map((r) => ({ provider: r.provider, raw: r.raw_status }));
  }

  activities(): SyncActivity[] {
    return this.connections.map((c) => this.activity.get(c.id) ?? { connection_id: c.id, running: false, progress: null, next_at: null });
  }

  /** Starts a sync of one connection (or all); the events follow on timers. */
  start(id: string | null): void {
    const targets = id === null ? [...this.connections] : [this.get(id)];
    for (const c of targets) {
      if (this.activity.get(c.id)?.running) continue;
      const startedAt = this.ctx.now();
      this.activity.set(c.id, { connection_id: c.id, running: true, progress: null, next_at: null });
      this.emit({ type: 'started', connection_id: c.id });
      setTimeout(() => {
        const progress = { connection_id: c.id, items: c.scope.length * 2, pages: c.scope.length, stored: c.scope.length };
        this.activity.set(c.id, { connection_id: c.id, running: true, progress, next_at: null });
        this.emit({ type: 'progress', ...progress });
        setTimeout(() => this.finish(c, startedAt), this.stepMs);
      }, this.stepMs);
    }
  }

  private finish(c: Connection, startedAt: string): void {
    const error = this.failures.get(c.id) ?? null;
    this.failures.delete(c.id);
    if (!this.connections.some((x) => x.id === c.id)) return;
    const env = c.rules.environments[0]?.provider_environment ?? null;
    const stored = error ? 0 : c.scope.length;
    if (!error) for (const source of c.scope) this.seedRun(c.id, { source, raw_status: 'completed:success', provider_environment: env });
    const record: SyncRecord = {
      connection_id: c.id, started_at: startedAt, finished_at: this.ctx.now(), duration_ms: 2 * this.stepMs, ok: !error, error, stored,
      advanced: [], report: { ...emptyReport(), items: stored, pages: c.scope.length, requests: c.scope.length, complete: !error },
    };
    this.history.set(c.id, [record, ...(this.history.get(c.id) ?? [])]);
    this.activity.set(c.id, { connection_id: c.id, running: false, progress: null, next_at: null });
    this.emit({ type: 'finished', ...record });
    if (stored) this.ctx.changed(['run']);
  }
}
