// The fake's stakeholder notices: versioned templates (a few built-ins
// seeded), previews through the naive renderer in fakeNoticeText.ts,
// notices generated for trains, changes, windows and incidents, the record
// of sendings, exports, recipients per audience, the sender and incidents.
// Errors and refusals read like the backend's.
import type {
  Audience, Change, EntityKind, ErrorPayload, ExportFormat, FieldError, GenerateInput, Incident, IncidentInput, Notice,
  NoticeEdit, NoticeSend, NoticeTarget, NoticeView, Preview, PreviewInput, Recipient, RecipientsView, SendInput, Service,
  TargetKind, TargetOption, Template, TemplateInput, TemplateVersion, TemplateView, Train, Window,
} from './bindings';
import {
  BUILTINS, PALETTE, addressProblem, customerLint, display, exampleContext, markdownHtml, parseRecipients, renderPart, syntaxError,
} from './fakeNoticeText';

export interface NoticesContext {
  trains: () => Train[];
  changes: () => Change[];
  windows: () => Window[];
  services: () => Service[];
  actor: () => string | null;
  now: () => string;
  id: (prefix: string) => string;
  record: (entity: EntityKind, id: string, label: string, action: string, before: unknown, after: unknown) => void;
  /** Keeps the text of a file "saved" through the save dialog. */
  exported: (text: string) => void;
}

const AUDIENCES: readonly Audience[] = ['operations', 'executives', 'customers', 'support'];
const SEEDED_AT = '2024-04-01T08:00:00Z';
const EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', html: 'html', text: 'txt', eml: 'eml' };

const fail = (code: ErrorPayload['code'], message: string, fields: FieldError[] = [], problems: string[] = []): ErrorPayload =>
  ({ code, message, fields, problems });
const invalid = (fields: FieldError[]) => fail('validation', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Demo objects to write notices about, besides the calendar's own. */
const DEMO_TARGETS: readonly TargetOption[] = [
  { kind: 'train', id: 'trn-demo-1', label: 'Spring release', detail: '2024.5 · planned' },
  { kind: 'train', id: 'trn-demo-2', label: 'Hotfix train', detail: '2024.5.1 · in_progress' },
  { kind: 'window', id: 'win-demo-1', label: 'Nightly maintenance', detail: 'maintenance · Europe/Berlin' },
  { kind: 'window', id: 'win-demo-2', label: 'Year-end freeze', detail: 'freeze · UTC' },
  { kind: 'change', id: 'chg-demo-1', label: 'Upgrade Postgres to 16', detail: '2024-06-01 22:00 UTC' },
  { kind: 'change', id: 'chg-demo-2', label: 'Rotate TLS certificates', detail: '2024-06-04 06:00 UTC' },
];

export class FakeNotices {
  templates: Template[] = [];
  versions = new Map<string, TemplateVersion[]>();
  notices: Notice[] = [];
  sends: NoticeSend[] = [];
  lists: Record<Audience, Recipient[]> = { operations: [], executives: [], customers: [], support: [] };
  sender = '';
  incidents: Incident[] = [];
  /** Objects besides the calendar's; a test removes one to "delete" it. */
  targets: TargetOption[] = DEMO_TARGETS.map((t) => ({ ...t }));
  /** What copy_notice last put on the clipboard. */
  clipboard: string | null = null;
  /** The CSV import_recipients "opens"; null: the user cancels the dialog. */
  nextImport: string | null = null;
  /** When true, the next save dialog is cancelled. */
  cancelSave = false;

  constructor(private readonly ctx: NoticesContext) {
    BUILTINS.forEach(([builtin, name, kind, audience, subject, body], i) => {
      const t: Template = {
        id: `tpl-builtin-${i + 1}`, name, kind, audience, subject, body, version: 1, builtin, created_at: SEEDED_AT, updated_at: SEEDED_AT,
      };
      this.templates.push(t);
      this.versions.set(t.id, [{ version: 1, name, subject, body, saved_at: SEEDED_AT, saved_by: 'Signalbox' }]);
    });
  }

  private me = () => this.ctx.actor() ?? 'unknown';

  private find<T extends { id: string }>(list: T[], id: string, what: string): T {
    const found = list.find((x) => x.id === id);
    if (!found) throw fail('not_found', `No ${what} with id ${id}`);
    return found;
  }

  // ---- templates -------------------------------------------------------------

  listTemplates(): Template[] {
    return [...this.templates].sort((a, b) => a.kind.localeCompare(b.kind) || a.audience.localeCompare(b.audience) || a.name.localeCompare(b.name));
  }

  view(id: string): TemplateView {
    const template = this.find(this.templates, id, 'template');
    return { template, versions: this.versions.get(id) ?? [], lint: this.lint(template.audience, template.subject, template.body) };
  }

  private lint = (audience: Audience, subject: string, body: string) => (audience === 'customers' ? customerLint(subject, body) : []);

  private check(input: TemplateInput, except: string | null): TemplateInput {
    const errors: FieldError[] = [];
    const name = input.name.trim();
    const subject = input.subject.trim();
    if (!name) errors.push({ field: 'name', message: 'Name is required' });
    else if (this.templates.some((t) => t.id !== except && same(t.name, name)))
      errors.push({ field: 'name', message: `There is already a template named "${name}"` });
    if (!subject) errors.push({ field: 'subject', message: 'Subject is required' });
    else if (subject.includes('\n')) errors.push({ field: 'subject', message: 'Subject must be one line' });
    else {
      const e = syntaxError('subject', subject);
      if (e) errors.push({ field: 'subject', message: e });
    }
    if (!input.body.trim()) errors.push({ field: 'body', message: 'Body is required' });
    else {
      const e = syntaxError('body', input.body);
      if (e) errors.push({ field: 'body', message: e });
    }
    if (errors.length) throw invalid(errors);
    return { ...input, name, subject };
  }

  addTemplate(raw: TemplateInput): Template {
    const input = this.check(raw, null);
    const at = this.ctx.now();
    const t: Template = { id: this.ctx.id('tpl'), ...input, version: 1, builtin: null, created_at: at, updated_at: at };
    this.templates.push(t);
    this.versions.set(t.id, [{ version: 1, name: t.name, subject: t.subject, body: t.body, saved_at: at, saved_by: this.me() }]);
    this.ctx.record('template', t.id, t.name, 'created', null, t);
    return t;
  }

  updateTemplate(id: string, raw: TemplateInput): Template {
    const before = this.find(this.templates, id, 'template');
    const input = this.check(raw, id);
    if ((['name', 'kind', 'audience', 'subject', 'body'] as const).every((k) => before[k] === input[k])) return before;
    const at = this.ctx.now();
    const after: Template = { ...before, ...input, version: before.version + 1, updated_at: at };
    this.templates.splice(this.templates.indexOf(before), 1, after);
    const version = { version: after.version, name: after.name, subject: after.subject, body: after.body, saved_at: at, saved_by: this.me() };
    this.versions.set(id, [version, ...(this.versions.get(id) ?? [])]);
    this.ctx.record('template', id, after.name, 'updated', before, after);
    return after;
  }

  restoreVersion(id: string, version: number): Template {
    const current = this.view(id);
    const old = current.versions.find((v) => v.version === version);
    if (!old) throw fail('not_found', `template "${current.template.name}" has no version ${version}`);
    const { kind, audience } = current.template;
    return this.updateTemplate(id, { name: old.name, kind, audience, subject: old.subject, body: old.body });
  }

  deleteTemplate(id: string): null {
    const before = this.find(this.templates, id, 'template');
    if (before.builtin !== null) throw fail('refused', `"${before.name}" is built in: edit it, or restore its first version, instead`);
    this.templates.splice(this.templates.indexOf(before), 1);
    this.ctx.record('template', id, before.name, 'deleted', before, null);
    return null;
  }

  // ---- objects and rendering ------------------------------------------------------

  palette = () => [...PALETTE];

  options(kind: TargetKind, query: string): TargetOption[] {
    const q = query.trim().toLowerCase();
    const hit = (...texts: string[]) => !q || texts.some((t) => t.toLowerCase().includes(q));
    const own: TargetOption[] =
      kind === 'train' ? this.ctx.trains().map((t) => ({ kind, id: t.id, label: t.name, detail: `${t.version} · ${t.status}` }))
        : kind === 'window' ? this.ctx.windows().map((w) => ({ kind, id: w.id, label: w.name, detail: `${w.kind} · ${w.time_zone}` }))
          : kind === 'change' ? this.ctx.changes().map((c) => ({ kind, id: c.id, label: c.title, detail: c.start.slice(0, 16).replace('T', ' ') + ' UTC' }))
            : this.incidents.map((i) => ({ kind, id: i.id, label: i.title, detail: `${i.status} · ${i.started_at.slice(0, 16).replace('T', ' ')} UTC` }));
    const all = [...own, ...this.targets.filter((t) => t.kind === kind)].filter((t) => hit(t.label, t.detail));
    return kind === 'change' ? all.slice(0, 50) : all;
  }

  private target(t: NoticeTarget): TargetOption | undefined {
    return this.options(t.kind, '').find((o) => o.id === t.id);
  }

  private render(subject: string, body: string, input: Omit<PreviewInput, 'subject' | 'body'>) {
    const about = input.target ? this.target(input.target) : undefined;
    if (input.target && !about) throw fail('not_found', `No ${input.target.kind} with id ${input.target.id}`);
    const context = exampleContext(input.kind, input.audience, input.time_zone, this.me(),
      about && { name: about.label, when: about.detail, kind: about.kind });
    const s = renderPart('subject', subject, context);
    const b = renderPart('body', body, context);
    return { subject: s.text.trim(), body: b.text, errors: [s.error, b.error].flatMap((e) => e ?? []), label: about?.label ?? 'Example data' };
  }

  preview(input: PreviewInput): Preview {
    const r = this.render(input.subject, input.body, input);
    return {
      subject: r.subject, body: r.body, html: markdownHtml(r.body), errors: r.errors,
      lint: this.lint(input.audience, input.subject, input.body), target_label: r.label,
    };
  }

  generate(input: GenerateInput): Notice {
    if (!input.time_zone.includes('/') && input.time_zone !== 'UTC')
      throw invalid([{ field: 'time_zone', message: `"${input.time_zone}" is not an IANA time zone` }]);
    const t = this.find(this.templates, input.template_id, 'template');
    if (!this.target(input.target))
      throw fail('not_found', `the ${input.target.kind} this notice would be about no longer exists (it may have been deleted)`);
    const r = this.render(t.subject, t.body, { kind: t.kind, audience: t.audience, target: input.target, time_zone: input.time_zone });
    const e = r.errors[0];
    if (e) {
      const where = `${e.part === 'subject' ? 'Subject' : 'Body'}${e.line === null ? '' : `, line ${e.line}`}`;
      throw invalid([{ field: e.part, message: `Template "${t.name}": ${where}: ${e.message}` }]);
    }
    const at = this.ctx.now();
    const n: Notice = {
      id: this.ctx.id('ntc'), template_id: t.id, template_name: t.name, template_version: t.version, kind: t.kind,
      audience: t.audience, target: { ...input.target }, target_label: r.label, time_zone: input.time_zone, subject: r.subject,
      body: r.body, edited: false, created_by: this.me(), created_at: at, updated_at: at, sent_at: null,
    };
    this.notices.push(n);
    this.ctx.record('notice', n.id, n.subject, 'created', null, n);
    return n;
  }

  // ---- notices ------------------------------------------------------------

  listNotices(): Notice[] {
    return [...this.notices].sort((a, b) => b.created_at.localeCompare(a.created_at));
  }

  notice(id: string): NoticeView {
    const notice = this.find(this.notices, id, 'notice');
    return {
      notice, sends: this.sends.filter((s) => s.notice_id === id).reverse(), html: markdownHtml(notice.body),
      recipients: this.lists[notice.audience], target_exists: this.target(notice.target) !== undefined,
    };
  }

  updateNotice(id: string, edit: NoticeEdit): Notice {
    const before = this.find(this.notices, id, 'notice');
    const subject = edit.subject.trim();
    const errors: FieldError[] = [];
    if (!subject) errors.push({ field: 'subject', message: 'Subject is required' });
    else if (/[\r\n]/.test(subject)) errors.push({ field: 'subject', message: 'Subject must be one line' });
    if (!edit.body.trim()) errors.push({ field: 'body', message: 'The notice has no text' });
    if (errors.length) throw invalid(errors);
    if (before.subject === subject && before.body === edit.body) return before;
    const after: Notice = { ...before, subject, body: edit.body, edited: true, updated_at: this.ctx.now() };
    this.notices.splice(this.notices.indexOf(before), 1, after);
    this.ctx.record('notice', id, after.subject, 'updated', before, after);
    return after;
  }

  deleteNotice(id: string): null {
    const before = this.find(this.notices, id, 'notice');
    if (before.sent_at !== null) throw fail('refused', `"${before.subject}" was sent, so it stays as a record of what was said`);
    this.notices.splice(this.notices.indexOf(before), 1);
    this.ctx.record('notice', id, before.subject, 'deleted', before, null);
    return null;
  }

  recordSent(id: string, input: SendInput): NoticeSend {
    const { list, errors } = parseRecipients(input.recipients);
    if (errors.length) throw invalid(errors.map((e) => ({ field: 'recipients', message: `Line ${e.line}: ${e.message}` })));
    if (!list.length) throw invalid([{ field: 'recipients', message: 'Name at least one recipient the notice was sent to' }]);
    const notice = this.find(this.notices, id, 'notice');
    const send: NoticeSend = { id: this.ctx.id('snd'), notice_id: id, at: this.ctx.now(), by: this.me(), recipients: list };
    this.sends.push(send);
    this.notices.splice(this.notices.indexOf(notice), 1, { ...notice, sent_at: send.at });
    this.ctx.record('notice', id, notice.subject, 'sent', null, { subject: notice.subject, recipients: list.map(display) });
    return send;
  }

  /** The stored notice as a file of `format`. */
  document(id: string, format: ExportFormat): string {
    const n = this.find(this.notices, id, 'notice');
    if (format === 'markdown') return `# ${n.subject}\n\n${n.body}`;
    if (format === 'html') return `<h1>${n.subject}</h1>\n${markdownHtml(n.body)}`;
    const text = `${n.subject}\n\n${n.body.replace(/\*\*|__|`/g, '')}`;
    if (format === 'text') return text;
    const to = this.lists[n.audience].map(display).join(', ');
    return `From: ${this.sender}\nTo: ${to}\nSubject: ${n.subject}\nContent-Type: text/plain; charset=utf-8\n\n${text}`;
  }

  save(id: string, format: ExportFormat): string | null {
    const text = this.document(id, format);
    if (this.cancelSave) {
      this.cancelSave = false;
      return null;
    }
    this.ctx.exported(text);
    return `/home/test/notice-${id}.${EXTENSIONS[format]}`;
  }

  copy(id: string, format: ExportFormat): null {
    this.clipboard = this.document(id, format);
    return null;
  }

  // ---- recipients -----------------------------------------------------------

  recipients = (audience: Audience): RecipientsView => ({ audience, recipients: this.lists[audience] });

  private store(audience: Audience, list: Recipient[]): RecipientsView {
    const before = this.lists[audience];
    this.lists = { ...this.lists, [audience]: list };
    this.ctx.record('recipients', audience, `${audience} recipients`, 'updated', before, list);
    return this.recipients(audience);
  }

  setRecipients(audience: Audience, text: string): RecipientsView {
    if (!AUDIENCES.includes(audience)) throw invalid([{ field: 'audience', message: `unknown audience "${audience}"` }]);
    const { list, errors } = parseRecipients(text);
    if (errors.length) throw invalid(errors.map((e) => ({ field: 'recipients', message: `Line ${e.line}: ${e.message}` })));
    return this.store(audience, list);
  }

  importRecipients(audience: Audience): RecipientsView | null {
    const csv = this.nextImport;
    this.nextImport = null;
    if (csv === null) return null;
    const [head, ...rows] = csv.trim().split('\n');
    const columns = head.split(',').map((h) => h.trim().toLowerCase());
    const col = columns.findIndex((h) => ['address', 'email', 'e-mail'].includes(h));
    if (col < 0) throw fail('import_rejected', 'The recipients file was not imported: 1 problem', [], ['Row 1: there is no "address" column']);
    const named = columns.indexOf('name');
    const problems: string[] = [];
    const list: Recipient[] = [];
    rows.forEach((row, i) => {
      const cells = row.split(',').map((c) => c.trim());
      const problem = addressProblem(cells[col] ?? '');
      if (problem) problems.push(`Row ${i + 2}: ${problem}`);
      else list.push({ name: named >= 0 ? cells[named] ?? '' : '', address: cells[col] });
    });
    if (problems.length)
      throw fail('import_rejected', `The recipients file was not imported: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, [], problems);
    return this.store(audience, list);
  }

  saveRecipients(audience: Audience): string {
    this.ctx.exported(['name,address', ...this.lists[audience].map((r) => `${r.name},${r.address}`)].join('\n'));
    return `/home/test/recipients-${audience}.csv`;
  }

  setSender(raw: string): string {
    const text = raw.trim();
    if (!text) return (this.sender = '');
    const { list, errors } = parseRecipients(text);
    if (errors.length || list.length !== 1)
      throw invalid([{ field: 'sender', message: `The sender: ${errors[0]?.message ?? 'name one address'}` }]);
    return (this.sender = display(list[0]));
  }

  // ---- incidents -----------------------------------------------------------

  listIncidents(): Incident[] {
    return [...this.incidents].sort((a, b) => b.started_at.localeCompare(a.started_at));
  }

  private checkIncident(input: IncidentInput): IncidentInput {
    const errors: FieldError[] = [];
    const title = input.title.trim();
    if (!title) errors.push({ field: 'title', message: 'Title is required' });
    if (input.resolved_at !== null && input.resolved_at < input.started_at)
      errors.push({ field: 'resolved_at', message: 'An incident cannot be resolved before it started' });
    if (input.status === 'resolved' && input.resolved_at === null)
      errors.push({ field: 'resolved_at', message: 'A resolved incident needs the time it was resolved' });
    for (const id of input.service_ids) {
      if (!this.ctx.services().some((s) => s.id === id))
        errors.push({ field: 'service_ids', message: `No service with id ${id}: it may have been deleted` });
    }
    if (errors.length) throw invalid(errors);
    return { ...input, title, impact: input.impact.trim(), service_ids: [...new Set(input.service_ids)] };
  }

  addIncident(raw: IncidentInput): Incident {
    const input = this.checkIncident(raw);
    const at = this.ctx.now();
    const i: Incident = { id: this.ctx.id('inc'), ...input, created_at: at, updated_at: at };
    this.incidents.push(i);
    this.ctx.record('incident', i.id, i.title, 'created', null, i);
    return i;
  }

  updateIncident(id: string, raw: IncidentInput): Incident {
    const before = this.find(this.incidents, id, 'incident');
    const after: Incident = { ...before, ...this.checkIncident(raw), updated_at: this.ctx.now() };
    this.incidents.splice(this.incidents.indexOf(before), 1, after);
    this.ctx.record('incident', id, after.title, 'updated', before, after);
    return after;
  }
}
