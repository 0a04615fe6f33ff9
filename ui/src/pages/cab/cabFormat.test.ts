// Unit tests for the CAB area's pure helpers: local date-time inputs, the
// item timer, hashes and the filter summary.
import { describe, expect, it } from 'vitest';
import type { AgendaItem } from '../../lib/bindings';
import {
  clock, decidedCount, filterSummary, fromLocalInput, itemSeconds, meetingHash, meetingIdFromHash, nextFullHour, toLocalInput,
} from './cabFormat';

const item = (position: number, seconds: number, decision: AgendaItem['decision'] = null) =>
  ({ position, seconds, decision }) as AgendaItem;

describe('local date-time inputs', () => {
  it('round-trips a local value through UTC', () => {
    const iso = fromLocalInput('2024-06-01T09:30');
    expect(iso).toBe(new Date(2024, 5, 1, 9, 30).toISOString());
    expect(toLocalInput(Date.parse(iso ?? ''))).toBe('2024-06-01T09:30');
  });

  it('refuses what is not a date and time', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2024-06-01')).toBeNull();
    expect(fromLocalInput('2024-13-45T99:99')).toBeNull();
  });

  it('defaults to the next full hour', () => {
    expect(nextFullHour(new Date(2024, 5, 1, 9, 30).getTime())).toBe('2024-06-01T10:00');
    expect(nextFullHour(new Date(2024, 5, 1, 23, 0).getTime())).toBe('2024-06-02T00:00');
  });
});

describe('the item timer', () => {
  it('shows minutes and seconds, minutes counting past the hour', () => {
    expect(clock(0)).toBe('00:00');
    expect(clock(65.9)).toBe('01:05');
    expect(clock(3725)).toBe('62:05');
    expect(clock(-3)).toBe('00:00');
  });

  it("counts the current item from the backend's clock, whatever the local clock says", () => {
    const since = '2024-06-01T09:00:00Z';
    const serverNow = '2024-06-01T09:00:30Z';
    // The local clock is an hour off; 5 s passed locally since the view arrived.
    const received = Date.parse('2024-06-01T10:00:00Z');
    expect(itemSeconds(item(2, 40), 2, since, serverNow, received, received + 5000)).toBe(75);
    expect(itemSeconds(item(1, 40), 2, since, serverNow, received, received + 5000)).toBe(40);
    expect(itemSeconds(item(2, 40), 2, null, serverNow, received, received + 5000)).toBe(40);
  });

  it('counts decided items', () => {
    expect(decidedCount([item(0, 0, 'approve'), item(1, 0), item(2, 0, 'defer')])).toBe('2 of 3 decided');
  });
});

describe('hashes and summaries', () => {
  it('reads and writes the meeting hash', () => {
    expect(meetingIdFromHash('#/cab/mtg-1')).toBe('mtg-1');
    expect(meetingIdFromHash('#/cab')).toBeNull();
    expect(meetingHash('a b')).toBe('#/cab/a%20b');
    expect(meetingHash(null)).toBe('#/cab');
  });

  it('reads an empty filter list as any', () => {
    const names: Record<string, string> = { e1: 'production' };
    expect(filterSummary({ environment_ids: ['e1'], levels: [], models: ['emergency'], horizon_days: 1 }, (id) => names[id] ?? null)).toEqual([
      'Environments: production', 'Levels: any', 'Models: Emergency', 'Changes starting within 1 day',
    ]);
  });
});
