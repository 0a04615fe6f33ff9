// Test data for the trains area: trains and changes put straight into the
// fake calendar (no events), the way a workspace would already hold them.
import type { Change, DeployStatus, Train } from '../../lib/bindings';
import type { FakeBackend } from '../../lib/fakeBackend';

let next = 1;

export function seedTrain(fake: FakeBackend, name: string, extra: Partial<Train> = {}): Train {
  const train: Train = {
    id: `trn-seed-${next++}`, name, version: '', owner: '', description: '', status: 'planning', targets: [],
    created_at: '2024-05-01T09:00:00Z', updated_at: '2024-05-01T09:00:00Z', ...extra,
  };
  fake.cal.trains.push(train);
  return train;
}

export function seedChange(
  fake: FakeBackend, title: string, trainId: string | null, status: DeployStatus, extra: Partial<Change> = {},
): Change {
  const env = fake.environments[0];
  const change: Change = {
    id: `chg-seed-${next++}`, title, description: '', service_ids: [fake.services[0].id], environment_id: env.id,
    start: '2024-06-03T08:00:00Z', end: '2024-06-03T09:00:00Z', owner: 'Dana', train_id: trainId, status,
    created_at: '2024-05-01T09:00:00Z', updated_at: '2024-05-01T09:00:00Z', ...extra,
  };
  fake.cal.changes.push(change);
  return change;
}

export function envId(fake: FakeBackend, name: string): string {
  const env = fake.environments.find((e) => e.name === name);
  if (!env) throw new Error(`no environment ${name}`);
  return env.id;
}
