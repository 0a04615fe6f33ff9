// In-memory Backend for component tests and UI work without Rust: validates
// like the real one (required/duplicate names, URLs, time zones), keeps an
// audit trail, and emits change events after every write.
import type { Backend } from './backend';
import { FakeCalendar } from './fakeCalendar';
import { FakeDeps } from './fakeDeps';
import { FakeSync } from './fakeSync';
import { FakeGovernance } from './fakeGovernance';
import { FakeCab } from './fakeCab';
import { FakeNotices } from './fakeNotices';
import { markdownHtml } from './fakeNoticeText';
import type {
  ApprovalPolicy, CabInput, ChangeModel, DecisionInput, MeetingDecision, MinutesFormat, PersonInput, PrepareInput,
  RegisterQuery, RiskPolicy, StageInput, BoardQuery, ConnectionInput, Provider, StatusRule, SyncEvent, DependencyInput,
  ImpactOptions, MapQuery, CalendarQuery, ChangeDraft, ChangeInput, SlotQuery, TrainInput, TransitionInput, WindowInput,
  AuditEvent, AuditQuery, ChangeEvent, EntityKind, Environment, EnvironmentInput, ErrorPayload, FieldError, Service,
  ServiceInput, ServiceQuery, Team, TeamInput, Tier, VerifyReport, WorkspaceStatus, Audience, ExportFormat, GenerateInput,
  IncidentInput, NoticeEdit, PreviewInput, SendInput, TargetKind, TemplateInput,
} from './bindings';

const TIER_ORDER: Record<Tier, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const ZONES = ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Tokyo'];

function fail(code: ErrorPayload['code'], message: string, fields: FieldError[] = []): ErrorPayload {
  return { code, message, fields, problems: [] };
}

function invalid(fields: FieldError[]): ErrorPayload {
  return fail('validation', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}

// JSON round trip, like IPC: also unwraps Svelte state proxies in inputs.
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export interface FakeOptions {
  displayName?: string | null;
  path?: string;
  /** Milliseconds every call waits before answering. */
  latency?: number;
}

export class FakeBackend implements Backend {
  displayName: string | null;
  path: string;
  latency: number;
  teams: Team[] = [];
  services: Service[] = [];
  environments: Environment[] = [];
  audit: AuditEvent[] = [];
  /** Texts "saved" through the save dialog, in order. */
  exports: string[] = [];
  /** Command names in call order, e.g. `set_display_name`. */
  calls: string[] = [];
  /** When set, verify_audit reports this sequence number as altered. */
  brokenSeq: number | null = null;
  private failures = new Map<string, ErrorPayload | string>();
  private listeners = new Set<(e: ChangeEvent) => void>();
  private nextId = 1;
  private clock = Date.parse('2024-05-01T09:00:00Z');

  /** The calendar's records and rules (see fakeCalendar.ts). */
  readonly cal: FakeCalendar = new FakeCalendar({
    services: () => this.services,
    environments: () => this.environments,
    now: () => this.now(),
    id: (prefix) => this.id(prefix),
    record: (entity, id, label, action, before, after) => this.record(entity, id, label, action, before, after),
  });

  /** The dependency map's records (see fakeDeps.ts). */
  readonly deps: FakeDeps = new FakeDeps({
    services: () => this.services,
    changes: () => this.cal.changes,
    now: () => this.now(),
    id: (prefix) => this.id(prefix),
    record: (entity, id, label, action, before, after) => this.record(entity, id, label, action, before, after),
  });

  /** CI/CD connections, synced runs and the status table (see fakeSync.ts). */
  readonly sync: FakeSync = new FakeSync({
    services: () => this.services,
    environments: () => this.environments,
    teams: () => this.teams,
    now: () => this.now(),
    id: (prefix) => this.id(prefix),
    record: (entity, id, label, action, before, after) => this.record(entity, id, label, action, before, after),
    changed: (kinds) => this.emit(kinds),
  });

  /** Risk, stages, people and approvals (see fakeGovernance.ts). */
  readonly gov: FakeGovernance = new FakeGovernance({
    services: () => this.services,
    environments: () => this.environments,
    changes: () => this.cal.changes,
    displayName: () => this.displayName,
    now: () => this.now(),
    id: (prefix) => this.id(prefix),
    record: (entity, id, label, action, before, after) => this.record(entity, id, label, action as AuditEvent['action'], before, after),
  });

  /** CABs and their meetings (see fakeCab.ts). */
  readonly cab: FakeCab = new FakeCab({
    governance: this.gov,
    changes: () => this.cal.changes,
    services: () => this.services,
    environments: () => this.environments,
    actor: () => this.displayName,
    now: () => this.now(),
    id: (prefix) => this.id(prefix),
    record: (entity, id, label, action, before, after) => this.record(entity, id, label, action as AuditEvent['action'], before, after),
  });

  /** Templates, notices, sends, recipients and incidents (see fakeNotices.ts). */
  readonly notices: FakeNotices = new FakeNotices({
    trains: () => this.cal.trains, changes: () => this.cal.changes, windows: () => this.cal.windows,
    services: () => this.services, actor: () => this.displayName, now: () => this.now(), id: (prefix) => this.id(prefix),
    record: (entity, id, label, action, before, after) => this.record(entity, id, label, action as AuditEvent['action'], before, after),
    exported: (text) => void this.exports.push(text),
  });

  constructor(options: FakeOptions = {}) {
    this.displayName = options.displayName === undefined ? 'Test User' : options.displayName;
    this.path = options.path ?? '/home/test/signalbox.sqlite';
    this.latency = options.latency ?? 0;
  }

  /** Makes the next call of `command` reject with `error`. */
  failNext(command: string, error: ErrorPayload | string): void {
    this.failures.set(command, error);
  }

  /** Sends a change event to listeners, as the backend does after a commit. */
  emit(entities: EntityKind[]): void {
    for (const cb of this.listeners) cb({ entities: [...entities] });
  }

  /** Adds a team without emitting an event (test setup). */
  seedTeam(name: string, extra: Partial<TeamInput> = {}): Team {
    return this.insertTeam({ name, description: '', contact: '', ...extra });
  }

  /** Adds a service without emitting an event (test setup). */
  seedService(name: string, extra: Partial<ServiceInput> = {}): Service {
    return this.insertService({
      name, description: '', owner_team_id: null, tier: 'medium', system: '', tags: [],
      repository_url: null, links: [], ...extra,
    });
  }

  /** Adds an environment without emitting an event (test setup). */
  seedEnvironment(name: string, extra: Partial<EnvironmentInput> = {}): Environment {
    const position = this.environments.length;
    return this.insertEnvironment({
      name, position, production: false, deploy_quota: null, time_zone: 'UTC', ...extra,
    });
  }

  private async run<T>(command: string, body: () => T): Promise<T> {
    this.calls.push(command);
    if (this.latency > 0) await new Promise((r) => setTimeout(r, this.latency));
    else await Promise.resolve();
    const failure = this.failures.get(command);
    if (failure !== undefined) {
      this.failures.delete(command);
      throw failure;
    }
    return copy(body());
  }

  private write<T>(command: string, kinds: EntityKind[], body: () => T): Promise<T> {
    return this.run(command, () => {
      const out = body();
      setTimeout(() => this.emit(kinds), 0);
      return out;
    });
  }

  private now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  private id(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }

  private record(entity: EntityKind, id: string, label: string, action: AuditEvent['action'], before: unknown, after: unknown) {
    const seq = this.audit.length + 1;
    const prev = this.audit.at(-1)?.hash ?? '0'.repeat(8);
    this.audit.push({
      seq, id: this.id('evt'), at: this.now(), actor: this.displayName ?? 'unknown', entity, entity_id: id,
      entity_label: label, action, before: before === null ? null : JSON.stringify(before),
      after: after === null ? null : JSON.stringify(after), prev_hash: prev, hash: `h${seq.toString(16).padStart(7, '0')}`,
    });
  }

  private status(): WorkspaceStatus {
    return {
      path: this.path,
      display_name: this.displayName,
      counts: {
        services: this.services.length, teams: this.teams.length,
        environments: this.environments.length, trains: this.cal.trains.length,
        changes: this.cal.changes.length, windows: this.cal.windows.length,
        dependencies: this.deps.deps.length, connections: this.sync.connections.length,
        people: this.gov.people.length, cabs: this.cab.cabs.length, notices: this.notices.notices.length,
        audit_events: this.audit.length,
      },
    };
  }

  private checkService(raw: ServiceInput, except: string | null): ServiceInput {
    const input = copy(raw);
    const errors: FieldError[] = [];
    const name = input.name.trim();
    if (!name) errors.push({ field: 'name', message: 'Name is required' });
    else if (this.services.some((s) => s.id !== except && same(s.name, name)))
      errors.push({ field: 'name', message: `A service named "${name}" already exists` });
    const url = input.repository_url?.trim() || null;
    if (url && !/^https?:\/\/[^\s/]+/.test(url))
      errors.push({ field: 'repository_url', message: 'Repository URL must start with http:// or https://' });
    if (input.owner_team_id && !this.teams.some((t) => t.id === input.owner_team_id))
      errors.push({ field: 'owner_team_id', message: 'The owner team no longer exists; pick another' });
    input.links.forEach((l, i) => {
      if (!l.label.trim() && !l.url.trim()) return;
      if (!l.label.trim()) errors.push({ field: 'links', message: `Link ${i + 1} needs a label` });
      if (!/^https?:\/\//.test(l.url.trim())) errors.push({ field: 'links', message: `Link ${i + 1} must start with http:// or https://` });
    });
    if (errors.length) throw invalid(errors);
    const tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    const links = input.links.filter((l) => l.label.trim() || l.url.trim());
    return { ...input, name, system: input.system.trim(), description: input.description.trim(), tags, repository_url: url, links };
  }

  private insertService(raw: ServiceInput): Service {
    const input = this.checkService(raw, null);
    const at = this.now();
    const service: Service = { id: this.id('svc'), ...input, created_at: at, updated_at: at };
    this.services.push(service);
    this.record('service', service.id, service.name, 'created', null, service);
    return service;
  }

  private checkTeam(raw: TeamInput, except: string | null): TeamInput {
    const input = copy(raw);
    const name = input.name.trim();
    if (!name) throw invalid([{ field: 'name', message: 'Name is required' }]);
    if (this.teams.some((t) => t.id !== except && same(t.name, name)))
      throw invalid([{ field: 'name', message: `A team named "${name}" already exists` }]);
    return { name, description: input.description.trim(), contact: input.contact.trim() };
  }

  private insertTeam(raw: TeamInput): Team {
    const input = this.checkTeam(raw, null);
    const at = this.now();
    const team: Team = { id: this.id('team'), ...input, created_at: at, updated_at: at };
    this.teams.push(team);
    this.record('team', team.id, team.name, 'created', null, team);
    return team;
  }

  private checkEnvironment(raw: EnvironmentInput, except: string | null): EnvironmentInput {
    const input = copy(raw);
    const errors: FieldError[] = [];
    const name = input.name.trim();
    if (!name) errors.push({ field: 'name', message: 'Name is required' });
    else if (this.environments.some((e) => e.id !== except && same(e.name, name)))
      errors.push({ field: 'name', message: `An environment named "${name}" already exists` });
    if (input.deploy_quota !== null && (input.deploy_quota < 1 || input.deploy_quota > 1000))
      errors.push({ field: 'deploy_quota', message: 'Quota must be between 1 and 1000, or empty for no limit' });
    const zone = input.time_zone.trim();
    if (!zone) errors.push({ field: 'time_zone', message: 'Time zone is required, e.g. UTC or Europe/Berlin' });
    else if (!ZONES.includes(zone)) errors.push({ field: 'time_zone', message: `"${zone}" is not an IANA time zone` });
    if (errors.length) throw invalid(errors);
    return { ...input, name, time_zone: zone };
  }

  private insertEnvironment(raw: EnvironmentInput): Environment {
    const input = this.checkEnvironment(raw, null);
    const at = this.now();
    const env: Environment = { id: this.id('env'), ...input, created_at: at, updated_at: at };
    this.environments.push(env);
    this.record('environment', env.id, env.name, 'created', null, env);
    return env;
  }

  private find<T extends { id: string }>(list: T[], id: string, what: string): T {
    const found = list.find((x) => x.id === id);
    if (!found) throw fail('not_found', `No ${what} with id ${id}`);
    return found;
  }

  private update<T extends { id: string; name: string; updated_at: string }, I>(
    list: T[], kind: EntityKind, id: string, input: I,
  ): T {
    const before = this.find(list, id, kind);
    const after = { ...before, ...input, updated_at: this.now() } as T;
    list.splice(list.indexOf(before), 1, after);
    this.record(kind, id, after.name, 'updated', before, after);
    return after;
  }

  private remove<T extends { id: string; name: string }>(list: T[], kind: EntityKind, id: string): null {
    const before = this.find(list, id, kind);
    list.splice(list.indexOf(before), 1);
    this.record(kind, id, before.name, 'deleted', before, null);
    return null;
  }

  workspaceStatus = () => this.run('workspace_status', () => this.status());

  setDisplayName = (name: string) =>
    this.write('set_display_name', ['workspace'], () => {
      if (!name.trim()) throw invalid([{ field: 'display_name', message: 'Display name is required' }]);
      this.displayName = name.trim();
      return this.status();
    });

  loadSample = (size: 'small' | 'large') =>
    this.write('load_sample', ['team', 'service', 'environment'], () => {
      if (this.services.length || this.teams.length)
        throw fail('conflict', 'the sample portfolio can only be loaded into an empty workspace; this one already has data');
      const payments = this.seedTeam('Payments', { contact: '#payments' });
      const platform = this.seedTeam('Platform', { contact: 'platform@example.com' });
      this.seedService('checkout-api', { owner_team_id: payments.id, tier: 'critical', system: 'commerce', tags: ['api'] });
      this.seedService('ledger', { owner_team_id: payments.id, tier: 'high', system: 'finance' });
      this.seedService('build-cache', { owner_team_id: platform.id, tier: 'low', system: 'tooling' });
      this.seedEnvironment('staging');
      this.seedEnvironment('production', { production: true, deploy_quota: 2, time_zone: 'Europe/Berlin' });
      return { size, seed: 1, counts: this.status().counts };
    });

  searchServices = (q: ServiceQuery) =>
    this.run('search_services', () => {
      const text = q.text?.trim().toLowerCase() ?? '';
      const teamName = (id: string | null) => this.teams.find((t) => t.id === id)?.name ?? '';
      let items = this.services.filter((s) =>
        (!text || [s.name, s.description, s.system, s.tags.join(' '), teamName(s.owner_team_id)].some((f) => f.toLowerCase().includes(text))) &&
        (!q.owner_team_id || s.owner_team_id === q.owner_team_id) &&
        (!q.tier || s.tier === q.tier) &&
        (!q.system || same(s.system, q.system)));
      const key = (s: Service): string | number =>
        q.sort === 'tier' ? TIER_ORDER[s.tier] : q.sort === 'system' ? s.system.toLowerCase()
          : q.sort === 'owner' ? teamName(s.owner_team_id).toLowerCase() : q.sort === 'updated_at' ? s.updated_at : s.name.toLowerCase();
      items = [...items].sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        const c = x < y ? -1 : x > y ? 1 : 0;
        return (q.descending ? -c : c) || a.name.localeCompare(b.name);
      });
      const end = q.limit === null ? undefined : q.offset + q.limit;
      return { total: items.length, items: items.slice(q.offset, end) };
    });

  getService = (id: string) => this.run('get_service', () => this.find(this.services, id, 'service'));
  serviceSystems = () =>
    this.run('service_systems', () => [...new Set(this.services.map((s) => s.system).filter(Boolean))].sort());
  createService = (input: ServiceInput) => this.write('create_service', ['service'], () => this.insertService(input));
  updateService = (id: string, input: ServiceInput) =>
    this.write('update_service', ['service'], () => this.update(this.services, 'service', id, this.checkService(input, id)));
  deleteService = (id: string) => this.write('delete_service', ['service'], () => this.remove(this.services, 'service', id));

  listTeams = () =>
    this.run('list_teams', () =>
      [...this.teams].sort((a, b) => a.name.localeCompare(b.name)).map((team) => ({
        team, service_count: this.services.filter((s) => s.owner_team_id === team.id).length,
      })));
  createTeam = (input: TeamInput) => this.write('create_team', ['team'], () => this.insertTeam(input));
  updateTeam = (id: string, input: TeamInput) =>
    this.write('update_team', ['team'], () => this.update(this.teams, 'team', id, this.checkTeam(input, id)));
  deleteTeam = (id: string) =>
    this.write('delete_team', ['team'], () => {
      const team = this.find(this.teams, id, 'team');
      const owned = this.services.filter((s) => s.owner_team_id === id).length;
      if (owned > 0)
        throw fail('conflict', `"${team.name}" owns ${owned} service${owned === 1 ? '' : 's'}: give ${owned === 1 ? 'it' : 'them'} another owner before deleting the team`);
      return this.remove(this.teams, 'team', id);
    });

  listEnvironments = () =>
    this.run('list_environments', () => [...this.environments].sort((a, b) => a.position - b.position));
  createEnvironment = (input: EnvironmentInput) =>
    this.write('create_environment', ['environment'], () => this.insertEnvironment(input));
  updateEnvironment = (id: string, input: EnvironmentInput) =>
    this.write('update_environment', ['environment'], () =>
      this.update(this.environments, 'environment', id, this.checkEnvironment(input, id)));
  deleteEnvironment = (id: string) =>
    this.write('delete_environment', ['environment'], () => this.remove(this.environments, 'environment', id));
  timeZones = () => this.run('time_zones', () => [...ZONES]);

  listAudit = (q: AuditQuery) =>
    this.run('list_audit', () => {
      const items = [...this.audit].reverse().filter((e) =>
        (q.before_seq === null || e.seq < q.before_seq) && (q.entity_id === null || e.entity_id === q.entity_id));
      return { total: this.audit.length, items: items.slice(0, q.limit ?? undefined) };
    });

  verifyAudit = () =>
    this.run('verify_audit', (): VerifyReport => {
      const broken = this.brokenSeq;
      if (broken === null) return { checked: this.audit.length, first_broken: null };
      return {
        checked: broken,
        first_broken: { seq: broken, reason: 'content_altered', message: `Event ${broken} was changed after it was recorded` },
      };
    });

  calendarView = (q: CalendarQuery) => this.run('calendar_view', () => this.cal.view(q));
  listTrains = () => this.run('list_trains', () => this.cal.listTrains());
  trainDetail = (id: string) => this.run('train_detail', () => this.cal.trainDetail(id));
  createTrain = (input: TrainInput) => this.write('create_train', ['train'], () => this.cal.createTrain(input));
  updateTrain = (id: string, input: TrainInput) => this.write('update_train', ['train'], () => this.cal.updateTrain(id, input));
  deleteTrain = (id: string) => this.write('delete_train', ['train', 'change'], () => this.cal.deleteTrain(id));
  getChange = (id: string) => this.run('get_change', () => this.cal.getChange(id));
  createChange = (input: ChangeInput) => this.write('create_change', ['change'], () => this.cal.createChange(input));
  updateChange = (id: string, input: ChangeInput) => this.write('update_change', ['change'], () => this.cal.updateChange(id, input));
  deleteChange = (id: string) => this.write('delete_change', ['change'], () => this.cal.deleteChange(id));
  transitionChange = (id: string, request: TransitionInput) =>
    this.write('transition_change', ['change'], () => this.cal.transitionChange(id, request));
  checkChange = (draft: ChangeDraft) => this.run('check_change', () => this.cal.checkDraft(draft));
  nextFreeSlots = (query: SlotQuery) => this.run('next_free_slots', () => this.cal.nextFreeSlots(query));
  listWindows = () => this.run('list_windows', () => [...this.cal.windows].sort((a, b) => a.name.localeCompare(b.name)));
  createWindow = (input: WindowInput) => this.write('create_window', ['window'], () => this.cal.createWindow(input));
  updateWindow = (id: string, input: WindowInput) => this.write('update_window', ['window'], () => this.cal.updateWindow(id, input));
  deleteWindow = (id: string) => this.write('delete_window', ['window'], () => this.cal.deleteWindow(id));
  previewWindow = (input: WindowInput, count: number) => this.run('preview_window', () => this.cal.previewWindow(input, count));
  exportCalendarIcs = (from: string, to: string) =>
    this.run('export_calendar_ics', () => {
      this.cal.lastExport = { from, to };
      return '/home/test/signalbox-calendar.ics';
    });
  importCalendarIcs = (soft: boolean, environmentIds: string[]) =>
    this.write('import_calendar_ics', ['window'], () => {
      void soft;
      void environmentIds;
      return this.cal.importReport;
    });

  dependencyMap = (query: MapQuery) => this.run('dependency_map', () => this.deps.view(query));
  serviceLinks = (id: string) =>
    this.run('service_links', () => {
      this.find(this.services, id, 'service');
      return this.deps.links(id);
    });
  createDependency = (input: DependencyInput) => this.write('create_dependency', ['dependency'], () => this.deps.create(input));
  updateDependency = (id: string, input: DependencyInput) =>
    this.write('update_dependency', ['dependency'], () => this.deps.update(id, input));
  deleteDependency = (id: string) => this.write('delete_dependency', ['dependency'], () => this.deps.remove(id));
  impact = (services: string[], options: ImpactOptions) => this.run('impact', () => this.deps.impact(services, options));
  trainOrder = (id: string) =>
    this.run('train_order', () => this.deps.trainOrder(this.cal.changes.filter((c) => c.train_id === id).flatMap((c) => c.service_ids)));
  exportDependencies = (format: 'dot' | 'mermaid') =>
    this.run('export_dependencies', () => {
      this.deps.lastExport = { kind: format, detail: null };
      return `/home/test/signalbox-map.${format === 'dot' ? 'dot' : 'mmd'}`;
    });
  exportMapSvg = (query: MapQuery) =>
    this.run('export_map_svg', () => {
      this.deps.lastExport = { kind: 'svg', detail: query };
      return '/home/test/signalbox-map.svg';
    });
  exportMapPng = (png: Uint8Array) =>
    this.run('export_map_png', () => {
      this.deps.lastExport = { kind: 'png', detail: png.length };
      return '/home/test/signalbox-map.png';
    });
  importBackstage = (folder: boolean) =>
    this.write('import_backstage', ['service', 'team', 'dependency'], () => {
      void folder;
      return this.deps.backstageReport;
    });
  importDependenciesCsv = () => this.write('import_dependencies_csv', ['dependency'], () => this.deps.csvReport);

  listConnections = () => this.run('list_connections', () => this.sync.health());
  createConnection = (input: ConnectionInput, token: string) =>
    this.write('create_connection', ['connection'], () => {
      const created = this.sync.create(input, token);
      // Like the app: a new connection syncs at once rather than at its first interval.
      this.sync.start(created.id);
      return created;
    });
  updateConnection = (id: string, input: ConnectionInput, token: string | null) =>
    this.write('update_connection', ['connection', 'run'], () => this.sync.update(id, input, token));
  deleteConnection = (id: string) => this.write('delete_connection', ['connection', 'run'], () => this.sync.remove(id));
  testConnection = (id: string | null, input: ConnectionInput, token: string | null) =>
    this.run('test_connection', () => this.sync.test(id, input, token));
  syncNow = (id: string | null) =>
    this.run('sync_now', () => {
      this.sync.start(id);
      return null;
    });
  syncActivity = () => this.run('sync_activity', () => this.sync.activities());
  syncHistory = (id: string, limit: number) => this.run('sync_history', () => (this.sync.history.get(id) ?? []).slice(0, limit));
  pipelinesBoard = (query: BoardQuery) => this.run('pipelines_board', () => this.sync.board(query));
  cellRuns = (service: string, environment: string, limit: number) =>
    this.run('cell_runs', () => this.sync.cell(service, environment, limit));
  previewRules = (id: string, input: ConnectionInput) => this.run('preview_rules', () => this.sync.preview(id, input));
  statusTable = () => this.run('status_table', () => this.sync.statuses.view(this.sync.seenStatuses()));
  setStatusRule = (rule: StatusRule) => this.write('set_status_rule', ['run'], () => this.sync.setRule(rule));
  resetStatusRule = (provider: Provider, raw: string) =>
    this.write('reset_status_rule', ['run'], () => this.sync.resetRule(provider, raw));
  openExternal = (url: string) => this.run('open_external', () => this.sync.open(url));

  riskPolicy = () => this.run('risk_policy', () => this.gov.riskPolicy());
  setRiskPolicy = (policy: RiskPolicy) => this.write('set_risk_policy', ['policy', 'change'], () => this.gov.setRiskPolicy(policy));
  approvalPolicy = () => this.run('approval_policy', () => this.gov.approvalPolicy());
  setApprovalPolicy = (policy: ApprovalPolicy) =>
    this.write('set_approval_policy', ['policy', 'change'], () => this.gov.setApprovalPolicy(policy));
  changeRisk = (id: string) => this.run('change_risk', () => this.gov.changeRisk(id));
  answerRisk = (id: string, answers: Record<string, number>) => this.write('answer_risk', ['change'], () => this.gov.answerRisk(id, answers));
  riskRegister = (query: RegisterQuery) => this.run('risk_register', () => this.gov.register(query));
  exportRiskRegister = (query: RegisterQuery) =>
    this.run('export_risk_register', () => { this.exports.push(this.gov.registerCsv(query)); return '/tmp/signalbox-risk-register.csv'; });
  changeGovernance = (id: string) => this.run('change_governance', () => this.gov.governance(id));
  moveChange = (id: string, input: StageInput) => this.write('move_change', ['change'], () => this.gov.move(id, input));
  pirOwed = () => this.run('pir_owed', () => this.gov.pirOwed());
  setChangeModel = (id: string, model: ChangeModel) => this.write('set_change_model', ['change'], () => this.gov.setModel(id, model));
  decideChange = (id: string, input: DecisionInput) => this.write('decide_change', ['change'], () => this.gov.decide(id, input));
  listApprovals = (change: string | null) => this.run('list_approvals', () => this.gov.approvals(change));
  listPeople = () => this.run('list_people', () => this.gov.listPeople());
  addPerson = (input: PersonInput) => this.write('add_person', ['person'], () => this.gov.addPerson(input));
  updatePerson = (id: string, input: PersonInput) => this.write('update_person', ['person'], () => this.gov.updatePerson(id, input));
  deletePerson = (id: string) => this.write('delete_person', ['person', 'cab'], () => this.gov.deletePerson(id));
  listCabs = () => this.run('list_cabs', () => this.cab.list());
  createCab = (input: CabInput) => this.write('create_cab', ['cab'], () => this.cab.create(input));
  updateCab = (id: string, input: CabInput) => this.write('update_cab', ['cab'], () => this.cab.update(id, input));
  deleteCab = (id: string) => this.write('delete_cab', ['cab'], () => this.cab.remove(id));
  prepareMeeting = (input: PrepareInput) => this.write('prepare_meeting', ['meeting'], () => this.cab.prepare(input));
  meeting = (id: string) => this.run('meeting', () => this.cab.view(id));
  startMeeting = (id: string) => this.write('start_meeting', ['meeting'], () => this.cab.start(id));
  meetingGo = (id: string, position: number) => this.write('meeting_go', ['meeting'], () => this.cab.go(id, position));
  setAttendance = (id: string, person: string, present: boolean) =>
    this.write('set_attendance', ['meeting'], () => this.cab.attend(id, person, present));
  decideItem = (id: string, change: string, decision: MeetingDecision, note: string) =>
    this.write('decide_item', ['meeting', 'change'], () => this.cab.decide(id, change, decision, note));
  pullIn = (id: string, change: string) => this.write('pull_in', ['meeting'], () => this.cab.pullIn(id, change));
  closeMeeting = (id: string) => this.write('close_meeting', ['meeting'], () => this.cab.close(id));
  exportMeeting = (id: string, minutes: boolean, format: MinutesFormat) =>
    this.run('export_meeting', () => { this.exports.push(this.cab.document(id, minutes, format)); return `/tmp/cab-${minutes ? 'minutes' : 'agenda'}`; });

  listTemplates = () => this.run('list_templates', () => this.notices.listTemplates());
  template = (id: string) => this.run('template', () => this.notices.view(id));
  addTemplate = (input: TemplateInput) => this.write('add_template', ['template'], () => this.notices.addTemplate(input));
  updateTemplate = (id: string, input: TemplateInput) => this.write('update_template', ['template'], () => this.notices.updateTemplate(id, input));
  restoreTemplateVersion = (id: string, version: number) =>
    this.write('restore_template_version', ['template'], () => this.notices.restoreVersion(id, version));
  deleteTemplate = (id: string) => this.write('delete_template', ['template'], () => this.notices.deleteTemplate(id));
  templatePalette = () => this.run('template_palette', () => this.notices.palette());
  previewTemplate = (input: PreviewInput) => this.run('preview_template', () => this.notices.preview(input));
  noticeTargets = (kind: TargetKind, query: string) => this.run('notice_targets', () => this.notices.options(kind, query));
  generateNotice = (input: GenerateInput) => this.write('generate_notice', ['notice'], () => this.notices.generate(input));
  listNotices = () => this.run('list_notices', () => this.notices.listNotices());
  notice = (id: string) => this.run('notice', () => this.notices.notice(id));
  updateNotice = (id: string, edit: NoticeEdit) => this.write('update_notice', ['notice'], () => this.notices.updateNotice(id, edit));
  deleteNotice = (id: string) => this.write('delete_notice', ['notice'], () => this.notices.deleteNotice(id));
  recordNoticeSent = (id: string, input: SendInput) => this.write('record_notice_sent', ['notice'], () => this.notices.recordSent(id, input));
  saveNotice = (id: string, format: ExportFormat) => this.run('save_notice', () => this.notices.save(id, format));
  copyNotice = (id: string, format: ExportFormat) => this.run('copy_notice', () => this.notices.copy(id, format));
  markdownHtml = (markdown: string) => this.run('markdown_html', () => markdownHtml(markdown));
  recipients = (audience: Audience) => this.run('recipients', () => this.notices.recipients(audience));
  setRecipients = (audience: Audience, text: string) =>
    this.write('set_recipients', ['recipients'], () => this.notices.setRecipients(audience, text));
  importRecipients = (audience: Audience) => this.write('import_recipients', ['recipients'], () => this.notices.importRecipients(audience));
  saveRecipients = (audience: Audience) => this.run('save_recipients', () => this.notices.saveRecipients(audience));
  noticeSender = () => this.run('notice_sender', () => this.notices.sender);
  setNoticeSender = (sender: string) => this.write('set_notice_sender', ['recipients'], () => this.notices.setSender(sender));
  listIncidents = () => this.run('list_incidents', () => this.notices.listIncidents());
  addIncident = (input: IncidentInput) => this.write('add_incident', ['incident'], () => this.notices.addIncident(input));
  updateIncident = (id: string, input: IncidentInput) => this.write('update_incident', ['incident'], () => this.notices.updateIncident(id, input));

  uiReady = () => this.run('ui_ready', () => null);

  onChange(cb: (e: ChangeEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  onSync(cb: (e: SyncEvent) => void): () => void {
    return this.sync.on(cb);
  }
}
