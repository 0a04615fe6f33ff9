// Turns an impact answer (service ids) into what the painter emphasises (node
// indexes of the current view): a service inside a collapsed system lights
// its system's box.
import type { Impact, MapView } from '../../lib/bindings';
import { NO_HIGHLIGHT, type Highlight } from './mapPaint';

/** Index of the node showing each service (inside collapsed systems too). */
export function nodeOfService(view: MapView): Map<string, number> {
  const out = new Map<string, number>();
  view.nodes.forEach((n, i) => {
    if (n.service_id) out.set(n.service_id, i);
    for (const s of n.services) out.set(s, i);
  });
  return out;
}

/**
 * The highlight for `impact` of the `selected` node (or, `fromChange`, of a
 * change's services, which then stand in for the selection) and the search
 * `matches`.
 */
export function highlightOf(
  view: MapView | null,
  impact: Impact | null,
  selected: number | null,
  fromChange: boolean,
  matches: number[],
): Highlight {
  if (!view || (!impact && matches.length === 0 && selected === null)) return NO_HIGHLIGHT;
  const at = nodeOfService(view);
  const downstream = new Map<number, number>();
  const upstream = new Set<number>();
  const sources = new Set((impact?.sources ?? []).map((s) => at.get(s)).filter((i): i is number => i !== undefined));
  for (const r of impact?.downstream ?? []) {
    const i = at.get(r.service_id);
    if (i !== undefined && !sources.has(i) && !downstream.has(i)) downstream.set(i, r.depth);
  }
  for (const r of impact?.upstream ?? []) {
    const i = at.get(r.service_id);
    if (i !== undefined && !sources.has(i)) upstream.add(i);
  }
  let chosen = selected;
  if (fromChange) {
    for (const i of sources) downstream.set(i, 0);
    chosen = sources.size > 0 ? [...sources][0] : null;
  }
  return { selected: chosen, downstream, upstream, matches: new Set(matches) };
}
