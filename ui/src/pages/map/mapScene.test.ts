// The map's geometry: fitting, zooming about a point, hit tests, search and
// how an impact answer lights boxes (a collapsed system stands for its services).
import { describe, expect, it } from 'vitest';
import type { MapNode, MapView } from '../../lib/bindings';
import { highlightOf } from './mapHighlight';
import { edgeCurve, fit, NodeGrid, searchNodes, toWorld, zoomAt } from './mapScene';

function node(key: string, x: number, y: number, extra: Partial<MapNode> = {}): MapNode {
  return {
    key, kind: 'service', service_id: key, label: key, system: '', team_id: null, tier: 'low', members: 1, services: [],
    layer: 0, x, y, width: 176, height: 30, ...extra,
  };
}

function view(nodes: MapNode[]): MapView {
  return {
    nodes, edges: [], width: 1000, height: 500, total_services: nodes.length, total_dependencies: 0,
    shown_services: nodes.length, systems: [], focus_missing: false,
  };
}

describe('map camera', () => {
  it('fits the whole map in the viewport, centred, never magnified past 1', () => {
    const cam = fit({ width: 1000, height: 500 }, 548, 400);
    expect(cam.scale).toBeCloseTo(0.5);
    expect(cam.ox).toBeCloseTo(24);
    expect(cam.oy).toBeCloseTo(75);
    expect(fit({ width: 100, height: 50 }, 800, 600).scale).toBe(1);
  });

  it('zooms about the pointer: the point under it stays put', () => {
    const cam = { scale: 0.5, ox: 10, oy: 20 };
    const before = toWorld(cam, 300, 200);
    const after = toWorld(zoomAt(cam, 2, 300, 200), 300, 200);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
    expect(zoomAt(cam, 1000, 0, 0).scale).toBe(2.5);
  });
});

describe('map hit tests and search', () => {
  const nodes = [node('web', 500, 20), node('ledger', 0, 20), node('ledger-db', 0, 64), node('webhooks', 3000, 2000)];

  it('finds the box under a point and the boxes in a rectangle', () => {
    const grid = new NodeGrid(nodes);
    expect(grid.at(510, 30)).toBe(0);
    expect(grid.at(10, 70)).toBe(2);
    expect(grid.at(300, 30)).toBeNull();
    expect(grid.within({ x: 0, y: 0, w: 700, h: 100 }).sort()).toEqual([0, 1, 2]);
    expect(grid.within({ x: 2900, y: 1900, w: 500, h: 500 })).toEqual([3]);
  });

  it('searches labels, names starting with the text first', () => {
    const v = view(nodes);
    expect(searchNodes(v, 'WEB').map((i) => nodes[i].label)).toEqual(['web', 'webhooks']);
    expect(searchNodes(v, 'db').map((i) => nodes[i].label)).toEqual(['ledger-db']);
    expect(searchNodes(v, '  ')).toEqual([]);
  });

  it('runs an edge from the dependant’s left side to its dependency’s right side', () => {
    const [start, , , end] = edgeCurve(nodes[0], nodes[1]);
    expect(start).toEqual([500, 35]);
    expect(end).toEqual([176, 35]);
  });
});

describe('map highlight', () => {
  it('lights a collapsed system when a service inside it is reached', () => {
    const v = view([
      node('checkout', 500, 0),
      node('system:payments', 0, 0, { kind: 'system', service_id: null, services: ['ledger', 'ledger-db'], members: 2 }),
      node('web', 900, 0),
    ]);
    const impact = {
      sources: ['checkout'],
      downstream: [{ service_id: 'web', depth: 1, via: 'checkout', kind: 'runtime' as const }],
      upstream: [
        { service_id: 'ledger', depth: 1, via: 'checkout', kind: 'runtime' as const },
        { service_id: 'ledger-db', depth: 2, via: 'ledger', kind: 'data' as const },
      ],
      tiers: { critical: 0, high: 0, medium: 0, low: 1 }, highest_tier: 'low' as const, truncated: false,
    };
    const h = highlightOf(v, impact, 0, false, []);
    expect(h.selected).toBe(0);
    expect([...h.downstream]).toEqual([[2, 1]]);
    expect([...h.upstream]).toEqual([1]);
    // A change's services stand in for the selection.
    const fromChange = highlightOf(v, impact, null, true, [2]);
    expect(fromChange.selected).toBe(0);
    expect(fromChange.downstream.get(0)).toBe(0);
    expect([...fromChange.matches]).toEqual([2]);
  });
});
