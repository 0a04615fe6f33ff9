// Unit tests for error normalisation and splitting.
import { describe, expect, it } from 'vitest';
import { isWorkspaceFatal, splitErrors, toErrorPayload } from './errors';

describe('toErrorPayload', () => {
  it('keeps a real ErrorPayload', () => {
    const e = { code: 'conflict', message: 'no', fields: [], problems: [] };
    expect(toErrorPayload(e)).toBe(e);
  });

  it('turns strings, Errors and odd values into code internal', () => {
    expect(toErrorPayload('boom')).toEqual({ code: 'internal', message: 'boom', fields: [], problems: [] });
    expect(toErrorPayload(new Error('bad'))).toMatchObject({ code: 'internal', message: 'bad' });
    expect(toErrorPayload({ code: 'weird', message: 'x' })).toMatchObject({ code: 'internal', message: 'x' });
    expect(toErrorPayload(undefined).message).toBe('undefined');
  });

  it('recognises the workspace codes', () => {
    expect(isWorkspaceFatal(toErrorPayload({ code: 'workspace_read_only', message: '', fields: [], problems: [] }))).toBe(true);
    expect(isWorkspaceFatal(toErrorPayload('x'))).toBe(false);
  });
});

describe('splitErrors', () => {
  it('puts known fields beside inputs and the rest in a banner', () => {
    const split = splitErrors(
      {
        code: 'validation',
        message: 'name: required; zap: odd',
        fields: [
          { field: 'name', message: 'Name is required' },
          { field: 'name', message: 'Name is too long' },
          { field: 'zap', message: 'Zap is odd' },
        ],
        problems: [],
      },
      ['name'],
    );
    expect(split.fields).toEqual({ name: 'Name is required Name is too long' });
    expect(split.banner).toBe('Zap is odd');
  });

  it('uses the message for other codes', () => {
    expect(splitErrors('oops', ['name'])).toEqual({ fields: {}, banner: 'oops' });
  });
});
