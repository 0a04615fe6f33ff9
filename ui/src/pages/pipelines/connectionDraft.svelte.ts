// The connection form's state as typed (text for numbers, one line per scope
// entry and name, rule rows that may be half filled), and its conversion to
// a ConnectionInput with the problems that can be named before asking the
// backend: numbers that are not numbers, rule rows missing their target.
import type { Connection, ConnectionInput, Provider } from '../../lib/bindings';
import type { FieldErrors } from '../../lib/errors';
import { formatNumber } from '../../lib/format';
import { baseUrlAfterSwitch, lines, providerInfo } from './pipelinesFormat';

export interface EnvRow {
  key: number;
  provider_environment: string;
  /** "" until one is picked. */
  environment_id: string;
}

export interface ServiceRow {
  key: number;
  source: string;
  /** "" until one is picked. */
  service_id: string;
  /** The picked service's name, for the picker's text. */
  service_name: string;
}

export const DEFAULT_POLL_MIN = 5;
export const MAX_POLL_MIN = 24 * 60;

let nextKey = 1;

export class ConnectionDraft {
  name = $state('');
  provider = $state<Provider>('github');
  baseUrl = $state(providerInfo('github').baseUrl);
  scope = $state('');
  pollMinutes = $state(String(DEFAULT_POLL_MIN));
  username = $state('');
  stallAfter = $state('');
  deploymentNames = $state('');
  envRows = $state<EnvRow[]>([]);
  serviceRows = $state<ServiceRow[]>([]);

  constructor(connection: Connection | null) {
    if (!connection) return;
    this.name = connection.name;
    this.provider = connection.provider;
    this.baseUrl = connection.base_url;
    this.scope = connection.scope.join('\n');
    this.pollMinutes = String(Math.round(connection.poll_interval_s / 60));
    this.username = connection.username ?? '';
    const rules = connection.rules;
    this.stallAfter = rules.stall_after_min === null ? '' : String(rules.stall_after_min);
    this.deploymentNames = rules.deployment_names.join('\n');
    this.envRows = rules.environments.map((r) => ({ key: nextKey++, ...r }));
    this.serviceRows = rules.services.map((r) => ({ key: nextKey++, ...r, service_name: '' }));
  }

  setProvider(next: Provider): void {
    this.baseUrl = baseUrlAfterSwitch(this.baseUrl, next);
    this.provider = next;
  }

  addEnvRow(): void {
    this.envRows = [...this.envRows, { key: nextKey++, provider_environment: '', environment_id: '' }];
  }

  addServiceRow(): void {
    this.serviceRows = [...this.serviceRows, { key: nextKey++, source: '', service_id: '', service_name: '' }];
  }

  removeEnvRow(key: number): void {
    this.envRows = this.envRows.filter((r) => r.key !== key);
  }

  removeServiceRow(key: number): void {
    this.serviceRows = this.serviceRows.filter((r) => r.key !== key);
  }

  scopeEntries(): string[] {
    return lines(this.scope);
  }

  /**
   * The input to save, or the problems found first. Wholly blank rule rows
   * are left out; a row naming one side only is a problem, since an id
   * cannot be sent empty.
   */
  toInput(): { input: ConnectionInput | null; errors: FieldErrors } {
    const errors: FieldErrors = {};
    const poll = whole(this.pollMinutes);
    if (poll === null || poll < 1 || poll > MAX_POLL_MIN)
      errors.poll_interval_s = `Poll every 1 to ${formatNumber(MAX_POLL_MIN)} minutes (24 hours)`;
    const stallText = this.stallAfter.trim();
    const stall = stallText === '' ? null : whole(stallText);
    if (stallText !== '' && (stall === null || stall < 1)) errors.stall_after_min = 'Give a whole number of minutes, or leave it empty for 60';
    const rules: string[] = [];
    for (const r of this.envRows) {
      if (r.environment_id === '' && r.provider_environment.trim() !== '')
        rules.push(`Pick the Signalbox environment for “${r.provider_environment.trim()}”.`);
    }
    for (const r of this.serviceRows) {
      if (r.service_id === '' && r.source.trim() !== '') rules.push(`Pick the service for “${r.source.trim()}”.`);
    }
    if (rules.length) errors.rules = rules.join(' ');
    if (Object.keys(errors).length) return { input: null, errors };
    return { input: this.build(poll ?? DEFAULT_POLL_MIN, stall), errors };
  }

  /** The input as far as it can be read, for the rules preview (incomplete rows left out). */
  previewInput(): ConnectionInput {
    const poll = whole(this.pollMinutes) ?? DEFAULT_POLL_MIN;
    return this.build(poll, whole(this.stallAfter.trim()));
  }

  private build(pollMinutes: number, stall: number | null): ConnectionInput {
    return {
      name: this.name,
      provider: this.provider,
      base_url: this.baseUrl,
      scope: this.scopeEntries(),
      poll_interval_s: pollMinutes * 60,
      username: this.provider === 'jenkins' ? this.username.trim() || null : null,
      rules: {
        deployment_names: lines(this.deploymentNames),
        environments: this.envRows
          .filter((r) => r.environment_id !== '')
          .map((r) => ({ provider_environment: r.provider_environment, environment_id: r.environment_id })),
        services: this.serviceRows
          .filter((r) => r.service_id !== '')
          .map((r) => ({ source: r.source, service_id: r.service_id })),
        stall_after_min: stall,
      },
    };
  }
}

function whole(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}
