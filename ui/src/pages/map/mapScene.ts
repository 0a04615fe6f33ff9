// The map's geometry, apart from painting: the camera (world to screen),
// fitting and zooming, a grid index of the boxes for hit tests and culling,
// and the curve each edge follows (the same rule as the SVG export).
import type { MapNode, MapView } from '../../lib/bindings';

/** screen = world × scale + offset. */
export interface Camera {
  scale: number;
  ox: number;
  oy: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 2.5;
const FIT_PAD = 24;

export function clampScale(s: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));
}

/** The camera showing the whole of a `width`×`height` world in the viewport, centred. */
export function fit(world: { width: number; height: number }, vw: number, vh: number): Camera {
  if (world.width <= 0 || world.height <= 0 || vw <= 0 || vh <= 0) return { scale: 1, ox: 0, oy: 0 };
  const scale = clampScale(Math.min((vw - 2 * FIT_PAD) / world.width, (vh - 2 * FIT_PAD) / world.height, 1));
  return { scale, ox: (vw - world.width * scale) / 2, oy: (vh - world.height * scale) / 2 };
}

/** Zooms by `factor`, keeping the world point under screen point (sx, sy) where it is. */
export function zoomAt(cam: Camera, factor: number, sx: number, sy: number): Camera {
  const scale = clampScale(cam.scale * factor);
  const k = scale / cam.scale;
  return { scale, ox: sx - (sx - cam.ox) * k, oy: sy - (sy - cam.oy) * k };
}

/** The camera centring `node` at `scale` (at least legible). */
export function centreOn(node: MapNode, vw: number, vh: number, scale: number): Camera {
  const s = clampScale(Math.max(scale, 0.8));
  return { scale: s, ox: vw / 2 - (node.x + node.width / 2) * s, oy: vh / 2 - (node.y + node.height / 2) * s };
}

export function toWorld(cam: Camera, sx: number, sy: number): [number, number] {
  return [(sx - cam.ox) / cam.scale, (sy - cam.oy) / cam.scale];
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The world rectangle the viewport shows. */
export function visibleWorld(cam: Camera, vw: number, vh: number): Rect {
  const [x, y] = toWorld(cam, 0, 0);
  return { x, y, w: vw / cam.scale, h: vh / cam.scale };
}

type Point = [number, number];

/**
 * Where an edge from `from` (the dependant) to `to` (its dependency) runs:
 * side to side between columns, or a loop out of the right sides when both
 * share a column. Start, two control points, end.
 */
export function edgeCurve(from: MapNode, to: MapNode): [Point, Point, Point, Point] {
  const fy = from.y + from.height / 2;
  const ty = to.y + to.height / 2;
  let start: Point;
  let end: Point;
  if (to.x + to.width <= from.x) {
    start = [from.x, fy];
    end = [to.x + to.width, ty];
  } else if (from.x + from.width <= to.x) {
    start = [from.x + from.width, fy];
    end = [to.x, ty];
  } else {
    const x = Math.max(from.x, to.x) + from.width;
    return [[x, fy], [x + 40, fy], [x + 40, ty], [x, ty]];
  }
  const pull = Math.max(Math.abs(end[0] - start[0]) / 2, 20);
  const dir = end[0] < start[0] ? -1 : 1;
  return [start, [start[0] + dir * pull, start[1]], [end[0] - dir * pull, end[1]], end];
}

const CELL = 400;

/** Boxes bucketed by a coarse grid: which nodes touch a rectangle, which one is at a point. */
export class NodeGrid {
  private cells = new Map<number, number[]>();

  constructor(private nodes: MapNode[]) {
    nodes.forEach((n, i) => {
      for (const key of this.keys({ x: n.x, y: n.y, w: n.width, h: n.height })) {
        const cell = this.cells.get(key);
        if (cell) cell.push(i);
        else this.cells.set(key, [i]);
      }
    });
  }

  private *keys(r: Rect): Generator<number> {
    const x0 = Math.floor(r.x / CELL);
    const x1 = Math.floor((r.x + r.w) / CELL);
    const y0 = Math.floor(r.y / CELL);
    const y1 = Math.floor((r.y + r.h) / CELL);
    for (let cx = x0; cx <= x1; cx++) for (let cy = y0; cy <= y1; cy++) yield cx * 100_003 + cy;
  }

  /** Indexes of the nodes overlapping `r`, each once. */
  within(r: Rect): number[] {
    const cells = (Math.floor((r.x + r.w) / CELL) - Math.floor(r.x / CELL) + 1) * (Math.floor((r.y + r.h) / CELL) - Math.floor(r.y / CELL) + 1);
    // Zoomed far out, the grid costs more than a plain pass.
    if (cells > this.cells.size) return this.nodes.flatMap((n, i) => (overlaps(n, r) ? [i] : []));
    const seen = new Set<number>();
    for (const key of this.keys(r)) for (const i of this.cells.get(key) ?? []) if (overlaps(this.nodes[i], r)) seen.add(i);
    return [...seen];
  }

  /** The node at world point (x, y), if any. */
  at(x: number, y: number): number | null {
    const cell = this.cells.get(Math.floor(x / CELL) * 100_003 + Math.floor(y / CELL)) ?? [];
    for (const i of cell) {
      const n = this.nodes[i];
      if (x >= n.x && x <= n.x + n.width && y >= n.y && y <= n.y + n.height) return i;
    }
    return null;
  }
}

function overlaps(n: MapNode, r: Rect): boolean {
  return n.x < r.x + r.w && n.x + n.width > r.x && n.y < r.y + r.h && n.y + n.height > r.y;
}

/** Nodes whose label contains `text` (case-insensitive), in label order. */
export function searchNodes(view: MapView, text: string): number[] {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  return view.nodes
    .map((n, i) => [n.label.toLowerCase(), i] as const)
    .filter(([label]) => label.includes(q))
    .sort((a, b) => (a[0].startsWith(q) === b[0].startsWith(q) ? a[0].localeCompare(b[0]) : a[0].startsWith(q) ? -1 : 1))
    .map(([, i]) => i);
}
