// A 2D canvas context for jsdom (which has none): it records what the last
// frame drew, so tests can assert on the text and boxes a canvas shows.
import type { Painter } from '../pages/calendar/timelinePaint';

export interface Frame {
  texts: { text: string; x: number; y: number }[];
  rects: { x: number; y: number; w: number; h: number; fill: string }[];
}

const frames = new WeakMap<HTMLCanvasElement, Frame>();

function recorder(canvas: HTMLCanvasElement): Painter {
  const frame = (): Frame => {
    let f = frames.get(canvas);
    if (!f) frames.set(canvas, (f = { texts: [], rects: [] }));
    return f;
  };
  const noop = () => {};
  const ctx: Painter = {
    fillStyle: '#000',
    strokeStyle: '#000',
    lineWidth: 1,
    globalAlpha: 1,
    font: '10px sans-serif',
    textBaseline: 'alphabetic',
    textAlign: 'start',
    setTransform: noop,
    clearRect: () => frames.set(canvas, { texts: [], rects: [] }),
    fillRect: (x: number, y: number, w: number, h: number) => void frame().rects.push({ x, y, w, h, fill: String(ctx.fillStyle) }),
    strokeRect: noop,
    fillText: (text: string, x: number, y: number) => void frame().texts.push({ text, x, y }),
    beginPath: noop,
    rect: noop,
    arc: noop,
    fill: noop,
    clip: noop,
    save: noop,
    restore: noop,
    setLineDash: noop,
    moveTo: noop,
    lineTo: noop,
    stroke: noop,
  };
  // What the map painter uses beyond the timeline's: text is measured at
  // 7 px a character, curves and images are not recorded.
  Object.assign(ctx, {
    bezierCurveTo: noop,
    closePath: noop,
    drawImage: noop,
    measureText: (text: string) => ({ width: text.length * 7 }),
  });
  return ctx;
}

/** Installs the recording context on every canvas. */
export function installCanvasRecorder(): void {
  // Tests running in plain Node (no DOM) have no canvas to record.
  if (typeof HTMLCanvasElement === 'undefined') return;
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
    return recorder(this);
  } as unknown as HTMLCanvasElement['getContext'];
}

/** What the canvas's last frame drew. */
export function drawnOn(canvas: HTMLElement): Frame {
  return frames.get(canvas as HTMLCanvasElement) ?? { texts: [], rects: [] };
}
