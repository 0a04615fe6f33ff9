// The timeline canvas's scene, hit-testing and keyboard navigation (pure),
// and the painter drawing a scene (through the recording context).
import { describe, expect, it } from 'vitest';
import type { Change, WindowOccurrence } from '../../lib/bindings';
import { drawnOn } from '../../test/canvas';
import { HOUR_MS } from '../../lib/zonedTime';
import { offsetsOf } from './layout';
import { environmentRows } from './timeline';
import { paint, type Palette } from './timelinePaint';
import { findBar, firstInScene, hitTest, indexRows, neighbour, sceneOf, type Geometry, type SceneInput } from './timelineScene';

const FROM = Date.parse('2024-04-01T00:00:00Z');
const iso = (h: number) => new Date(FROM + h * HOUR_MS).toISOString();
const change = (id: string, env: string, fromH: number, toH: number, status: Change['status'] = 'planned') =>
  ({
    id, title: id, description: '', environment_id: env, service_ids: [], start: iso(fromH), end: iso(toH), status,
    owner: '', train_id: null, created_at: '', updated_at: '',
  }) satisfies Change;
const env = (id: string) => ({ id, name: id, position: 0, production: false, deploy_quota: null, time_zone: 'UTC', created_at: '', updated_at: '' });
const freeze = (fromH: number, toH: number, environment_ids: string[] = []) =>
  ({ window_id: 'f', name: 'Freeze', kind: 'freeze', soft: false, interval: { start: iso(fromH), end: iso(toH) }, environment_ids, service_ids: [] }) as WindowOccurrence;

// 10 px an hour, labels 100 px wide, lanes 20 px with 4 px padding.
function setup(changes: Change[], windows: WindowOccurrence[] = []) {
  const set = environmentRows([env('a'), env('b')], changes, windows);
  const heights = set.rows.map((r) => r.lanes * 20 + 8);
  const geometry: Geometry = { axis: { from: FROM, pxPerMs: 10 / HOUR_MS }, labelWidth: 100, laneHeight: 20, pad: 4, offsets: offsetsOf(heights) };
  const index = indexRows(set.rows);
  const input: SceneInput = {
    rows: set.rows, index, geometry, everywhere: set.everywhere, ticks: [], severityOf: (c) => (c.id === 'x' ? 'error' : null), movingId: null,
  };
  return { set, index, geometry, input };
}

describe('timeline scene', () => {
  // Row a: three overlapping changes (three lanes) and a later one; row b: one change.
  const changes = [
    change('a1', 'a', 0, 10), change('a2', 'a', 2, 4), change('a3', 'a', 3, 12), change('a4', 'a', 100, 110),
    change('b1', 'b', 5, 6),
  ];

  it('holds only the bars inside the viewport, placed relative to it', () => {
    const { input } = setup(changes, [freeze(50, 60)]);
    // Hours 0..40 to the right of the labels, all rows.
    const all = sceneOf(input, { left: 0, top: 0, width: 500, height: 400 });
    expect(all.bars.map((b) => b.bar.change.id).sort()).toEqual(['a1', 'a2', 'a3', 'b1']);
    const a2 = all.bars.find((b) => b.bar.change.id === 'a2');
    expect(a2).toMatchObject({ x: 120, y: 24, w: 20, h: 18 });
    // Scrolled right by 900 px (hours 90..130): only a4 and the freeze remain.
    const right = sceneOf(input, { left: 900, top: 0, width: 500, height: 400 });
    expect(right.bars.map((b) => b.bar.change.id)).toEqual(['a4']);
    expect(right.bars[0].x).toBe(100 + 1000 - 900);
    expect(sceneOf(input, { left: 500, top: 0, width: 500, height: 400 }).bands).toEqual([
      expect.objectContaining({ kind: 'hard', x: 100, w: 100 }),
    ]);
    // Scrolled down past row a's first lane: a1 (lane 0) is not drawn, a3 (lane 2) and b1 are.
    const down = sceneOf(input, { left: 0, top: 30, width: 500, height: 60 });
    expect(down.bars.map((b) => b.bar.change.id).sort()).toEqual(['a2', 'a3', 'b1']);
    expect(down.rowEdges).toEqual([68 - 30, 96 - 30]);
  });

  it('keeps a bar narrower than its minimum width when it ends just left of the view', () => {
    const { input } = setup([change('tiny', 'a', 9.9, 10)]);
    // The bar is drawn 6 px wide from x = 199: still on screen at a viewport starting at hour 10.
    const scene = sceneOf(input, { left: 100, top: 0, width: 500, height: 100 });
    expect(scene.bars.map((b) => b.bar.change.id)).toEqual(['tiny']);
  });

  it('hit-tests the bar under a point, lanes and gaps included', () => {
    const { index, geometry } = setup(changes);
    expect(hitTest(index, geometry, 105, 10)?.change.id).toBe('a1');
    expect(hitTest(index, geometry, 125, 30)?.change.id).toBe('a2');
    expect(hitTest(index, geometry, 145, 50)?.change.id).toBe('a3');
    // The 2 px between lanes, the labels and empty time hit nothing.
    expect(hitTest(index, geometry, 125, 43)).toBeNull();
    expect(hitTest(index, geometry, 50, 10)).toBeNull();
    expect(hitTest(index, geometry, 600, 10)).toBeNull();
    // Row b starts at 68 (three lanes of 20 plus padding).
    expect(hitTest(index, geometry, 155, 75)?.change.id).toBe('b1');
  });

  it('moves between bars with the arrow keys, Home and End', () => {
    const { index } = setup(changes);
    const bar = (id: string) => findBar(index, id) ?? expect.fail(`no bar ${id}`);
    expect(neighbour(index, bar('a1'), 'right')?.change.id).toBe('a2');
    expect(neighbour(index, bar('a2'), 'right')?.change.id).toBe('a3');
    expect(neighbour(index, bar('a1'), 'left')).toBeNull();
    expect(neighbour(index, bar('a2'), 'end')?.change.id).toBe('a4');
    expect(neighbour(index, bar('a4'), 'home')?.change.id).toBe('a1');
    // Down goes lane by lane, then into the next row; Up comes back.
    expect(neighbour(index, bar('a1'), 'down')?.change.id).toBe('a2');
    expect(neighbour(index, bar('a3'), 'down')?.change.id).toBe('b1');
    expect(neighbour(index, bar('b1'), 'up')?.change.id).toBe('a3');
    expect(neighbour(index, bar('b1'), 'down')).toBeNull();
    // From a4 (hour 100) down to the nearest of lane 1: a2 is the only one.
    expect(neighbour(index, bar('a4'), 'down')?.change.id).toBe('a2');
  });

  it('starts keyboard navigation at the top-left bar not hidden under the labels', () => {
    const { input } = setup(changes);
    const scene = sceneOf(input, { left: 0, top: 0, width: 500, height: 400 });
    expect(firstInScene(scene, 100)?.change.id).toBe('a1');
    expect(firstInScene(sceneOf(input, { left: 0, top: 50, width: 500, height: 400 }), 100)?.change.id).toBe('a3');
  });
});

describe('timeline painter', () => {
  const colours = { bg: 'bg', fg: 'fg', border: 'border' };
  const palette = {
    status: new Proxy({}, { get: () => colours }) as Palette['status'],
    band: { hard: 'hard', soft: 'soft', maintenance: 'maint' },
    hardStripe: 'stripe', error: 'red', warning: 'orange', line: 'line', lineStrong: 'strong', font: '12px sans-serif',
  } satisfies Palette;

  it('writes titles on wide bars only, with a marker on conflicting ones', () => {
    const { input } = setup([change('wide', 'a', 0, 10), change('x', 'a', 20, 30), change('thin', 'b', 0, 1)]);
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('the test context is missing');
    paint(ctx, sceneOf(input, { left: 0, top: 0, width: 500, height: 200 }), palette, 1);
    const texts = drawnOn(canvas).texts.map((t) => t.text);
    expect(texts).toEqual(['wide', '!', 'x']);
    // Every bar is filled, the 10 px one too.
    expect(drawnOn(canvas).rects.filter((r) => r.fill === 'bg')).toHaveLength(3);
  });
});
