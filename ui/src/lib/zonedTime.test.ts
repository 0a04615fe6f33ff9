// Unit tests for the zone helpers, including the DST days of Berlin and New York.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayKey,
  formatInZone,
  fromInputValue,
  minuteOfDay,
  startOfDay,
  startOfMonth,
  startOfWeek,
  toInputValue,
  toIso,
  wallTime,
  zonedInstant,
  zoneOffset,
} from './zonedTime';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('zonedTime', () => {
  it('reads the wall clock of an instant in a zone', () => {
    const t = at('2024-05-01T22:30:00Z');
    expect(wallTime(t, 'UTC')).toMatchObject({ year: 2024, month: 5, day: 1, hour: 22, minute: 30, weekday: 3 });
    expect(wallTime(t, 'Europe/Berlin')).toMatchObject({ day: 2, hour: 0, minute: 30, weekday: 4 });
    expect(wallTime(t, 'America/New_York')).toMatchObject({ day: 1, hour: 18 });
    expect(zoneOffset(t, 'Europe/Berlin')).toBe(2 * HOUR);
    expect(zoneOffset(t, 'Asia/Kolkata')).toBe(5.5 * HOUR);
  });

  it('formats an instant in the chosen zone', () => {
    const t = at('2024-05-01T22:30:00Z');
    const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    expect(formatInZone(t, 'UTC', opts)).toBe('22:30');
    expect(formatInZone(t, 'Asia/Tokyo', opts)).toBe('07:30');
  });

  it('finds the start of day, week and month in the zone', () => {
    const t = at('2024-05-01T22:30:00Z'); // Thursday 2 May 00:30 in Berlin
    expect(toIso(startOfDay(t, 'UTC'))).toBe('2024-05-01T00:00:00Z');
    expect(toIso(startOfDay(t, 'Europe/Berlin'))).toBe('2024-05-01T22:00:00Z');
    expect(toIso(startOfWeek(t, 'UTC'))).toBe('2024-04-29T00:00:00Z');
    expect(toIso(startOfWeek(t, 'Europe/Berlin'))).toBe('2024-04-28T22:00:00Z');
    expect(toIso(startOfWeek(t, 'UTC', 0))).toBe('2024-04-28T00:00:00Z');
    expect(toIso(startOfMonth(t, 'America/New_York'))).toBe('2024-05-01T04:00:00Z');
  });

  it('has 23 hours on the spring DST day and 25 on the autumn one', () => {
    const spring = startOfDay(at('2024-03-31T12:00:00Z'), 'Europe/Berlin');
    expect(toIso(spring)).toBe('2024-03-30T23:00:00Z');
    expect(addDays(spring, 1, 'Europe/Berlin') - spring).toBe(23 * HOUR);

    const autumn = startOfDay(at('2024-10-27T12:00:00Z'), 'Europe/Berlin');
    expect(addDays(autumn, 1, 'Europe/Berlin') - autumn).toBe(25 * HOUR);

    const ny = startOfDay(at('2024-03-10T12:00:00Z'), 'America/New_York');
    expect(toIso(ny)).toBe('2024-03-10T05:00:00Z');
    expect(toIso(addDays(ny, 1, 'America/New_York'))).toBe('2024-03-11T04:00:00Z');
  });

  it('keeps the wall-clock time when adding days across DST', () => {
    const before = at('2024-03-30T08:00:00Z'); // 09:00 CET
    const after = addDays(before, 1, 'Europe/Berlin');
    expect(toIso(after)).toBe('2024-03-31T07:00:00Z'); // 09:00 CEST
    expect(minuteOfDay(after, 'Europe/Berlin')).toBe(9 * 60);
  });

  it('moves a skipped time forward and picks the earlier of a repeated time', () => {
    expect(toIso(zonedInstant('Europe/Berlin', 2024, 3, 31, 2, 30))).toBe('2024-03-31T01:30:00Z'); // 03:30 CEST
    expect(toIso(zonedInstant('Europe/Berlin', 2024, 10, 27, 2, 30))).toBe('2024-10-27T00:30:00Z'); // first 02:30
  });

  it('adds months, clamping the day', () => {
    const jan31 = at('2024-01-31T10:00:00Z');
    expect(toIso(addMonths(jan31, 1, 'UTC'))).toBe('2024-02-29T10:00:00Z');
    expect(toIso(addMonths(jan31, -2, 'UTC'))).toBe('2023-11-30T10:00:00Z');
  });

  it('round-trips datetime-local values in a zone', () => {
    const t = at('2024-05-07T08:15:00Z');
    expect(toInputValue(t, 'UTC')).toBe('2024-05-07T08:15');
    expect(toInputValue(t, 'Europe/Berlin')).toBe('2024-05-07T10:15');
    expect(fromInputValue('2024-05-07T10:15', 'Europe/Berlin')).toBe(t);
    expect(fromInputValue('2024-05-07T10:15:00', 'UTC')).toBe(at('2024-05-07T10:15:00Z'));
    expect(fromInputValue('2024-03-31T02:30', 'Europe/Berlin')).toBe(at('2024-03-31T01:30:00Z'));
    expect(fromInputValue('', 'UTC')).toBeNull();
    expect(fromInputValue('2024-02-31T10:00', 'UTC')).toBeNull();
    expect(fromInputValue('2024-05-07', 'UTC')).toBeNull();
  });

  it('groups instants by their day in the zone', () => {
    const t = at('2024-05-01T23:30:00Z');
    expect(dayKey(t, 'UTC')).toBe('2024-05-01');
    expect(dayKey(t, 'Asia/Tokyo')).toBe('2024-05-02');
  });
});
