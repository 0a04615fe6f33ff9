// The background sync as the whole app sees it: which connections are
// syncing and how far they have got, a counter bumped when a sync ends (the
// board reloads on it), and the toasts that must show on every page: an
// alert when a production deployment fails or stalls, a warning when a
// sync fails.
import type { Backend } from './backend';
import type { ConnectionHealth, DeployAlert, SyncEvent, SyncProgress } from './bindings';
import { toErrorPayload } from './errors';
import { toasts } from './toasts.svelte';

/** "checkout-api deployment to production failed", as the desktop notification says it. */
export function alertHeadline(alert: DeployAlert): string {
  const what = alert.run.status === 'stalled' ? 'stalled' : 'failed';
  return `${alert.service_name} deployment to ${alert.environment_name} ${what}`;
}

/** How far a running sync has got; `progress` is null until its first page. */
export interface Running {
  progress: SyncProgress | null;
}

export class SyncLive {
  /** Connection id → its running sync. */
  running = $state<Record<string, Running>>({});
  /** Connection id → when its next scheduled sync is due, as last read. */
  nextAt = $state<Record<string, string | null>>({});
  /** Bumped whenever a sync ends, well or not. */
  finished = $state(0);

  private readonly api: Backend;
  /** Connection id → name; plain data, nothing renders from it. */
  private names: Record<string, string> = {};

  constructor(api: Backend) {
    this.api = api;
  }

  /** Listens to sync events; returns the unsubscribe. */
  start(): () => void {
    return this.api.onSync((event) => this.apply(event));
  }

  /** Reads which syncs are running now (events keep it current afterwards). */
  async refresh(): Promise<void> {
    try {
      const list = await this.api.syncActivity();
      const next: Record<string, Running> = {};
      for (const a of list) if (a.running) next[a.connection_id] = { progress: a.progress };
      this.running = next;
      this.nextAt = Object.fromEntries(list.map((a) => [a.connection_id, a.next_at]));
    } catch {
      // The board still works without live progress; the next event fills it in.
    }
  }

  /** Keeps connection names for the failure toast (a fallback when they cannot be listed). */
  remember(list: ConnectionHealth[]): void {
    for (const h of list) this.names[h.connection.id] = h.connection.name;
  }

  isRunning(id: string): boolean {
    return id in this.running;
  }

  apply(event: SyncEvent): void {
    switch (event.type) {
      case 'started':
        this.running = { ...this.running, [event.connection_id]: { progress: null } };
        break;
      case 'progress': {
        const { type: _type, ...progress } = event;
        this.running = { ...this.running, [event.connection_id]: { progress } };
        break;
      }
      case 'finished': {
        const { [event.connection_id]: _done, ...rest } = this.running;
        this.running = rest;
        this.finished += 1;
        // The schedule moved on; read when the next one is due.
        void this.refresh();
        if (!event.ok) void this.warn(event.connection_id, event.error ?? 'unknown error');
        break;
      }
      case 'alert':
        toasts.alert(alertHeadline(event));
        break;
    }
  }

  private async warn(id: string, error: string): Promise<void> {
    // Asked afresh: the connection may have been renamed since it was last listed.
    try {
      this.remember(await this.api.listConnections());
    } catch (e) {
      console.warn('Could not name the failed connection', toErrorPayload(e).message);
    }
    toasts.warning(`Sync of ${this.names[id] ?? 'a connection'} failed: ${error}`);
  }
}
