// Unit tests for wall-clock conversions used by the window form and preview.
import { describe, expect, it } from 'vitest';
import { formatInZone, formatWall, fromInputValue, nextHour, toInputValue } from './wallClock';

describe('wall clock', () => {
  it('converts between stored local times and datetime-local values', () => {
    expect(toInputValue('2026-03-29T02:00:00')).toBe('2026-03-29T02:00');
    expect(fromInputValue('2026-03-29T02:00')).toBe('2026-03-29T02:00:00');
    expect(fromInputValue('2026-03-29T02:00:30')).toBe('2026-03-29T02:00:30');
    expect(fromInputValue('')).toBeNull();
    expect(fromInputValue('tomorrow')).toBeNull();
  });

  it('shows a local time as written, whatever the machine zone', () => {
    const text = formatWall('2026-03-29T02:00:00');
    expect(text).toContain('2026');
    expect(text).toContain('29');
    expect(text).toContain('02:00');
    expect(formatWall('garbage')).toBe('garbage');
  });

  it('shows an instant in a given zone', () => {
    expect(formatInZone('2026-01-15T12:00:00Z', 'UTC')).toContain('12:00');
    expect(formatInZone('2026-01-15T12:00:00Z', 'Asia/Tokyo')).toContain('21:00');
    // An unknown zone falls back to UTC instead of throwing.
    expect(formatInZone('2026-01-15T12:00:00Z', 'Mars/Olympus')).toContain('12:00');
  });

  it('defaults to the next whole hour', () => {
    expect(nextHour(new Date(2026, 2, 28, 21, 15))).toBe('2026-03-28T22:00:00');
    expect(nextHour(new Date(2026, 2, 31, 23, 59))).toBe('2026-04-01T00:00:00');
  });
});
