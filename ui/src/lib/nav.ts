// The app's areas, in sidebar order. Later areas (releases, deployments...)
// slot in by adding an entry here and a page in components/Shell.svelte.
import type { Counts } from './bindings';

export type AreaId =
  | 'services' | 'map' | 'calendar' | 'trains' | 'governance' | 'cab' | 'notices' | 'pipelines' | 'windows' | 'teams'
  | 'environments' | 'audit';

export interface Area {
  id: AreaId;
  label: string;
  subtitle: string;
  /** The sidebar badge, from workspace_status counts. */
  count: (counts: Counts) => number;
}

export const AREAS: readonly Area[] = [
  {
    id: 'services',
    label: 'Services',
    subtitle: 'Everything you ship, who owns it and how critical it is.',
    count: (c) => c.services,
  },
  {
    id: 'map',
    label: 'Dependency map',
    subtitle: 'What depends on what: blast radius, and the order to deploy and roll back.',
    count: (c) => c.dependencies,
  },
  {
    id: 'calendar',
    label: 'Calendar',
    subtitle: 'Changes, freezes and maintenance windows, and where they collide.',
    count: (c) => c.changes,
  },
  {
    id: 'trains',
    label: 'Trains',
    subtitle: 'Release trains: their changes, targets and progress.',
    count: (c) => c.trains,
  },
  {
    id: 'governance',
    label: 'Risk & approvals',
    subtitle: 'The risk register, who may approve what, and the people who do.',
    count: (c) => c.people,
  },
  {
    id: 'cab',
    label: 'CAB',
    subtitle: 'Change advisory boards: frozen agendas, meetings run by keyboard, minutes.',
    count: (c) => c.cabs,
  },
  {
    id: 'notices',
    label: 'Notices',
    subtitle: 'Stakeholder notices from live data: templates per audience, exports, and who was told.',
    count: (c) => c.notices,
  },
  {
    id: 'pipelines',
    label: 'Pipelines',
    subtitle: 'What is deployed where, live from your CI/CD.',
    count: (c) => c.connections,
  },
  {
    id: 'windows',
    label: 'Windows',
    subtitle: 'Freeze and maintenance windows, recurring in their own time zones.',
    count: (c) => c.windows,
  },
  {
    id: 'teams',
    label: 'Teams',
    subtitle: 'The people who own services and how to reach them.',
    count: (c) => c.teams,
  },
  {
    id: 'environments',
    label: 'Environments',
    subtitle: 'Where releases go, in promotion order.',
    count: (c) => c.environments,
  },
  {
    id: 'audit',
    label: 'Audit',
    subtitle: 'Every change, who made it and when, in a tamper-evident chain.',
    count: (c) => c.audit_events,
  },
];
