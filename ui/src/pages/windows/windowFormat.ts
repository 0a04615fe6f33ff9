// Words for windows in the list: the kind (hard / soft freeze, maintenance),
// what a window covers, and the ICS import summary.
import type { IcsImportReport, Window } from '../../lib/bindings';

export type KindKey = 'hard' | 'soft' | 'maintenance';

export const KIND_LABELS: Record<KindKey, string> = { hard: 'Hard freeze', soft: 'Soft freeze', maintenance: 'Maintenance' };

export function kindKey(w: Pick<Window, 'kind' | 'soft'>): KindKey {
  if (w.kind === 'maintenance') return 'maintenance';
  return w.soft ? 'soft' : 'hard';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Everything", "production, staging", "All environments · 3 services"... */
export function scopeText(w: Pick<Window, 'environment_ids' | 'service_ids'>, envName: (id: string) => string | null): string {
  if (w.environment_ids.length === 0 && w.service_ids.length === 0) return 'Everything';
  const envs = w.environment_ids.length
    ? w.environment_ids.map((id) => envName(id) ?? 'unknown environment').join(', ')
    : 'All environments';
  return w.service_ids.length ? `${envs} · ${plural(w.service_ids.length, 'service', 'services')}` : envs;
}

export function importMessage(report: IcsImportReport): string {
  return `Imported ${plural(report.created, 'freeze window', 'freeze windows')} (${report.skipped} already there)`;
}

/** True when the search text appears in the window's name or description. */
export function matchesWindow(w: Pick<Window, 'name' | 'description'>, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || w.name.toLowerCase().includes(q) || w.description.toLowerCase().includes(q);
}
