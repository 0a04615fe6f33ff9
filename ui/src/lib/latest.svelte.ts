// A list (or any value) loaded from the backend where only the answer to the
// latest request lands: a slow early answer never overwrites a newer one.
import { toErrorPayload } from './errors';

export class Latest<T> {
  value: T = $state() as T;
  /** True once the first answer (or failure) has arrived. */
  loaded = $state(false);
  error = $state<string | null>(null);

  private request = 0;
  private readonly fetch: () => Promise<T>;

  constructor(fetch: () => Promise<T>, initial: T) {
    this.fetch = fetch;
    this.value = initial;
  }

  async load(): Promise<void> {
    const id = ++this.request;
    try {
      const value = await this.fetch();
      if (id !== this.request) return;
      this.value = value;
      this.error = null;
    } catch (e) {
      if (id === this.request) this.error = toErrorPayload(e).message;
    } finally {
      if (id === this.request) this.loaded = true;
    }
  }
}
