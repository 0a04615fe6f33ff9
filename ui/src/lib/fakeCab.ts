// The fake's change advisory boards: CAB definitions, preparing a meeting
// (a frozen agenda and late additions), meeting mode and the documents.
// Agenda facts come from the calendar's changes (see fakeCabFacts.ts);
// refusals read like the backend's.
import type {
  AgendaItem, Cab, CabInput, CabView, Change, EntityKind, Environment, LateAddition, Meeting, MeetingDecision,
  MeetingView, MinutesFormat, Person, PrepareInput, Service,
} from './bindings';
import type { FakeGovernance } from './fakeGovernance';
import { approvalState, candidate, pick, ROLE_LABELS, type Candidate, type FactsOverride, type Given } from './fakeCabFacts';
import { renderMeeting } from './fakeCabDocs';
import { bank, checkCab, checkDecision, copy, fail, refused, same } from './fakeCabRules';

export interface CabContext {
  governance: FakeGovernance;
  changes: () => Change[];
  services: () => Service[];
  environments: () => Environment[];
  /** The current user's display name: the chair, and who decides. */
  actor: () => string | null;
  now: () => string;
  id: (prefix: string) => string;
  record: (entity: EntityKind, id: string, label: string, action: string, before: unknown, after: unknown) => void;
}

export class FakeCab {
  cabs: Cab[] = [];
  meetings: Meeting[] = [];
  /** Facts a test sets per change id (level, model, stage, requester...). */
  overrides = new Map<string, FactsOverride>();
  /** Approval decisions given in meetings. */
  given: Given[] = [];
  constructor(readonly ctx: CabContext) {}

  list(): CabView[] {
    const people = this.ctx.governance.people;
    return [...this.cabs].sort((a, b) => a.name.localeCompare(b.name)).map((cab) => ({
      cab,
      members: cab.member_ids.flatMap((id) => people.find((p) => p.id === id)?.name ?? []),
      meetings: this.meetings
        .filter((m) => m.cab_id === cab.id)
        .sort((a, b) => b.at.localeCompare(a.at))
        .map((m) => ({ ...m, items: [] })),
    }));
  }

  create(input: CabInput): Cab {
    const checked = checkCab(input, null, this.cabs, this.ctx.governance.people, this.ctx.environments());
    const at = this.ctx.now();
    const cab: Cab = { id: this.ctx.id('cab'), ...checked, created_at: at, updated_at: at };
    this.cabs.push(cab);
    this.ctx.record('cab', cab.id, cab.name, 'created', null, cab);
    return cab;
  }

  update(id: string, input: CabInput): Cab {
    const before = this.cab(id);
    const after: Cab = { ...before, ...checkCab(input, id, this.cabs, this.ctx.governance.people, this.ctx.environments()), updated_at: this.ctx.now() };
    this.cabs.splice(this.cabs.indexOf(before), 1, after);
    this.ctx.record('cab', id, after.name, 'updated', before, after);
    return after;
  }

  remove(id: string): null {
    const before = this.cab(id);
    const n = this.meetings.filter((m) => m.cab_id === id).length;
    if (n > 0) throw fail('conflict', `"${before.name}" has ${n} meeting(s) on record; a CAB with minutes cannot be deleted`);
    this.cabs.splice(this.cabs.indexOf(before), 1);
    this.ctx.record('cab', id, before.name, 'deleted', before, null);
    return null;
  }

  prepare(input: PrepareInput): Meeting {
    const cab = this.cab(input.cab_id);
    const chair = this.ctx.actor() ?? 'unknown';
    const at = new Date(input.at).toISOString();
    const items: AgendaItem[] = pick(cab.filter, at, this.candidates()).map((c, i) => item(c, i, false));
    const people = this.ctx.governance.people;
    const meeting: Meeting = {
      id: this.ctx.id('mtg'), cab_id: cab.id, cab_name: cab.name, at, cutoff: this.ctx.now(), status: 'prepared', chair,
      attendees: cab.member_ids.flatMap((id) => people.filter((p) => p.id === id)).map((p) => ({
        person_id: p.id, name: p.name, role: p.role, present: same(p.name, chair),
      })),
      items, current: 0, current_since: null, started_at: null, ended_at: null,
    };
    this.meetings.push(meeting);
    this.ctx.record('meeting', meeting.id, label(meeting), 'created', null, { agenda: items.map((i) => i.facts.title) });
    return meeting;
  }

  view(id: string, now: string = this.ctx.now()): MeetingView {
    const m = this.meeting(id);
    const current = m.items.find((i) => i.position === m.current);
    const live = current && m.status === 'in_progress' ? this.candidate(current.facts.change_id) : null;
    return {
      meeting: copy(m),
      late: this.late(m),
      current_approvals: live ? approvalState(live.required, this.givenFor(live.facts.change_id)) : null,
      now,
    };
  }

  start(id: string): MeetingView {
    const m = this.meeting(id);
    if (m.status !== 'prepared') throw refused(m.status === 'in_progress' ? 'The meeting is already in progress' : 'The meeting is closed');
    const now = this.ctx.now();
    Object.assign(m, { status: 'in_progress', started_at: now, current: 0, current_since: now });
    this.ctx.record('meeting', m.id, label(m), 'status_changed', null, { status: 'in_progress' });
    return this.view(id, now);
  }

  go(id: string, position: number): MeetingView {
    const m = this.meeting(id);
    if (m.status !== 'in_progress') throw refused('The meeting is not in progress');
    if (!m.items.some((i) => i.position === position)) throw refused(`The agenda has no item ${position + 1}`);
    const now = this.ctx.now();
    bank(m, now);
    m.current = position;
    return this.view(id, now);
  }

  attend(id: string, person: string, present: boolean): MeetingView {
    const m = this.meeting(id);
    if (m.status === 'closed') throw refused('The meeting is closed; its attendance is final');
    const a = m.attendees.find((x) => x.person_id === person);
    if (!a) throw refused('That person is not a member of this CAB');
    if (a.present !== present) {
      a.present = present;
      this.ctx.record('meeting', m.id, label(m), 'updated', null, { attendee: a.name, present });
    }
    return this.view(id);
  }

  decide(id: string, change: string, decision: MeetingDecision, note: string): MeetingView {
    const m = this.meeting(id);
    const target = checkDecision(m, change, decision, note);
    const person = this.actingPerson();
    if (decision !== 'defer') this.approve(target, person, decision);
    const now = this.ctx.now();
    if (m.current !== target.position) {
      bank(m, now);
      m.current = target.position;
    }
    bank(m, now);
    Object.assign(target, { decision, note: note.trim(), decided_by: person.name, decided_at: now });
    const next = m.items
      .filter((i) => i.decision === null)
      .map((i) => i.position)
      .sort((a, b) => Number(a < target.position) - Number(b < target.position) || a - b)[0];
    if (next !== undefined) m.current = next;
    this.ctx.record('meeting', m.id, label(m), 'decided', null, { change: target.facts.title, decision, note: note.trim(), by: person.name });
    return this.view(id, now);
  }

  pullIn(id: string, change: string): MeetingView {
    const m = this.meeting(id);
    if (m.status === 'closed') throw refused('The meeting is closed');
    if (!this.late(m).some((l) => l.change_id === change)) {
      throw refused("That change is not among the late additions: it is on the agenda already or does not match the CAB's filter");
    }
    const c = this.candidate(change);
    if (!c) throw fail('not_found', `No change with id ${change}`);
    const position = Math.max(-1, ...m.items.map((i) => i.position)) + 1;
    const added = item(c, position, true);
    m.items.push(added);
    this.ctx.record('meeting', m.id, label(m), 'updated', null, { pulled_in: added.facts.title });
    return this.view(id);
  }

  close(id: string): MeetingView {
    const m = this.meeting(id);
    if (m.status !== 'in_progress') throw refused('Only a meeting in progress can be closed');
    const now = this.ctx.now();
    bank(m, now);
    Object.assign(m, { status: 'closed', ended_at: now, current_since: null });
    this.ctx.record('meeting', m.id, label(m), 'status_changed', null, { status: 'closed' });
    return this.view(id, now);
  }

  document(id: string, minutes: boolean, format: MinutesFormat): string {
    const m = this.meeting(id);
    if (minutes && m.status !== 'closed') throw refused('Minutes are written when the meeting is closed; export the agenda before');
    return renderMeeting(m, minutes, format);
  }

  private cab(id: string): Cab {
    const found = this.cabs.find((c) => c.id === id);
    if (!found) throw fail('not_found', `no cab with id ${id}: it may have been deleted`);
    return found;
  }

  private meeting(id: string): Meeting {
    const found = this.meetings.find((m) => m.id === id);
    if (!found) throw fail('not_found', `no meeting with id ${id}: it may have been deleted`);
    return found;
  }

  private candidates(): Candidate[] {
    const { services, environments } = this.ctx;
    return this.ctx.changes().map((c) => candidate(c, services(), environments(), this.overrides.get(c.id)));
  }

  private candidate(changeId: string): Candidate | null {
    return this.candidates().find((c) => c.facts.change_id === changeId) ?? null;
  }

  private givenFor(changeId: string): Given[] {
    return this.given.filter((g) => g.change_id === changeId);
  }

  private late(m: Meeting): LateAddition[] {
    const cab = this.cabs.find((c) => c.id === m.cab_id);
    if (m.status === 'closed' || !cab) return [];
    const on = new Set(m.items.map((i) => i.facts.change_id));
    return pick(cab.filter, m.at, this.candidates())
      .filter((c) => !on.has(c.facts.change_id))
      .map(({ facts: f }) => ({ change_id: f.change_id, title: f.title, start: f.start, level: f.level }));
  }

  private actingPerson(): Person {
    const actor = this.ctx.actor() ?? '';
    const person = this.ctx.governance.people.find((p) => same(p.name, actor));
    if (!person) {
      throw refused(`You act as "${actor}", who is not among this workspace's people; add them under People with a role first`);
    }
    return person;
  }

  /** The approval rules, as the fake keeps them: stage, role, requester, open slots. */
  private approve(target: AgendaItem, person: Person, decision: Exclude<MeetingDecision, 'defer'>) {
    const live = this.candidate(target.facts.change_id);
    if (!live) throw fail('not_found', `No change with id ${target.facts.change_id}`);
    const f = live.facts;
    if (f.stage !== 'authorise') {
      throw refused(`"${f.title}" is in ${f.stage}, not awaiting authorisation: decisions are taken in the authorise stage`);
    }
    if (person.role === 'viewer') throw refused(`${person.name} is a viewer; only release managers and CAB members decide`);
    if (same(person.name, f.requested_by)) {
      throw refused(`${person.name} requested this change and cannot decide on it: the requester may not approve their own change`);
    }
    const given = this.givenFor(f.change_id);
    if (decision === 'approve') {
      if (given.some((g) => g.person_id === person.id && g.decision === 'approve')) {
        throw refused(`${person.name} has already approved this change; the same person cannot fill two approvals`);
      }
      const state = approvalState(live.required, given);
      if (state.satisfied) throw refused('Every approval it needs is already given');
      if (!state.slots.some((s) => s.role === person.role && s.filled_by === null)) {
        const open = state.slots.filter((s) => s.filled_by === null).map((s) => ROLE_LABELS[s.role]);
        throw refused(`No ${ROLE_LABELS[person.role]} approval is needed; still needed: ${open.join(', ')}`);
      }
    }
    this.given.push({ change_id: f.change_id, person_id: person.id, name: person.name, role: person.role, decision });
    if (decision !== 'approve') {
      this.overrides.set(f.change_id, { ...this.overrides.get(f.change_id), stage: decision === 'reject' ? 'rejected' : 'assess' });
    }
  }
}


function item(c: Candidate, position: number, late: boolean): AgendaItem {
  return { position, facts: copy(c.facts), late, decision: null, note: '', decided_by: null, decided_at: null, seconds: 0 };
}

function label(m: Meeting): string {
  return `${m.cab_name} ${m.at.slice(0, 10)}`;
}
