// Deploy statuses for the calendar: labels, the transitions a change may make
// (the backend's rules, so only buttons that can succeed are offered), which
// transitions need evidence, and severity helpers for conflicts.
import type { Change, ChangeInput, Conflict, ConflictKind, DeployStatus, Severity } from '../../lib/bindings';

export { NEXT_STATUSES, STATUSES, statusLabel } from '../../lib/deployStatus';

/** What the evidence of a transition is called, for the statuses that need one. */
export const EVIDENCE: Partial<Record<DeployStatus, { label: string; hint: string }>> = {
  verified: { label: 'Sign-off', hint: 'The passing post-deploy check or who signed it off' },
  rolled_back: { label: 'Rollback reference', hint: 'The rollback record: ticket, run or commit' },
};

const KIND_LABELS: Record<ConflictKind, string> = {
  hard_freeze: 'Hard freeze',
  soft_freeze: 'Soft freeze',
  outside_maintenance: 'Outside maintenance',
  quota_exceeded: 'Quota exceeded',
  service_overlap: 'Service overlap',
  dependency_overlap: 'Dependency overlap',
  owner_double_booked: 'Owner double-booked',
};

export function kindLabel(kind: ConflictKind): string {
  return KIND_LABELS[kind];
}

/** The worst severity among conflicts, or null when there are none. */
export function worst(conflicts: readonly Conflict[]): Severity | null {
  if (conflicts.some((c) => c.severity === 'error')) return 'error';
  return conflicts.length ? 'warning' : null;
}

/** Conflicts by the id of every change they involve. */
export function conflictsByChange(conflicts: readonly Conflict[]): Map<string, Conflict[]> {
  const out = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    for (const id of c.change_ids) {
      const list = out.get(id);
      if (list) {
        if (!list.includes(c)) list.push(c);
      } else out.set(id, [c]);
    }
  }
  return out;
}

/** The input that saves `change` as it is, with new times. */
export function inputOf(change: Change, start: string = change.start, end: string = change.end): ChangeInput {
  return {
    title: change.title, description: change.description, service_ids: [...change.service_ids],
    environment_id: change.environment_id, start, end, owner: change.owner, train_id: change.train_id,
  };
}
