// One policy edited as a draft: loaded from the backend (unless the user is
// editing it), compared with what is stored, saved with the backend's
// problems kept per part (questions, thresholds, rules) or in a banner.
import { splitErrors, type FieldErrors } from '../../lib/errors';
import { toasts } from '../../lib/toasts.svelte';

export class PolicyDraft<T> {
  value = $state<T | null>(null);
  saved = $state('');
  errors = $state<FieldErrors>({});
  banner = $state<string | null>(null);
  saving = $state(false);
  readonly dirty = $derived(this.value !== null && JSON.stringify(this.value) !== this.saved);

  constructor(
    private readonly read: () => Promise<T>,
    private readonly write: (v: T) => Promise<T>,
    private readonly fields: string[],
  ) {}

  /** Loads the stored policy, unless the user is editing it. */
  async load(force = false) {
    if (this.dirty && !force) return;
    try {
      this.take(await this.read());
    } catch (e) {
      this.banner = splitErrors(e, []).banner;
    }
  }

  take(v: T) {
    this.saved = JSON.stringify(v);
    this.value = JSON.parse(this.saved) as T;
    this.errors = {};
    this.banner = null;
  }

  async save(done: string) {
    if (this.saving || this.value === null) return;
    this.saving = true;
    this.errors = {};
    this.banner = null;
    try {
      this.take(await this.write($state.snapshot(this.value) as T));
      toasts.success(done);
    } catch (e) {
      ({ fields: this.errors, banner: this.banner } = splitErrors(e, this.fields));
    } finally {
      this.saving = false;
    }
  }
}
