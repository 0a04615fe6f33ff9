// Unit tests for the RRULE builder, reader and describer.
import { describe, expect, it } from 'vitest';
import { buildRule, defaultRecurrence, describeRule, parseRule, startParts, type RecurrenceState } from './recurrence';

// 2026-03-28 is a Saturday.
const START = '2026-03-28T22:00:00';
const base = (over: Partial<RecurrenceState>): RecurrenceState => ({ ...defaultRecurrence(START), ...over });

describe('buildRule', () => {
  it('builds the simple choices', () => {
    expect(buildRule(base({ freq: 'none' }))).toBeNull();
    expect(buildRule(base({ freq: 'daily' }))).toBe('FREQ=DAILY');
    expect(buildRule(base({ freq: 'weekly', days: ['SU', 'SA'] }))).toBe('FREQ=WEEKLY;BYDAY=SA,SU');
    expect(buildRule(base({ freq: 'weekly', days: [] }))).toBe('FREQ=WEEKLY');
    expect(buildRule(base({ freq: 'monthly', monthlyBy: 'day', monthDay: 15 }))).toBe('FREQ=MONTHLY;BYMONTHDAY=15');
    expect(buildRule(base({ freq: 'monthly', monthlyBy: 'weekday', nth: 1, weekday: 'MO' }))).toBe('FREQ=MONTHLY;BYDAY=1MO');
    expect(buildRule(base({ freq: 'monthly', monthlyBy: 'weekday', nth: -1, weekday: 'FR' }))).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    expect(buildRule(base({ freq: 'yearly' }))).toBe('FREQ=YEARLY');
  });

  it('passes custom text through, without an RRULE: prefix', () => {
    expect(buildRule(base({ freq: 'custom', custom: ' RRULE:FREQ=DAILY;INTERVAL=2 ' }))).toBe('FREQ=DAILY;INTERVAL=2');
    expect(buildRule(base({ freq: 'custom', custom: '  ' }))).toBeNull();
  });
});

describe('defaults from the start', () => {
  it('takes weekday and day of month from the start date', () => {
    expect(startParts(START)).toEqual({ weekday: 'SA', day: 28 });
    expect(startParts('2026-03-02T09:00')).toEqual({ weekday: 'MO', day: 2 });
    const d = defaultRecurrence(START);
    expect(d).toMatchObject({ freq: 'none', monthDay: 28, weekday: 'SA', nth: 4 });
    expect(defaultRecurrence('2026-03-30T00:00:00').nth).toBe(-1);
  });
});

describe('parseRule', () => {
  it('maps simple rules onto the controls and back to the same text', () => {
    for (const rule of ['FREQ=DAILY', 'FREQ=WEEKLY;BYDAY=SA,SU', 'FREQ=WEEKLY', 'FREQ=MONTHLY;BYMONTHDAY=3', 'FREQ=MONTHLY;BYDAY=2TU', 'FREQ=MONTHLY;BYDAY=-1FR', 'FREQ=YEARLY']) {
      const state = parseRule(rule, START);
      expect(state.freq, rule).not.toBe('custom');
      expect(buildRule(state)).toBe(rule);
    }
    expect(parseRule('FREQ=WEEKLY;BYDAY=SA,SU', START)).toMatchObject({ freq: 'weekly', days: ['SA', 'SU'] });
    expect(parseRule(null, START).freq).toBe('none');
  });

  it('keeps anything else as custom text, unchanged', () => {
    for (const rule of ['FREQ=DAILY;INTERVAL=2', 'FREQ=WEEKLY;BYDAY=SA;COUNT=3', 'FREQ=MONTHLY', 'FREQ=MONTHLY;BYDAY=5MO', 'BYDAY=MO', 'nonsense']) {
      const state = parseRule(rule, START);
      expect(state).toMatchObject({ freq: 'custom', custom: rule });
      expect(buildRule(state)).toBe(rule);
    }
  });
});

describe('describeRule', () => {
  it('puts common rules in words', () => {
    expect(describeRule(null)).toBe('One-off');
    expect(describeRule('FREQ=DAILY')).toBe('Every day');
    expect(describeRule('FREQ=WEEKLY;BYDAY=SA,SU')).toBe('Every Sat, Sun');
    expect(describeRule('freq=weekly;byday=mo')).toBe('Every Mon');
    expect(describeRule('FREQ=WEEKLY')).toBe('Every week');
    expect(describeRule('FREQ=MONTHLY;BYDAY=1MO')).toBe('First Monday of the month');
    expect(describeRule('FREQ=MONTHLY;BYDAY=-1FR')).toBe('Last Friday of the month');
    expect(describeRule('FREQ=MONTHLY;BYMONTHDAY=15')).toBe('Every month on day 15');
    expect(describeRule('FREQ=YEARLY')).toBe('Every year');
  });

  it('shows other rules as written', () => {
    expect(describeRule('FREQ=DAILY;INTERVAL=2')).toBe('FREQ=DAILY;INTERVAL=2');
    expect(describeRule('FREQ=MONTHLY;BYMONTHDAY=40')).toBe('FREQ=MONTHLY;BYMONTHDAY=40');
  });
});
