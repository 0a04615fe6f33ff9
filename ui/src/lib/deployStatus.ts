// The common deployment status model as the UI speaks it: every status, its
// label and badge tone, and where a change may go from each (mirrors the
// backend's rules in crates/domain/src/calendar/status.rs, so only moves that
// can succeed are offered).
import type { DeployStatus } from './bindings';
import type { Tone } from '../components/Badge.svelte';

export const STATUSES: readonly DeployStatus[] = [
  'planned', 'queued', 'in_progress', 'succeeded', 'verified', 'failed', 'cancelled', 'rolled_back', 'stalled', 'blocked', 'unknown',
];

const LABELS: Record<DeployStatus, string> = {
  planned: 'Planned',
  queued: 'Queued',
  in_progress: 'In progress',
  succeeded: 'Succeeded',
  verified: 'Verified',
  failed: 'Failed',
  cancelled: 'Cancelled',
  rolled_back: 'Rolled back',
  stalled: 'Stalled',
  blocked: 'Blocked',
  unknown: 'Unknown',
};

export function statusLabel(status: DeployStatus): string {
  return LABELS[status];
}

const TONES: Record<DeployStatus, Tone> = {
  planned: 'neutral',
  queued: 'accent',
  in_progress: 'accent',
  succeeded: 'success',
  verified: 'success',
  failed: 'danger',
  cancelled: 'muted',
  rolled_back: 'danger',
  stalled: 'warning',
  blocked: 'warning',
  unknown: 'neutral',
};

/** The badge tone a status is shown in. */
export function statusTone(status: DeployStatus): Tone {
  return TONES[status];
}

/** Where a change may go from each status. */
export const NEXT_STATUSES: Record<DeployStatus, readonly DeployStatus[]> = {
  planned: ['queued', 'in_progress', 'blocked', 'cancelled'],
  queued: ['in_progress', 'blocked', 'stalled', 'cancelled', 'planned'],
  in_progress: ['succeeded', 'failed', 'stalled', 'blocked', 'cancelled', 'rolled_back'],
  succeeded: ['verified', 'rolled_back', 'failed'],
  verified: ['rolled_back'],
  failed: ['rolled_back', 'planned'],
  cancelled: ['planned'],
  rolled_back: ['planned'],
  stalled: ['in_progress', 'failed', 'cancelled', 'queued'],
  blocked: ['queued', 'in_progress', 'cancelled', 'planned'],
  unknown: ['planned', 'queued', 'in_progress', 'succeeded', 'failed', 'cancelled', 'stalled', 'blocked'],
};

/** Statuses in which a change still holds its slot on the calendar. */
export const OPEN_STATUSES: readonly DeployStatus[] = ['planned', 'queued', 'in_progress', 'stalled', 'blocked', 'unknown'];
