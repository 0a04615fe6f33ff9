// Words for the map screens: import reports, blast radius summaries, kinds.
import type { BackstageReport, DependencyImportReport, DependencyKind, Impact, TierCounts } from '../../lib/bindings';
import { formatNumber } from '../../lib/format';

export const KIND_LABEL: Record<DependencyKind, string> = {
  runtime: 'Runtime',
  data: 'Data',
  deploy_order: 'Deploy order',
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

export function backstageSummary(r: BackstageReport): string {
  const parts = [
    `${plural(r.files, 'file')} read`,
    `services: ${formatNumber(r.services_created)} created, ${formatNumber(r.services_updated)} updated, ${formatNumber(r.services_unchanged)} unchanged`,
    `dependencies: ${formatNumber(r.dependencies_created)} created, ${formatNumber(r.dependencies_unchanged)} unchanged`,
  ];
  if (r.teams_created > 0) parts.push(`${plural(r.teams_created, 'team')} created`);
  if (r.skipped.length > 0) parts.push(`${formatNumber(r.skipped.length)} skipped`);
  return `Imported. ${parts.join('; ')}.`;
}

export function csvSummary(r: DependencyImportReport): string {
  return `Imported. ${plural(r.created, 'dependency', 'dependencies')} created, ${formatNumber(r.unchanged)} already there.`;
}

/** "12 services depend on it (2 critical, 3 high)". */
export function blastSummary(impact: Impact, subject = 'it'): string {
  return radiusText(impact.downstream.length, subject, tierList(impact.tiers));
}

/** "3 services depend on it, directly or not." */
export function radiusText(n: number, subject = 'it', detail = ''): string {
  if (n === 0) return `Nothing depends on ${subject}.`;
  return `${plural(n, 'service')} depend${n === 1 ? 's' : ''} on ${subject}${detail ? ` (${detail})` : ''}.`;
}

export function tierList(t: TierCounts): string {
  return (['critical', 'high'] as const)
    .filter((k) => t[k] > 0)
    .map((k) => `${formatNumber(t[k])} ${k}`)
    .join(', ');
}
