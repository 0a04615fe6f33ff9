// Paints a timeline scene (timelineScene.ts) on a 2D canvas: window bands,
// grid lines, row separators and change bars coloured by status, with the
// conflict marker and title on bars wide enough to hold them. One canvas the
// size of the viewport replaces thousands of elements, which is what keeps a
// quarter of a large portfolio smooth to scroll under software rendering.
// Colours come from the calendar's CSS custom properties, so both themes and
// the DOM views share one palette.
import type { DeployStatus } from '../../lib/bindings';
import { STATUSES } from '../../lib/deployStatus';
import { NARROW_PX, type Scene, type SceneBand } from './timelineScene';

interface StatusColours {
  bg: string;
  fg: string;
  border: string;
}

export interface Palette {
  status: Record<DeployStatus, StatusColours>;
  band: Record<SceneBand['kind'], string>;
  hardStripe: string;
  error: string;
  warning: string;
  line: string;
  lineStrong: string;
  font: string;
}

/** The palette in effect for `el` (the calendar page sets the variables; the theme switches them). */
export function paletteOf(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const status = {} as Record<DeployStatus, StatusColours>;
  for (const s of STATUSES) {
    status[s] = { bg: v(`--st-${s}-bg`, '#eef'), fg: v(`--st-${s}-fg`, '#223'), border: v(`--st-${s}-border`, '#99a') };
  }
  return {
    status,
    band: {
      hard: v('--win-hard', 'rgba(198, 47, 47, 0.13)'),
      soft: v('--win-soft', 'rgba(214, 140, 20, 0.16)'),
      maintenance: v('--win-maint', 'rgba(29, 127, 70, 0.09)'),
    },
    hardStripe: v('--win-hard-stripe', 'rgba(198, 47, 47, 0.26)'),
    error: v('--sev-error', '#c62f2f'),
    warning: v('--sev-warning', '#b45f06'),
    line: v('--border', '#dde1e6'),
    lineStrong: v('--border-strong', '#b8bfc9'),
    font: `12px ${v('--font-sans', 'sans-serif')}`,
  };
}

/**
 * The part of a 2D context the painter uses: the real CanvasRenderingContext2D
 * satisfies it, and tests pass a recorder.
 */
export type Painter = Pick<
  CanvasRenderingContext2D,
  | 'setTransform'
  | 'clearRect'
  | 'fillRect'
  | 'strokeRect'
  | 'fillText'
  | 'beginPath'
  | 'rect'
  | 'arc'
  | 'fill'
  | 'clip'
  | 'save'
  | 'restore'
  | 'setLineDash'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
> & {
  fillStyle: CanvasRenderingContext2D['fillStyle'];
  strokeStyle: CanvasRenderingContext2D['strokeStyle'];
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textBaseline: CanvasRenderingContext2D['textBaseline'];
  textAlign: CanvasRenderingContext2D['textAlign'];
};

const MARKER_R = 6;

export function paint(ctx: Painter, scene: Scene, palette: Palette, dpr: number): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, scene.width, scene.height);
  ctx.globalAlpha = 1;

  for (const b of scene.bands) {
    ctx.fillStyle = palette.band[b.kind];
    ctx.fillRect(b.x, b.y, b.w, b.h);
    if (b.kind === 'hard') {
      // A hard freeze reads stronger: its edges in the stripe colour.
      ctx.fillStyle = palette.hardStripe;
      ctx.fillRect(b.x, b.y, Math.min(2, b.w), b.h);
      ctx.fillRect(b.x + b.w - Math.min(2, b.w), b.y, Math.min(2, b.w), b.h);
    }
  }
  for (const l of scene.lines) {
    ctx.fillStyle = l.major ? palette.lineStrong : palette.line;
    ctx.globalAlpha = l.major ? 1 : 0.6;
    ctx.fillRect(l.x, 0, 1, scene.height);
  }
  ctx.globalAlpha = 1;
  ctx.fillStyle = palette.line;
  for (const y of scene.rowEdges) ctx.fillRect(0, Math.round(y) - 1, scene.width, 1);

  ctx.font = palette.font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.lineWidth = 1;
  for (const b of scene.bars) {
    const colours = palette.status[b.bar.change.status] ?? palette.status.unknown;
    ctx.globalAlpha = b.moving ? 0.45 : 1;
    ctx.fillStyle = colours.bg;
    ctx.fillRect(b.x, b.y, b.w, b.h);
    const narrow = b.w < NARROW_PX;
    if (b.severity && narrow) {
      // No room for the marker: a ring in the severity's colour instead.
      ctx.strokeStyle = b.severity === 'error' ? palette.error : palette.warning;
      ctx.lineWidth = 2;
      ctx.strokeRect(b.x - 1, b.y - 1, b.w + 2, b.h + 2);
      ctx.lineWidth = 1;
    } else {
      ctx.strokeStyle = colours.border;
      if (b.bar.change.status === 'unknown') ctx.setLineDash([3, 2]);
      ctx.strokeRect(b.x + 0.5, b.y + 0.5, b.w - 1, b.h - 1);
      if (b.bar.change.status === 'unknown') ctx.setLineDash([]);
    }
    if (narrow) continue;
    ctx.save();
    ctx.beginPath();
    ctx.rect(b.x + 1, b.y, b.w - 2, b.h);
    ctx.clip();
    let tx = b.x + 4;
    const mid = b.y + b.h / 2;
    if (b.severity) {
      ctx.fillStyle = b.severity === 'error' ? palette.error : palette.warning;
      ctx.beginPath();
      ctx.arc(tx + MARKER_R, mid, MARKER_R, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = '#fff';
      ctx.textAlign = 'center';
      ctx.fillText('!', tx + MARKER_R, mid);
      ctx.textAlign = 'left';
      tx += 2 * MARKER_R + 3;
    }
    ctx.fillStyle = colours.fg;
    ctx.fillText(b.bar.change.title, tx, mid);
    if (b.bar.change.status === 'cancelled') {
      ctx.strokeStyle = colours.fg;
      ctx.beginPath();
      ctx.moveTo(tx, Math.round(mid) + 0.5);
      ctx.lineTo(b.x + b.w - 4, Math.round(mid) + 0.5);
      ctx.stroke();
    }
    ctx.restore();
  }
  ctx.globalAlpha = 1;
}
