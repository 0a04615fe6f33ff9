// Test helpers: mount the whole app on a FakeBackend and drive it like a user.
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { expect } from 'vitest';
import App from '../App.svelte';
import { setBackend } from '../lib/backend';
import { FakeBackend, type FakeOptions } from '../lib/fakeBackend';

export function fakeWithCatalog(options: FakeOptions = {}): FakeBackend {
  const fake = new FakeBackend(options);
  const payments = fake.seedTeam('Payments', { contact: '#payments' });
  const platform = fake.seedTeam('Platform', { contact: 'platform@example.com' });
  fake.seedService('checkout-api', { owner_team_id: payments.id, tier: 'critical', system: 'commerce', tags: ['api', 'pci'] });
  fake.seedService('ledger', { owner_team_id: payments.id, tier: 'high', system: 'finance' });
  fake.seedService('build-cache', { owner_team_id: platform.id, tier: 'low', system: 'tooling' });
  fake.seedEnvironment('staging');
  fake.seedEnvironment('production', { production: true, deploy_quota: 2, time_zone: 'Europe/Berlin' });
  return fake;
}

export function renderApp(fake: FakeBackend = fakeWithCatalog()) {
  setBackend(fake);
  const user = userEvent.setup();
  const result = render(App);
  return { ...result, user, fake };
}

/** Text of the Name cell of every visible service row. */
export function serviceNames(): string[] {
  return screen.queryAllByTestId('service-row').map((row) => row.querySelector('td')?.textContent ?? '');
}

/** Waits until the services table shows exactly `names`, in order. */
export async function expectServices(names: string[]): Promise<void> {
  await waitFor(() => expect(serviceNames()).toEqual(names));
}

export function dialog(): HTMLElement {
  return screen.getByRole('dialog');
}

export function field(name: string): HTMLInputElement {
  const el = dialog().querySelector<HTMLInputElement>(`[name="${name}"]`);
  if (!el) throw new Error(`no field named ${name} in the dialog`);
  return el;
}

export { screen, waitFor, within };
