// Pure helpers for the trains area: status words and badge tones, progress
// shares for the bar, target dates to and from the form, and the train id in
// the `#/trains/<id>` hash.
import type { DeployStatus, Environment, Train, TrainProgress, TrainStatus, TrainTarget } from '../../lib/bindings';
import { statusLabel, statusTone } from '../../lib/deployStatus';

import type { Tone } from '../../components/Badge.svelte';

export type { Tone };

export const TRAIN_STATUSES: readonly TrainStatus[] = ['planning', 'boarding', 'departed', 'shipped', 'cancelled'];

const TRAIN_TONES: Record<TrainStatus, Tone> = {
  planning: 'neutral', boarding: 'accent', departed: 'warning', shipped: 'success', cancelled: 'muted',
};

export function trainStatusLabel(status: TrainStatus): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

export function trainStatusTone(status: TrainStatus): Tone {
  return TRAIN_TONES[status];
}

export function deployStatusLabel(status: DeployStatus): string {
  return statusLabel(status);
}

export function deployStatusTone(status: DeployStatus): Tone {
  return statusTone(status);
}

/** Percent of all changes that are done, active and failed (the bar's segments). */
export function progressShares(p: TrainProgress): { done: number; active: number; failed: number } {
  if (p.total <= 0) return { done: 0, active: 0, failed: 0 };
  const pct = (n: number) => (100 * n) / p.total;
  return { done: pct(p.done), active: pct(p.active), failed: pct(p.failed) };
}

/** "3 of 5 done, 1 active, 1 failed"; "No changes yet" for an empty train. */
export function progressText(p: TrainProgress): string {
  if (p.total === 0) return 'No changes yet';
  const parts = [`${p.done} of ${p.total} done`];
  if (p.active) parts.push(`${p.active} active`);
  if (p.failed) parts.push(`${p.failed} failed`);
  if (p.cancelled) parts.push(`${p.cancelled} cancelled`);
  return parts.join(', ');
}

/** Environment id → date for the form's date inputs. */
export function datesByEnvironment(targets: TrainTarget[]): Record<string, string> {
  return Object.fromEntries(targets.map((t) => [t.environment_id, t.date]));
}

/** Targets for the filled dates, in promotion order; environments not listed are dropped. */
export function targetsFromDates(environments: Environment[], dates: Record<string, string>): TrainTarget[] {
  return environments
    .filter((e) => (dates[e.id] ?? '').trim() !== '')
    .map((e) => ({ environment_id: e.id, date: dates[e.id].trim() }));
}

/** Today's date on the machine's calendar, "YYYY-MM-DD". */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** True when a "YYYY-MM-DD" date is before `todayDate`. */
export function isPast(date: string, todayDate: string = today()): boolean {
  return date < todayDate;
}

/** A date like "Mon, Jun 3, 2024" without shifting it through any zone. */
let dateFormat: Intl.DateTimeFormat | null = null;
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  dateFormat ??= new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  return dateFormat.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** True when the search text appears in the train's name, version or owner. */
export function matchesTrain(train: Train, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || [train.name, train.version, train.owner].some((f) => f.toLowerCase().includes(q));
}

/** The train id in a `#/trains/<id>` hash; null on the list. */
export function trainIdFromHash(hash: string): string | null {
  const m = /^#\/?trains\/([^/?#]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]) : null;
}

export function trainHash(id: string | null): string {
  return id === null ? '#/trains' : `#/trains/${encodeURIComponent(id)}`;
}
