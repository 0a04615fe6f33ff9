// Unit tests for formatting and keyboard helpers.
import { describe, expect, it } from 'vitest';
import { changedKeys, prettyJson, relativeTime, utcTime } from './format';
import { isTypingTarget, moveSelection } from './keys';

describe('format', () => {
  it('formats relative and UTC times', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(relativeTime('2024-05-01T11:59:50Z', now)).toBe('just now');
    expect(relativeTime('2024-05-01T09:00:00Z', now)).toMatch(/3 hours ago/);
    expect(relativeTime('not a date', now)).toBe('not a date');
    expect(utcTime('2024-05-01T09:00:00Z')).toBe('2024-05-01 09:00:00 UTC');
  });

  it('pretty-prints JSON and lists changed keys', () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('<not json>')).toBe('<not json>');
    expect(changedKeys('{"a":1,"b":[1],"updated_at":"x"}', '{"a":1,"b":[2],"updated_at":"y"}')).toEqual(['b']);
  });
});

describe('keys', () => {
  it('moves a selection within bounds', () => {
    expect(moveSelection('ArrowDown', -1, 3)).toBe(0);
    expect(moveSelection('ArrowDown', 2, 3)).toBe(2);
    expect(moveSelection('ArrowUp', 0, 3)).toBe(0);
    expect(moveSelection('End', 0, 3)).toBe(2);
    expect(moveSelection('x', 0, 3)).toBeNull();
    expect(moveSelection('ArrowDown', 0, 0)).toBeNull();
  });

  it('knows when the user is typing', () => {
    const input = document.createElement('input');
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTypingTarget(input)).toBe(true);
    expect(isTypingTarget(box)).toBe(false);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true);
  });
});
