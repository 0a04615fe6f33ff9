// Short-lived notifications ("Saved", "Deleted") and error toasts, shown by
// components/Toasts.svelte. Success toasts fade after a few seconds, warnings
// and errors stay longer.
export type ToastKind = 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

/** Most toasts on screen: past it the oldest success toasts make way (a quick
 * run of saves and exports would otherwise stack over the page). Warnings and
 * errors are never pushed out. */
export const MAX_TOASTS = 4;

class Toasts {
  items = $state<Toast[]>([]);
  private next = 1;

  /** Shows a toast for `ms` milliseconds; null keeps it until dismissed. */
  show(message: string, kind: ToastKind = 'success', ms: number | null = kind === 'success' ? 3000 : 8000): number {
    const id = this.next++;
    let items = [...this.items, { id, kind, message }];
    while (items.length > MAX_TOASTS) {
      const oldest = items.findIndex((t) => t.kind === 'success' && t.id !== id);
      if (oldest < 0) break;
      items = items.filter((_, i) => i !== oldest);
    }
    this.items = items;
    if (ms !== null) setTimeout(() => this.dismiss(id), ms);
    return id;
  }

  success(message: string): number {
    return this.show(message, 'success');
  }

  warning(message: string): number {
    return this.show(message, 'warning');
  }

  error(message: string): number {
    return this.show(message, 'error');
  }

  /** An error that stays until dismissed: something in production needs a person. */
  alert(message: string): number {
    return this.show(message, 'error', null);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    this.items = [];
  }
}

export const toasts = new Toasts();
