// Formatting helpers: numbers, local and relative times, tier labels.
import type { Tier } from './bindings';

// Intl formatters are costly to build (each loads locale data), and a table
// formats a value per row: build each once, on first use.
let numbers: Intl.NumberFormat | null = null;
let dateTimes: Intl.DateTimeFormat | null = null;
let relative: Intl.RelativeTimeFormat | null = null;

export function formatNumber(n: number): string {
  numbers ??= new Intl.NumberFormat();
  return numbers.format(n);
}

/** Local date and time, e.g. "5/1/2024, 11:00:00 AM". */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  dateTimes ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit',
  });
  return dateTimes.format(d);
}

/** The instant in UTC, for title attributes: "2024-05-01 09:00:00 UTC". */
export function utcTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "yesterday", "just now"; falls back to the raw text when unparsable. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const seconds = Math.round((t - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const rtf = (relative ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }));
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(Math.round(seconds / 60), 'minute');
}

export const TIERS: readonly Tier[] = ['critical', 'high', 'medium', 'low'];

export function tierLabel(tier: Tier): string {
  return tier.charAt(0).toUpperCase() + tier.slice(1);
}

/** Pretty-prints JSON text; returns it unchanged when it is not JSON. */
export function prettyJson(text: string | null): string {
  if (text === null) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Top-level keys whose values differ between two JSON object texts. */
export function changedKeys(before: string | null, after: string | null): string[] {
  const parse = (t: string | null): Record<string, unknown> => {
    if (t === null) return {};
    try {
      const v: unknown = JSON.parse(t);
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const a = parse(before);
  const b = parse(after);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => k !== 'updated_at' && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
