// Behaviour tests for the windows list: kind badges, recurrence in words,
// scope, the kind filter and the empty state.
import { describe, expect, it } from 'vitest';
import { fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';
import type { FakeBackend } from '../../lib/fakeBackend';
import { seedWindow } from './seed';

function catalogWithWindows(): FakeBackend {
  const fake = fakeWithCatalog();
  const production = fake.environments.find((e) => e.name === 'production');
  seedWindow(fake, 'Weekend freeze', { rrule: 'FREQ=WEEKLY;BYDAY=SA,SU', duration_minutes: 2880, time_zone: 'Europe/Berlin' });
  seedWindow(fake, 'Holiday season', { soft: true, rrule: 'FREQ=YEARLY', start: '2024-12-20T00:00:00', duration_minutes: 20160 });
  seedWindow(fake, 'Patch night', {
    kind: 'maintenance', rrule: 'FREQ=MONTHLY;BYDAY=1MO', start: '2024-05-06T22:00:00', duration_minutes: 90,
    environment_ids: production ? [production.id] : [],
  });
  seedWindow(fake, 'Nightly backup', {
    kind: 'maintenance', rrule: 'FREQ=DAILY', start: '2024-05-01T02:00:00', duration_minutes: 30,
    service_ids: fake.services.slice(0, 2).map((s) => s.id),
  });
  seedWindow(fake, 'Fortnightly', { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR' });
  seedWindow(fake, 'Launch day', { start: '2024-06-01T08:00:00', duration_minutes: 480 });
  return fake;
}

async function openWindows(fake = catalogWithWindows()) {
  history.replaceState(null, '', '#/windows');
  const app = renderApp(fake);
  await waitFor(() => expect(screen.getAllByTestId('window-row').length).toBeGreaterThan(0));
  return app;
}

function row(name: string): HTMLElement {
  const found = screen.getAllByTestId('window-row').find((r) => r.querySelector('td')?.textContent === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
}

const names = () => screen.queryAllByTestId('window-row').map((r) => r.querySelector('td')?.textContent);

describe('windows list', () => {
  it('shows kind badges, recurrence in words, durations and scope', async () => {
    await openWindows();
    const badge = (name: string) => within(row(name)).getByTestId('kind-badge').textContent;
    const rule = (name: string) => within(row(name)).getByTestId('window-rule').textContent;
    expect(badge('Weekend freeze')).toBe('Hard freeze');
    expect(badge('Holiday season')).toBe('Soft freeze');
    expect(badge('Patch night')).toBe('Maintenance');

    expect(rule('Weekend freeze')).toBe('Every Sat, Sun');
    expect(rule('Holiday season')).toBe('Every year');
    expect(rule('Patch night')).toBe('First Monday of the month');
    expect(rule('Nightly backup')).toBe('Every day');
    expect(rule('Fortnightly')).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR');
    expect(rule('Launch day')).toBe('One-off');

    expect(row('Weekend freeze')).toHaveTextContent('Europe/Berlin');
    expect(row('Weekend freeze')).toHaveTextContent('2d');
    expect(row('Patch night')).toHaveTextContent('1h30m');
    expect(row('Holiday season')).toHaveTextContent('14d');
    expect(row('Weekend freeze')).toHaveTextContent('Everything');
    await waitFor(() => expect(row('Patch night')).toHaveTextContent('production'));
    expect(row('Nightly backup')).toHaveTextContent('All environments · 2 services');
    expect(row('Launch day').querySelector('time')).toHaveAttribute('datetime', '2024-06-01T08:00:00');
    expect(row('Launch day')).toHaveTextContent('2024');
  });

  it('filters by kind and by name', async () => {
    const { user } = await openWindows();
    await user.selectOptions(screen.getByTestId('filter-kind'), 'maintenance');
    await waitFor(() => expect(names()).toEqual(['Nightly backup', 'Patch night']));
    await user.selectOptions(screen.getByTestId('filter-kind'), 'soft');
    await waitFor(() => expect(names()).toEqual(['Holiday season']));
    await user.selectOptions(screen.getByTestId('filter-kind'), 'hard');
    await waitFor(() => expect(names()).toEqual(['Fortnightly', 'Launch day', 'Weekend freeze']));
    await user.type(screen.getByTestId('search'), 'week');
    await waitFor(() => expect(names()).toEqual(['Weekend freeze']));
    await user.type(screen.getByTestId('search'), 'x');
    await user.click(await screen.findByTestId('clear-filters'));
    await waitFor(() => expect(names()).toHaveLength(6));
  });

  it('explains windows when there are none', async () => {
    history.replaceState(null, '', '#/windows');
    renderApp(fakeWithCatalog());
    expect(await screen.findByTestId('empty-windows')).toHaveTextContent('Freeze windows keep changes out of risky periods');
  });
});
