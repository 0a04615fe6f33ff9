// Pure helpers for the Notices area: words for kinds, audiences and objects,
// the sub-view in the `#/notices/...` hash, templates grouped by kind, the
// starter text of a new template, recipients as lines, error sentences.
import type { Tone } from '../../components/Badge.svelte';
import type { Audience, IncidentStatus, NoticeKind, Recipient, TargetKind, Template, TemplateError } from '../../lib/bindings';

export const KINDS: readonly NoticeKind[] = [
  'maintenance_window', 'release_announcement', 'incident_update', 'rollback_notice', 'freeze_announcement', 'cab_outcome',
];
export const AUDIENCES: readonly Audience[] = ['operations', 'executives', 'customers', 'support'];
export const TARGET_KINDS: readonly TargetKind[] = ['train', 'change', 'window', 'incident'];
export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];

const KIND_LABELS: Record<NoticeKind, string> = {
  maintenance_window: 'Maintenance window', release_announcement: 'Release announcement', incident_update: 'Incident update',
  rollback_notice: 'Rollback notice', freeze_announcement: 'Freeze announcement', cab_outcome: 'CAB outcome',
};
const AUDIENCE_LABELS: Record<Audience, string> = {
  operations: 'Operations', executives: 'Executives', customers: 'Customers', support: 'Support',
};
const AUDIENCE_TONES: Record<Audience, Tone> = { operations: 'accent', executives: 'neutral', customers: 'warning', support: 'success' };
const AUDIENCE_HINTS: Record<Audience, string> = {
  operations: 'On-call engineers, SREs and service owners: the detailed notices.',
  executives: 'Leadership: short summaries of scope, risk and status.',
  customers: 'People outside the company: notices without internal details.',
  support: 'The support desk: what customers may notice and whom to escalate to.',
};
const TARGET_LABELS: Record<TargetKind, string> = { train: 'Train', change: 'Change', window: 'Window', incident: 'Incident' };
/** The notice kinds that usually fit an object, best first. */
const SUGGESTED: Record<TargetKind, NoticeKind[]> = {
  train: ['release_announcement', 'maintenance_window', 'cab_outcome'],
  change: ['maintenance_window', 'cab_outcome', 'rollback_notice'],
  window: ['maintenance_window', 'freeze_announcement'],
  incident: ['incident_update', 'rollback_notice'],
};

export const kindLabel = (k: NoticeKind) => KIND_LABELS[k];
export const audienceLabel = (a: Audience) => AUDIENCE_LABELS[a];
export const audienceTone = (a: Audience) => AUDIENCE_TONES[a];
export const audienceHint = (a: Audience) => AUDIENCE_HINTS[a];
export const targetLabel = (k: TargetKind) => TARGET_LABELS[k];
export const incidentStatusLabel = (s: IncidentStatus) => s.charAt(0).toUpperCase() + s.slice(1);

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "Maintenance window · Customers — Maintenance window for customers". */
export const templateOptionLabel = (t: Template) => `${kindLabel(t.kind)} · ${audienceLabel(t.audience)} — ${t.name}`;

/** Every kind in order with its templates (audience order, then name); kinds without any included. */
export function groupByKind(templates: readonly Template[]): { kind: NoticeKind; label: string; items: Template[] }[] {
  return KINDS.map((kind) => ({
    kind,
    label: kindLabel(kind),
    items: templates
      .filter((t) => t.kind === kind)
      .sort((a, b) => AUDIENCES.indexOf(a.audience) - AUDIENCES.indexOf(b.audience) || a.name.localeCompare(b.name)),
  }));
}

/** The template to preselect for an object of `kind`: the best-fitting kind, operations first. */
export function suggestTemplate(templates: readonly Template[], kind: TargetKind): Template | null {
  for (const k of SUGGESTED[kind]) {
    const found = groupByKind(templates).find((g) => g.kind === k)?.items[0];
    if (found) return found;
  }
  return templates[0] ?? null;
}

/** What a new template starts with. */
export function starterText(kind: NoticeKind): { subject: string; body: string } {
  return {
    subject: `${kindLabel(kind)}: {{ release.name }}`,
    body: `Hello,\n\n**{{ release.name }}** — {{ release.when }}\n\n{% for s in services %}\n- {{ s.name }}\n{% endfor %}\n\nThank you.\n`,
  };
}

/** `Name <address>`, or the address alone. */
export const recipientLine = (r: Recipient) => (r.name ? `${r.name} <${r.address}>` : r.address);
export const recipientLines = (list: readonly Recipient[]) => list.map(recipientLine).join('\n');

/** "Body, line 3: syntax error: …". */
export const templateErrorText = (e: TemplateError) =>
  `${e.part === 'subject' ? 'Subject' : 'Body'}${e.line === null ? '' : `, line ${e.line}`}: ${e.message}`;

/** True for Ctrl+S or Cmd+S. */
export const isSaveChord = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's';

// ---- routes ------------------------------------------------------------------

export type NoticesTab = 'notices' | 'templates' | 'recipients';
export type Route =
  | { tab: 'notices'; notice: string | null }
  /** `template`: an id, `new`, or null for the list; `kind`: a new template's kind. */
  | { tab: 'templates'; template: string | null; kind: NoticeKind | null }
  | { tab: 'recipients' };

export const TABS: readonly { tab: NoticesTab; label: string; route: Route }[] = [
  { tab: 'notices', label: 'Notices', route: { tab: 'notices', notice: null } },
  { tab: 'templates', label: 'Templates', route: { tab: 'templates', template: null, kind: null } },
  { tab: 'recipients', label: 'Recipients', route: { tab: 'recipients' } },
];

export function routeFromHash(hash: string): Route {
  const [, sub = '', id = '', extra = ''] = hash.replace(/^#\/?/, '').split('/').map((s) => decodeURIComponent(s));
  if (sub === 'recipients') return { tab: 'recipients' };
  if (sub === 'templates') {
    const kind = (KINDS as readonly string[]).includes(extra) ? (extra as NoticeKind) : null;
    return { tab: 'templates', template: id || null, kind: id === 'new' ? kind : null };
  }
  return { tab: 'notices', notice: sub === 'notice' && id ? id : null };
}

export function routeHash(route: Route): string {
  if (route.tab === 'recipients') return '#/notices/recipients';
  if (route.tab === 'templates') {
    if (!route.template) return '#/notices/templates';
    const kind = route.template === 'new' && route.kind ? `/${route.kind}` : '';
    return `#/notices/templates/${encodeURIComponent(route.template)}${kind}`;
  }
  return route.notice ? `#/notices/notice/${encodeURIComponent(route.notice)}` : '#/notices';
}
