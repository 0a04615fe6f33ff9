// The template editor's state: the text being edited (dirty against what
// was last saved or loaded), and its live preview, where an answer to an
// older request never replaces the answer to a newer one.
import type { Backend } from '../../lib/backend';
import type { Audience, NoticeKind, Preview, PreviewInput, TemplateInput } from '../../lib/bindings';
import { toErrorPayload } from '../../lib/errors';

export class TemplateDraft {
  name = $state('');
  kind = $state<NoticeKind>('maintenance_window');
  audience = $state<Audience>('operations');
  subject = $state('');
  body = $state('');
  private baseline = $state('');
  readonly dirty = $derived.by(() => JSON.stringify(this.input()) !== this.baseline);

  constructor(init: TemplateInput) {
    this.reset(init);
  }

  /** Takes `t` as the saved text: the editor shows it and is no longer dirty. */
  reset(t: TemplateInput): void {
    this.name = t.name;
    this.kind = t.kind;
    this.audience = t.audience;
    this.subject = t.subject;
    this.body = t.body;
    this.baseline = JSON.stringify(this.input());
  }

  input(): TemplateInput {
    return { name: this.name, kind: this.kind, audience: this.audience, subject: this.subject, body: this.body };
  }
}

export class PreviewModel {
  preview = $state<Preview | null>(null);
  /** The call itself failed (template errors come inside the preview). */
  error = $state<string | null>(null);
  pending = $state(false);
  private request = 0;

  constructor(private readonly api: Backend) {}

  async run(input: PreviewInput): Promise<void> {
    const id = ++this.request;
    this.pending = true;
    try {
      const preview = await this.api.previewTemplate(input);
      if (id !== this.request) return;
      this.preview = preview;
      this.error = null;
    } catch (e) {
      if (id === this.request) this.error = toErrorPayload(e).message;
    } finally {
      if (id === this.request) this.pending = false;
    }
  }
}
