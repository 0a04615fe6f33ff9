// Test data for the windows area: windows put straight into the fake calendar.
import type { Window } from '../../lib/bindings';
import type { FakeBackend } from '../../lib/fakeBackend';

let next = 1;

export function seedWindow(fake: FakeBackend, name: string, extra: Partial<Window> = {}): Window {
  const w: Window = {
    id: `win-seed-${next++}`, name, kind: 'freeze', soft: false, description: '', time_zone: 'UTC',
    start: '2024-05-04T00:00:00', duration_minutes: 60, rrule: null, rdates: [], exdates: [],
    environment_ids: [], service_ids: [], created_at: '2024-05-01T09:00:00Z', updated_at: '2024-05-01T09:00:00Z', ...extra,
  };
  fake.cal.windows.push(w);
  return w;
}
