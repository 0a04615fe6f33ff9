// The governance rules the fake backend mirrors from domain::governance:
// the shipped policies, scoring a questionnaire with the rule-based
// conditions, the stage paths and moves, approval slots and the checks on
// each decision. Messages match the Rust ones word for word where tests or
// users read them.
import type {
  Approval, ApprovalPolicy, ApprovalState, ChangeModel, Decision, ErrorPayload, FieldError, Person, PersonInput,
  RiskAssessment, RiskFacts, RiskLevel, RiskPolicy, RiskReason, Role, Rule, Stage,
} from './bindings';

/** A governance rule's refusal; the fake backend sends it with code `refused`. */
export class Refusal {
  constructor(readonly message: string) {}
}

export const invalid = (fields: FieldError[]): ErrorPayload =>
  ({ code: 'validation', message: fields.map((f) => f.message).join('; '), fields, problems: [] });

export const LEVELS: readonly RiskLevel[] = ['low', 'moderate', 'high', 'critical'];
export const rank = (level: RiskLevel): number => LEVELS.indexOf(level);

export function defaultRiskPolicy(): RiskPolicy {
  const q = (key: string, text: string, options: [string, number][]) => ({
    key, text, options: options.map(([label, weight]) => ({ label, weight })),
  });
  const rule = (limit: number, level: RiskLevel): Rule => ({ enabled: true, limit, level });
  return {
    questions: [
      q('tested', 'How was the change tested?', [['Automated tests and staging', 0], ['Staging only', 2], ['Not tested', 5]]),
      q('rollback', 'Can it be rolled back?', [['Automatically', 0], ['By hand, rehearsed', 1], ['By hand, never tried', 3], ['No', 5]]),
      q('data', 'Does it change data or schemas?', [['No', 0], ['Backward compatible', 2], ['Irreversibly', 5]]),
      q('downtime', 'Will users notice?', [['No', 0], ['Degraded briefly', 2], ['Outage', 5]]),
      q('novelty', 'Has this kind of change been done before?', [['Routinely', 0], ['A few times', 1], ['Never', 3]]),
    ],
    thresholds: { moderate: 4, high: 9, critical: 15 },
    rules: {
      short_lead_time: rule(2, 'high'), critical_service: rule(0, 'high'), near_freeze: rule(24, 'high'),
      recent_failure: rule(7, 'moderate'), many_dependants: rule(20, 'high'), production: rule(0, 'moderate'),
    },
  };
}

export function defaultApprovalPolicy(): ApprovalPolicy {
  const rule = (level: RiskLevel, roles: Role[]) => ({ level, environment_id: null, roles });
  return {
    rules: [
      rule('low', ['release_manager']), rule('moderate', ['release_manager']),
      rule('high', ['release_manager', 'cab_member']), rule('critical', ['release_manager', 'cab_member', 'cab_member']),
    ],
  };
}

export function checkRiskPolicy(p: RiskPolicy): FieldError[] {
  const errors: FieldError[] = [];
  const keys = new Set<string>();
  p.questions.forEach((q, i) => {
    const n = i + 1;
    if (!q.key.trim() || !q.text.trim()) errors.push({ field: 'questions', message: `Question ${n} needs a key and a text` });
    else if (keys.has(q.key.trim().toLowerCase()))
      errors.push({ field: 'questions', message: `Question ${n}: the key "${q.key}" is used twice` });
    keys.add(q.key.trim().toLowerCase());
    if (q.options.length < 2) errors.push({ field: 'questions', message: `Question ${n} needs at least two answers` });
    if (q.options.some((o) => !o.label.trim())) errors.push({ field: 'questions', message: `Question ${n} has an answer without a label` });
  });
  const t = p.thresholds;
  if (!(t.moderate > 0 && t.moderate < t.high && t.high < t.critical))
    errors.push({ field: 'thresholds', message: 'Thresholds must rise: moderate above 0, high above moderate, critical above high' });
  return errors;
}

export function checkApprovalPolicy(p: ApprovalPolicy, environments: string[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  p.rules.forEach((r, i) => {
    const n = i + 1;
    const key = `${r.level}/${r.environment_id ?? '*'}`;
    if (seen.has(key)) errors.push({ field: 'rules', message: `Rule ${n} repeats another rule's level and environment` });
    seen.add(key);
    if (r.roles.includes('viewer')) errors.push({ field: 'rules', message: `Rule ${n}: a viewer cannot approve` });
    if (r.roles.length > 5) errors.push({ field: 'rules', message: `Rule ${n}: at most five approvals` });
    if (r.environment_id && !environments.includes(r.environment_id))
      errors.push({ field: 'rules', message: 'A rule names an environment that no longer exists' });
  });
  return errors;
}

/** Answers naming a question or option the policy lacks, as field errors. */
export function checkAnswers(p: RiskPolicy, answers: Record<string, number>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, choice] of Object.entries(answers)) {
    const q = p.questions.find((x) => x.key === key);
    if (!q) errors.push({ field: 'answers', message: `There is no question "${key}"` });
    else if (!(choice >= 0 && choice < q.options.length))
      errors.push({ field: 'answers', message: `"${q.text}" has no answer number ${choice + 1}` });
  }
  return errors;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function assess(p: RiskPolicy, answers: Record<string, number>, facts: RiskFacts): RiskAssessment {
  let score = 0;
  const unanswered: string[] = [];
  for (const q of p.questions) {
    const option = answers[q.key] === undefined ? undefined : q.options[answers[q.key]];
    if (option) score += option.weight;
    else unanswered.push(q.text);
  }
  const t = p.thresholds;
  const scoreLevel: RiskLevel = score >= t.critical ? 'critical' : score >= t.high ? 'high' : score >= t.moderate ? 'moderate' : 'low';
  const reasons: RiskReason[] = [{ level: scoreLevel, text: `Questionnaire score ${score} (${scoreLevel})` }];
  const r = p.rules;
  const on = (rule: Rule, hit: boolean, text: () => string) => {
    if (rule.enabled && hit) reasons.push({ level: rule.level, text: text() });
  };
  const days = facts.lead_time_hours / 24;
  on(r.short_lead_time, days < r.short_lead_time.limit,
    () => `Planned ${Math.max(0, days).toFixed(1)} days ahead, less than ${plural(r.short_lead_time.limit, 'day', 'days')}`);
  on(r.critical_service, facts.critical_services.length > 0, () => `Critical service affected: ${facts.critical_services.join(', ')}`);
  if (facts.nearest_freeze) {
    const [name, hours] = facts.nearest_freeze;
    on(r.near_freeze, hours <= 0 || hours < r.near_freeze.limit,
      () => (hours <= 0 ? `Inside the freeze "${name}"` : `${hours.toFixed(0)} h from the freeze "${name}"`));
  }
  const failed = facts.recent_failures.filter(([, ago]) => ago <= r.recent_failure.limit).map(([s, ago]) => `${s} (${ago.toFixed(0)} days ago)`);
  on(r.recent_failure, failed.length > 0, () => `Failed deployments lately: ${failed.join(', ')}`);
  on(r.many_dependants, facts.dependants > r.many_dependants.limit, () => (facts.dependants_exact
    ? `${plural(facts.dependants, 'service', 'services')} depend on it, more than ${r.many_dependants.limit}`
    : `More than ${plural(r.many_dependants.limit, 'service', 'services')} depend on it`));
  on(r.production, facts.production, () => 'Production environment');
  // Stable sort, highest first: the score's own reason leads its level.
  reasons.sort((a, b) => rank(b.level) - rank(a.level));
  return { level: reasons[0].level, score, score_level: scoreLevel, reasons, unanswered };
}

// ---- models and stages ----------------------------------------------------

export const PATHS: Record<ChangeModel, Stage[]> = {
  standard: ['new', 'scheduled', 'implement', 'review', 'closed'],
  normal: ['new', 'assess', 'authorise', 'scheduled', 'implement', 'review', 'closed'],
  emergency: ['new', 'authorise', 'implement', 'review', 'closed'],
};

export const isFinal = (s: Stage) => s === 'closed' || s === 'rejected' || s === 'cancelled';

export function nextStage(model: ChangeModel, from: Stage): Stage | null {
  if (isFinal(from)) return null;
  const path = PATHS[model];
  const i = path.indexOf(from);
  return i < 0 ? null : (path[i + 1] ?? null);
}

export const reworkStage = (model: ChangeModel): Stage => (model === 'normal' ? 'assess' : 'new');

export function remap(from: ChangeModel, to: ChangeModel, stage: Stage): Stage {
  if (isFinal(stage) || PATHS[to].includes(stage)) return stage;
  const path = PATHS[from];
  const i = Math.max(0, path.indexOf(stage));
  return [...path.slice(0, i)].reverse().find((s) => PATHS[to].includes(s)) ?? 'new';
}

/** Answers may change until the change is authorised. */
export function answerable(model: ChangeModel, stage: Stage): boolean {
  if (model === 'standard' || isFinal(stage)) return false;
  const path = PATHS[model];
  const i = path.indexOf(stage);
  return i >= 0 && i <= path.indexOf('authorise');
}

export interface Gate { assessed: boolean; approved: boolean; missing: string; pirOwed: boolean }
export type Effect = 'none' | 'bypassed' | 'review';

/** The move's effect, or throws the refusal's sentence. */
export function checkMove(model: ChangeModel, from: Stage, to: Stage, gate: Gate, rawReason: string | null): Effect {
  const reason = rawReason?.trim() || null;
  if (from === to) throw new Refusal(`The change is already in ${from}`);
  if (isFinal(from)) throw new Refusal(`The change is ${from}; it cannot move any more`);
  if (to === 'cancelled') {
    if (reason) return 'none';
    throw new Refusal('Cancelling a change needs a reason');
  }
  if (to === 'rejected') throw new Refusal("A change is rejected by an approver's decision, not moved there");
  const path = PATHS[model];
  const i = path.indexOf(from);
  const j = path.indexOf(to);
  if (i < 0 || j < 0) throw new Refusal(`A ${model} change has no ${path.includes(from) ? to : from} stage; its path is ${path.join(' → ')}`);
  if (j < i) throw new Refusal(`A change cannot go back from ${from} to ${to}; request changes instead`);
  if (j > i + 1) throw new Refusal(`A ${model} change cannot skip from ${from} to ${to}: ${path.slice(i + 1, j).join(', then ')} comes first`);
  if (model === 'normal' && from === 'assess' && to === 'authorise' && !gate.assessed)
    throw new Refusal('The risk assessment is not finished: answer every question first');
  if (model === 'normal' && from === 'authorise' && !gate.approved) throw new Refusal(`It is not approved yet: ${gate.missing}`);
  if (model === 'emergency' && from === 'authorise' && !gate.approved) {
    if (reason) return 'bypassed';
    throw new Refusal(`It is not approved yet (${gate.missing}); an emergency may bypass approval only with a reason`);
  }
  if (model === 'emergency' && from === 'review' && to === 'closed') {
    if (reason) return 'review';
    throw new Refusal('An emergency change is closed by its post-implementation review: write it as the reason');
  }
  if (from === 'review' && to === 'closed' && gate.pirOwed) throw new Refusal('Its post-implementation review is still owed: write it as the reason');
  return 'none';
}

// ---- approvals --------------------------------------------------------------

export const ROLE_LABELS: Record<Role, string> = { release_manager: 'release manager', cab_member: 'CAB member', viewer: 'viewer' };

export function slotsFor(p: ApprovalPolicy, level: RiskLevel, environment: string): Role[] {
  const find = (env: string | null) => p.rules.find((r) => r.level === level && r.environment_id === env);
  return [...(find(environment) ?? find(null))?.roles ?? ['release_manager']];
}

export function approvalState(required: Role[], round: Approval[]): ApprovalState {
  const slots = required.map((role) => ({ role, filled_by: null as string | null }));
  for (const a of round.filter((x) => x.decision === 'approve')) {
    const slot = slots.find((s) => s.role === a.role && s.filled_by === null);
    if (slot) slot.filled_by = a.person_name;
  }
  const open = slots.filter((s) => s.filled_by === null).map((s) => ROLE_LABELS[s.role]);
  const missing = open.length === 0 ? '' : open.length === 1 ? `1 more approval: ${open[0]}` : `${open.length} more approvals: ${open.join(', ')}`;
  return { slots, satisfied: open.length === 0, missing };
}

const PAST: Record<Decision, string> = { approve: 'approved', reject: 'rejected', request_changes: 'requested changes' };

/** Throws the refusal's sentence when `person` may not decide so. */
export function checkDecision(person: Person, requester: string, decision: Decision, note: string, required: Role[], round: Approval[]): void {
  if (person.role === 'viewer') throw new Refusal(`${person.name} is a viewer; only release managers and CAB members decide`);
  if (person.name.trim().toLowerCase() === requester.trim().toLowerCase())
    throw new Refusal(`${person.name} requested this change and cannot decide on it: the requester may not approve their own change`);
  if (decision !== 'approve' && !note.trim()) throw new Refusal(`Say why: a decision that the change is ${PAST[decision]} needs a note`);
  if (note.length > 2000) throw new Refusal('The note is longer than 2000 characters');
  if (decision !== 'approve') return;
  if (round.some((a) => a.person_id === person.id && a.decision === 'approve'))
    throw new Refusal(`${person.name} has already approved this change; the same person cannot fill two approvals`);
  const now = approvalState(required, round);
  if (now.satisfied) throw new Refusal('Every approval it needs is already given');
  if (!now.slots.some((s) => s.role === person.role && s.filled_by === null)) {
    const open = now.slots.filter((s) => s.filled_by === null).map((s) => ROLE_LABELS[s.role]);
    throw new Refusal(`No ${ROLE_LABELS[person.role]} approval is needed; still needed: ${open.join(', ')}`);
  }
}

/** A person's input, trimmed; throws the validation errors (a name taken by another person included). */
export function checkPerson(input: PersonInput, people: Person[], except: string | null): PersonInput {
  const name = input.name.trim();
  const errors: FieldError[] = [];
  if (!name) errors.push({ field: 'name', message: 'Name is required' });
  else if (name.length > 80) errors.push({ field: 'name', message: `Name is ${name.length} characters long; the limit is 80` });
  else if (/[\n\t]/.test(name)) errors.push({ field: 'name', message: 'Name must be a single line' });
  else if (people.some((p) => p.id !== except && p.name.trim().toLowerCase() === name.toLowerCase()))
    errors.push({ field: 'name', message: `There is already a person named "${name}"` });
  if (errors.length) throw invalid(errors);
  return { name, role: input.role };
}
