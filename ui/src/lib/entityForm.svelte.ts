// The plumbing every create/edit dialog shares: field errors and the banner
// from a rejected save, the saving flag, the delete confirmation, and the
// aria attributes that tie an input to its error message.
import { splitErrors, type FieldErrors } from './errors';
import { toasts } from './toasts.svelte';

export class EntityForm {
  errors = $state<FieldErrors>({});
  banner = $state<string | null>(null);
  saving = $state(false);
  confirming = $state(false);

  constructor(
    private readonly uid: string,
    private readonly fields: readonly string[],
    private readonly onclose: () => void,
  ) {}

  /**
   * Runs `write`. On success shows `done` and closes the dialog; on failure
   * puts each message under its field (focusing the first) or in the banner,
   * and keeps everything the user typed.
   */
  async submit(write: () => Promise<unknown>, done: string): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    this.errors = {};
    this.banner = null;
    try {
      await write();
      toasts.success(done);
      this.onclose();
    } catch (e) {
      ({ fields: this.errors, banner: this.banner } = splitErrors(e, this.fields));
      const first = this.fields.find((f) => this.errors[f]);
      if (first) document.getElementById(`${this.uid}-${first}`)?.focus();
    } finally {
      this.saving = false;
    }
  }

  /** Runs the confirmed delete; a failure is shown by the confirm dialog. */
  async remove(del: () => Promise<unknown>): Promise<void> {
    await del();
    this.confirming = false;
    toasts.success('Deleted');
    this.onclose();
  }

  /** Shows errors found before any call to the backend; true when there were none. */
  check(found: FieldErrors): boolean {
    this.errors = found;
    this.banner = null;
    return Object.keys(found).length === 0;
  }

  invalid = (field: string): 'true' | undefined => (this.errors[field] ? 'true' : undefined);
  describedBy = (field: string): string | undefined =>
    this.errors[field] ? `${this.uid}-${field}-error` : undefined;
}
