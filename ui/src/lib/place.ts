// Positions an element from computed numbers without inline style markup:
// `use:place={{ left: 10, top: 4, width: '50%' }}` sets the properties through
// the CSSOM (element.style), which the strict CSP allows, unlike style
// attributes; the lint rules forbid style attributes and style: directives.

/** Numbers are pixels; strings are used as they are (e.g. '25%'). */
export type Box = Partial<Record<'left' | 'top' | 'width' | 'height' | 'right' | 'bottom', number | string | null>>;

function css(value: number | string): string {
  return typeof value === 'number' ? `${value}px` : value;
}

function apply(node: HTMLElement, next: Box, prev: Box): void {
  for (const key of Object.keys(prev) as (keyof Box)[]) {
    if (next[key] == null && prev[key] != null) node.style.removeProperty(key);
  }
  for (const key of Object.keys(next) as (keyof Box)[]) {
    const value = next[key];
    if (value != null && value !== prev[key]) node.style.setProperty(key, css(value));
  }
}

/** Svelte action: keeps the element's box properties in step with `box`. */
export function place(node: HTMLElement, box: Box) {
  let current: Box = {};
  apply(node, box, current);
  current = { ...box };
  return {
    update(next: Box) {
      apply(node, next, current);
      current = { ...next };
    },
  };
}
