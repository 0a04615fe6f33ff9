// Shared state of the Notices area: the guard that asks before unsaved
// edits are left behind, and the objects (trains, changes, windows,
// incidents) a notice can be about, where only the latest query's answer lands.
import type { Backend } from '../../lib/backend';
import type { TargetKind, TargetOption } from '../../lib/bindings';
import { toErrorPayload } from '../../lib/errors';

export class LeaveGuard {
  /** Where the user wanted to go while edits were unsaved: shown as "Discard your edits?". */
  pending = $state<(() => void) | null>(null);
  private check: (() => boolean) | null = null;

  /** A view with edits says how to tell they are unsaved; returns the function that stops it. */
  watch(dirty: () => boolean): () => void {
    this.check = dirty;
    return () => {
      if (this.check === dirty) this.check = null;
    };
  }

  dirty(): boolean {
    return this.check?.() ?? false;
  }

  /** Runs `go` now, or once the user agrees to drop the edits. */
  attempt(go: () => void): void {
    if (this.dirty()) this.pending = go;
    else go();
  }

  /** For the router: true to go on; false when it asked first (and goes on if the user agrees). */
  allow(go: () => void): boolean {
    if (!this.dirty()) return true;
    this.pending = go;
    return false;
  }

  discard(): void {
    const go = this.pending;
    this.pending = null;
    this.check = null;
    go?.();
  }

  stay(): void {
    this.pending = null;
  }
}

export class TargetOptions {
  items = $state<TargetOption[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  private request = 0;

  constructor(private readonly api: Backend) {}

  async load(kind: TargetKind, query: string): Promise<void> {
    const id = ++this.request;
    try {
      const items = await this.api.noticeTargets(kind, query);
      if (id !== this.request) return;
      this.items = items;
      this.error = null;
    } catch (e) {
      if (id === this.request) this.error = toErrorPayload(e).message;
    } finally {
      if (id === this.request) this.loaded = true;
    }
  }
}
