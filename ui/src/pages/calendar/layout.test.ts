// Unit tests for the calendar's pure geometry and periods: snapping, the
// pixel/time mapping of drags, lanes, the timeline's virtualisation windows,
// the periods of each view and the single-flight conflict checks of a drag.
import { describe, expect, it } from 'vitest';
import { draggedStart, intersects, offsetsOf, packLanes, snap, timeToX, visibleRows, visibleTimes, weekDropPoint, xToTime } from './layout';
import { daysOf, periodOf, stepAnchor } from './period';
import { SingleFlight, type Outcome } from './singleFlight';
import { toIso } from '../../lib/zonedTime';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

describe('snapping and mapping', () => {
  it('snaps to the nearest quarter hour', () => {
    expect(toIso(snap(at('2024-05-01T09:07:00Z')))).toBe('2024-05-01T09:00:00Z');
    expect(toIso(snap(at('2024-05-01T09:08:00Z')))).toBe('2024-05-01T09:15:00Z');
    expect(toIso(snap(at('2024-05-01T09:52:31Z')))).toBe('2024-05-01T10:00:00Z');
  });

  it('maps x to time and back on an axis', () => {
    const axis = { from: at('2024-05-01T00:00:00Z'), pxPerMs: 16 / 3_600_000 };
    expect(timeToX(at('2024-05-01T06:00:00Z'), axis)).toBe(96);
    expect(xToTime(96, axis)).toBe(at('2024-05-01T06:00:00Z'));
  });

  it('moves a dragged bar by the dragged time, snapped', () => {
    const axis = { from: 0, pxPerMs: 16 / 3_600_000 }; // 16 px an hour: 4 px per 15 minutes
    const start = at('2024-05-01T09:00:00Z');
    expect(toIso(draggedStart(start, 16, axis))).toBe('2024-05-01T10:00:00Z');
    expect(toIso(draggedStart(start, 5, axis))).toBe('2024-05-01T09:15:00Z');
    expect(toIso(draggedStart(start, -1, axis))).toBe('2024-05-01T09:00:00Z');
    expect(toIso(draggedStart(start, -16 * 24, axis))).toBe('2024-04-30T09:00:00Z');
  });

  it('finds the week column and snapped minute under the pointer', () => {
    const g = { columnWidth: 100, columns: 7, hourPx: 40 };
    expect(weekDropPoint(250, 400, g, 0)).toEqual({ column: 2, minute: 600 });
    // Grabbed 30 minutes below its start: the start lands 30 minutes higher.
    expect(weekDropPoint(250, 400, g, 30)).toEqual({ column: 2, minute: 570 });
    expect(weekDropPoint(250, 407, g, 0)).toEqual({ column: 2, minute: 615 });
    expect(weekDropPoint(-20, 0, g, 0).column).toBe(0);
    expect(weekDropPoint(900, 0, g, 0).column).toBe(6);
  });
});

describe('lanes', () => {
  const span = (s: [number, number]) => ({ start: s[0], end: s[1] });

  it('puts overlapping items side by side and lone ones full width', () => {
    const placed = packLanes<[number, number]>([[0, 60], [30, 90], [60, 120], [200, 260]], span);
    const lanes = placed.map((p) => [p.item[0], p.lane, p.lanes]);
    expect(lanes).toEqual([[0, 0, 2], [30, 1, 2], [60, 0, 2], [200, 0, 1]]);
  });

  it('treats touching intervals as not overlapping', () => {
    expect(intersects({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false);
    expect(packLanes<[number, number]>([[0, 10], [10, 20]], span).map((p) => p.lanes)).toEqual([1, 1]);
  });
});

describe('virtualisation', () => {
  it('draws only the rows in the viewport plus overscan', () => {
    const offsets = offsetsOf(new Array(2000).fill(30));
    expect(offsets[2000]).toBe(60_000);
    expect(visibleRows(offsets, 0, 300, 0)).toEqual({ first: 0, last: 10 });
    expect(visibleRows(offsets, 3000, 300, 5)).toEqual({ first: 95, last: 115 });
    expect(visibleRows(offsets, 3015, 300, 0)).toEqual({ first: 100, last: 111 });
    expect(visibleRows(offsets, 59_900, 300, 3)).toEqual({ first: 1993, last: 2000 });
    expect(visibleRows([0], 0, 300, 3)).toEqual({ first: 0, last: 0 });
  });

  it('handles rows of different heights', () => {
    const offsets = offsetsOf([30, 90, 30, 30]);
    expect(offsets).toEqual([0, 30, 120, 150, 180]);
    expect(visibleRows(offsets, 100, 30, 0)).toEqual({ first: 1, last: 3 });
  });

  it('bounds the instants of the horizontal viewport', () => {
    const axis = { from: at('2024-04-01T00:00:00Z'), pxPerMs: 1.25 / 3_600_000 };
    const view = visibleTimes(300, 1000, axis, 100);
    expect(toIso(view.start)).toBe('2024-04-07T16:00:00Z');
    expect(toIso(view.end)).toBe('2024-05-17T16:00:00Z');
  });
});

describe('periods', () => {
  it('month view shows six weeks from the Monday before the 1st', () => {
    const p = periodOf('month', 'week', at('2024-05-15T12:00:00Z'), 'UTC');
    expect(toIso(p.from)).toBe('2024-04-29T00:00:00Z');
    expect(toIso(p.to)).toBe('2024-06-10T00:00:00Z');
    expect(p.title).toMatch(/May.*2024/);
    expect(daysOf(p.from, p.to, 'UTC')).toHaveLength(42);
  });

  it('week, day and quarter periods in a zone', () => {
    const t = at('2024-05-15T12:00:00Z');
    const week = periodOf('week', 'week', t, 'Europe/Berlin');
    expect(toIso(week.from)).toBe('2024-05-12T22:00:00Z');
    expect(toIso(week.to)).toBe('2024-05-19T22:00:00Z');
    expect(toIso(periodOf('timeline', 'day', t, 'UTC').to)).toBe('2024-05-16T00:00:00Z');
    const q = periodOf('timeline', 'quarter', t, 'UTC');
    expect([toIso(q.from), toIso(q.to), q.title]).toEqual(['2024-04-01T00:00:00Z', '2024-07-01T00:00:00Z', 'Q2 2024']);
  });

  it('steps back and forth by the period', () => {
    const t = at('2024-05-15T12:00:00Z');
    expect(toIso(stepAnchor('month', 'week', t, 1, 'UTC'))).toBe('2024-06-01T00:00:00Z');
    expect(toIso(stepAnchor('week', 'week', t, -1, 'UTC'))).toBe('2024-05-08T12:00:00Z');
    expect(toIso(stepAnchor('timeline', 'quarter', t, 1, 'UTC'))).toBe('2024-08-01T00:00:00Z');
  });
});

describe('single flight', () => {
  it('keeps one request in flight and ends on the latest', async () => {
    const got: [string, Outcome<string>][] = [];
    const flight = new SingleFlight<string>((key, outcome) => got.push([key, outcome]));
    const sent: string[] = [];
    const pending: (() => void)[] = [];
    const run = (key: string) => () => {
      sent.push(key);
      return new Promise<string>((resolve) => pending.push(() => resolve(`answer ${key}`)));
    };
    flight.request('a', run('a'));
    flight.request('b', run('b'));
    flight.request('c', run('c'));
    expect(sent).toEqual(['a']);
    pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['a', 'c']);
    pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(got.map(([k]) => k)).toEqual(['a', 'c']);
    expect(got[1][1]).toEqual({ ok: true, value: 'answer c' });
    expect(flight.busy).toBe(false);
  });

  it('ignores the answer after cancel', async () => {
    const got: string[] = [];
    const flight = new SingleFlight<number>((key) => got.push(key));
    flight.request('a', () => Promise.resolve(MIN));
    flight.cancel();
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toEqual([]);
  });
});

describe('days', () => {
  it('lists an item on every day it touches', async () => {
    const { bucketByDay } = await import('./layout');
    const days = [0, 100, 200];
    const items: [number, number][] = [[10, 20], [90, 110], [100, 200], [-50, 5], [250, 400], [300, 310]];
    const got = bucketByDay(items, ([start, end]) => ({ start, end }), days, 300);
    expect(got).toEqual([[[10, 20], [90, 110], [-50, 5]], [[90, 110], [100, 200]], [[250, 400]]]);
  });
});
