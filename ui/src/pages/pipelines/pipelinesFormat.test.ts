// Unit tests for the Pipelines area's words and numbers.
import { describe, expect, it } from 'vitest';
import { emptyReport } from '../../lib/fakeSync';
import {
  baseUrlAfterSwitch, durationText, inferredLabel, pollText, quotaText, reportText, syncingText, viewFromHash, viewHash,
} from './pipelinesFormat';

describe('pipelines format', () => {
  it('reads and writes the sub-view in the hash', () => {
    expect(viewFromHash('#/pipelines')).toBe('board');
    expect(viewFromHash('#/pipelines/connections')).toBe('connections');
    expect(viewFromHash('#/pipelines/statuses')).toBe('statuses');
    expect(viewFromHash('#/pipelines/nonsense')).toBe('board');
    expect(viewHash('board')).toBe('#/pipelines');
    expect(viewHash('statuses')).toBe('#/pipelines/statuses');
  });

  it('fills the hosted API address on a provider switch, but never overwrites a typed one', () => {
    expect(baseUrlAfterSwitch('https://api.github.com', 'gitlab')).toBe('https://gitlab.com/api/v4');
    expect(baseUrlAfterSwitch('https://gitlab.com/api/v4/', 'jenkins')).toBe('');
    expect(baseUrlAfterSwitch('', 'github')).toBe('https://api.github.com');
    expect(baseUrlAfterSwitch('https://git.acme.test/api/v4', 'github')).toBe('https://git.acme.test/api/v4');
  });

  it('says quota, durations, polling and progress the way a person reads them', () => {
    expect(quotaText({ limit: 5000, remaining: 4812, reset_at: null })).toBe('4,812 of 5,000 requests left');
    expect(quotaText({ limit: null, remaining: 1, reset_at: null })).toBe('1 request left');
    expect(quotaText({ limit: 5000, remaining: null, reset_at: null })).toBeNull();
    expect(durationText(850)).toBe('850 ms');
    expect(durationText(4200)).toBe('4.2 s');
    expect(durationText(185_000)).toBe('3 min 5 s');
    expect(durationText(4_800_000)).toBe('1 h 20 min');
    expect(pollText(300)).toBe('every 5 min');
    expect(pollText(5400)).toBe('every 1 h 30 min');
    expect(pollText(86_400)).toBe('every 24 h');
    expect(syncingText(null)).toBe('Syncing…');
    expect(syncingText({ connection_id: 'c', items: 1, pages: 3, stored: 0 })).toBe('Syncing… 3 pages, 1 run');
    expect(reportText({ ...emptyReport(), items: 120, pages: 4, requests: 6, not_modified: 2 })).toBe('120 runs · 4 pages · 6 requests · 2 not modified');
    expect(inferredLabel('rollback')).toBe('rolled back — inferred');
  });
});
