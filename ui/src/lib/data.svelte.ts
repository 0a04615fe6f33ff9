// Shared, reactive app data (workspace status, teams, environments, systems)
// plus a version counter per entity kind. Everything reloads from the
// backend's change events, so a write anywhere refreshes every view.
import { getContext, setContext } from 'svelte';
import type { Backend } from './backend';
import type { ChangeEvent, EntityKind, Environment, TeamListItem, WorkspaceStatus } from './bindings';
import { toErrorPayload } from './errors';
import { afterPaint } from './frames';
import { forget, take, TEAMS_KEY } from './prefetch';
import { SyncLive } from './syncLive.svelte';
import { toasts } from './toasts.svelte';

/** What a page can watch: an entity kind, or `audit` (bumped by every write). */
export type Topic = EntityKind | 'audit';

export class DataStore {
  status = $state<WorkspaceStatus | null>(null);
  // Lists are replaced whole on every load, never edited in place: raw state
  // spares proxying every element (measurable on the first screen).
  teams = $state.raw<TeamListItem[]>([]);
  environments = $state.raw<Environment[]>([]);
  systems = $state.raw<string[]>([]);
  timeZones = $state.raw<string[]>([]);
  // Rebuilt whole when the teams change, never edited: a plain Map is right.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #teamNames = $derived(new Map(this.teams.map((t) => [t.team.id, t.team.name])));
  /** Whether each shared list has been fetched at least once. */
  loaded = $state({ teams: false, environments: false });
  /** Bumped when a change event names the kind; pages re-query when it moves. */
  versions = $state<Record<Topic, number>>({
    workspace: 0, team: 0, service: 0, environment: 0, train: 0, change: 0, window: 0, dependency: 0, connection: 0, run: 0,
    person: 0, cab: 0, meeting: 0, policy: 0, template: 0, notice: 0, incident: 0, recipients: 0, audit: 0,
  });

  readonly api: Backend;
  /** The background sync's progress and its app-wide toasts. */
  readonly sync: SyncLive;
  private timeZonesRequested = false;

  constructor(api: Backend) {
    this.api = api;
    this.sync = new SyncLive(api);
  }

  /** Team id → name, for showing owners. */
  teamName(id: string | null): string | null {
    if (id === null) return null;
    return this.#teamNames.get(id) ?? null;
  }

  /** Loads the shared lists once and subscribes to change and sync events. Returns the unsubscribe. */
  start(): () => void {
    const stopChanges = this.api.onChange((event) => void this.apply(event));
    const stopSync = this.sync.start();
    const stop = () => {
      stopChanges();
      stopSync();
    };
    // Teams name the owners on the first screen; the rest can wait until it
    // has been drawn.
    void this.refreshTeams();
    afterPaint(() => {
      void this.refreshEnvironments();
      void this.refreshSystems();
    });
    return stop;
  }

  async apply(event: ChangeEvent): Promise<void> {
    // An answer asked before this write would show the workspace as it was.
    forget(this.api);
    const kinds = event.entities.filter((k, i, all) => all.indexOf(k) === i);
    for (const kind of kinds) this.versions[kind] += 1;
    this.versions.audit += 1;
    const jobs: Promise<void>[] = [this.refreshStatus()];
    if (kinds.includes('team') || kinds.includes('service')) jobs.push(this.refreshTeams());
    if (kinds.includes('service')) jobs.push(this.refreshSystems());
    if (kinds.includes('environment')) jobs.push(this.refreshEnvironments());
    await Promise.all(jobs);
  }

  async refreshStatus(): Promise<void> {
    await this.guard(async () => {
      this.status = await this.api.workspaceStatus();
    });
  }

  async refreshTeams(): Promise<void> {
    await this.guard(async () => {
      this.teams = await take(this.api, TEAMS_KEY, () => this.api.listTeams());
      this.loaded.teams = true;
    });
  }

  async refreshEnvironments(): Promise<void> {
    await this.guard(async () => {
      const list = await this.api.listEnvironments();
      this.environments = [...list].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
      this.loaded.environments = true;
    });
  }

  async refreshSystems(): Promise<void> {
    await this.guard(async () => {
      this.systems = await this.api.serviceSystems();
    });
  }

  /** Loads the IANA zone names the first time a form needs them. */
  async ensureTimeZones(): Promise<void> {
    if (this.timeZonesRequested) return;
    this.timeZonesRequested = true;
    await this.guard(async () => {
      this.timeZones = await this.api.timeZones();
    });
  }

  private async guard(job: () => Promise<void>): Promise<void> {
    try {
      await job();
    } catch (e) {
      toasts.error(toErrorPayload(e).message);
    }
  }
}

const KEY = Symbol('signalbox-data');

export function setData(store: DataStore): DataStore {
  return setContext(KEY, store);
}

export function useData(): DataStore {
  const store = getContext<DataStore | undefined>(KEY);
  if (!store) throw new Error('useData() called outside the app shell');
  return store;
}
