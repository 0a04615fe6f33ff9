// Timeline tests: rows and axis ticks (pure), and that a quarter with 2,000
// changes draws only the rows and bars in the viewport, following scrolling.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import type { Change, Environment, WindowOccurrence } from '../../lib/bindings';
import { drawnOn } from '../../test/canvas';
import { fakeWithCatalog, screen, waitFor } from '../../test/render';
import { focusBar, openCalendar, pinClock, seedChange, seedWindow } from './calendarTestKit';
import { environmentRows, serviceRows, ticksOf } from './timeline';

const env = (id: string, name: string): Environment => ({
  id, name, position: 0, production: false, deploy_quota: null, time_zone: 'UTC', created_at: '', updated_at: '',
});
const change = (id: string, envId: string, services: string[], start: string, end: string) =>
  ({ id, title: id, environment_id: envId, service_ids: services, start, end }) as Change;
const occurrence = (name: string, environment_ids: string[], service_ids: string[] = []) =>
  ({ window_id: name, name, kind: 'freeze', soft: false, interval: { start: '2024-05-01T00:00:00Z', end: '2024-05-02T00:00:00Z' }, environment_ids, service_ids }) as WindowOccurrence;

describe('timeline rows', () => {
  it('groups changes per environment with lanes, and freezes by the rows they apply to', () => {
    const set = environmentRows(
      [env('e1', 'staging'), env('e2', 'production')],
      [
        change('a', 'e1', ['s1'], '2024-05-01T10:00:00Z', '2024-05-01T12:00:00Z'),
        change('b', 'e1', ['s2'], '2024-05-01T11:00:00Z', '2024-05-01T13:00:00Z'),
        change('c', 'e2', ['s1'], '2024-05-01T11:00:00Z', '2024-05-01T13:00:00Z'),
      ],
      [occurrence('all', []), occurrence('prod only', ['e2'])],
    );
    expect(set.rows.map((r) => [r.label, r.lanes, r.bars.map((b) => b.item.id)])).toEqual([
      ['staging', 2, ['a', 'b']],
      ['production', 1, ['c']],
    ]);
    expect(set.everywhere.map((w) => w.name)).toEqual(['all']);
    expect(set.rows.map((r) => r.windows.map((w) => w.name))).toEqual([[], ['prod only']]);
  });

  it('lists a change in every service row it touches, rows by name', () => {
    const names = new Map([['s1', 'ledger'], ['s2', 'checkout'], ['s3', 'zeta']]);
    const set = serviceRows(names, [change('a', 'e1', ['s1', 's2'], '2024-05-01T10:00:00Z', '2024-05-01T12:00:00Z')], [], ['s3']);
    expect(set.rows.map((r) => [r.label, r.bars.length])).toEqual([['checkout', 1], ['ledger', 1], ['zeta', 0]]);
  });

  it('ticks hours, days or weeks by zoom, in the zone', () => {
    const from = Date.parse('2024-04-01T00:00:00Z');
    expect(ticksOf(from, from + 86_400_000, 'day', 'UTC')).toHaveLength(24);
    const quarter = ticksOf(from, Date.parse('2024-07-01T00:00:00Z'), 'quarter', 'UTC');
    expect(quarter.filter((t) => t.major).map((t) => new Date(t.at).toISOString().slice(0, 10))).toEqual(['2024-04-01', '2024-05-01', '2024-06-01']);
    // Berlin's DST day has 23 hours.
    const berlin = Date.parse('2024-03-30T23:00:00Z');
    expect(ticksOf(berlin, berlin + 23 * 3_600_000, 'day', 'Europe/Berlin')).toHaveLength(23);
  });
});

describe('timeline view', () => {
  beforeEach(() => pinClock());
  afterEach(() => vi.useRealTimers());

  it('draws only what the viewport shows of a quarter with 2,000 changes', async () => {
    const fake = fakeWithCatalog();
    const services = Array.from({ length: 400 }, (_, i) => fake.seedService(`svc-${String(i).padStart(3, '0')}`));
    const day = 86_400_000;
    const q2 = Date.parse('2024-04-01T00:00:00Z');
    for (let i = 0; i < 2000; i++) {
      const start = q2 + (i % 91) * day + (i % 24) * 3_600_000;
      seedChange(fake, {
        title: `Change ${i}`, status: 'succeeded', service_ids: [services[i % 400].id],
        start: new Date(start).toISOString(), end: new Date(start + 2 * 3_600_000).toISOString(),
      });
    }
    seedWindow(fake, { name: 'Global freeze', start: '2024-05-01T00:00:00', duration_minutes: 24 * 60 });
    const { user } = await openCalendar(fake);
    await user.click(screen.getByTestId('view-timeline'));
    await user.click(screen.getByTestId('zoom-quarter'));
    await user.click(screen.getByTestId('timeline-rows'));

    await waitFor(() => expect(screen.getAllByTestId('timeline-row').length).toBeGreaterThan(5));
    const rows = screen.getAllByTestId('timeline-row');
    const canvas = screen.getByTestId('timeline-canvas');
    expect(rows.length).toBeLessThan(40);
    // Painted, not built: no element per bar, and only the bars on screen are painted.
    expect(screen.queryAllByTestId('change-bar')).toHaveLength(0);
    await waitFor(() => expect(Number(canvas.dataset.drawn)).toBeGreaterThan(0));
    expect(Number(canvas.dataset.drawn)).toBeLessThan(200);
    expect(rows[0]).toHaveTextContent('svc-000');
    // Scrolled to today (1 May): svc-000's change of 7 May is the first bar the keyboard reaches; End goes to its last (12 June).
    expect(await focusBar('Change 400')).toHaveAttribute('data-start', expect.stringContaining('2024-05-07'));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'End' });
    await waitFor(() => expect(document.activeElement).toHaveTextContent('Change 800'));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'Home' });
    await waitFor(() => expect(document.activeElement).toHaveTextContent('Change 0'));
    // The global freeze is shaded across every row.
    expect(drawnOn(canvas).rects.some((r) => r.fill === 'rgba(198, 47, 47, 0.13)' && r.h > 500)).toBe(true);

    const scroller = screen.getByTestId('timeline-scroller');
    scroller.scrollTop = 200 * 32;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(screen.getAllByTestId('timeline-row')[0]).not.toHaveTextContent('svc-000'));
    const labels = screen.getAllByTestId('timeline-row').map((r) => r.textContent ?? '');
    expect(labels.some((l) => l.includes('svc-200'))).toBe(true);
    expect(screen.getAllByTestId('timeline-row').length).toBeLessThan(40);

    // Scrolled sideways to the end of June: still only what is on screen is painted.
    const before = canvas.dataset.drawn;
    scroller.scrollLeft = 2500;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(canvas.dataset.drawn).not.toBe(before));
    expect(Number(canvas.dataset.drawn)).toBeLessThan(200);
  });
});
