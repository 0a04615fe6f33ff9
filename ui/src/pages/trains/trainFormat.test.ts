// Unit tests for the trains area's pure helpers.
import { describe, expect, it } from 'vitest';
import type { Environment, Train } from '../../lib/bindings';
import {
  datesByEnvironment, isPast, matchesTrain, progressShares, progressText, targetsFromDates, today, trainHash, trainIdFromHash,
} from './trainFormat';

const env = (id: string, position: number) => ({ id, name: id, position }) as Environment;

describe('progress', () => {
  it('splits the bar by share of all changes', () => {
    expect(progressShares({ total: 4, done: 2, active: 1, failed: 1, cancelled: 0 })).toEqual({ done: 50, active: 25, failed: 25 });
    expect(progressShares({ total: 0, done: 0, active: 0, failed: 0, cancelled: 0 })).toEqual({ done: 0, active: 0, failed: 0 });
  });

  it('says it in words', () => {
    expect(progressText({ total: 5, done: 3, active: 1, failed: 1, cancelled: 0 })).toBe('3 of 5 done, 1 active, 1 failed');
    expect(progressText({ total: 2, done: 0, active: 0, failed: 0, cancelled: 2 })).toBe('0 of 2 done, 2 cancelled');
    expect(progressText({ total: 0, done: 0, active: 0, failed: 0, cancelled: 0 })).toBe('No changes yet');
  });
});

describe('targets', () => {
  it('keeps only filled dates, in promotion order', () => {
    const envs = [env('staging', 0), env('canary', 1), env('production', 2)];
    expect(targetsFromDates(envs, { production: '2024-06-10', canary: ' ', staging: '2024-06-03', gone: '2024-01-01' })).toEqual([
      { environment_id: 'staging', date: '2024-06-03' },
      { environment_id: 'production', date: '2024-06-10' },
    ]);
    expect(datesByEnvironment([{ environment_id: 'a', date: '2024-06-03' }])).toEqual({ a: '2024-06-03' });
  });

  it('knows when a date has passed', () => {
    expect(today(new Date(2024, 5, 3, 23, 30))).toBe('2024-06-03');
    expect(isPast('2024-06-02', '2024-06-03')).toBe(true);
    expect(isPast('2024-06-03', '2024-06-03')).toBe(false);
    expect(isPast('2024-06-04', '2024-06-03')).toBe(false);
  });
});

describe('search and hash', () => {
  it('matches name, version and owner, ignoring case', () => {
    const t = { name: 'Spring release', version: '2024.06', owner: 'Dana' } as Train;
    expect(matchesTrain(t, 'SPRING')).toBe(true);
    expect(matchesTrain(t, '2024.0')).toBe(true);
    expect(matchesTrain(t, 'dana')).toBe(true);
    expect(matchesTrain(t, 'autumn')).toBe(false);
    expect(matchesTrain(t, '  ')).toBe(true);
  });

  it('reads and writes the train id in the hash', () => {
    expect(trainIdFromHash('#/trains')).toBeNull();
    expect(trainIdFromHash('#/trains/')).toBeNull();
    expect(trainIdFromHash('#/trains/trn-4')).toBe('trn-4');
    expect(trainIdFromHash('#/windows/trn-4')).toBeNull();
    expect(trainIdFromHash(trainHash('a b'))).toBe('a b');
    expect(trainHash(null)).toBe('#/trains');
  });
});
