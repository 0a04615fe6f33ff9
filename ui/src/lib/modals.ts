// Stack of open dialogs, so only the top-most one reacts to Escape,
// Ctrl/Cmd+Enter and Tab, and page shortcuts stay quiet while any is open.
const stack: symbol[] = [];

export function openModal(): symbol {
  const token = Symbol('modal');
  stack.push(token);
  return token;
}

export function closeModal(token: symbol): void {
  const i = stack.indexOf(token);
  if (i >= 0) stack.splice(i, 1);
}

export function isTopModal(token: symbol): boolean {
  return stack.at(-1) === token;
}

export function anyModalOpen(): boolean {
  return stack.length > 0;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Focusable controls in `root`, leaving out those in a hidden part (an inactive tab). */
export function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));
}

/** The first form field in `root`, or its first focusable control. */
export function firstField(root: HTMLElement): HTMLElement | null {
  return (
    [...root.querySelectorAll<HTMLElement>('input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])')]
      .find((el) => !el.closest('[hidden]')) ??
    focusables(root).find((el) => !el.dataset.closeButton) ??
    focusables(root)[0] ??
    null
  );
}
