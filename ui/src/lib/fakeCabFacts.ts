// The fake CAB's view of the calendar: every change as the facts an agenda
// freezes (risk level, model, stage, requester...), derived from the change
// with plain defaults that a test may override per change, and the filter
// that picks a meeting's agenda from them. A stand-in for the backend's risk
// assessment and approval rules, kept small on purpose.
import type {
  AgendaFilter, ApprovalState, Change, ChangeModel, Environment, ItemFacts, RiskLevel, Role, Service, Stage,
} from './bindings';

/** What a test may set for one change; `required` stands for the approval rules. */
export interface FactsOverride extends Partial<Omit<ItemFacts, 'change_id'>> {
  /** The approvals the change needs, one slot per role. */
  required?: Role[];
}

/** A change as a candidate for an agenda. */
export interface Candidate {
  facts: ItemFacts;
  environmentId: string;
  required: Role[];
}

/** An approval decision given in a meeting. */
export interface Given {
  change_id: string;
  person_id: string;
  name: string;
  role: Role;
  decision: 'approve' | 'reject' | 'request_changes';
}

export const ROLE_LABELS: Record<Role, string> = {
  release_manager: 'release manager',
  cab_member: 'CAB member',
  viewer: 'viewer',
};

const SCORES: Record<RiskLevel, number> = { low: 10, moderate: 30, high: 55, critical: 80 };

/** The fake's approval policy: who must approve a change of each level. */
const REQUIRED: Record<RiskLevel, Role[]> = {
  low: ['release_manager'],
  moderate: ['release_manager'],
  high: ['release_manager', 'cab_member'],
  critical: ['release_manager', 'cab_member', 'cab_member'],
};

const PENDING: readonly Stage[] = ['authorise'];

/** A change comes before the CAB while it awaits authorisation (as the backend). */
export function pending(stage: Stage): boolean {
  return PENDING.includes(stage);
}

export function candidate(change: Change, services: Service[], environments: Environment[], o: FactsOverride = {}): Candidate {
  const env = environments.find((e) => e.id === change.environment_id);
  const level: RiskLevel = o.level ?? (env?.production ? 'high' : 'low');
  const model: ChangeModel = o.model ?? 'normal';
  const required = o.required ?? REQUIRED[level];
  const score = o.score ?? SCORES[level];
  const reasons = o.reasons ?? [
    ...(env?.production ? [{ level: 'high' as const, text: `Deploys to ${env.name}, a production environment` }] : []),
    { level, text: `Questionnaire score ${score}` },
  ];
  const facts: ItemFacts = {
    change_id: change.id,
    title: change.title,
    environment: env?.name ?? '',
    services: change.service_ids.flatMap((id) => services.find((s) => s.id === id)?.name ?? []),
    owner: change.owner,
    requested_by: change.owner,
    start: change.start,
    end: change.end,
    model,
    stage: 'authorise',
    level,
    score,
    reasons,
    conflicts: [],
    blast_radius: 0,
    approvals_needed: required.map((r) => ROLE_LABELS[r]),
    ...withoutRequired(o),
  };
  return { facts, environmentId: change.environment_id, required };
}

function withoutRequired(o: FactsOverride): Partial<ItemFacts> {
  const copy: FactsOverride = { ...o };
  delete copy.required;
  return copy;
}

/** True when `c` belongs on an agenda for a meeting at `at` (ISO). */
export function matches(filter: AgendaFilter, at: string, c: Candidate): boolean {
  const from = Date.parse(at);
  const until = from + filter.horizon_days * 86_400_000;
  const start = Date.parse(c.facts.start);
  return (
    pending(c.facts.stage) &&
    start >= from &&
    start < until &&
    (filter.environment_ids.length === 0 || filter.environment_ids.includes(c.environmentId)) &&
    (filter.levels.length === 0 || filter.levels.includes(c.facts.level)) &&
    (filter.models.length === 0 || filter.models.includes(c.facts.model))
  );
}

/** The candidates a filter picks, soonest first. */
export function pick(filter: AgendaFilter, at: string, all: Candidate[]): Candidate[] {
  return all
    .filter((c) => matches(filter, at, c))
    .sort((a, b) => a.facts.start.localeCompare(b.facts.start) || a.facts.change_id.localeCompare(b.facts.change_id));
}

/** The slots `required` has, filled by the approvals given so far. */
export function approvalState(required: Role[], given: Given[]): ApprovalState {
  const slots = required.map((role) => ({ role, filled_by: null as string | null }));
  for (const g of given) {
    if (g.decision !== 'approve') continue;
    const slot = slots.find((s) => s.role === g.role && s.filled_by === null);
    if (slot) slot.filled_by = g.name;
  }
  const open = slots.filter((s) => s.filled_by === null).map((s) => ROLE_LABELS[s.role]);
  const missing = open.length === 0 ? '' : open.length === 1 ? `1 more approval: ${open[0]}` : `${open.length} more approvals: ${open.join(', ')}`;
  return { slots, satisfied: open.length === 0, missing };
}
