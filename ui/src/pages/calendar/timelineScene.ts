// What the timeline's canvas shows, as pure geometry: an index of the bars by
// row and lane, the scene inside a viewport (only the bars, windows and grid
// lines on screen), hit-testing a point, and keyboard navigation between bars.
// The canvas paints the scene (timelinePaint.ts); nothing here touches the DOM.
import type { Change, Severity, WindowOccurrence } from '../../lib/bindings';
import { intersects, timeToX, type Axis, type Span } from './layout';
import type { Tick } from './timeline';
import type { TimelineRow } from './timeline';

/** One change bar placed in the timeline: its row, lane and instants. */
export interface Bar {
  change: Change;
  row: number;
  lane: number;
  start: number;
  end: number;
}

export interface RowIndex {
  /** Per lane, bars by start; bars of one lane never overlap, so also by end. */
  lanes: Bar[][];
  /** All the row's bars by start (then lane): the order Left / Right follow. */
  bars: Bar[];
}

/** The timeline's fixed geometry: rows' tops (from the first row) and sizes. */
export interface Geometry {
  axis: Axis;
  labelWidth: number;
  laneHeight: number;
  pad: number;
  /** Row tops from offsetsOf, the total height last. */
  offsets: readonly number[];
}

/** The part of the rows area on screen: x from the content's left edge, y from the first row's top. */
export interface Viewport {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SceneBar extends Rect {
  bar: Bar;
  severity: Severity | null;
  moving: boolean;
}

export interface SceneBand extends Rect {
  kind: 'hard' | 'soft' | 'maintenance';
}

export interface SceneLine {
  x: number;
  major: boolean;
}

/** Everything to paint, in viewport pixels. */
export interface Scene {
  width: number;
  height: number;
  bands: SceneBand[];
  lines: SceneLine[];
  /** Bottom edges of rows, for the separators. */
  rowEdges: number[];
  bars: SceneBar[];
}

/** Bars narrower than this show no text: colour and outline carry the meaning. */
export const NARROW_PX = 28;
const MIN_BAR_PX = 6;

const parse = (iso: string) => Date.parse(iso);

export function indexRows(rows: readonly TimelineRow[]): RowIndex[] {
  return rows.map((row, r) => {
    const lanes: Bar[][] = Array.from({ length: row.lanes }, () => []);
    const bars: Bar[] = [];
    for (const placed of row.bars) {
      const bar = { change: placed.item, row: r, lane: placed.lane, start: parse(placed.item.start), end: parse(placed.item.end) };
      lanes[placed.lane].push(bar);
      bars.push(bar);
    }
    for (const lane of lanes) lane.sort((a, b) => a.start - b.start);
    bars.sort((a, b) => a.start - b.start || a.lane - b.lane);
    return { lanes, bars };
  });
}

/** Where a bar sits, in content pixels (x from the content's left, y from the first row's top). */
export function barRect(bar: Bar, g: Geometry): Rect {
  const x0 = timeToX(bar.start, g.axis);
  return {
    x: g.labelWidth + x0,
    y: g.offsets[bar.row] + g.pad + bar.lane * g.laneHeight,
    w: Math.max(MIN_BAR_PX, timeToX(bar.end, g.axis) - x0),
    h: g.laneHeight - 2,
  };
}

/** The first row whose bottom is below `y`. */
function rowAt(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1] <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first bar of a lane that ends after `t`. */
function firstEndingAfter(lane: readonly Bar[], t: number): number {
  let lo = 0;
  let hi = lane.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lane[mid].end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const bandKind = (w: WindowOccurrence): SceneBand['kind'] => (w.kind === 'maintenance' ? 'maintenance' : w.soft ? 'soft' : 'hard');

export interface SceneInput {
  rows: readonly TimelineRow[];
  index: readonly RowIndex[];
  geometry: Geometry;
  /** Windows applying to every row. */
  everywhere: readonly WindowOccurrence[];
  ticks: readonly Tick[];
  severityOf: (change: Change) => Severity | null;
  movingId: string | null;
}

/**
 * The scene inside `vp`: only rows, lanes and bars that intersect it are
 * visited (binary searches on the row offsets and on each lane), so the cost
 * follows what is on screen, not the size of the quarter.
 */
export function sceneOf(input: SceneInput, vp: Viewport): Scene {
  const { rows, index, geometry: g } = input;
  const scene: Scene = { width: vp.width, height: vp.height, bands: [], lines: [], rowEdges: [], bars: [] };
  const total = g.offsets[g.offsets.length - 1] ?? 0;
  const xOf = (t: number) => g.labelWidth + timeToX(t, g.axis) - vp.left;
  // The labels cover the viewport's first labelWidth pixels: time starts to their right.
  const view: Span = {
    start: g.axis.from + vp.left / g.axis.pxPerMs,
    end: g.axis.from + (vp.left + vp.width - g.labelWidth) / g.axis.pxPerMs,
  };
  const bottom = Math.min(vp.height, total - vp.top);
  const band = (w: WindowOccurrence, y: number, h: number) => {
    const span = { start: parse(w.interval.start), end: parse(w.interval.end) };
    if (!intersects(span, view)) return;
    const x = xOf(span.start);
    scene.bands.push({ kind: bandKind(w), x, y, w: Math.max(2, xOf(span.end) - x), h });
  };
  for (const w of input.everywhere) band(w, 0, bottom);
  for (const t of input.ticks) {
    if (t.at >= view.start && t.at <= view.end) scene.lines.push({ x: Math.round(xOf(t.at)), major: t.major });
  }
  if (rows.length === 0) return scene;

  for (let r = rowAt(g.offsets, vp.top); r < rows.length && g.offsets[r] < vp.top + vp.height; r++) {
    const rowTop = g.offsets[r] - vp.top;
    const rowH = g.offsets[r + 1] - g.offsets[r];
    scene.rowEdges.push(rowTop + rowH);
    for (const w of rows[r].windows) band(w, rowTop, rowH);
    const lanes = index[r].lanes;
    const firstLane = Math.max(0, Math.floor((vp.top - g.offsets[r] - g.pad) / g.laneHeight));
    const lastLane = Math.min(lanes.length - 1, Math.floor((vp.top + vp.height - g.offsets[r] - g.pad) / g.laneHeight));
    // A bar is at least MIN_BAR_PX wide: one ending just before the view may still show.
    const from = view.start - MIN_BAR_PX / g.axis.pxPerMs;
    for (let l = firstLane; l <= lastLane; l++) {
      const lane = lanes[l];
      for (let i = firstEndingAfter(lane, from); i < lane.length && lane[i].start < view.end; i++) {
        const bar = lane[i];
        const rect = barRect(bar, g);
        scene.bars.push({
          bar,
          x: rect.x - vp.left,
          y: rect.y - vp.top,
          w: rect.w,
          h: rect.h,
          severity: input.severityOf(bar.change),
          moving: bar.change.id === input.movingId,
        });
      }
    }
  }
  return scene;
}

/** The bar under a point in content pixels (x from the content's left, y from the first row's top). */
export function hitTest(index: readonly RowIndex[], g: Geometry, x: number, y: number): Bar | null {
  if (index.length === 0 || y < 0 || y >= (g.offsets[g.offsets.length - 1] ?? 0) || x < g.labelWidth) return null;
  const r = rowAt(g.offsets, y);
  const laneY = y - g.offsets[r] - g.pad;
  const l = Math.floor(laneY / g.laneHeight);
  const lane = index[r]?.lanes[l];
  if (!lane || laneY - l * g.laneHeight >= g.laneHeight - 2) return null;
  const t = g.axis.from + (x - g.labelWidth) / g.axis.pxPerMs;
  // Bars are drawn at least MIN_BAR_PX wide, so look a little before the time under the pointer.
  for (let i = firstEndingAfter(lane, t - MIN_BAR_PX / g.axis.pxPerMs); i < lane.length && lane[i].start <= t; i++) {
    const rect = barRect(lane[i], g);
    if (x >= rect.x && x < rect.x + rect.w) return lane[i];
  }
  return null;
}

export type Direction = 'left' | 'right' | 'up' | 'down' | 'home' | 'end';

/** The bar of `lane` starting nearest to `t`. */
function nearest(lane: readonly Bar[], t: number): Bar | null {
  if (lane.length === 0) return null;
  let lo = 0;
  let hi = lane.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lane[mid].start < t) lo = mid + 1;
    else hi = mid;
  }
  const after = lane[Math.min(lo, lane.length - 1)];
  const before = lane[Math.max(0, lo - 1)];
  return Math.abs(before.start - t) <= Math.abs(after.start - t) ? before : after;
}

/**
 * Keyboard navigation: Left / Right go to the previous / next change of the
 * row in time, Home / End to its first / last, Up / Down to the nearest
 * change in the lane above / below (into the next row when the row ends).
 */
export function neighbour(index: readonly RowIndex[], from: Bar, dir: Direction): Bar | null {
  const row = index[from.row];
  if (!row) return null;
  if (dir === 'home') return row.bars[0] ?? null;
  if (dir === 'end') return row.bars[row.bars.length - 1] ?? null;
  if (dir === 'left' || dir === 'right') {
    const i = row.bars.indexOf(from);
    return row.bars[i + (dir === 'left' ? -1 : 1)] ?? null;
  }
  const step = dir === 'up' ? -1 : 1;
  let r = from.row;
  let l = from.lane + step;
  while (r >= 0 && r < index.length) {
    const lanes = index[r].lanes;
    if (l < 0) {
      r -= 1;
      l = r >= 0 ? index[r].lanes.length - 1 : -1;
      continue;
    }
    if (l >= lanes.length) {
      r += 1;
      l = 0;
      continue;
    }
    const found = nearest(lanes[l], from.start);
    if (found) return found;
    l += step;
  }
  return null;
}

/** Where a change's bar is, by id. */
export function findBar(index: readonly RowIndex[], id: string): Bar | null {
  for (const row of index) {
    const found = row.bars.find((b) => b.change.id === id);
    if (found) return found;
  }
  return null;
}

/**
 * The bar to start keyboard navigation from: the first drawn, top to bottom,
 * left to right, not hidden under the labels (the viewport's first `left` pixels).
 */
export function firstInScene(scene: Scene, left: number): Bar | null {
  let best: SceneBar | null = null;
  for (const b of scene.bars) {
    if (b.x + b.w <= left || b.y + b.h <= 0) continue;
    if (!best || b.y < best.y || (b.y === best.y && b.x < best.x)) best = b;
  }
  return best?.bar ?? null;
}
