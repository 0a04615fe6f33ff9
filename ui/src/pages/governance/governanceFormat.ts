// Pure helpers for the Risk & approvals area: words for levels, stages,
// models, roles and decisions; the sub-view in the `#/governance/<view>`
// hash; the register's period as date inputs; the facts in a sentence.
import type { ChangeModel, Decision, RiskFacts, RiskLevel, RiskRules, Role } from '../../lib/bindings';
import { formatNumber } from '../../lib/format';

export const LEVELS: readonly RiskLevel[] = ['low', 'moderate', 'high', 'critical'];
export const MODELS: readonly ChangeModel[] = ['standard', 'normal', 'emergency'];
export const ROLES: readonly Role[] = ['release_manager', 'cab_member', 'viewer'];
/** Roles that may fill an approval slot. */
export const APPROVER_ROLES: readonly Role[] = ['release_manager', 'cab_member'];

const ROLE_LABELS: Record<Role, string> = { release_manager: 'Release manager', cab_member: 'CAB member', viewer: 'Viewer' };
const MODEL_HINTS: Record<ChangeModel, string> = {
  standard: 'Pre-approved and low risk: no assessment or approval.',
  normal: 'Assessed, then authorised by the approvals its risk needs.',
  emergency: 'Authorised fast; may bypass approval with a reason, and owes a post-implementation review.',
};
const DECISION_LABELS: Record<Decision, string> = { approve: 'Approved', reject: 'Rejected', request_changes: 'Requested changes' };

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const levelLabel = (level: RiskLevel) => capitalise(level);
export const modelLabel = (model: ChangeModel) => capitalise(model);
export const modelHint = (model: ChangeModel) => MODEL_HINTS[model];
export const roleLabel = (role: Role) => ROLE_LABELS[role];
export const decisionLabel = (d: Decision) => DECISION_LABELS[d];

export type GovernanceTab = 'register' | 'people' | 'policy';
export const TABS: readonly { tab: GovernanceTab; label: string }[] = [
  { tab: 'register', label: 'Register' },
  { tab: 'people', label: 'People' },
  { tab: 'policy', label: 'Policy' },
];

export function tabFromHash(hash: string): GovernanceTab {
  const sub = hash.replace(/^#\/?/, '').split('/')[1] ?? '';
  return sub === 'people' || sub === 'policy' ? sub : 'register';
}

export const tabHash = (tab: GovernanceTab) => (tab === 'register' ? '#/governance' : `#/governance/${tab}`);

/** Local `YYYY-MM-DD` of an instant, for a date input. */
export function dateInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight starting a `YYYY-MM-DD` day (plus `days`), as UTC ISO; null when not a date. */
export function dayStart(value: string, days = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days).toISOString();
}

/** The last day a period ending at `iso` (exclusive) covers. */
export const lastDay = (iso: string) => dateInput(new Date(Date.parse(iso) - 1).toISOString());

/** The first `n` reasons and how many more there are. */
export function topReasons(reasons: string[], n = 2): { shown: string[]; more: number } {
  return { shown: reasons.slice(0, n), more: Math.max(0, reasons.length - n) };
}

/** The facts behind the rules, one short line each. */
export function factLines(f: RiskFacts): string[] {
  const days = f.lead_time_hours / 24;
  const lines = [
    days >= 1 ? `Planned ${days.toFixed(1)} days ahead` : `Planned ${Math.max(0, f.lead_time_hours).toFixed(0)} h ahead`,
    f.production ? 'Production environment' : 'Not production',
    f.critical_services.length ? `Critical services: ${f.critical_services.join(', ')}` : 'No critical-tier service',
    f.nearest_freeze
      ? f.nearest_freeze[1] <= 0 ? `Inside the freeze “${f.nearest_freeze[0]}”` : `${f.nearest_freeze[1].toFixed(0)} h from the freeze “${f.nearest_freeze[0]}”`
      : 'No freeze nearby',
    f.recent_failures.length
      ? `Failed lately: ${f.recent_failures.map(([s, ago]) => `${s} (${ago.toFixed(0)} days ago)`).join(', ')}`
      : 'No recent failed deployments',
    `${formatNumber(f.dependants)}${f.dependants_exact ? '' : '+'} dependent service${f.dependants === 1 && f.dependants_exact ? '' : 's'}`,
  ];
  return lines;
}

export type RuleKey = keyof RiskRules;
export const RULES: readonly { key: RuleKey; title: string; unit: string | null; meaning: (limit: number) => string }[] = [
  { key: 'short_lead_time', title: 'Short lead time', unit: 'days', meaning: (n) => `Planned less than ${n} day${n === 1 ? '' : 's'} ahead.` },
  { key: 'critical_service', title: 'Critical service', unit: null, meaning: () => 'A critical-tier service is affected.' },
  { key: 'near_freeze', title: 'Near a freeze', unit: 'hours', meaning: (n) => `Inside a freeze, or within ${n} hour${n === 1 ? '' : 's'} of one.` },
  { key: 'recent_failure', title: 'Recent failure', unit: 'days', meaning: (n) => `A deployment of an affected service failed in the last ${n} day${n === 1 ? '' : 's'}.` },
  { key: 'many_dependants', title: 'Many dependants', unit: 'services', meaning: (n) => `More than ${n} service${n === 1 ? '' : 's'} depend on the affected ones, directly or not.` },
  { key: 'production', title: 'Production', unit: null, meaning: () => 'The environment is production.' },
];
