// The fake's meeting documents: the agenda (any time) or the minutes (once
// closed) as Markdown or HTML, a short version of what the backend writes.
import type { AgendaItem, Meeting, MeetingDecision, MinutesFormat } from './bindings';

const OUTCOME: Record<MeetingDecision, string> = {
  approve: 'Approved', reject: 'Rejected', defer: 'Deferred', request_changes: 'Changes requested',
};

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const outcome = (i: AgendaItem) => (i.decision ? OUTCOME[i.decision] : 'Not decided');
const duration = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
const md = (text: string) => text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`).replace(/[\r\n\t]/g, ' ');
const esc = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function people(m: Meeting, present: boolean): string[] {
  return m.attendees.filter((a) => a.present === present).map((a) => a.name);
}

function markdown(m: Meeting, minutes: boolean): string {
  const lines = [`# ${minutes ? 'Minutes' : 'Agenda'}: ${md(m.cab_name)} — ${when(m.at)}`, '', `- Chair: ${md(m.chair)}`, `- Agenda frozen: ${when(m.cutoff)}`];
  if (minutes) {
    lines.push(`- Present: ${people(m, true).map(md).join(', ') || 'none'}`, `- Absent: ${people(m, false).map(md).join(', ') || 'none'}`);
    lines.push('', '## Decisions', '', '| # | Change | Risk | Decision | Note | By | Time |', '|---|---|---|---|---|---|---|');
    for (const i of m.items) {
      lines.push(`| ${i.position + 1} | ${md(i.facts.title)}${i.late ? ' (late addition)' : ''} | ${i.facts.level} | ${outcome(i)} | ${md(i.note)} | ${md(i.decided_by ?? '')} | ${duration(i.seconds)} |`);
    }
  }
  lines.push('', '## Items', '');
  for (const i of m.items) {
    lines.push(`### ${i.position + 1}. ${md(i.facts.title)}`, '', `- ${when(i.facts.start)} in ${md(i.facts.environment)}`, `- Risk: ${i.facts.level} (score ${i.facts.score})`);
    if (minutes) lines.push(`- **Decision: ${outcome(i)}**${i.note ? ` — ${md(i.note)}` : ''}`);
    lines.push('');
  }
  if (m.items.length === 0) lines.push('Nothing on the agenda.');
  return `${lines.join('\n')}\n`;
}

function html(m: Meeting, minutes: boolean, print: boolean): string {
  const title = `${minutes ? 'Minutes' : 'Agenda'}: ${esc(m.cab_name)} — ${when(m.at)}`;
  const rows = m.items
    .map((i) => `<tr><td>${i.position + 1}</td><td>${esc(i.facts.title)}</td><td>${i.facts.level}</td>` +
      (minutes ? `<td>${outcome(i)}</td><td>${esc(i.note)}</td><td>${esc(i.decided_by ?? '')}</td><td>${duration(i.seconds)}</td>` : '') + '</tr>')
    .join('\n');
  const head = `<tr><th>#</th><th>Change</th><th>Risk</th>${minutes ? '<th>Decision</th><th>Note</th><th>By</th><th>Time</th>' : ''}</tr>`;
  const attendance = minutes
    ? `<p>Present: ${esc(people(m, true).join(', ') || 'none')}</p><p>Absent: ${esc(people(m, false).join(', ') || 'none')}</p>`
    : '';
  const style = print ? '<style>@page{size:A4;margin:18mm}</style>' : '';
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title}</title>${style}</head><body>` +
    `<h1>${title}</h1><p>Chair: ${esc(m.chair)}</p><p>Agenda frozen: ${when(m.cutoff)}</p>${attendance}` +
    `<table>${head}\n${rows}</table></body></html>\n`;
}

export function renderMeeting(m: Meeting, minutes: boolean, format: MinutesFormat): string {
  return format === 'markdown' ? markdown(m, minutes) : html(m, minutes, format === 'pdf');
}
