// Labels and small pure helpers for the CAB area: cadences, levels, models,
// decisions and their keys, the filter summary, hashes, local date-time
// inputs and the item timer.
import type {
  AgendaFilter, AgendaItem, Cadence, ChangeModel, MeetingDecision, MeetingStatus, RiskLevel, Role, Stage,
} from '../../lib/bindings';
import type { Tone } from '../../components/Badge.svelte';

export const CADENCES: readonly Cadence[] = ['weekly', 'fortnightly', 'monthly', 'ad_hoc'];
export const LEVELS: readonly RiskLevel[] = ['low', 'moderate', 'high', 'critical'];
export const MODELS: readonly ChangeModel[] = ['standard', 'normal', 'emergency'];

const CADENCE_LABELS: Record<Cadence, string> = { weekly: 'Weekly', fortnightly: 'Fortnightly', monthly: 'Monthly', ad_hoc: 'Ad hoc' };
const LEVEL_LABELS: Record<RiskLevel, string> = { low: 'Low', moderate: 'Moderate', high: 'High', critical: 'Critical' };
const MODEL_LABELS: Record<ChangeModel, string> = { standard: 'Standard', normal: 'Normal', emergency: 'Emergency' };
const ROLE_LABELS: Record<Role, string> = { release_manager: 'Release manager', cab_member: 'CAB member', viewer: 'Viewer' };
const STATUS_LABELS: Record<MeetingStatus, string> = { prepared: 'Prepared', in_progress: 'In progress', closed: 'Closed' };
const STATUS_TONES: Record<MeetingStatus, Tone> = { prepared: 'accent', in_progress: 'warning', closed: 'neutral' };

export const cadenceLabel = (c: Cadence) => CADENCE_LABELS[c];
export const levelLabel = (l: RiskLevel) => LEVEL_LABELS[l];
export const modelLabel = (m: ChangeModel) => MODEL_LABELS[m];
export const roleLabel = (r: Role) => ROLE_LABELS[r];
export const statusLabel = (s: MeetingStatus) => STATUS_LABELS[s];
export const statusTone = (s: MeetingStatus) => STATUS_TONES[s];
export const stageLabel = (s: Stage) => s.charAt(0).toUpperCase() + s.slice(1);

export interface DecisionKey {
  decision: MeetingDecision;
  /** The key that records it in meeting mode. */
  key: string;
  /** The button's text. */
  verb: string;
  /** The outcome, e.g. in the progress strip and the minutes. */
  label: string;
  /** Needs a note saying why. */
  needsNote: boolean;
  tone: 'success' | 'neutral' | 'danger' | 'warning';
}

export const DECISIONS: readonly DecisionKey[] = [
  { decision: 'approve', key: 'a', verb: 'Approve', label: 'Approved', needsNote: false, tone: 'success' },
  { decision: 'defer', key: 'd', verb: 'Defer', label: 'Deferred', needsNote: false, tone: 'neutral' },
  { decision: 'reject', key: 'r', verb: 'Reject', label: 'Rejected', needsNote: true, tone: 'danger' },
  { decision: 'request_changes', key: 'c', verb: 'Request changes', label: 'Changes requested', needsNote: true, tone: 'warning' },
];

export function decisionFor(decision: MeetingDecision): DecisionKey {
  return DECISIONS.find((d) => d.decision === decision) ?? DECISIONS[0];
}

export const decisionLabel = (d: MeetingDecision | null) => (d ? decisionFor(d).label : 'Not decided');

/** Short lines describing a CAB's agenda filter; empty lists read as "any". */
export function filterSummary(filter: AgendaFilter, envName: (id: string) => string | null): string[] {
  const list = (items: string[]) => (items.length ? items.join(', ') : 'any');
  return [
    `Environments: ${list(filter.environment_ids.map((id) => envName(id) ?? 'unknown'))}`,
    `Levels: ${list(filter.levels.map(levelLabel))}`,
    `Models: ${list(filter.models.map(modelLabel))}`,
    `Changes starting within ${filter.horizon_days} day${filter.horizon_days === 1 ? '' : 's'}`,
  ];
}

export function meetingIdFromHash(hash: string): string | null {
  const m = /^#\/?cab\/([^/?#]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]) : null;
}

export function meetingHash(id: string | null): string {
  return id === null ? '#/cab' : `#/cab/${encodeURIComponent(id)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `ms` as a datetime-local input value in local time: "2024-06-03T09:00". */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (local time) as an ISO instant in UTC; null when not a valid time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The next full hour after `now`, as a datetime-local value. */
export function nextFullHour(now: number = Date.now()): string {
  const d = new Date(now);
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return toLocalInput(d.getTime());
}

let whenFormat: Intl.DateTimeFormat | null = null;

/** A meeting-friendly local time: "Mon, Jun 3, 09:00". */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  whenFormat ??= new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return whenFormat.format(d);
}

/** Seconds as "mm:ss" (minutes keep counting past 59). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}

/**
 * Seconds spent on `item` at local time `nowMs`: its banked seconds, plus,
 * while it is the current item, the time since it came up. The backend's
 * clock is read from `serverNow` (received at local `receivedAt`) so a skewed
 * local clock does not matter.
 */
export function itemSeconds(
  item: AgendaItem, current: number, since: string | null, serverNow: string, receivedAt: number, nowMs: number,
): number {
  if (item.position !== current || !since) return item.seconds;
  const elapsed = Date.parse(serverNow) + (nowMs - receivedAt) - Date.parse(since);
  return item.seconds + Math.max(0, Math.floor(elapsed / 1000));
}

export function decidedCount(items: AgendaItem[]): string {
  return `${items.filter((i) => i.decision !== null).length} of ${items.length} decided`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
