// The fake CAB's rules: a CAB's definition checked like the backend checks
// it, the checks every meeting decision passes first, and the time banked on
// an item when the meeting moves on. Messages read like the backend's.
import type {
  AgendaItem, CabInput, Cab, Environment, ErrorPayload, FieldError, Meeting, MeetingDecision, Person,
} from './bindings';

export const fail = (code: ErrorPayload['code'], message: string, fields: FieldError[] = []): ErrorPayload =>
  ({ code, message, fields, problems: [] });
export const refused = (message: string) => fail('refused', message);
export const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const unique = <T>(list: T[]): T[] => [...new Set(list)];

const PAST: Record<MeetingDecision, string> = {
  approve: 'approved', reject: 'rejected', defer: 'deferred', request_changes: 'changes requested',
};

/** `raw` trimmed and without repeats, or a validation error naming each field. */
export function checkCab(raw: CabInput, except: string | null, cabs: Cab[], people: Person[], environments: Environment[]): CabInput {
  const input = copy(raw);
  const errors: FieldError[] = [];
  const name = input.name.trim();
  if (!name) errors.push({ field: 'name', message: 'Name is required' });
  else if (name.length > 80) errors.push({ field: 'name', message: `Name is ${name.length} characters long; the limit is 80` });
  const h = input.filter.horizon_days;
  if (!Number.isInteger(h) || h < 1 || h > 90) errors.push({ field: 'horizon_days', message: `The horizon is ${h} days; choose 1 to 90` });
  if (!errors.length && cabs.some((c) => c.id !== except && same(c.name, name))) {
    errors.push({ field: 'name', message: `There is already a CAB named "${name}"` });
  }
  if (input.member_ids.some((id) => !people.some((p) => p.id === id))) {
    errors.push({ field: 'member_ids', message: 'A member no longer exists; remove them' });
  }
  if (input.filter.environment_ids.some((id) => !environments.some((e) => e.id === id))) {
    errors.push({ field: 'environment_ids', message: 'An environment in the filter no longer exists' });
  }
  if (errors.length) throw fail('validation', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  const f = input.filter;
  return {
    name, cadence: input.cadence, member_ids: unique(input.member_ids),
    filter: { environment_ids: unique(f.environment_ids), levels: unique(f.levels), models: unique(f.models), horizon_days: h },
  };
}

/** Adds the time since the current item came up to it. */
export function bank(m: Meeting, now: string): void {
  if (!m.current_since) return;
  const current = m.items.find((i) => i.position === m.current);
  if (current) current.seconds += Math.max(0, Math.floor((Date.parse(now) - Date.parse(m.current_since)) / 1000));
  m.current_since = now;
}

/** The checks every meeting decision passes first; returns the item. */
export function checkDecision(m: Meeting, change: string, decision: MeetingDecision, note: string): AgendaItem {
  if (m.status !== 'in_progress') {
    throw refused(m.status === 'prepared' ? 'The meeting has not started; start it first' : 'The meeting is closed; its decisions are final');
  }
  const target = m.items.find((i) => i.facts.change_id === change);
  if (!target) throw refused("That change is not on this meeting's agenda; pull it in from the late additions first");
  if (target.decision) throw refused(`"${target.facts.title}" is already decided: ${PAST[target.decision]}`);
  if ((decision === 'reject' || decision === 'request_changes') && !note.trim()) {
    throw refused(`Say why: "${PAST[decision]}" needs a note with that decision`);
  }
  return target;
}
