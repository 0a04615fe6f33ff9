// Paints the map (a laid-out MapView) on a 2D canvas through a camera: edges
// batched into one path per style, boxes culled to the viewport, labels only
// when they are legible. Far out it trades curves for lines and boxes for
// tier-coloured dots, which is what keeps thousands of nodes smooth to pan
// and zoom under software rendering. Highlights (the blast radius of the
// selection, its prerequisites, search matches) dim everything else.
// Colours come from the theme's CSS custom properties.
import type { DependencyKind, MapNode, MapView, Tier } from '../../lib/bindings';
import { edgeCurve, visibleWorld, type Camera, type NodeGrid } from './mapScene';

export interface MapPalette {
  bg: string;
  node: string;
  system: string;
  text: string;
  muted: string;
  tier: Record<Tier, string>;
  kind: Record<DependencyKind, string>;
  cycle: string;
  blast: string;
  upstream: string;
  selected: string;
  match: string;
  font: string;
}

export function mapPaletteOf(el: Element): MapPalette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--surface', '#ffffff'),
    node: v('--surface-muted', '#f1f3f6'),
    system: v('--accent-soft', '#e6ecfd'),
    text: v('--text', '#1b1f27'),
    muted: v('--border-strong', '#c9ced8'),
    tier: {
      critical: v('--tier-critical', '#b42323'),
      high: v('--tier-high', '#a4500a'),
      medium: v('--tier-medium', '#2746ad'),
      low: v('--tier-low', '#555d6b'),
    },
    kind: {
      runtime: v('--map-runtime', '#6b7a99'),
      data: v('--map-data', '#23927f'),
      deploy_order: v('--map-deploy-order', '#c77d1a'),
    },
    cycle: v('--map-cycle', '#b03a2e'),
    blast: v('--map-blast', '#d6336c'),
    upstream: v('--map-upstream', '#2f7fd1'),
    selected: v('--focus', '#3f6bf0'),
    match: v('--map-match', '#e0a800'),
    font: `12px ${v('--font-sans', 'sans-serif')}`,
  };
}

/** What to emphasise, by node index. */
export interface Highlight {
  selected: number | null;
  /** The blast radius: nodes that depend on the selection, with their depth. */
  downstream: Map<number, number>;
  /** What the selection depends on. */
  upstream: Set<number>;
  matches: Set<number>;
}

export const NO_HIGHLIGHT: Highlight = { selected: null, downstream: new Map(), upstream: new Set(), matches: new Set() };

export function isActive(h: Highlight): boolean {
  return h.selected !== null || h.downstream.size > 0 || h.upstream.size > 0 || h.matches.size > 0;
}

/** The part of a 2D context the painter uses (tests pass a recorder). */
export type MapPainter = Pick<
  CanvasRenderingContext2D,
  | 'setTransform'
  | 'fillRect'
  | 'strokeRect'
  | 'fillText'
  | 'beginPath'
  | 'rect'
  | 'fill'
  | 'stroke'
  | 'setLineDash'
  | 'moveTo'
  | 'lineTo'
  | 'bezierCurveTo'
  | 'closePath'
  | 'measureText'
  | 'drawImage'
> & {
  fillStyle: CanvasRenderingContext2D['fillStyle'];
  strokeStyle: CanvasRenderingContext2D['strokeStyle'];
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textBaseline: CanvasRenderingContext2D['textBaseline'];
  textAlign: CanvasRenderingContext2D['textAlign'];
};

/** Scales below which detail is dropped. */
const CURVES_FROM = 0.3;
const BOXES_FROM = 0.22;
const LABELS_FROM = 0.42;
const ARROWS_FROM = 0.6;
const LABEL_PAD = 8;

/** Labels cut to fit their box, measured once per view. */
export class LabelFitter {
  private cut = new Map<string, string>();

  fit(ctx: MapPainter, n: MapNode): string {
    const full = n.kind === 'system' ? `${n.label} (${n.members})` : n.label;
    let out = this.cut.get(n.key);
    if (out !== undefined) return out;
    const room = n.width - 2 * LABEL_PAD;
    out = full;
    if (ctx.measureText(full).width > room) {
      let lo = 0;
      let hi = full.length;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (ctx.measureText(`${full.slice(0, mid)}…`).width <= room) lo = mid;
        else hi = mid - 1;
      }
      out = `${full.slice(0, lo)}…`;
    }
    this.cut.set(n.key, out);
    return out;
  }
}

export interface Drawn {
  nodes: number;
  edges: number;
  labels: number;
}

type EdgeStyle = 'dim' | 'runtime' | 'data' | 'deploy_order' | 'cycle' | 'blast' | 'upstream';

/**
 * Paints `view` as `cam` shows it on a `vw`×`vh` (CSS pixel) canvas.
 * `full`: every detail whatever the scale (image export).
 */
export function paintMap(
  ctx: MapPainter,
  scene: { view: MapView; grid: NodeGrid; labels: LabelFitter },
  cam: Camera,
  size: { vw: number; vh: number; dpr: number },
  palette: MapPalette,
  hl: Highlight,
  full = false,
): Drawn {
  const { view, grid, labels } = scene;
  const { vw, vh, dpr } = size;
  const s = cam.scale;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = palette.bg;
  ctx.fillRect(0, 0, vw, vh);
  ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * cam.ox, dpr * cam.oy);

  const world = visibleWorld(cam, vw, vh);
  const x0 = world.x;
  const x1 = world.x + world.w;
  const y0 = world.y;
  const y1 = world.y + world.h;
  const active = isActive(hl);
  const inBlast = (i: number) => i === hl.selected || hl.downstream.has(i);
  const inUp = (i: number) => i === hl.selected || hl.upstream.has(i);
  const curves = full || s >= CURVES_FROM;

  const buckets = new Map<EdgeStyle, number[]>();
  let edgeCount = 0;
  view.edges.forEach((e, i) => {
    const a = view.nodes[e.from];
    const b = view.nodes[e.to];
    if (!a || !b) return;
    const left = Math.min(a.x, b.x);
    const right = Math.max(a.x, b.x) + a.width + 40;
    const top = Math.min(a.y, b.y);
    const bottom = Math.max(a.y, b.y) + a.height;
    if (right < x0 || left > x1 || bottom < y0 || top > y1) return;
    let style: EdgeStyle;
    if (active && hl.selected !== null && inBlast(e.from) && inBlast(e.to) && hl.downstream.has(e.from)) style = 'blast';
    else if (active && hl.selected !== null && inUp(e.from) && inUp(e.to) && hl.upstream.has(e.to)) style = 'upstream';
    else if (active) style = 'dim';
    else if (e.in_cycle) style = 'cycle';
    else style = e.kind;
    const list = buckets.get(style);
    if (list) list.push(i);
    else buckets.set(style, [i]);
    edgeCount += 1;
  });

  const order: EdgeStyle[] = ['dim', 'runtime', 'data', 'deploy_order', 'cycle', 'upstream', 'blast'];
  for (const style of order) {
    const list = buckets.get(style);
    if (!list) continue;
    const strong = style === 'blast' || style === 'upstream';
    ctx.strokeStyle =
      style === 'dim' ? palette.muted
      : style === 'cycle' ? palette.cycle
      : style === 'blast' ? palette.blast
      : style === 'upstream' ? palette.upstream
      : palette.kind[style];
    ctx.globalAlpha = style === 'dim' ? 0.35 : s < CURVES_FROM && !full ? 0.5 : 0.9;
    ctx.lineWidth = (strong ? 2 : 1) / s;
    ctx.setLineDash(style === 'deploy_order' && curves ? [6, 4] : []);
    // Each edge's curve once: the stroke and the arrowheads share it.
    const shapes = list.map((i) => edgeCurve(view.nodes[view.edges[i].from], view.nodes[view.edges[i].to]));
    ctx.beginPath();
    for (const [p0, c1, c2, p3] of shapes) {
      ctx.moveTo(p0[0], p0[1]);
      if (curves) ctx.bezierCurveTo(c1[0], c1[1], c2[0], c2[1], p3[0], p3[1]);
      else ctx.lineTo(p3[0], p3[1]);
    }
    ctx.stroke();
    if (full || s >= ARROWS_FROM) {
      ctx.fillStyle = ctx.strokeStyle;
      ctx.beginPath();
      for (const [, , c2, p3] of shapes) {
        const dx = p3[0] - c2[0] || 1;
        const dir = dx > 0 ? 1 : -1;
        ctx.moveTo(p3[0], p3[1]);
        ctx.lineTo(p3[0] - dir * 7, p3[1] - 3.5);
        ctx.lineTo(p3[0] - dir * 7, p3[1] + 3.5);
        ctx.closePath();
      }
      ctx.fill();
    }
  }
  ctx.setLineDash([]);

  const visible = full ? view.nodes.map((_, i) => i) : grid.within({ x: x0, y: y0, w: world.w, h: world.h });
  const involved = (i: number) => !active || i === hl.selected || hl.downstream.has(i) || hl.upstream.has(i) || hl.matches.has(i);
  let labelCount = 0;
  if (!full && s < BOXES_FROM) {
    // Far out: tier-coloured blocks, one path per tier.
    for (const tier of ['low', 'medium', 'high', 'critical'] as Tier[]) {
      for (const pass of [false, true]) {
        ctx.fillStyle = palette.tier[tier];
        ctx.globalAlpha = pass ? 1 : 0.25;
        ctx.beginPath();
        let any = false;
        for (const i of visible) {
          const n = view.nodes[i];
          if (n.tier !== tier || involved(i) !== pass) continue;
          ctx.rect(n.x, n.y, n.width, n.height);
          any = true;
        }
        if (any) ctx.fill();
      }
    }
  } else {
    ctx.font = palette.font;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (const i of visible) {
      const n = view.nodes[i];
      ctx.globalAlpha = involved(i) ? 1 : 0.3;
      ctx.fillStyle = n.kind === 'system' ? palette.system : palette.node;
      ctx.fillRect(n.x, n.y, n.width, n.height);
      ctx.strokeStyle = palette.tier[n.tier];
      ctx.lineWidth = n.kind === 'system' ? 3 : 1.5;
      ctx.strokeRect(n.x, n.y, n.width, n.height);
      if (full || s >= LABELS_FROM) {
        ctx.fillStyle = palette.text;
        ctx.fillText(labels.fit(ctx, n), n.x + LABEL_PAD, n.y + n.height / 2);
        labelCount += 1;
      }
    }
  }
  // Rings on top: search matches, blast radius, the selection.
  ctx.globalAlpha = 1;
  const ring = (i: number, colour: string, width: number) => {
    const n = view.nodes[i];
    if (!n) return;
    ctx.strokeStyle = colour;
    ctx.lineWidth = width / s;
    const pad = (width + 1) / s;
    ctx.strokeRect(n.x - pad, n.y - pad, n.width + 2 * pad, n.height + 2 * pad);
  };
  for (const i of hl.downstream.keys()) ring(i, palette.blast, 2);
  for (const i of hl.upstream) ring(i, palette.upstream, 2);
  for (const i of hl.matches) ring(i, palette.match, 3);
  if (hl.selected !== null) ring(hl.selected, palette.selected, 3);
  return { nodes: visible.length, edges: edgeCount, labels: labelCount };
}
