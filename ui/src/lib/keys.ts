// Keyboard helpers: whether the user is typing, list-selection movement.

/** True when `target` takes text, so single-key shortcuts like `/` must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
}

/**
 * The new selected index after an ArrowUp/ArrowDown/Home/End key, or null when
 * the key does not move the selection.
 */
export function moveSelection(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, index < 0 ? 0 : index + 1);
    case 'ArrowUp':
      return Math.max(0, index < 0 ? 0 : index - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** True for Ctrl+Enter or Cmd+Enter. */
export function isSubmitChord(e: KeyboardEvent): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}
