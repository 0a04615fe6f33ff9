// Text helpers of the fake notices backend: a naive Jinja-like renderer
// (`{{ path | filter }}`, `{% for %}`, `{% if %}`, errors with their line),
// a minimal Markdown → HTML conversion (everything escaped first), the
// customer lint, the variable palette, and recipient address checks that
// read like the backend's.
import type { Audience, NoticeKind, PaletteEntry, Part, Recipient, TemplateError } from './bindings';

// ---- rendering -------------------------------------------------------------

type Value = unknown;
type Scope = Record<string, Value>;

class RenderError extends Error {
  constructor(readonly line: number | null, message: string) {
    super(message);
  }
}

type Token = { type: 'text'; text: string } | { type: 'var' | 'tag'; code: string; line: number };
type Node =
  | { type: 'text'; text: string }
  | { type: 'var'; code: string; line: number }
  | { type: 'for'; name: string; source: string; line: number; body: Node[]; otherwise: Node[] }
  | { type: 'if'; cond: string; line: number; body: Node[]; otherwise: Node[] };

const lineAt = (source: string, index: number) => source.slice(0, index).split('\n').length;

function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  for (;;) {
    const open = source.slice(at).search(/\{\{|\{%/);
    if (open < 0) break;
    const start = at + open;
    const isVar = source.startsWith('{{', start);
    const close = source.indexOf(isVar ? '}}' : '%}', start + 2);
    if (close < 0) {
      const expected = isVar ? 'end of variable block' : 'end of block';
      throw new RenderError(lineAt(source, start), `syntax error: unexpected end of input, expected ${expected}`);
    }
    let text = source.slice(at, start);
    // lstrip_blocks: a block tag alone on its line takes the indentation with it.
    if (!isVar) text = text.replace(/(^|\n)[ \t]+$/, '$1');
    out.push({ type: 'text', text });
    out.push({ type: isVar ? 'var' : 'tag', code: source.slice(start + 2, close).trim(), line: lineAt(source, start) });
    at = close + 2;
    // trim_blocks: the newline after a block tag goes too.
    if (!isVar && source[at] === '\n') at += 1;
  }
  out.push({ type: 'text', text: source.slice(at) });
  return out;
}

function parse(tokens: Token[], pos: { i: number }, ends: string[]): { nodes: Node[]; end: string | null } {
  const nodes: Node[] = [];
  while (pos.i < tokens.length) {
    const t = tokens[pos.i++];
    if (t.type === 'text') nodes.push(t);
    else if (t.type === 'var') nodes.push({ type: 'var', code: t.code, line: t.line });
    else {
      const word = t.code.split(/\s+/)[0];
      if (ends.includes(word)) return { nodes, end: word };
      if (word === 'for' || word === 'if') {
        const body = parse(tokens, pos, word === 'for' ? ['else', 'endfor'] : ['else', 'endif']);
        let otherwise: Node[] = [];
        let end = body.end;
        if (end === 'else') ({ nodes: otherwise, end } = parse(tokens, pos, [`end${word}`]));
        if (end === null) throw new RenderError(t.line, `syntax error: unexpected end of input, expected end${word}`);
        if (word === 'if') {
          nodes.push({ type: 'if', cond: t.code.slice(2).trim(), line: t.line, body: body.nodes, otherwise });
          continue;
        }
        const m = /^for\s+(\w+)\s+in\s+(.+)$/.exec(t.code);
        if (!m) throw new RenderError(t.line, 'syntax error: expected "for <name> in <list>"');
        nodes.push({ type: 'for', name: m[1], source: m[2], line: t.line, body: body.nodes, otherwise });
      } else {
        throw new RenderError(t.line, `syntax error: unknown statement ${word}`);
      }
    }
  }
  // Reaching the end while a block is open is reported by the caller.
  return { nodes, end: null };
}

function lookup(path: string, scope: Scope, line: number): Value {
  const parts = path.split('.');
  let value: Value = scope;
  for (const [i, key] of parts.entries()) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(key);
    const record = value !== null && typeof value === 'object' ? (value as Record<string, Value>) : null;
    if (!m || !record || !(m[1] in record)) {
      const what = i === 0 ? key : parts.slice(0, i + 1).join('.');
      throw new RenderError(line, `"${what}" is not defined (check the variable's name in the palette)`);
    }
    value = record[m[1]];
    if (m[2] !== undefined) value = Array.isArray(value) ? value[Number(m[2])] : undefined;
  }
  return value;
}

function show(value: Value): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object') return '{…}';
  return String(value);
}

function evaluate(code: string, scope: Scope, line: number): Value {
  const [head, ...filters] = code.split(/\|(?=(?:[^"']*["'][^"']*["'])*[^"']*$)/).map((s) => s.trim());
  let value: Value;
  const literal = /^["'](.*)["']$/.exec(head);
  if (literal) value = literal[1];
  else if (/^-?\d+(\.\d+)?$/.test(head)) value = Number(head);
  else if (/^[A-Za-z_][\w.[\]]*$/.test(head)) value = lookup(head, scope, line);
  else throw new RenderError(line, `syntax error: unexpected "${head}"`);
  for (const f of filters) {
    const m = /^(\w+)(?:\((?:["'](.*)["'])?\))?$/.exec(f);
    const name = m?.[1] ?? f;
    if (name === 'length') value = Array.isArray(value) || typeof value === 'string' ? value.length : 0;
    else if (name === 'join') value = Array.isArray(value) ? value.map(show).join(m?.[2] ?? '') : show(value);
    else if (name === 'lower') value = show(value).toLowerCase();
    else if (name === 'upper') value = show(value).toUpperCase();
    else throw new RenderError(line, `unknown filter: filter ${name} is unknown`);
  }
  return value;
}

const truthy = (v: Value) => (Array.isArray(v) ? v.length > 0 : Boolean(v));

function run(nodes: Node[], scope: Scope): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'text') out += n.text;
    else if (n.type === 'var') out += show(evaluate(n.code, scope, n.line));
    else if (n.type === 'if') {
      const negate = n.cond.startsWith('not ');
      const v = truthy(evaluate(negate ? n.cond.slice(4) : n.cond, scope, n.line));
      out += run(v !== negate ? n.body : n.otherwise, scope);
    } else {
      const list = evaluate(n.source, scope, n.line);
      const items = Array.isArray(list) ? list : [];
      out += items.length ? items.map((item) => run(n.body, { ...scope, [n.name]: item })).join('') : run(n.otherwise, scope);
    }
  }
  return out;
}

/** Renders one part, or the error (with its part and line) that stops it. */
export function renderPart(part: Part, source: string, context: Scope): { text: string; error: TemplateError | null } {
  try {
    const tokens = tokenize(source);
    const pos = { i: 0 };
    const tree = parse(tokens, pos, []);
    if (tree.end) throw new RenderError(null, `syntax error: unexpected ${tree.end}`);
    return { text: run(tree.nodes, context), error: null };
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    return { text: '', error: { part, line: e.line, message: e.message } };
  }
}

/** Only the syntax: the error a save refuses, as `Body, line 3: …`. */
export function syntaxError(part: Part, source: string): string | null {
  try {
    const tree = parse(tokenize(source), { i: 0 }, []);
    if (tree.end) throw new RenderError(null, `syntax error: unexpected ${tree.end}`);
    return null;
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    return errorText({ part, line: e.line, message: e.message });
  }
}

export const errorText = (e: TemplateError) =>
  `${e.part === 'subject' ? 'Subject' : 'Body'}${e.line === null ? '' : `, line ${e.line}`}: ${e.message}`;

// ---- Markdown --------------------------------------------------------------

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const inline = (s: string) =>
  s.replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/(^|\W)\*(\S.*?)\*/g, '$1<em>$2</em>');

/** Headings, paragraphs, `-` lists, bold, italics and code; every text escaped first. */
export function markdownHtml(markdown: string): string {
  const out: string[] = [];
  let para: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`);
    if (list.length) out.push(`<ul>\n${list.map((li) => `<li>${inline(li)}</li>`).join('\n')}\n</ul>`);
    para = [];
    list = [];
  };
  for (const raw of escapeHtml(markdown).split('\n')) {
    const line = raw.trim();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^[-*]\s+(.*)$/.exec(line);
    if (!line) flush();
    else if (heading) {
      flush();
      out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    } else if (item) {
      if (para.length) flush();
      list.push(item[1]);
    } else {
      if (list.length) flush();
      para.push(line);
    }
  }
  flush();
  return out.join('\n');
}

// ---- lint and palette -------------------------------------------------------

const INTERNAL = ['id', 'owner', 'requested_by', 'repository_url', 'score', 'reasons', 'team', 'contact', 'contacts', 'stage',
  'model', 'release_manager', 'generated_by'];

/** True when a dotted path reads a field customers must not see. */
export function isInternal(path: string): boolean {
  const segments = path.split(/[.|\s]/).filter(Boolean);
  const names: string[] = [];
  for (const s of segments) {
    if (!/^\w+$/.test(s)) break;
    names.push(s);
  }
  return names.some((s) => INTERNAL.includes(s) || s.endsWith('_id'));
}

/** Warnings for a customer template that reads internal fields. */
export function customerLint(subject: string, body: string): string[] {
  const out: string[] = [];
  for (const [label, source] of [['Subject', subject], ['Body', body]] as const) {
    const seen = new Set<string>();
    for (const m of source.matchAll(/\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)) {
      const inner = (m[1] ?? m[2]).replace(/"[^"]*"|'[^']*'/g, ' ');
      for (const name of inner.match(/[A-Za-z_][\w.]*/g) ?? []) {
        if (!isInternal(name) || seen.has(name)) continue;
        seen.add(name);
        out.push(`${label}, line ${lineAt(source, m.index ?? 0)}: "${name}" is internal; customers should not see it`);
      }
    }
  }
  return out;
}

const entry = (path: string, description: string, snippet = `{{ ${path} }}`): PaletteEntry =>
  ({ path, description, snippet, internal: isInternal(path) });

export const PALETTE: readonly PaletteEntry[] = [
  entry('release.name', 'What the notice is about: the train, change, window or incident'),
  entry('release.when', "Its time span in the reader's time zone"),
  entry('release.status_label', 'Its status'),
  entry('release.version', "The train's version (blank for others)"),
  entry('release.description', 'Its description'),
  entry('release.owner', 'Who owns it'),
  entry('changes', 'Every change, in a loop', '{% for c in changes %}\n- {{ c.title }}: {{ c.when }}\n{% endfor %}\n'),
  entry('changes | length', 'How many changes'),
  entry('c.title', "A change's title (inside the loop)"),
  entry('c.when', "A change's time span (inside the loop)"),
  entry('services', 'Services affected, in a loop', '{% for s in services %}\n- {{ s.name }}\n{% endfor %}\n'),
  entry('s.name', "A service's name (inside the loop)"),
  entry('environments | join(", ")', 'Environments touched'),
  entry('blast_radius.count', 'How many services depend on the affected ones'),
  entry('risk.level_label', 'The highest risk level among the changes'),
  entry('risk.score', 'The highest risk score'),
  entry('release_manager', 'The release manager (you)'),
  entry('contacts', 'Owning teams and how to reach them', '{% for t in contacts %}\n- {{ t.team }}: {{ t.contact }}\n{% endfor %}\n'),
  entry('rollback.summary', 'The rollback plan in a sentence'),
  entry('cab.summary', 'CAB outcomes in a sentence'),
  entry('incident.impact', "The incident's customer impact"),
  entry('reader.time_zone', 'The time zone times are written in'),
  entry('notice.audience_label', 'The audience'),
];

// ---- recipients -------------------------------------------------------------

/** Why an address is not one, or null when it is. */
export function addressProblem(address: string): string | null {
  const a = address.trim();
  if (!a) return 'the address is missing';
  const at = a.lastIndexOf('@');
  if (at < 0) return `"${a}" has no @`;
  const [local, domain] = [a.slice(0, at), a.slice(at + 1)];
  if (!local || !/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return `"${a}" has an invalid part before the @`;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(l)))
    return `"${a}" has an invalid domain "${domain}"`;
  return null;
}

function parseEntry(raw: string): Recipient | string {
  const text = raw.trim();
  const open = text.lastIndexOf('<');
  let name = '';
  let address = text;
  if (open >= 0 && text.endsWith('>')) {
    name = text.slice(0, open).trim().replace(/^"|"$/g, '').trim();
    address = text.slice(open + 1, -1);
  } else if (open >= 0 || text.endsWith('>')) {
    return `"${text}" is not "Name <address>" or an address`;
  }
  return addressProblem(address) ?? { name, address: address.trim() };
}

/** One recipient per line (commas or semicolons also split); every bad line named; duplicates dropped. */
export function parseRecipients(text: string): { list: Recipient[]; errors: { line: number; message: string }[] } {
  const list: Recipient[] = [];
  const errors: { line: number; message: string }[] = [];
  text.split('\n').forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) return;
    for (const part of line.split(/[,;](?=(?:[^"]*"[^"]*")*[^"]*$)(?![^<]*>)/)) {
      if (!part.trim()) continue;
      const r = parseEntry(part);
      if (typeof r === 'string') errors.push({ line: i + 1, message: r });
      else if (!list.some((o) => o.address.toLowerCase() === r.address.toLowerCase())) list.push(r);
    }
  });
  return { list, errors };
}

export const display = (r: Recipient) => (r.name ? `${r.name} <${r.address}>` : r.address);

// ---- example data and built-ins -------------------------------------------

export const KIND_LABELS: Record<NoticeKind, string> = {
  maintenance_window: 'Maintenance window', release_announcement: 'Release announcement', incident_update: 'Incident update',
  rollback_notice: 'Rollback notice', freeze_announcement: 'Freeze announcement', cab_outcome: 'CAB outcome',
};
export const AUDIENCE_LABELS: Record<Audience, string> = {
  operations: 'Operations', executives: 'Executives', customers: 'Customers', support: 'Support',
};

/** What a template reads: example data, or an object's name and time in place of the example's. */
export function exampleContext(kind: NoticeKind, audience: Audience, zone: string, me: string, about?: { name: string; when: string; kind: string }): Scope {
  return {
    release: {
      name: about?.name ?? 'Checkout v2 rollout', when: about?.when ?? 'Sat 1 Jun 2024, 22:00–23:30', status_label: 'Planned',
      version: '2.4.0', description: 'Moves checkout to the new payment provider.', owner: 'Dana Reyes', id: 'example-1',
      kind: about?.kind ?? 'train',
    },
    changes: [
      { title: 'Deploy checkout-api 2.4', when: 'Sat 1 Jun, 22:00–22:45', environment: 'production', status: 'planned', risk_level: 'high', owner: 'Dana Reyes', id: 'chg-example-1' },
      { title: 'Migrate ledger schema', when: 'Sat 1 Jun, 22:45–23:30', environment: 'production', status: 'planned', risk_level: 'moderate', owner: 'Sam Lee', id: 'chg-example-2' },
    ],
    environments: ['production'],
    services: [{ name: 'checkout-api', tier: 'critical', team: 'Payments' }, { name: 'ledger', tier: 'high', team: 'Payments' }],
    blast_radius: { count: 3, services: ['orders', 'invoicing', 'notifications'], more: 0 },
    risk: { level_label: 'High', score: 9, reasons: ['A critical-tier service is affected'] },
    release_manager: me,
    contacts: [{ team: 'Payments', contact: '#payments' }],
    rollback: { summary: 'Redeploy the previous versions in reverse order.', order: ['ledger', 'checkout-api'] },
    cab: { summary: 'Approved by the Weekly CAB', outcomes: [] },
    incident: { title: 'Checkout errors', status: 'Investigating', impact: 'Some payments fail.' },
    reader: { time_zone: zone },
    notice: { kind, kind_label: KIND_LABELS[kind], audience, audience_label: AUDIENCE_LABELS[audience] },
  };
}

/** The fake's built-in templates: `[key, name, kind, audience, subject, body]`. */
export const BUILTINS: readonly [string, string, NoticeKind, Audience, string, string][] = [
  ['maintenance_window/customers', 'Maintenance window for customers', 'maintenance_window', 'customers',
    'Scheduled maintenance: {{ release.when }}',
    'We will carry out scheduled maintenance to keep our services fast and reliable.\n\n**When:** {{ release.when }}\n\n' +
    '{% if services %}\nDuring this time the following may be briefly unavailable:\n\n{% for s in services %}\n- {{ s.name }}\n{% endfor %}\n{% endif %}\n\n' +
    'If you have questions, please contact our support team. Thank you for your patience.\n'],
  ['maintenance_window/operations', 'Maintenance window for operations', 'maintenance_window', 'operations',
    'Maintenance: {{ release.name }}, {{ release.when }}',
    'Maintenance is scheduled for **{{ release.name }}**.\n\n**When:** {{ release.when }}\n\n## Changes ({{ changes | length }})\n\n' +
    '{% for c in changes %}\n- **{{ c.title }}**: {{ c.environment }}, {{ c.when }} ({{ c.owner }})\n{% endfor %}\n\n' +
    '**Risk:** {{ risk.level_label }}\n\n## Contacts\n\n- Release manager: {{ release_manager }}\n'],
  ['release_announcement/executives', 'Release announcement for executives', 'release_announcement', 'executives',
    'Release {{ release.name }}: {{ release.status_label }}',
    '**{{ release.name }}** is {{ release.status_label | lower }}.\n\n- **Scope:** {{ changes | length }} changes\n' +
    '- **Risk:** {{ risk.level_label }}\n- **Release manager:** {{ release_manager }}\n'],
];
