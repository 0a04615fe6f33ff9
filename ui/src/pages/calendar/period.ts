// The period each calendar view shows: its bounds in the display zone, its
// title, its days, and where Previous / Next go. Pure functions of the view,
// the timeline zoom, an anchor instant inside the period and the zone.
import {
  addDays,
  addMonths,
  DAY_MS,
  formatInZone,
  formatRangeInZone,
  HOUR_MS,
  startOfDay,
  startOfMonth,
  startOfWeek,
  wallTime,
  zonedInstant,
} from '../../lib/zonedTime';

export type ViewKind = 'month' | 'week' | 'timeline';
export type Zoom = 'day' | 'week' | 'month' | 'quarter';

export const ZOOMS: readonly Zoom[] = ['day', 'week', 'month', 'quarter'];

export interface Period {
  /** First instant shown. */
  from: number;
  /** First instant after the period. */
  to: number;
  title: string;
}

/** Timeline scale per zoom: pixels per hour, and how far a keyboard move steps. */
export const ZOOM_SCALE: Record<Zoom, { pxPerHour: number; stepMs: number; stepLabel: string }> = {
  day: { pxPerHour: 80, stepMs: HOUR_MS, stepLabel: 'an hour' },
  week: { pxPerHour: 16, stepMs: DAY_MS, stepLabel: 'a day' },
  month: { pxPerHour: 4, stepMs: DAY_MS, stepLabel: 'a day' },
  quarter: { pxPerHour: 1.25, stepMs: 7 * DAY_MS, stepLabel: 'a week' },
};

const MONTH_TITLE: Intl.DateTimeFormatOptions = { month: 'long', year: 'numeric' };
const DAY_TITLE: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const RANGE_TITLE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

function startOfQuarter(ms: number, zone: string): number {
  const w = wallTime(ms, zone);
  return zonedInstant(zone, w.year, w.month - ((w.month - 1) % 3), 1);
}

/** The period the view shows around `anchor`. */
export function periodOf(view: ViewKind, zoom: Zoom, anchor: number, zone: string): Period {
  const unit = view === 'timeline' ? zoom : view;
  switch (unit) {
    case 'month': {
      const first = startOfMonth(anchor, zone);
      if (view === 'month') {
        // Six whole weeks, so every month fits and the grid never jumps in height.
        const from = startOfWeek(first, zone);
        return { from, to: addDays(from, 42, zone), title: formatInZone(first, zone, MONTH_TITLE) };
      }
      return { from: first, to: addMonths(first, 1, zone), title: formatInZone(first, zone, MONTH_TITLE) };
    }
    case 'week': {
      const from = startOfWeek(anchor, zone);
      const to = addDays(from, 7, zone);
      return { from, to, title: formatRangeInZone(from, to - 1, zone, RANGE_TITLE) };
    }
    case 'day': {
      const from = startOfDay(anchor, zone);
      return { from, to: addDays(from, 1, zone), title: formatInZone(from, zone, DAY_TITLE) };
    }
    case 'quarter': {
      const from = startOfQuarter(anchor, zone);
      const to = addMonths(from, 3, zone);
      const q = Math.floor((wallTime(from, zone).month - 1) / 3) + 1;
      return { from, to, title: `Q${q} ${wallTime(from, zone).year}` };
    }
  }
}

/** The anchor one period before (`dir` -1) or after (+1). */
export function stepAnchor(view: ViewKind, zoom: Zoom, anchor: number, dir: -1 | 1, zone: string): number {
  const unit = view === 'timeline' ? zoom : view;
  switch (unit) {
    case 'month':
      return addMonths(startOfMonth(anchor, zone), dir, zone);
    case 'quarter':
      return addMonths(startOfMonth(anchor, zone), 3 * dir, zone);
    case 'week':
      return addDays(anchor, 7 * dir, zone);
    case 'day':
      return addDays(anchor, dir, zone);
  }
}

/** The midnights of every day in [from, to) in the zone. */
export function daysOf(from: number, to: number, zone: string): number[] {
  const out: number[] = [];
  for (let d = startOfDay(from, zone); d < to && out.length < 400; d = addDays(d, 1, zone)) out.push(d);
  return out;
}
