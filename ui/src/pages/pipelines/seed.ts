// Test data for the Pipelines area: connections, synced runs and sync
// records put straight into the fake (no events), as a workspace that has
// synced before would hold them.
import type { Connection, ConnectionInput } from '../../lib/bindings';
import type { FakeBackend } from '../../lib/fakeBackend';
import { emptyReport } from '../../lib/fakeSync';
import { fakeWithCatalog } from '../../test/render';

export function byName<T extends { name: string; id: string }>(list: T[], name: string): string {
  const found = list.find((x) => x.name === name);
  if (!found) throw new Error(`nothing named ${name}`);
  return found.id;
}

export function seedConnection(fake: FakeBackend, input: Partial<ConnectionInput> & { name: string }): Connection {
  return fake.sync.create({
    provider: 'github', base_url: 'https://api.github.com', scope: ['acme/checkout'], poll_interval_s: 300, username: null,
    rules: { deployment_names: [], environments: [], services: [], stall_after_min: null }, ...input,
  }, 'secret-token');
}

/**
 * The catalog with a GitHub connection that maps acme/checkout and
 * acme/ledger onto checkout-api and ledger in staging and production, a
 * handful of runs, and a Jenkins connection whose last sync failed.
 */
export function fakeWithPipelines(): { fake: FakeBackend; github: Connection; jenkins: Connection } {
  const fake = fakeWithCatalog();
  const [staging, production] = [byName(fake.environments, 'staging'), byName(fake.environments, 'production')];
  const github = seedConnection(fake, {
    name: 'GitHub acme', scope: ['acme/checkout', 'acme/ledger', 'acme/unsynced'],
    rules: {
      deployment_names: ['deploy*'], stall_after_min: null,
      environments: [{ provider_environment: 'production', environment_id: production }, { provider_environment: 'staging', environment_id: staging }],
      services: [
        { source: 'acme/checkout', service_id: byName(fake.services, 'checkout-api') },
        { source: 'acme/ledger', service_id: byName(fake.services, 'ledger') },
      ],
    },
  });
  const run = (source: string, env: string, raw: string, at: string, extra = {}) =>
    fake.sync.seedRun(github.id, { source, provider_environment: env, raw_status: raw, created_at: at, started_at: at, name: 'deploy-prod', ...extra });
  run('acme/checkout', 'production', 'completed:failure', '2024-05-01T08:00:00Z');
  run('acme/checkout', 'production', 'completed:success', '2024-05-01T10:00:00Z', {
    sha: 'abc1234def5678', git_ref: 'main', actor: 'dana', external_id: '9001', attempt: 2,
    url: 'https://github.com/acme/checkout/actions/runs/9001', finished_at: '2024-05-01T10:04:30Z',
  });
  run('acme/checkout', 'staging', 'in_progress', '2024-05-01T07:00:00Z', { status: 'stalled', inferred: 'stalled' });
  run('acme/ledger', 'staging', 'completed:failure', '2024-05-01T09:30:00Z');
  run('acme/ledger', 'staging', 'weird_new_state', '2024-05-01T06:00:00Z', { name: 'lint' });
  fake.sync.seedRecord(github.id, {
    ok: true, stored: 5, duration_ms: 4200, advanced: ['Checkout v2: planned → in progress'],
    report: { ...emptyReport(), items: 120, pages: 4, requests: 6, not_modified: 2, quota: { limit: 5000, remaining: 4812, reset_at: null } },
  });

  const jenkins = seedConnection(fake, {
    name: 'Jenkins', provider: 'jenkins', base_url: 'https://jenkins.acme.test', scope: ['deploy/ledger'], username: 'ci',
  });
  fake.sync.seedRecord(jenkins.id, { ok: true });
  fake.sync.seedRecord(jenkins.id, {
    ok: false, error: 'HTTP 401 from https://jenkins.acme.test: check the token',
    report: { ...emptyReport(), complete: false, gaps: ['deploy/ledger: builds 1–40 were not read'] },
  });
  return { fake, github, jenkins };
}
