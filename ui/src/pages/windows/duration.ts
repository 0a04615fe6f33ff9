// Window durations as people type them ("90m", "8h", "2d", "1h30m") and
// back again, so the form can check and echo a duration before any IPC call.

/** The backend's cap: longer periods should be a recurrence instead. */
export const MAX_MINUTES = 366 * 24 * 60;

const UNIT_MINUTES: Record<string, number> = { w: 7 * 24 * 60, d: 24 * 60, h: 60, m: 1, min: 1, mins: 1 };

export type DurationResult = { ok: true; minutes: number } | { ok: false; error: string };

/** Parses a sum of number+unit parts (w, d, h, m); spaces between parts are allowed. */
export function parseDuration(text: string): DurationResult {
  const t = text.trim().toLowerCase();
  if (t === '') return { ok: false, error: 'Duration is required, e.g. 90m, 8h or 2d' };
  if (/^\d+$/.test(t)) return { ok: false, error: `“${t}” needs a unit: ${t}m, ${t}h or ${t}d` };
  const part = /(\d+)\s*(mins|min|w|d|h|m)\s*/y;
  let minutes = 0;
  let at = 0;
  while (at < t.length) {
    part.lastIndex = at;
    const m = part.exec(t);
    if (!m) return { ok: false, error: `“${text.trim()}” is not a duration; write it like 90m, 8h, 2d or 1h30m` };
    minutes += Number(m[1]) * UNIT_MINUTES[m[2]];
    at = part.lastIndex;
  }
  if (minutes === 0) return { ok: false, error: 'Duration must be longer than zero' };
  if (minutes > MAX_MINUTES) return { ok: false, error: 'Duration may be at most 366 days; use a recurrence for longer periods' };
  return { ok: true, minutes };
}

function split(minutes: number): [number, number, number] {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  return [d, h, minutes % 60];
}

/** Compact form for tables and for re-editing: "1h30m", "2d", "1d2h", "45m". */
export function formatDurationShort(minutes: number): string {
  if (minutes <= 0) return '0m';
  const [d, h, m] = split(minutes);
  return `${d ? `${d}d` : ''}${h ? `${h}h` : ''}${m ? `${m}m` : ''}`;
}

/** Spelled-out form echoed beside the input: "1 h 30 min", "2 d". */
export function formatDurationLong(minutes: number): string {
  if (minutes <= 0) return '0 min';
  const [d, h, m] = split(minutes);
  return [d ? `${d} d` : '', h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
}
