// Error handling for IPC calls: turns anything a rejected call produces into an
// ErrorPayload, and splits validation errors into per-field messages.
import type { ErrorCode, ErrorPayload } from './bindings';

const CODES: readonly ErrorCode[] = [
  'validation',
  'not_found',
  'conflict',
  'refused',
  'import_rejected',
  'needs_setup',
  'not_a_workspace',
  'workspace_too_new',
  'workspace_read_only',
  'workspace_unavailable',
  'sync_failed',
  'internal',
];

/** Codes from `workspace_status` meaning the workspace cannot be opened at all. */
export const WORKSPACE_FATAL: readonly ErrorCode[] = [
  'not_a_workspace',
  'workspace_too_new',
  'workspace_read_only',
  'workspace_unavailable',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** True when `value` has the exact shape of an ErrorPayload. */
export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    isRecord(value) &&
    typeof value.code === 'string' &&
    (CODES as readonly string[]).includes(value.code) &&
    typeof value.message === 'string' &&
    Array.isArray(value.fields) &&
    Array.isArray(value.problems)
  );
}

/** Any thrown value as an ErrorPayload; unknown shapes become code `internal`. */
export function toErrorPayload(value: unknown): ErrorPayload {
  if (isErrorPayload(value)) return value;
  let message: string;
  if (typeof value === 'string') message = value;
  else if (value instanceof Error) message = value.message;
  else if (isRecord(value) && typeof value.message === 'string') message = value.message;
  else {
    try {
      message = JSON.stringify(value) ?? String(value);
    } catch {
      message = String(value);
    }
  }
  return { code: 'internal', message: message || 'Something went wrong', fields: [], problems: [] };
}

export function isWorkspaceFatal(error: ErrorPayload): boolean {
  return WORKSPACE_FATAL.includes(error.code);
}

/** Field name → message(s) joined, for the fields a form knows about. */
export type FieldErrors = Record<string, string>;

export interface SplitErrors {
  fields: FieldErrors;
  /** A message for a banner: non-validation errors, or validation errors on unknown fields. */
  banner: string | null;
}

/**
 * Splits an error for a form that has the inputs named in `known`.
 * Validation errors on known fields go beside the field; the rest go to a banner.
 */
export function splitErrors(error: unknown, known: readonly string[]): SplitErrors {
  const payload = toErrorPayload(error);
  if (payload.code !== 'validation') return { fields: {}, banner: payload.message };
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const f of payload.fields) {
    if (known.includes(f.field)) {
      fields[f.field] = fields[f.field] ? `${fields[f.field]} ${f.message}` : f.message;
    } else {
      other.push(f.message);
    }
  }
  if (payload.fields.length === 0) other.push(payload.message);
  return { fields, banner: other.length ? other.join(' ') : null };
}
