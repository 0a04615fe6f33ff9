// Recurrence for the window form: the simple choices (one-off, daily, weekly
// on days, monthly by day or by nth weekday, yearly) as editable state, the
// RRULE value built from them, the reverse for editing a stored rule, and a
// description in words for the list. Rules outside the simple shapes stay
// custom text, so nothing a user wrote is rewritten behind their back.

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
export const DAY_SHORT: Record<Weekday, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
export const DAY_LONG: Record<Weekday, string> = {
  MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday',
};
/** Which occurrence of a weekday in the month: 1..4, or -1 for the last. */
export const NTHS: readonly number[] = [1, 2, 3, 4, -1];
const ORDINAL: Record<string, string> = { '1': 'First', '2': 'Second', '3': 'Third', '4': 'Fourth', '5': 'Fifth', '-1': 'Last' };

export function ordinalLabel(nth: number): string {
  return ORDINAL[String(nth)] ?? `${nth}.`;
}

export type Freq = 'none' | 'daily' | 'weekly' | 'monthly' | 'yearly' | 'custom';

export interface RecurrenceState {
  freq: Freq;
  /** Weekly: chosen days; none means the start's weekday. */
  days: Weekday[];
  monthlyBy: 'day' | 'weekday';
  monthDay: number;
  nth: number;
  weekday: Weekday;
  /** Custom: the RRULE value as typed. */
  custom: string;
}

/** Weekday and day of month of a local "YYYY-MM-DDTHH:MM[:SS]" (today's when unreadable). */
export function startParts(local: string): { weekday: Weekday; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(local);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date();
  const weekday = WEEKDAYS[(d.getUTCDay() + 6) % 7];
  return { weekday, day: d.getUTCDate() };
}

/** Defaults for the monthly and weekly controls taken from the start date. */
export function defaultRecurrence(start: string): RecurrenceState {
  const { weekday, day } = startParts(start);
  return {
    freq: 'none', days: [], monthlyBy: 'day', monthDay: day,
    nth: day > 28 ? -1 : Math.ceil(day / 7), weekday, custom: '',
  };
}

/** The RRULE value (no "RRULE:" prefix) for the state, or null for a one-off window. */
export function buildRule(s: RecurrenceState): string | null {
  switch (s.freq) {
    case 'none':
      return null;
    case 'daily':
      return 'FREQ=DAILY';
    case 'weekly': {
      const days = WEEKDAYS.filter((d) => s.days.includes(d));
      return days.length ? `FREQ=WEEKLY;BYDAY=${days.join(',')}` : 'FREQ=WEEKLY';
    }
    case 'monthly':
      return s.monthlyBy === 'day' ? `FREQ=MONTHLY;BYMONTHDAY=${s.monthDay}` : `FREQ=MONTHLY;BYDAY=${s.nth}${s.weekday}`;
    case 'yearly':
      return 'FREQ=YEARLY';
    case 'custom': {
      const rule = s.custom.trim().replace(/^RRULE:/i, '').trim();
      return rule || null;
    }
  }
}

type Simple =
  | { freq: 'daily' | 'yearly' }
  | { freq: 'weekly'; days: Weekday[] }
  | { freq: 'monthly'; day: number }
  | { freq: 'monthly'; nth: number; weekday: Weekday };

/** The simple shape `rule` has, or null when it needs custom text. */
function simpleShape(rule: string): Simple | null {
  const parts = new Map<string, string>();
  for (const p of rule.trim().replace(/^RRULE:/i, '').split(';')) {
    if (p.trim() === '') continue;
    const [k, v, extra] = p.split('=');
    if (v === undefined || extra !== undefined || parts.has(k.trim().toUpperCase())) return null;
    parts.set(k.trim().toUpperCase(), v.trim().toUpperCase());
  }
  const freq = parts.get('FREQ');
  const keys = [...parts.keys()].filter((k) => k !== 'FREQ').sort().join(',');
  if ((freq === 'DAILY' || freq === 'YEARLY') && keys === '') return { freq: freq === 'DAILY' ? 'daily' : 'yearly' };
  if (freq === 'WEEKLY' && keys === '') return { freq: 'weekly', days: [] };
  if (freq === 'WEEKLY' && keys === 'BYDAY') {
    const days = (parts.get('BYDAY') ?? '').split(',');
    if (days.every((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d)) && new Set(days).size === days.length)
      return { freq: 'weekly', days };
    return null;
  }
  if (freq === 'MONTHLY' && keys === 'BYMONTHDAY') {
    const day = /^([1-9]|[12]\d|3[01])$/.test(parts.get('BYMONTHDAY') ?? '') ? Number(parts.get('BYMONTHDAY')) : NaN;
    return Number.isNaN(day) ? null : { freq: 'monthly', day };
  }
  if (freq === 'MONTHLY' && keys === 'BYDAY') {
    const m = /^(\+?[1-5]|-1)(MO|TU|WE|TH|FR|SA|SU)$/.exec(parts.get('BYDAY') ?? '');
    return m ? { freq: 'monthly', nth: Number(m[1]), weekday: m[2] as Weekday } : null;
  }
  return null;
}

/** Editable state for a stored rule; anything the simple controls cannot show is custom. */
export function parseRule(rule: string | null, start: string): RecurrenceState {
  const s = defaultRecurrence(start);
  if (rule === null || rule.trim() === '') return s;
  const shape = simpleShape(rule);
  // The controls offer 1st–4th and last; a 5th weekday stays as typed.
  if (!shape || (shape.freq === 'monthly' && 'nth' in shape && shape.nth === 5)) return { ...s, freq: 'custom', custom: rule };
  if (shape.freq === 'weekly') return { ...s, freq: 'weekly', days: shape.days };
  if (shape.freq === 'monthly') {
    return 'day' in shape
      ? { ...s, freq: 'monthly', monthlyBy: 'day', monthDay: shape.day }
      : { ...s, freq: 'monthly', monthlyBy: 'weekday', nth: shape.nth, weekday: shape.weekday };
  }
  return { ...s, freq: shape.freq };
}

/** The rule in words for common shapes ("Every Sat, Sun"); the raw rule otherwise. */
export function describeRule(rule: string | null): string {
  if (rule === null || rule.trim() === '') return 'One-off';
  const shape = simpleShape(rule);
  if (!shape) return rule;
  switch (shape.freq) {
    case 'daily':
      return 'Every day';
    case 'yearly':
      return 'Every year';
    case 'weekly':
      return shape.days.length ? `Every ${shape.days.map((d) => DAY_SHORT[d]).join(', ')}` : 'Every week';
    case 'monthly':
      return 'day' in shape
        ? `Every month on day ${shape.day}`
        : `${ordinalLabel(shape.nth)} ${DAY_LONG[shape.weekday]} of the month`;
  }
}
