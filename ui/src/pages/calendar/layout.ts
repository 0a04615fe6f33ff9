// Pure geometry for the calendar views: snapping to the 15-minute grid,
// mapping between pixels and instants, packing overlapping items into lanes
// side by side, and the virtualisation windows of the timeline (which rows
// and which bars are inside the viewport, plus overscan).

export const SNAP_MS = 15 * 60_000;

/** `ms` rounded to the nearest multiple of `step` (15 minutes). */
export function snap(ms: number, step: number = SNAP_MS): number {
  return Math.round(ms / step) * step;
}

/** A horizontal time axis: `from` at x = 0, `pxPerMs` pixels per millisecond. */
export interface Axis {
  from: number;
  pxPerMs: number;
}

export function timeToX(ms: number, axis: Axis): number {
  return (ms - axis.from) * axis.pxPerMs;
}

export function xToTime(x: number, axis: Axis): number {
  return axis.from + x / axis.pxPerMs;
}

/**
 * Where a change dragged by `dx` pixels on a time axis starts: the original
 * start moved by the dragged time, snapped to the grid.
 */
export function draggedStart(originalStart: number, dx: number, axis: Axis, step: number = SNAP_MS): number {
  return snap(originalStart + dx / axis.pxPerMs, step);
}

/**
 * The week view's drop position: which day column `x` is over and the snapped
 * minute of that day for `y`, with `grabMinutes` being how far below the
 * change's start the pointer took hold of it.
 */
export function weekDropPoint(
  x: number,
  y: number,
  geometry: { columnWidth: number; columns: number; hourPx: number },
  grabMinutes: number,
): { column: number; minute: number } {
  const column = Math.max(0, Math.min(geometry.columns - 1, Math.floor(x / geometry.columnWidth)));
  const raw = (y / geometry.hourPx) * 60 - grabMinutes;
  const minute = Math.round(raw / 15) * 15;
  return { column, minute };
}

export interface Span {
  start: number;
  end: number;
}

/** Whether [a.start, a.end) and [b.start, b.end) share an instant. */
export function intersects(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export interface Placed<T> {
  item: T;
  /** Lane index, from 0. */
  lane: number;
  /** How many lanes the cluster of overlapping items it belongs to uses. */
  lanes: number;
}

/**
 * Puts overlapping items in lanes side by side: each takes the first lane
 * free at its start; items that overlap (directly or through a chain) share
 * one lane count, so their widths line up.
 */
export function packLanes<T>(items: readonly T[], spanOf: (item: T) => Span): Placed<T>[] {
  const sorted = [...items].sort((a, b) => spanOf(a).start - spanOf(b).start || spanOf(b).end - spanOf(a).end);
  const out: Placed<T>[] = [];
  let cluster: Placed<T>[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    for (const p of cluster) p.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const item of sorted) {
    const span = spanOf(item);
    if (span.start >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= span.start);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(span.end);
    } else laneEnds[lane] = span.end;
    const placed = { item, lane, lanes: 1 };
    cluster.push(placed);
    out.push(placed);
    clusterEnd = Math.max(clusterEnd, span.end);
  }
  close();
  return out;
}

/** Top offsets of rows of the given heights, plus the total height as the last entry. */
export function offsetsOf(heights: readonly number[]): number[] {
  const out = new Array<number>(heights.length + 1);
  out[0] = 0;
  for (let i = 0; i < heights.length; i++) out[i + 1] = out[i] + heights[i];
  return out;
}

/**
 * The rows [first, last) to draw for a vertical viewport: those intersecting
 * [scrollTop, scrollTop + height), widened by `overscan` rows each side.
 * `offsets` comes from offsetsOf.
 */
export function visibleRows(offsets: readonly number[], scrollTop: number, height: number, overscan: number): { first: number; last: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { first: 0, last: 0 };
  // The first row whose bottom is below the top edge, by binary search.
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1] <= scrollTop) lo = mid + 1;
    else hi = mid;
  }
  let last = lo;
  while (last < count && offsets[last] < scrollTop + height) last++;
  return { first: Math.max(0, lo - overscan), last: Math.min(count, last + overscan) };
}

/**
 * The instants a horizontal viewport shows, widened by `overscanPx` pixels
 * each side: bars outside it are not drawn.
 */
export function visibleTimes(scrollLeft: number, width: number, axis: Axis, overscanPx: number): Span {
  return { start: xToTime(scrollLeft - overscanPx, axis), end: xToTime(scrollLeft + width + overscanPx, axis) };
}

/**
 * Items by the day they touch: `days` are the midnights of consecutive days
 * (ascending), the last one ending at `end`. An item spanning midnight is
 * listed on every day it touches; items outside every day are left out.
 */
export function bucketByDay<T>(items: readonly T[], spanOf: (item: T) => Span, days: readonly number[], end: number): T[][] {
  const out: T[][] = days.map(() => []);
  const dayEnd = (i: number) => (i + 1 < days.length ? days[i + 1] : end);
  for (const item of items) {
    const span = spanOf(item);
    // The last day starting at or before the item's start, by binary search.
    let lo = 0;
    let hi = days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (days[mid] <= span.start) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i < days.length && days[i] < span.end; i++) {
      if (intersects(span, { start: days[i], end: dayEnd(i) })) out[i].push(item);
    }
  }
  return out;
}
