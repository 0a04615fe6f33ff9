// The fake's change governance: risk policy and assessments, the register,
// change models and stages, people and approvals. The rules themselves are
// in fakeRules.ts. Facts are simplified: lead time, critical services and
// production are read from the data; freezes, failed deployments and the
// blast radius count as none.
import type {
  Approval, ApprovalPolicy, ApprovalsView, Change, ChangeGovernance, ChangeModel, Decision, DecisionInput, EntityKind,
  Environment, ErrorPayload, GovernanceView, Person, PersonInput, PersonView, PirOwed, RegisterPage, RegisterQuery,
  RiskAssessment, RiskFacts, RiskPolicy, RiskView, Role, Service, StageInput,
} from './bindings';
import {
  Refusal, answerable, approvalState, assess, checkAnswers, checkApprovalPolicy, checkDecision, checkMove, checkPerson,
  checkRiskPolicy, defaultApprovalPolicy, defaultRiskPolicy, invalid, nextStage, PATHS, remap, reworkStage, slotsFor, type Effect,
} from './fakeRules';
import { registerCsv, registerPage, registerRows } from './fakeRegister';

export interface GovernanceContext {
  services: () => Service[];
  environments: () => Environment[];
  changes: () => Change[];
  displayName: () => string | null;
  now: () => string;
  id: (prefix: string) => string;
  record: (entity: EntityKind, id: string, label: string, action: string, before: unknown, after: unknown) => void;
}

const fail = (code: ErrorPayload['code'], message: string): ErrorPayload => ({ code, message, fields: [], problems: [] });
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Runs `body`, sending a rule's refusal as an error with code `refused`. */
function refusing<T>(body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof Refusal) throw fail('refused', e.message);
    throw e;
  }
}

export class FakeGovernance {
  people: Person[] = [];
  policy: RiskPolicy = defaultRiskPolicy();
  approvalRules: ApprovalPolicy = defaultApprovalPolicy();
  /** Stored governance records by change id (a change without one is normal, new). */
  records = new Map<string, ChangeGovernance>();
  /** Every decision, oldest first. */
  decisions: Approval[] = [];

  constructor(readonly ctx: GovernanceContext) {}

  // ---- test setup (no events, no audit) -----------------------------------

  seedPerson(name: string, role: Role = 'release_manager'): Person {
    const at = '2024-05-01T09:00:00Z';
    const person: Person = { id: this.ctx.id('person'), name, role, created_at: at, updated_at: at };
    this.people.push(person);
    return person;
  }

  /** Stores a governance record for a change, over its initial one. */
  seedRecord(changeId: string, extra: Partial<ChangeGovernance>): ChangeGovernance {
    const g = { ...this.recordOf(this.change(changeId)), ...extra };
    this.records.set(changeId, g);
    return g;
  }

  /** Post-implementation reviews still owed, oldest change first. */
  pirOwed(): PirOwed[] {
    return [...this.records.values()]
      .filter((g) => g.pir_owed)
      .flatMap((g) => {
        const c = this.ctx.changes().find((x) => x.id === g.change_id);
        return c ? [{ change_id: c.id, title: c.title, start: c.start, stage: g.stage, bypass_reason: g.bypass_reason }] : [];
      })
      .sort((a, b) => a.start.localeCompare(b.start));
  }

  // ---- shared with the CAB fake ---------------------------------------------

  change(id: string): Change {
    const c = this.ctx.changes().find((x) => x.id === id);
    if (!c) throw fail('not_found', `No change with id ${id}`);
    return c;
  }

  recordOf(c: Change): ChangeGovernance {
    const stored = this.records.get(c.id);
    if (stored) return clone(stored);
    return {
      change_id: c.id, model: 'normal', stage: 'new', requested_by: c.owner || (this.ctx.displayName() ?? ''), answers: {},
      round: 1, pir_owed: false, pir: '', bypass_reason: '', updated_at: c.created_at,
    };
  }

  factsOf(c: Change): RiskFacts {
    const services = this.ctx.services().filter((s) => c.service_ids.includes(s.id));
    return {
      lead_time_hours: (Date.parse(c.start) - Date.parse(c.created_at)) / 3_600_000,
      critical_services: services.filter((s) => s.tier === 'critical').map((s) => s.name),
      nearest_freeze: null, recent_failures: [], dependants: 0, dependants_exact: true,
      production: this.ctx.environments().some((e) => e.id === c.environment_id && e.production),
    };
  }

  assessmentOf(c: Change): RiskAssessment {
    return assess(this.policy, this.recordOf(c).answers, this.factsOf(c));
  }

  /** The roles a change needs now, and where they stand this round. */
  approvalsOf(c: Change, g = this.recordOf(c)) {
    const required = slotsFor(this.approvalRules, this.assessmentOf(c).level, c.environment_id);
    const round = this.decisions.filter((a) => a.change_id === c.id && a.round === g.round);
    return { required, round, state: approvalState(required, round) };
  }

  /** The person named like the current user, if any. */
  actingPerson(): Person | null {
    const me = this.ctx.displayName();
    return me === null ? null : (this.people.find((p) => same(p.name, me)) ?? null);
  }

  /** Records `person`'s decision after every check; ends the round on reject / request changes. */
  decideAs(person: Person, changeId: string, decision: Decision, note: string, meetingId: string | null = null): Approval {
    return refusing(() => {
      const c = this.change(changeId);
      const g = this.recordOf(c);
      if (g.stage !== 'authorise')
        throw new Refusal(`"${c.title}" is in ${g.stage}, not awaiting authorisation: decisions are taken in the authorise stage`);
      const { required, round } = this.approvalsOf(c, g);
      checkDecision(person, g.requested_by, decision, note, required, round);
      const a: Approval = {
        id: this.ctx.id('apr'), change_id: c.id, round: g.round, person_id: person.id, person_name: person.name, role: person.role,
        decision, note: note.trim(), at: this.ctx.now(), meeting_id: meetingId,
      };
      this.decisions.push(a);
      const action = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'changes_requested';
      this.ctx.record('change', c.id, c.title, action, null, a);
      if (decision === 'approve') return a;
      const after = { ...g, updated_at: a.at };
      if (decision === 'reject') after.stage = 'rejected';
      else {
        after.stage = reworkStage(g.model);
        after.round += 1;
      }
      this.writeStage(c, g, after, 'none', a.note);
      return a;
    });
  }

  writeStage(c: Change, before: ChangeGovernance, after: ChangeGovernance, effect: Effect, reason: string): void {
    this.records.set(c.id, after);
    if (effect === 'bypassed') this.ctx.record('change', c.id, c.title, 'bypassed', null, { reason, pir_owed: true });
    this.ctx.record('change', c.id, c.title, 'stage_changed', { stage: before.stage }, { stage: after.stage, reason });
  }

  // ---- commands -------------------------------------------------------------

  riskPolicy(): RiskPolicy {
    return this.policy;
  }

  setRiskPolicy(p: RiskPolicy): RiskPolicy {
    const errors = checkRiskPolicy(p);
    if (errors.length) throw invalid(errors);
    const before = this.policy;
    this.policy = clone(p);
    this.ctx.record('policy', 'risk-policy', 'Risk policy', 'updated', before, this.policy);
    return this.policy;
  }

  approvalPolicy(): ApprovalPolicy {
    return this.approvalRules;
  }

  setApprovalPolicy(p: ApprovalPolicy): ApprovalPolicy {
    const errors = checkApprovalPolicy(p, this.ctx.environments().map((e) => e.id));
    if (errors.length) throw invalid(errors);
    const before = this.approvalRules;
    this.approvalRules = clone(p);
    this.ctx.record('policy', 'approval-policy', 'Approval policy', 'updated', before, this.approvalRules);
    return this.approvalRules;
  }

  changeRisk(id: string): RiskView {
    const c = this.change(id);
    const g = this.recordOf(c);
    return {
      change_id: c.id, title: c.title, model: g.model, stage: g.stage, assessment: this.assessmentOf(c), facts: this.factsOf(c),
      questions: this.policy.questions, answers: g.answers, editable: answerable(g.model, g.stage),
    };
  }

  answerRisk(id: string, answers: Record<string, number>): RiskView {
    const errors = checkAnswers(this.policy, answers);
    if (errors.length) throw invalid(errors);
    refusing(() => {
      const c = this.change(id);
      const before = this.recordOf(c);
      if (!answerable(before.model, before.stage))
        throw new Refusal(before.model === 'standard'
          ? 'A standard change is pre-approved: it has no risk questionnaire'
          : `The change is in ${before.stage}; its assessment can no longer be changed`);
      if (JSON.stringify(sorted(before.answers)) === JSON.stringify(sorted(answers))) return;
      this.records.set(c.id, { ...before, answers: { ...answers }, updated_at: this.ctx.now() });
      this.ctx.record('change', c.id, c.title, 'assessed', before.answers, answers);
    });
    return this.changeRisk(id);
  }

  register(q: RegisterQuery): RegisterPage {
    return registerPage(registerRows(this, q), q);
  }

  registerCsv(q: RegisterQuery): string {
    return registerCsv(registerRows(this, q).rows);
  }

  governance(id: string): GovernanceView {
    const c = this.change(id);
    const g = this.recordOf(c);
    const { state } = this.approvalsOf(c, g);
    return {
      change_id: c.id, title: c.title, record: g, path: [...PATHS[g.model]], next: nextStage(g.model, g.stage),
      risk: this.assessmentOf(c), approvals: state, decisions: this.decisions.filter((a) => a.change_id === c.id),
      acting_as: this.actingPerson(),
    };
  }

  move(id: string, input: StageInput): GovernanceView {
    const reason = input.reason?.trim() ?? '';
    if (reason.length > 2000) throw invalid([{ field: 'reason', message: 'The reason is longer than 2000 characters' }]);
    refusing(() => {
      const c = this.change(id);
      const before = this.recordOf(c);
      const risk = this.assessmentOf(c);
      const { state } = this.approvalsOf(c, before);
      const effect = checkMove(before.model, before.stage, input.to, {
        assessed: risk.unanswered.length === 0, approved: state.satisfied, missing: state.missing, pirOwed: before.pir_owed,
      }, reason);
      const after = { ...before, stage: input.to, updated_at: this.ctx.now() };
      if (effect === 'bypassed') Object.assign(after, { bypass_reason: reason, pir_owed: true });
      if (effect === 'review') Object.assign(after, { pir: reason, pir_owed: false });
      if (after.model === 'emergency' && after.stage === 'implement') after.pir_owed = true;
      this.writeStage(c, before, after, effect, reason);
    });
    return this.governance(id);
  }

  setModel(id: string, model: ChangeModel): GovernanceView {
    refusing(() => {
      const c = this.change(id);
      const before = this.recordOf(c);
      if (before.model === model) return;
      if (!['new', 'assess', 'authorise'].includes(before.stage))
        throw new Refusal(`The change is already ${before.stage}; its model can only change before it is scheduled`);
      const after = { ...before, model, stage: remap(before.model, model, before.stage), updated_at: this.ctx.now() };
      this.records.set(c.id, after);
      this.ctx.record('change', c.id, c.title, 'updated', { model: before.model, stage: before.stage }, { model, stage: after.stage });
    });
    return this.governance(id);
  }

  decide(id: string, input: DecisionInput): ApprovalsView {
    this.change(id);
    const person = this.actingPerson();
    if (!person)
      throw fail('refused', `You act as "${this.ctx.displayName() ?? ''}", who is not among this workspace's people; add them under People with a role first`);
    this.decideAs(person, id, input.decision, input.note);
    return this.approvals(id);
  }

  approvals(change: string | null): ApprovalsView {
    if (change === null)
      return { decisions: [...this.decisions].reverse().slice(0, 500), state: null, required: [] };
    const c = this.change(change);
    const { required, state } = this.approvalsOf(c);
    return { decisions: this.decisions.filter((a) => a.change_id === c.id), state, required };
  }

  listPeople(): PersonView[] {
    const me = this.ctx.displayName();
    return [...this.people].sort((a, b) => a.name.localeCompare(b.name)).map((person) => ({
      person, decisions: this.decisions.filter((a) => a.person_id === person.id).length, is_me: me !== null && same(me, person.name),
    }));
  }

  addPerson(input: PersonInput): Person {
    const checked = checkPerson(input, this.people, null);
    const at = this.ctx.now();
    const person: Person = { id: this.ctx.id('person'), ...checked, created_at: at, updated_at: at };
    this.people.push(person);
    this.ctx.record('person', person.id, person.name, 'created', null, person);
    return person;
  }

  updatePerson(id: string, input: PersonInput): Person {
    const before = this.person(id);
    const after = { ...before, ...checkPerson(input, this.people, id), updated_at: this.ctx.now() };
    this.people.splice(this.people.indexOf(before), 1, after);
    this.ctx.record('person', id, after.name, 'updated', before, after);
    return after;
  }

  deletePerson(id: string): null {
    const before = this.person(id);
    const n = this.decisions.filter((a) => a.person_id === id).length;
    if (n > 0)
      throw fail('conflict', `${before.name} has given ${n} decision(s); people with history cannot be deleted (change their role to viewer instead)`);
    this.people.splice(this.people.indexOf(before), 1);
    this.ctx.record('person', id, before.name, 'deleted', before, null);
    return null;
  }

  private person(id: string): Person {
    const p = this.people.find((x) => x.id === id);
    if (!p) throw fail('not_found', `No person with id ${id}`);
    return p;
  }
}

function sorted(answers: Record<string, number>): [string, number][] {
  return Object.entries(answers).sort(([a], [b]) => a.localeCompare(b));
}
