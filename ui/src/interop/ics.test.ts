// @vitest-environment node
// Interop: the ICS the app exports, read by ical.js, the iCalendar library
// Thunderbird's calendar is built on. Every recurring window must expand to
// the same instants our own expansion gives (daylight-saving changes in three
// hemispheres' zones, a time in the spring-forward gap, exception and extra
// dates, a window across the year end, a leap day), using only the VTIMEZONE
// definitions inside the file, as a client without our zone data would.
// (Before the export pinned occurrences at skipped or doubled wall-clock
// times, ical.js put those an hour away from where RFC 5545 puts them.)
// The fixture is written by crates/domain/tests/calendar_ics_roundtrip.rs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';

const dir = new URL('./', import.meta.url);
const text = readFileSync(new URL('calendar.ics', dir), 'utf8');
const expected = JSON.parse(readFileSync(new URL('calendar.expected.json', dir), 'utf8')) as {
  from: string;
  to: string;
  occurrences: Record<string, [string, string][]>;
};

const iso = (t: ICAL.Time) => new Date(t.toUnixTime() * 1000).toISOString().replace('.000Z', 'Z');

function parse() {
  const root = new ICAL.Component(ICAL.parse(text));
  // Zones come from the file alone, the way a client without them would read it.
  ICAL.TimezoneService.reset();
  for (const zone of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return root;
}

/** Every occurrence of an event in [from, to), as UTC [start, end] strings. */
function expand(event: ICAL.Event): [string, string][] {
  const from = Date.parse(expected.from);
  const to = Date.parse(expected.to);
  const out: [string, string][] = [];
  const it = event.iterator();
  for (let next = it.next(); next; next = it.next()) {
    const { startDate, endDate } = event.getOccurrenceDetails(next);
    const end = Date.parse(iso(endDate));
    if (Date.parse(iso(startDate)) >= to) break;
    if (end > from) out.push([iso(startDate), iso(endDate)]);
  }
  return out;
}

describe('the exported calendar, read by ical.js', () => {
  it('is a valid VCALENDAR with a VTIMEZONE for every zone an event uses', () => {
    const root = parse();
    expect(root.name).toBe('vcalendar');
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    const zones = root.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
    for (const vevent of root.getAllSubcomponents('vevent')) {
      const tzid = vevent.getFirstProperty('dtstart')?.getParameter('tzid');
      if (tzid) expect(zones).toContain(tzid);
    }
  });

  it('expands every event to the occurrences Signalbox computes', () => {
    const root = parse();
    // Occurrences at a time a clock change skips or doubles come as overriding
    // instances (RECURRENCE-ID): related to their event, as a client does.
    const vevents = root.getAllSubcomponents('vevent');
    const events = vevents.filter((v) => !v.hasProperty('recurrence-id')).map((v) => new ICAL.Event(v));
    const overrides = vevents.filter((v) => v.hasProperty('recurrence-id'));
    expect(overrides.length).toBeGreaterThan(0);
    for (const v of overrides) {
      const master = events.find((e) => e.uid === v.getFirstPropertyValue('uid'));
      if (!master) throw new Error(`an override of no event: ${String(v.getFirstPropertyValue('uid'))}`);
      master.relateException(new ICAL.Event(v));
    }
    expect(events.map((e) => e.uid).sort()).toEqual(Object.keys(expected.occurrences).sort());
    for (const event of events) {
      const want = expected.occurrences[event.uid];
      expect(want.length, event.uid).toBeGreaterThan(0);
      expect(expand(event), event.uid).toEqual(want);
    }
  });

  it('keeps text intact: escaped punctuation and line breaks', () => {
    const root = parse();
    const byUid = new Map(
      root.getAllSubcomponents('vevent').filter((v) => !v.hasProperty('recurrence-id')).map((v) => [v.getFirstPropertyValue('uid'), v]),
    );
    expect(byUid.get('window-0@signalbox')?.getFirstPropertyValue('summary')).toBe('Window 0; with, punctuation');
    expect(byUid.get('change-1@signalbox')?.getFirstPropertyValue('description')).toBe('Services: ledger\nStatus: planned');
  });
});
