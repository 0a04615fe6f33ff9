// A notice being edited: subject and Markdown body against the stored text,
// and the HTML of the body for the live preview (rendered by the backend;
// an answer to an older request never replaces a newer one).
import type { Backend } from '../../lib/backend';
import type { Notice, NoticeEdit } from '../../lib/bindings';
import { toErrorPayload } from '../../lib/errors';

export class NoticeDraft {
  subject = $state('');
  body = $state('');
  /** The preview's HTML, for `renderedFor`. */
  html = $state('');
  previewError = $state<string | null>(null);
  private saved = $state({ subject: '', body: '' });
  private renderedFor = '';
  private request = 0;
  readonly dirty = $derived(this.subject !== this.saved.subject || this.body !== this.saved.body);

  constructor(private readonly api: Backend) {}

  /**
   * Takes the stored notice (and its body's HTML) as the saved text. Edits
   * in progress stay unless `replace`.
   */
  load(notice: Notice, html: string, replace: boolean): void {
    const editing = this.dirty && !replace;
    this.saved = { subject: notice.subject, body: notice.body };
    if (editing) return;
    this.subject = notice.subject;
    this.body = notice.body;
    this.request++;
    this.html = html;
    this.renderedFor = notice.body;
  }

  /**
   * `sent` was saved as `notice` (the subject trimmed): that is the stored
   * text now. What was typed while it saved stays.
   */
  markSaved(notice: Notice, sent: NoticeEdit): void {
    this.saved = { subject: notice.subject, body: notice.body };
    if (this.subject === sent.subject) this.subject = notice.subject;
    if (this.body === sent.body) this.body = notice.body;
  }

  /** Renders the current body unless its HTML is already shown. */
  async render(): Promise<void> {
    const body = this.body;
    if (body === this.renderedFor) return;
    const id = ++this.request;
    try {
      const html = await this.api.markdownHtml(body);
      if (id !== this.request) return;
      this.html = html;
      this.renderedFor = body;
      this.previewError = null;
    } catch (e) {
      if (id === this.request) this.previewError = toErrorPayload(e).message;
    }
  }
}
