// A pointer drag that starts only after the pointer travels a few pixels (so
// a click still opens the change), follows the pointer anywhere in the window,
// ends on release, and is cancelled by Escape or pointercancel. Works for
// mouse, pen and touch alike, since it only uses pointer events.

export interface DragHandlers {
  /** The pointer moved past the threshold: the drag begins. */
  start: () => void;
  /** The pointer is `dx`, `dy` pixels from where it went down. */
  move: (dx: number, dy: number, e: PointerEvent) => void;
  /** Released after a drag. */
  drop: () => void;
  /** Escape, or the system took the pointer away. */
  cancel: () => void;
}

const THRESHOLD_PX = 4;

/** Follows the pointer from this pointerdown; returns nothing, cleans up after itself. */
export function followDrag(down: PointerEvent, handlers: DragHandlers): void {
  if (down.button !== 0 || !down.isPrimary) return;
  const x0 = down.clientX;
  const y0 = down.clientY;
  let started = false;
  let cancelled = false;

  const stop = () => {
    window.removeEventListener('pointermove', onmove);
    window.removeEventListener('pointerup', onup);
    window.removeEventListener('pointercancel', oncancel);
    window.removeEventListener('keydown', onkey, true);
  };
  const onmove = (e: PointerEvent) => {
    if (e.pointerId !== down.pointerId || cancelled) return;
    const dx = e.clientX - x0;
    const dy = e.clientY - y0;
    if (!started) {
      if (Math.hypot(dx, dy) < THRESHOLD_PX) return;
      started = true;
      handlers.start();
    }
    e.preventDefault();
    handlers.move(dx, dy, e);
  };
  const onup = (e: PointerEvent) => {
    if (e.pointerId !== down.pointerId) return;
    stop();
    if (!started) return;
    swallowNextClick();
    if (!cancelled) handlers.drop();
  };
  const oncancel = () => {
    stop();
    if (started && !cancelled) handlers.cancel();
  };
  const onkey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || cancelled) return;
    e.preventDefault();
    e.stopPropagation();
    cancelled = true;
    // Keep listening for the release, so its click does not open the change.
    started = true;
    handlers.cancel();
  };
  window.addEventListener('pointermove', onmove);
  window.addEventListener('pointerup', onup);
  window.addEventListener('pointercancel', oncancel);
  window.addEventListener('keydown', onkey, true);
}

/** The click that follows a drag's release must not open the change. */
function swallowNextClick(): void {
  const swallow = (e: MouseEvent) => {
    e.stopPropagation();
    e.preventDefault();
  };
  window.addEventListener('click', swallow, { capture: true, once: true });
  // If no click comes (released elsewhere), do not eat a later one.
  setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
}
