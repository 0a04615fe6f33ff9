// Short-lived notifications ("Saved", "Deleted") and error toasts, shown by
// components/Toasts.svelte. Success toasts fade after a few seconds.
export type ToastKind = 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

class Toasts {
  items = $state<Toast[]>([]);
  private next = 1;

  show(message: string, kind: ToastKind = 'success', ms = kind === 'error' ? 8000 : 3000): number {
    const id = this.next++;
    this.items = [...this.items, { id, kind, message }];
    setTimeout(() => this.dismiss(id), ms);
    return id;
  }

  success(message: string): number {
    return this.show(message, 'success');
  }

  error(message: string): number {
    return this.show(message, 'error');
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    this.items = [];
  }
}

export const toasts = new Toasts();
