// Test helpers for the calendar: a catalog with seeded changes and windows,
// the app opened on the calendar with the clock at the fake's start, and the
// display zone set to UTC so days and hours do not depend on the machine.
import { expect, vi } from 'vitest';
import type { Change, Window } from '../../lib/bindings';
import type { FakeBackend } from '../../lib/fakeBackend';
import { fireEvent } from '@testing-library/svelte';
import { fakeWithCatalog, renderApp, screen, waitFor } from '../../test/render';

/** The fake backend's clock starts here; the page's "today" is pinned to it. */
export const START = '2024-05-01T09:00:00Z';

export function ids(fake: FakeBackend) {
  const service = (name: string) => fake.services.find((s) => s.name === name)?.id ?? '';
  const env = (name: string) => fake.environments.find((e) => e.name === name)?.id ?? '';
  return { service, env };
}

let seq = 0;

export function seedChange(fake: FakeBackend, extra: Partial<Change> & Pick<Change, 'title' | 'start' | 'end'>): Change {
  const { service, env } = ids(fake);
  const change: Change = {
    id: `seed-${++seq}`, description: '', service_ids: [service('ledger')], environment_id: env('staging'),
    owner: 'Ana', train_id: null, status: 'planned', created_at: START, updated_at: START, ...extra,
  };
  fake.cal.changes.push(change);
  return change;
}

export function seedWindow(fake: FakeBackend, extra: Partial<Window> & Pick<Window, 'name' | 'start' | 'duration_minutes'>): Window {
  const w: Window = {
    id: `win-seed-${++seq}`, kind: 'freeze', soft: false, description: '', time_zone: 'UTC', rrule: null, rdates: [], exdates: [],
    environment_ids: [], service_ids: [], created_at: START, updated_at: START, ...extra,
  };
  fake.cal.windows.push(w);
  return w;
}

/** Pins Date (only) to the fake's start; timers stay real so the app runs normally. */
export function pinClock(): void {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(START) });
}

/** Opens the app on the calendar, waits for the month grid, and switches the zone to UTC. */
export async function openCalendar(fake: FakeBackend = fakeWithCatalog()) {
  history.replaceState(null, '', '#/calendar');
  const app = renderApp(fake);
  await screen.findByTestId('month-view');
  const zone = screen.getByTestId('cal-zone');
  await app.user.selectOptions(zone, 'UTC');
  await waitFor(() => expect(fake.calls.filter((c) => c === 'calendar_view').length).toBeGreaterThan(0));
  return app;
}

/** The chip of the change titled `title` (exactly one must be shown). */
export function chip(title: string): HTMLElement {
  const found = screen.getAllByTestId('change-chip').filter((el) => el.textContent?.includes(title));
  if (found.length !== 1) throw new Error(`expected one chip titled ${title}, found ${found.length}`);
  return found[0];
}

/** The month grid's cell for a day, by its `YYYY-MM-DD` key. */
export function monthDay(key: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="month-day"][data-day="${key}"]`);
  if (!el) throw new Error(`no day ${key} in the month grid`);
  return el;
}

/** The timeline bar button focused from the keyboard: Tab to the canvas, an arrow key, then Right / Down until `title`. */
export async function focusBar(title: string): Promise<HTMLElement> {
  const canvas = screen.getByTestId('timeline-canvas');
  await waitFor(() => expect(Number(canvas.dataset.drawn)).toBeGreaterThan(0));
  canvas.focus();
  fireEvent.keyDown(canvas, { key: 'ArrowRight' });
  for (let i = 0; i < 50; i++) {
    const focused = await waitFor(() => {
      const el = document.activeElement as HTMLElement | null;
      if (el?.dataset.testid !== 'change-bar') throw new Error('no bar has the focus');
      return el;
    });
    if (focused.textContent?.includes(title)) return focused;
    const before = focused.dataset.changeId;
    fireEvent.keyDown(focused, { key: 'ArrowRight' });
    await new Promise((r) => setTimeout(r, 0));
    if ((document.activeElement as HTMLElement | null)?.dataset.changeId === before) fireEvent.keyDown(focused, { key: 'ArrowDown' });
  }
  throw new Error(`no timeline bar titled ${title} reached from the keyboard`);
}
