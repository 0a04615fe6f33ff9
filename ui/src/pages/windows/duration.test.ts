// Unit tests for duration parsing and formatting.
import { describe, expect, it } from 'vitest';
import { formatDurationLong, formatDurationShort, MAX_MINUTES, parseDuration } from './duration';

describe('parseDuration', () => {
  it('reads single units and sums', () => {
    expect(parseDuration('90m')).toEqual({ ok: true, minutes: 90 });
    expect(parseDuration('8h')).toEqual({ ok: true, minutes: 480 });
    expect(parseDuration('2d')).toEqual({ ok: true, minutes: 2880 });
    expect(parseDuration('1w')).toEqual({ ok: true, minutes: 10080 });
    expect(parseDuration('1h30m')).toEqual({ ok: true, minutes: 90 });
    expect(parseDuration(' 1D 2h 5min ')).toEqual({ ok: true, minutes: 1440 + 120 + 5 });
  });

  it('rejects text that is not a duration, with a message saying how to write one', () => {
    for (const bad of ['', 'soon', '1.5h', 'h', '2 days', '1h30']) {
      const r = parseDuration(bad);
      expect(r.ok, bad).toBe(false);
    }
    const r = parseDuration('soon');
    expect(r.ok === false && r.error).toBe('“soon” is not a duration; write it like 90m, 8h, 2d or 1h30m');
    const bare = parseDuration('90');
    expect(bare.ok === false && bare.error).toContain('needs a unit');
  });

  it('rejects zero and more than 366 days', () => {
    expect(parseDuration('0m')).toEqual({ ok: false, error: 'Duration must be longer than zero' });
    expect(parseDuration('366d')).toEqual({ ok: true, minutes: MAX_MINUTES });
    expect(parseDuration('367d').ok).toBe(false);
  });
});

describe('formatDuration', () => {
  it('formats compactly and in words', () => {
    expect(formatDurationShort(90)).toBe('1h30m');
    expect(formatDurationShort(2880)).toBe('2d');
    expect(formatDurationShort(1440 + 120)).toBe('1d2h');
    expect(formatDurationShort(45)).toBe('45m');
    expect(formatDurationLong(90)).toBe('1 h 30 min');
    expect(formatDurationLong(2880)).toBe('2 d');
    expect(formatDurationLong(61)).toBe('1 h 1 min');
  });

  it('round-trips through the parser', () => {
    for (const minutes of [1, 59, 60, 61, 1439, 1440, 1501, 10_000]) {
      expect(parseDuration(formatDurationShort(minutes))).toEqual({ ok: true, minutes });
    }
  });
});
