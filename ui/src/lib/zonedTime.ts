// Instants shown in a chosen IANA time zone, with only Intl.DateTimeFormat:
// the wall-clock fields of an instant in a zone, the instant of a wall-clock
// time (DST gaps move forward, repeated hours take the earlier instant, as
// RFC 5545 does), starts of day / week / month, calendar arithmetic that keeps
// the wall-clock time across DST, and the value format of datetime-local inputs.

/** Wall-clock fields of an instant in a zone. `month` is 1–12, `weekday` 0 (Sunday)–6. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const MINUTE = 60_000;
export const HOUR_MS = 60 * MINUTE;
export const DAY_MS = 24 * HOUR_MS;
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

// Building a DateTimeFormat is costly (it loads zone and locale data), and a
// calendar converts thousands of instants per draw: keep one per zone.
const fieldFormats = new Map<string, Intl.DateTimeFormat>();
const displayFormats = new Map<string, Intl.DateTimeFormat>();

function fieldFormat(zone: string): Intl.DateTimeFormat {
  let f = fieldFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', weekday: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    fieldFormats.set(zone, f);
  }
  return f;
}

/** The machine's zone, e.g. `Europe/Berlin` (UTC when the engine does not say). */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** True when `zone` is a zone name this engine knows. */
export function isKnownZone(zone: string): boolean {
  try {
    fieldFormat(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of instant `ms` in `zone`. */
export function wallTime(ms: number, zone: string): WallTime {
  const out: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const part of fieldFormat(zone).formatToParts(ms)) {
    switch (part.type) {
      case 'year': out.year = Number(part.value); break;
      case 'month': out.month = Number(part.value); break;
      case 'day': out.day = Number(part.value); break;
      case 'hour': out.hour = Number(part.value) % 24; break;
      case 'minute': out.minute = Number(part.value); break;
      case 'second': out.second = Number(part.value); break;
      case 'weekday': out.weekday = WEEKDAYS[part.value] ?? 0; break;
    }
  }
  return out;
}

/** How far `zone` is ahead of UTC at instant `ms`, in milliseconds. */
export function zoneOffset(ms: number, zone: string): number {
  const w = wallTime(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time in `zone` names. Fields may overflow
 * (day 32, minute 90) and are normalised like Date.UTC does. A time skipped
 * by a DST jump moves forward by the jump; a time that happens twice gives
 * the earlier instant.
 */
export function zonedInstant(zone: string, year: number, month: number, day = 1, hour = 0, minute = 0, second = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // The offsets in force a day either side cover every transition near `wall`.
  const before = zoneOffset(wall - DAY_MS, zone);
  const after = zoneOffset(wall + DAY_MS, zone);
  const candidates = [wall - before, wall - after].sort((a, b) => a - b);
  for (const t of candidates) {
    if (t + zoneOffset(t, zone) === wall) return t;
  }
  // In a gap neither offset reads back: keep the elapsed time from the
  // previous midnight, which lands after the jump.
  return wall - before;
}

/** Midnight starting the day of `ms` in `zone`. */
export function startOfDay(ms: number, zone: string): number {
  const w = wallTime(ms, zone);
  return zonedInstant(zone, w.year, w.month, w.day);
}

/** Midnight starting the week of `ms` in `zone`; weeks start on `weekStart` (1 = Monday). */
export function startOfWeek(ms: number, zone: string, weekStart = 1): number {
  const w = wallTime(ms, zone);
  const back = (w.weekday - weekStart + 7) % 7;
  return zonedInstant(zone, w.year, w.month, w.day - back);
}

/** Midnight starting the month of `ms` in `zone`. */
export function startOfMonth(ms: number, zone: string): number {
  const w = wallTime(ms, zone);
  return zonedInstant(zone, w.year, w.month, 1);
}

/** `ms` moved by `days` calendar days in `zone`, keeping its wall-clock time. */
export function addDays(ms: number, days: number, zone: string): number {
  const w = wallTime(ms, zone);
  return zonedInstant(zone, w.year, w.month, w.day + days, w.hour, w.minute, w.second);
}

/** `ms` moved by `months` in `zone`, keeping the wall-clock time; the day is clamped to the month's length. */
export function addMonths(ms: number, months: number, zone: string): number {
  const w = wallTime(ms, zone);
  const lastDay = new Date(Date.UTC(w.year, w.month - 1 + months + 1, 0)).getUTCDate();
  return zonedInstant(zone, w.year, w.month + months, Math.min(w.day, lastDay), w.hour, w.minute, w.second);
}

/** Minutes since the wall-clock midnight of `ms` in `zone` (0–1439). */
export function minuteOfDay(ms: number, zone: string): number {
  const w = wallTime(ms, zone);
  return w.hour * 60 + w.minute;
}

/** `YYYY-MM-DD` of the day `ms` falls on in `zone`, for grouping by day. */
export function dayKey(ms: number, zone: string): string {
  const w = wallTime(ms, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Formats `ms` in `zone`; `options` as for Intl.DateTimeFormat (the locale is the user's). */
export function formatInZone(ms: number, zone: string, options: Intl.DateTimeFormatOptions): string {
  return displayFormat(zone, options).format(ms);
}

/** "6 – 12 May 2024"-style range in `zone`; `to` is inclusive. */
export function formatRangeInZone(from: number, to: number, zone: string, options: Intl.DateTimeFormatOptions): string {
  const f = displayFormat(zone, options);
  return typeof f.formatRange === 'function' ? f.formatRange(from, to) : `${f.format(from)} – ${f.format(to)}`;
}

function displayFormat(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let f = displayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone });
    displayFormats.set(key, f);
  }
  return f;
}

/** The value of a datetime-local input showing `ms` in `zone`: `YYYY-MM-DDTHH:mm`. */
export function toInputValue(ms: number, zone: string): string {
  const w = wallTime(ms, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The instant a datetime-local value means in `zone`, or null when it is not a complete value. */
export function fromInputValue(value: string, zone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  // 31 February would silently become 2 March: refuse it instead.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCMonth() !== month - 1) return null;
  return zonedInstant(zone, year, month, day, hour, minute, second);
}

/** RFC 3339 UTC text without milliseconds, as the backend writes it. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
