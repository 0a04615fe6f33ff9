// Tiny hash router: the current area (`#/services`, `#/teams`, ...) as reactive
// state. No router library; unknown hashes fall back to the first area.
import { AREAS, type AreaId } from './nav';

function parse(hash: string): AreaId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return AREAS.find((a) => a.id === id)?.id ?? AREAS[0].id;
}

class Router {
  current = $state<AreaId>(parse(typeof location === 'undefined' ? '' : location.hash));
  /**
   * Set by a page holding unsaved edits: asked before go() leaves the area.
   * It returns false to stay (it asks the user, then calls go() again).
   */
  guard: ((to: AreaId) => boolean) | null = null;

  /** Re-reads the hash (on hashchange, or when a test resets it). */
  sync(): void {
    this.current = parse(location.hash);
  }

  go(id: AreaId): void {
    if (id !== this.current && this.guard && !this.guard(id)) return;
    this.current = id;
    const hash = `#/${id}`;
    if (location.hash === hash) return;
    history.replaceState(null, '', hash);
    // Pages that read deeper segments (`#/trains/<id>`) follow hashchange;
    // replaceState does not fire it, so tell them.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }
}

export const router = new Router();
