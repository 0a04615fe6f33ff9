// Scheduling work for after the browser has drawn the current frame.

/**
 * Runs `f` once the next frame has been painted: a requestAnimationFrame
 * callback runs just before that paint, so the task it queues runs after it.
 * Without rAF (tests), it runs on the next task.
 */
export function afterPaint(f: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(f, 0));
  else setTimeout(f, 0);
}
