// Pure parts of the timeline: its rows (one per environment or per service,
// each with its changes packed into lanes and the windows that apply only to
// it), and the axis ticks for each zoom in the display zone.
import type { Change, Environment, WindowOccurrence } from '../../lib/bindings';
import { addDays, formatInZone, startOfDay, startOfWeek, wallTime, zonedInstant, DAY_MS, HOUR_MS } from '../../lib/zonedTime';
import { packLanes, type Placed } from './layout';
import type { Zoom } from './period';

export interface TimelineRow {
  id: string;
  label: string;
  production: boolean;
  bars: Placed<Change>[];
  lanes: number;
  /** Windows that apply to this row only (windows for every row are drawn once, across all). */
  windows: WindowOccurrence[];
}

export interface RowSet {
  rows: TimelineRow[];
  /** Windows applying to every row. */
  everywhere: WindowOccurrence[];
}

const spanOf = (c: Change) => ({ start: Date.parse(c.start), end: Date.parse(c.end) });

function row(id: string, label: string, production: boolean, changes: Change[], windows: WindowOccurrence[]): TimelineRow {
  const bars = packLanes(changes, spanOf);
  const lanes = bars.reduce((m, b) => Math.max(m, b.lane + 1), 1);
  return { id, label, production, bars, lanes, windows };
}

/** One row per environment (in promotion order); freezes with no environments apply to all. */
export function environmentRows(environments: readonly Environment[], changes: readonly Change[], windows: readonly WindowOccurrence[]): RowSet {
  const byEnv = new Map<string, Change[]>();
  for (const c of changes) {
    const list = byEnv.get(c.environment_id);
    if (list) list.push(c);
    else byEnv.set(c.environment_id, [c]);
  }
  const everywhere = windows.filter((w) => w.environment_ids.length === 0);
  const specific = windows.filter((w) => w.environment_ids.length > 0);
  return {
    everywhere,
    rows: environments.map((env) =>
      row(env.id, env.name, env.production, byEnv.get(env.id) ?? [], specific.filter((w) => w.environment_ids.includes(env.id))),
    ),
  };
}

/**
 * One row per service that has a change in the period (or is filtered on),
 * by name; a change touching several services shows in each of their rows.
 */
export function serviceRows(
  names: ReadonlyMap<string, string>,
  changes: readonly Change[],
  windows: readonly WindowOccurrence[],
  extra: readonly string[] = [],
): RowSet {
  const byService = new Map<string, Change[]>();
  for (const id of extra) byService.set(id, []);
  for (const c of changes) {
    for (const id of c.service_ids) {
      const list = byService.get(id);
      if (list) list.push(c);
      else byService.set(id, [c]);
    }
  }
  const everywhere = windows.filter((w) => w.service_ids.length === 0);
  const specific = windows.filter((w) => w.service_ids.length > 0);
  const label = (id: string) => names.get(id) ?? 'Unknown service';
  return {
    everywhere,
    rows: [...byService.keys()]
      .sort((a, b) => label(a).localeCompare(label(b)))
      .map((id) => row(id, label(id), false, byService.get(id) ?? [], specific.filter((w) => w.service_ids.includes(id)))),
  };
}

export interface Tick {
  at: number;
  label: string;
  /** Stronger line: day starts (day/week zoom), week starts (month), month starts (quarter). */
  major: boolean;
}

/** The axis ticks of a period at a zoom, in the display zone. */
export function ticksOf(from: number, to: number, zoom: Zoom, zone: string): Tick[] {
  const out: Tick[] = [];
  const push = (at: number, label: string, major: boolean) => {
    if (at >= from && at < to) out.push({ at, label, major });
  };
  if (zoom === 'day') {
    const w = wallTime(from, zone);
    for (let h = 0; h < 26; h++) {
      const at = zonedInstant(zone, w.year, w.month, w.day, h);
      if (out.at(-1)?.at === at) continue;
      push(at, formatInZone(at, zone, { hour: 'numeric', minute: '2-digit' }), h % 6 === 0);
    }
    return out;
  }
  if (zoom === 'quarter') {
    for (let d = startOfWeek(from, zone); d < to; d = addDays(d, 7, zone)) {
      push(d, formatInZone(d, zone, { day: 'numeric', month: 'short' }), false);
    }
    for (let d = startOfDay(from, zone); d < to; d = addDays(d, 1, zone)) {
      if (wallTime(d, zone).day === 1) {
        const at = d;
        const i = out.findIndex((t) => t.at === at);
        if (i >= 0) out[i].major = true;
        else push(at, formatInZone(at, zone, { month: 'short' }), true);
      }
    }
    out.sort((a, b) => a.at - b.at);
    // A week label just before a month label would overlap it: keep only its line.
    for (let i = 0; i + 1 < out.length; i++) {
      if (!out[i].major && out[i + 1].major && out[i + 1].at - out[i].at < 4 * DAY_MS) out[i].label = '';
    }
    return out;
  }
  for (let d = startOfDay(from, zone); d < to; d = addDays(d, 1, zone)) {
    const weekday = wallTime(d, zone).weekday;
    push(d, formatInZone(d, zone, { weekday: 'short', day: 'numeric' }), zoom === 'week' || weekday === 1);
    if (zoom === 'week') {
      for (const h of [6, 12, 18]) push(d + h * HOUR_MS, '', false);
    }
  }
  return out;
}
