// Test data for the governance area: changes put straight into the fake
// calendar (no events), people, and governance records at a given stage.
import type { Change, ChangeGovernance, Person, Role } from '../../lib/bindings';
import type { FakeBackend } from '../../lib/fakeBackend';
import { fakeWithCatalog, renderApp, screen, waitFor } from '../../test/render';
import { expect } from 'vitest';

let next = 1;

const service = (fake: FakeBackend, name: string) => fake.services.find((s) => s.name === name)?.id ?? '';
const env = (fake: FakeBackend, name: string) => fake.environments.find((e) => e.name === name)?.id ?? '';

/** A change on `ledger` in staging, requested on the fake's first day, owned by Dana Reyes. */
export function seedChange(fake: FakeBackend, title: string, extra: Partial<Change> & { env?: string; services?: string[] } = {}): Change {
  const { env: envName = 'staging', services = ['ledger'], ...rest } = extra;
  const change: Change = {
    id: `chg-gov-${next++}`, title, description: '', service_ids: services.map((s) => service(fake, s)),
    environment_id: env(fake, envName), start: '2024-05-10T10:00:00Z', end: '2024-05-10T11:00:00Z', owner: 'Dana Reyes',
    train_id: null, status: 'planned', created_at: '2024-05-01T09:00:00Z', updated_at: '2024-05-01T09:00:00Z', ...rest,
  };
  fake.cal.changes.push(change);
  return change;
}

export function seedPerson(fake: FakeBackend, name: string, role: Role = 'release_manager'): Person {
  return fake.gov.seedPerson(name, role);
}

export function seedStage(fake: FakeBackend, change: Change, extra: Partial<ChangeGovernance>): ChangeGovernance {
  return fake.gov.seedRecord(change.id, extra);
}

/** Every question of the default questionnaire answered with its first (weight 0) option. */
export const SAFE_ANSWERS = { tested: 0, rollback: 0, data: 0, downtime: 0, novelty: 0 };

/** The catalog (teams, services, staging and production) with no changes yet. */
export const governanceFake = (): FakeBackend => fakeWithCatalog();

/** Opens the app on `hash` (the register by default) and waits for the page. */
export async function openGovernance(fake: FakeBackend, hash = '#/governance') {
  history.replaceState(null, '', hash);
  const app = renderApp(fake);
  await waitFor(() => expect(screen.getByTestId('gov-tab-register')).toBeInTheDocument());
  return app;
}

/** The register rows' titles, top to bottom. */
export function registerTitles(): string[] {
  return screen.queryAllByTestId('register-row').map((r) => r.querySelector('td:nth-child(3)')?.textContent ?? '');
}
