// Wall-clock times for windows. A window's start, extra and skipped dates are
// local times without an offset ("2026-03-29T02:00:00") in the window's own
// zone, so they are shown as written, never shifted through the machine zone;
// preview instants are real UTC times, shown in a zone of our choosing.

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

let wallFormat: Intl.DateTimeFormat | null = null;
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** The machine's IANA zone (UTC when the platform does not say). */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A stored local time as the value of an <input type="datetime-local">. */
export function toInputValue(local: string): string {
  return local.slice(0, 16);
}

/** A datetime-local input's value as a stored local time; null when empty or unreadable. */
export function fromInputValue(value: string): string | null {
  const m = WALL.exec(value.trim());
  if (!m) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}`;
}

/** A local wall-clock time for people, e.g. "Sat, Mar 28, 2026, 22:00"; the raw text if unreadable. */
export function formatWall(local: string): string {
  const m = WALL.exec(local);
  if (!m) return local;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // Formatting in UTC reads the components back exactly as written.
  wallFormat ??= new Intl.DateTimeFormat(undefined, {
    weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC',
  });
  return wallFormat.format(ms);
}

/** An instant (RFC 3339) as wall-clock time in `zone`; in UTC when the zone is unknown. */
export function formatInZone(iso: string, zone: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  let f = zoneFormats.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(undefined, {
        weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone,
      });
    } catch {
      return formatInZone(iso, 'UTC');
    }
    zoneFormats.set(zone, f);
  }
  return f.format(t);
}

/** The next whole hour on the machine's clock, as a stored local time (a form's default start). */
export function nextHour(now: Date = new Date()): string {
  const d = new Date(now.getTime());
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:00:00`;
}
