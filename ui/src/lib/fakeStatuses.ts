// The shipped status table for the fake: a few of each provider's words, the
// same keys the connectors produce (crates/domain/src/sync/status.rs holds
// the full table), plus the user's edits on top.
import type { DeployStatus, Provider, StatusRow, StatusRule, StatusTableView } from './bindings';

const DEFAULTS: Record<Provider, [string, DeployStatus][]> = {
  github: [
    ['queued', 'queued'], ['in_progress', 'in_progress'], ['waiting', 'blocked'],
    ['completed:success', 'succeeded'], ['completed:failure', 'failed'], ['completed:cancelled', 'cancelled'],
    ['completed:neutral', 'unknown'], ['deployment:success', 'succeeded'], ['deployment:failure', 'failed'],
  ],
  gitlab: [['pending', 'queued'], ['running', 'in_progress'], ['success', 'succeeded'], ['failed', 'failed'], ['canceled', 'cancelled']],
  jenkins: [['building', 'in_progress'], ['SUCCESS', 'succeeded'], ['UNSTABLE', 'failed'], ['FAILURE', 'failed'], ['ABORTED', 'cancelled']],
  argocd: [['Running', 'in_progress'], ['Succeeded:Healthy', 'succeeded'], ['Succeeded:Degraded', 'failed'], ['Failed', 'failed']],
};

const key = (provider: Provider, raw: string) => `${provider}\u0000${raw}`;

export class FakeStatusTable {
  /** The user's rows: changed defaults and added values. */
  private edits = new Map<string, StatusRule>();

  defaultOf(provider: Provider, raw: string): DeployStatus | null {
    return DEFAULTS[provider].find(([r]) => r === raw)?.[1] ?? null;
  }

  map(provider: Provider, raw: string): DeployStatus {
    return this.edits.get(key(provider, raw))?.status ?? this.defaultOf(provider, raw) ?? 'unknown';
  }

  set(rule: StatusRule): void {
    this.edits.set(key(rule.provider, rule.raw), { ...rule });
  }

  reset(provider: Provider, raw: string): void {
    this.edits.delete(key(provider, raw));
  }

  /** Every row (defaults with edits applied, then added values), and the seen values nothing maps. */
  view(seen: { provider: Provider; raw: string }[]): StatusTableView {
    const rows: StatusRow[] = [];
    for (const provider of Object.keys(DEFAULTS) as Provider[]) {
      for (const [raw, status] of DEFAULTS[provider]) rows.push({ provider, raw, status: this.map(provider, raw), default: status });
      for (const rule of this.edits.values()) {
        if (rule.provider === provider && this.defaultOf(provider, rule.raw) === null)
          rows.push({ provider, raw: rule.raw, status: rule.status, default: null });
      }
    }
    const named = new Set(rows.map((r) => key(r.provider, r.raw)));
    const unmapped: StatusRule[] = [];
    for (const s of seen) {
      const k = key(s.provider, s.raw);
      if (named.has(k)) continue;
      named.add(k);
      unmapped.push({ provider: s.provider, raw: s.raw, status: 'unknown' });
    }
    return { rows, unmapped };
  }
}
