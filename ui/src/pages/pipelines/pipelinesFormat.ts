// Pure helpers for the Pipelines area: provider words and defaults, the
// sub-view in the `#/pipelines/<view>` hash, and the numbers a release
// manager reads on the board (quota, durations, SHAs, sync progress).
import type { BoardRun, Inference, Provider, Quota, SyncProgress, SyncReport } from '../../lib/bindings';
import { formatNumber } from '../../lib/format';

export const PROVIDERS: readonly Provider[] = ['github', 'gitlab', 'jenkins', 'argocd'];

interface ProviderInfo {
  label: string;
  /** The API address most users want; filled in for the hosted services only. */
  baseUrl: string;
  /** Whether `baseUrl` is the real hosted API (else it is only an example). */
  hosted: boolean;
  scopeHint: string;
  scopeExample: string;
}

const INFO: Record<Provider, ProviderInfo> = {
  github: {
    label: 'GitHub', baseUrl: 'https://api.github.com', hosted: true,
    scopeHint: 'One repository per line, as owner/repo', scopeExample: 'acme/checkout\nacme/ledger',
  },
  gitlab: {
    label: 'GitLab', baseUrl: 'https://gitlab.com/api/v4', hosted: true,
    scopeHint: 'One project per line, as group/project (or its id)', scopeExample: 'acme/checkout\nacme/platform/ledger',
  },
  jenkins: {
    label: 'Jenkins', baseUrl: 'https://jenkins.example.com', hosted: false,
    scopeHint: 'One job per line, as folder/job', scopeExample: 'deploy/checkout\ndeploy/ledger',
  },
  argocd: {
    label: 'Argo CD', baseUrl: 'https://argocd.example.com', hosted: false,
    scopeHint: 'One Argo CD project per line', scopeExample: 'default\npayments',
  },
};

export function providerInfo(provider: Provider): ProviderInfo {
  return INFO[provider];
}

export function providerLabel(provider: Provider): string {
  return INFO[provider].label;
}

/** The base URL to show after switching provider: the hosted default, or empty for an example-only one. */
export function baseUrlAfterSwitch(current: string, next: Provider): string {
  const t = current.trim().replace(/\/+$/, '');
  const wasDefault = t === '' || PROVIDERS.some((p) => INFO[p].baseUrl === t);
  if (!wasDefault) return current;
  return INFO[next].hosted ? INFO[next].baseUrl : '';
}

export type PipelinesView = 'board' | 'connections' | 'statuses';

export function viewFromHash(hash: string): PipelinesView {
  const m = /^#\/?pipelines\/([^/?#]+)/.exec(hash);
  return m?.[1] === 'connections' || m?.[1] === 'statuses' ? m[1] : 'board';
}

export function viewHash(view: PipelinesView): string {
  return view === 'board' ? '#/pipelines' : `#/pipelines/${view}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** "4,812 of 5,000 requests left"; null when the provider has not said. */
export function quotaText(quota: Quota): string | null {
  if (quota.remaining === null) return null;
  if (quota.limit === null) return `${plural(quota.remaining, 'request')} left`;
  return `${formatNumber(quota.remaining)} of ${formatNumber(quota.limit)} requests left`;
}

/** "850 ms", "4.2 s", "3 min 5 s", "1 h 20 min". */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** How long a run took (or has been going, when `now` is given and it has not finished); null when unknown. */
export function runDuration(run: BoardRun, now?: number): string | null {
  const start = Date.parse(run.started_at ?? run.created_at);
  const end = run.finished_at ? Date.parse(run.finished_at) : now;
  if (end === undefined || Number.isNaN(start) || Number.isNaN(end)) return null;
  return durationText(end - start);
}

export function shortSha(sha: string | null): string | null {
  return sha ? sha.slice(0, 7) : null;
}

/** "stalled — inferred", for a status Signalbox worked out rather than read. */
export function inferredLabel(inference: Inference): string {
  return inference === 'stalled' ? 'stalled — inferred' : 'rolled back — inferred';
}

/** Why the status was inferred, for a tooltip. */
export function inferredReason(inference: Inference): string {
  return inference === 'stalled'
    ? 'In progress for longer than the connection’s stall timeout'
    : 'A later deployment went back to an earlier revision';
}

/** "Syncing… 3 pages, 120 runs"; "Syncing…" before the first page. */
export function syncingText(progress: SyncProgress | null): string {
  if (!progress) return 'Syncing…';
  return `Syncing… ${plural(progress.pages, 'page')}, ${plural(progress.items, 'run')}`;
}

/** "120 runs · 4 pages · 6 requests · 2 not modified". */
export function reportText(report: SyncReport): string {
  const parts = [plural(report.items, 'run'), plural(report.pages, 'page'), plural(report.requests, 'request')];
  if (report.not_modified) parts.push(`${formatNumber(report.not_modified)} not modified`);
  return parts.join(' · ');
}

/** "every 5 min", "every 1 h 30 min". */
export function pollText(seconds: number): string {
  const m = Math.round(seconds / 60);
  if (m < 60) return `every ${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `every ${h} h ${m % 60} min` : `every ${h} h`;
}

/** Text split into trimmed, non-empty lines. */
export function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}
