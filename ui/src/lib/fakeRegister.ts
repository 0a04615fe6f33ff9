// The fake's risk register: every open change starting in the period,
// assessed, highest level first (then by start), with the counts by level,
// a page of it, and the whole of it as CSV.
import type { RegisterPage, RegisterQuery, RegisterRow, RiskLevel } from './bindings';
import type { FakeGovernance } from './fakeGovernance';
import { invalid, isFinal, rank } from './fakeRules';

const DAY = 86_400_000;

export interface RegisterRows {
  rows: RegisterRow[];
  byLevel: [number, number, number, number];
  from: string;
  to: string;
}

export function registerRows(gov: FakeGovernance, q: RegisterQuery): RegisterRows {
  const from = Date.parse(q.from ?? gov.ctx.now());
  const to = q.to === null ? from + 90 * DAY : Date.parse(q.to);
  if (!(to > from)) throw invalid([{ field: 'to', message: 'The end must be after the start' }]);
  if (to - from > 400 * DAY) throw invalid([{ field: 'to', message: 'A range may cover at most 400 days' }]);
  const envs = new Map(gov.ctx.environments().map((e) => [e.id, e.name]));
  const words = q.search.toLowerCase().split(/\s+/).filter(Boolean);
  const byLevel: [number, number, number, number] = [0, 0, 0, 0];
  const rows: RegisterRow[] = [];
  const wanted = (level: RiskLevel) => q.levels.length === 0 || q.levels.includes(level);
  for (const c of gov.ctx.changes()) {
    const start = Date.parse(c.start);
    const g = gov.recordOf(c);
    if (start < from || start >= to || isFinal(g.stage)) continue;
    const a = gov.assessmentOf(c);
    byLevel[rank(a.level)] += 1;
    const environment = envs.get(c.environment_id) ?? '';
    const hay = `${c.title} ${c.owner} ${environment}`.toLowerCase();
    if (!wanted(a.level) || !words.every((w) => hay.includes(w))) continue;
    rows.push({
      change_id: c.id, title: c.title, owner: c.owner, environment, start: c.start, model: g.model, stage: g.stage,
      level: a.level, score: a.score, reasons: a.reasons.map((r) => r.text),
    });
  }
  rows.sort((a, b) => rank(b.level) - rank(a.level) || Date.parse(a.start) - Date.parse(b.start) || a.change_id.localeCompare(b.change_id));
  return { rows, byLevel, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

export function registerPage({ rows, byLevel, from, to }: RegisterRows, q: RegisterQuery): RegisterPage {
  const limit = Math.min(1000, Math.max(1, q.limit ?? 100));
  return { rows: rows.slice(q.offset, q.offset + limit), total: rows.length, by_level: byLevel, from, to };
}

export function registerCsv(rows: RegisterRow[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [['level', 'score', 'title', 'owner', 'environment', 'start', 'model', 'stage', 'reasons', 'change_id']];
  for (const r of rows)
    lines.push([r.level, String(r.score), r.title, r.owner, r.environment, r.start, r.model, r.stage, r.reasons.join('; '), r.change_id]);
  return lines.map((l) => l.map(cell).join(',')).join('\n') + '\n';
}
