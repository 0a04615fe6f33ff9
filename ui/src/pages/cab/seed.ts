// Test data for the CAB area: people, CABs and changes put straight into the
// fake (no events), and a meeting prepared on the fake, the way a workspace
// would already hold them.
import type { AgendaFilter, Cab, Change, Meeting, Person, Role } from '../../lib/bindings';
import type { FakeBackend } from '../../lib/fakeBackend';
import type { FactsOverride } from '../../lib/fakeCabFacts';
import { fakeWithCatalog, renderApp, screen, waitFor } from '../../test/render';
import { expect } from 'vitest';

let next = 1;
const AT = '2024-05-01T09:00:00Z';

export function seedPerson(fake: FakeBackend, name: string, role: Role): Person {
  const person: Person = { id: `psn-seed-${next++}`, name, role, created_at: AT, updated_at: AT };
  fake.gov.people.push(person);
  return person;
}

export function seedCab(fake: FakeBackend, name: string, filter: Partial<AgendaFilter> = {}, members: string[] = []): Cab {
  const cab: Cab = {
    id: `cab-seed-${next++}`, name, cadence: 'weekly', member_ids: members,
    filter: { environment_ids: [], levels: [], models: [], horizon_days: 7, ...filter },
    created_at: AT, updated_at: AT,
  };
  fake.cab.cabs.push(cab);
  return cab;
}

/** A change starting at `start` (an hour long) in the first environment, with facts for the CAB. */
export function seedChange(fake: FakeBackend, title: string, start: string, facts: FactsOverride = {}, extra: Partial<Change> = {}): Change {
  const from = Date.parse(start);
  const change: Change = {
    id: `chg-seed-${next++}`, title, description: '', service_ids: [fake.services[0].id], environment_id: fake.environments[0].id,
    start: new Date(from).toISOString(), end: new Date(from + 3_600_000).toISOString(), owner: 'Dana', train_id: null,
    status: 'planned', created_at: AT, updated_at: AT, ...extra,
  };
  fake.cal.changes.push(change);
  fake.cab.overrides.set(change.id, facts);
  return change;
}

/**
 * A workspace with people (the user "Test User" is a release manager), a
 * "Weekly CAB" looking 7 days ahead, and three changes in the first days of
 * June plus one outside the horizon.
 */
export function cabWorld() {
  const fake = fakeWithCatalog();
  const me = seedPerson(fake, 'Test User', 'release_manager');
  const ana = seedPerson(fake, 'Ana Ortiz', 'cab_member');
  const bo = seedPerson(fake, 'Bo Chen', 'cab_member');
  const cab = seedCab(fake, 'Weekly CAB', {}, [me.id, ana.id, bo.id]);
  const changes = [
    seedChange(fake, 'Checkout v2', '2024-06-03T08:00:00Z', { level: 'high', reasons: [{ level: 'high', text: 'Touches a critical service' }] }),
    seedChange(fake, 'Ledger schema', '2024-06-04T08:00:00Z', { level: 'moderate', conflicts: ['Overlaps the June freeze'], blast_radius: 4 }),
    seedChange(fake, 'Cache warmup', '2024-06-05T08:00:00Z'),
  ];
  seedChange(fake, 'Far away', '2024-07-20T08:00:00Z');
  return { fake, cab, me, ana, bo, changes };
}

/** Prepares a meeting of `cab` sitting on 1 June 2024, 09:00 UTC, on the fake. */
export function seedMeeting(fake: FakeBackend, cab: Cab, started = false): Meeting {
  const meeting = fake.cab.prepare({ cab_id: cab.id, at: '2024-06-01T09:00:00Z' });
  if (started) fake.cab.start(meeting.id);
  return meeting;
}

/** Opens a meeting's screen and waits for it. */
export async function openMeeting(fake: FakeBackend, meeting: Meeting) {
  history.replaceState(null, '', `#/cab/${meeting.id}`);
  const app = renderApp(fake);
  await waitFor(() => expect(screen.getByTestId('meeting')).toBeInTheDocument());
  return app;
}

export const currentTitle = () => screen.getByTestId('current-title').textContent;
export const decisions = () => screen.queryAllByTestId('progress-item').map((b) => b.dataset.decision);
