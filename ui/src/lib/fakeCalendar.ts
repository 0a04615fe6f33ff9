// The calendar half of the in-memory fake backend: trains, changes, windows
// and a simplified copy of the conflict rules (freezes, maintenance, service
// overlap, quota), enough for UI tests to see conflicts appear and clear.
// Window recurrence is simplified: a one-off occurrence at `start` (read as
// UTC), repeated daily or weekly for FREQ=DAILY / FREQ=WEEKLY.
import type {
  CalendarQuery,
  CalendarView,
  Change,
  ChangeDraft,
  ChangeInput,
  Conflict,
  DeployStatus,
  EntityKind,
  Environment,
  ErrorPayload,
  FieldError,
  Interval,
  Service,
  Slot,
  SlotQuery,
  Train,
  TrainDetail,
  TrainInput,
  TrainProgress,
  TrainSummary,
  TransitionInput,
  Window,
  WindowInput,
  WindowOccurrence,
  WindowPreview,
} from './bindings';
import { NEXT_STATUSES, OPEN_STATUSES } from './deployStatus';

/** What the calendar fake needs from the rest of the fake backend. */
export interface CalendarHost {
  services(): Service[];
  environments(): Environment[];
  now(): string;
  id(prefix: string): string;
  record(entity: EntityKind, id: string, label: string, action: 'created' | 'updated' | 'deleted' | 'status_changed', before: unknown, after: unknown): void;
}

const MINUTE = 60_000;

function invalid(fields: FieldError[]): ErrorPayload {
  return { code: 'validation', message: fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields, problems: [] };
}

function overlaps(a: Interval, b: Interval): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export class FakeCalendar {
  trains: Train[] = [];
  changes: Change[] = [];
  windows: Window[] = [];
  /** The last period exported as ICS. */
  lastExport: { from: string; to: string } | null = null;
  /** What importCalendarIcs reports (null: the user cancelled the dialog). */
  importReport: { created: number; skipped: number } | null = { created: 2, skipped: 0 };

  constructor(private readonly host: CalendarHost) {}

  // ---- windows -----------------------------------------------------------

  occurrences(w: Window, from: number, to: number): Interval[] {
    const start = Date.parse(`${w.start}Z`);
    const length = w.duration_minutes * MINUTE;
    const step = w.rrule?.startsWith('FREQ=DAILY') ? 86_400_000 : w.rrule?.startsWith('FREQ=WEEKLY') ? 7 * 86_400_000 : 0;
    const out: Interval[] = [];
    const skip = new Set(w.exdates.map((d) => Date.parse(`${d}Z`)));
    if (step === 0) {
      if (start < to && start + length > from && !skip.has(start)) out.push({ start: iso(start), end: iso(start + length) });
      return out;
    }
    const first = Math.max(0, Math.floor((from - length - start) / step));
    for (let i = first; start + i * step < to && out.length < 1000; i++) {
      const s = start + i * step;
      if (s + length > from && !skip.has(s)) out.push({ start: iso(s), end: iso(s + length) });
    }
    return out;
  }

  /** `except`: the window being edited; `null` for a new one; `'*'` to skip the name check (previews). */
  private checkWindow(raw: WindowInput, except: string | null): WindowInput {
    const fields: FieldError[] = [];
    const name = raw.name.trim();
    if (!name) fields.push({ field: 'name', message: 'Name is required' });
    else if (except !== '*' && this.windows.some((w) => w.id !== except && w.name.toLowerCase() === name.toLowerCase()))
      fields.push({ field: 'name', message: `A window named "${name}" already exists` });
    if (!raw.time_zone.includes('/') && raw.time_zone !== 'UTC')
      fields.push({ field: 'time_zone', message: `"${raw.time_zone}" is not an IANA time zone` });
    if (raw.duration_minutes <= 0) fields.push({ field: 'duration_minutes', message: 'Duration must be longer than zero, e.g. 90m, 8h or 2d' });
    const rrule = raw.rrule?.trim() || null;
    if (rrule && !rrule.toUpperCase().startsWith('FREQ='))
      fields.push({ field: 'rrule', message: `RRULE has no FREQ; add FREQ=DAILY, WEEKLY, MONTHLY or YEARLY` });
    if (fields.length) throw invalid(fields);
    return { ...raw, name, rrule, soft: raw.kind === 'freeze' && raw.soft };
  }

  createWindow(raw: WindowInput): Window {
    const input = this.checkWindow(raw, null);
    const now = this.host.now();
    const w: Window = { ...input, id: this.host.id('win'), created_at: now, updated_at: now };
    this.windows.push(w);
    this.host.record('window', w.id, w.name, 'created', null, w);
    return w;
  }

  updateWindow(id: string, raw: WindowInput): Window {
    const before = this.get(this.windows, id, 'window');
    const after: Window = { ...before, ...this.checkWindow(raw, id), updated_at: this.host.now() };
    this.windows = this.windows.map((w) => (w.id === id ? after : w));
    this.host.record('window', id, after.name, 'updated', before, after);
    return after;
  }

  deleteWindow(id: string): null {
    const before = this.get(this.windows, id, 'window');
    this.windows = this.windows.filter((w) => w.id !== id);
    this.host.record('window', id, before.name, 'deleted', before, null);
    return null;
  }

  previewWindow(raw: WindowInput, count: number): WindowPreview[] {
    // Like the backend, a preview checks the rule and timing, not the name.
    const input = this.checkWindow(raw, '*');
    const w: Window = { ...input, id: 'preview', created_at: '', updated_at: '' };
    const now = Date.parse(this.host.now());
    return this.occurrences(w, now, now + 400 * 86_400_000)
      .slice(0, count)
      .map((interval) => ({ local_start: interval.start.replace('Z', '').slice(0, 19), interval }));
  }

  // ---- changes -----------------------------------------------------------

  private checkChange(raw: ChangeInput): ChangeInput {
    const fields: FieldError[] = [];
    const title = raw.title.trim();
    if (!title) fields.push({ field: 'title', message: 'Title is required' });
    if (raw.service_ids.length === 0) fields.push({ field: 'service_ids', message: 'Choose at least one service' });
    if (Date.parse(raw.end) <= Date.parse(raw.start))
      fields.push({ field: 'end', message: `End (${raw.end}) must be after start (${raw.start})` });
    if (!this.host.environments().some((e) => e.id === raw.environment_id))
      fields.push({ field: 'environment_id', message: 'That environment no longer exists; choose another' });
    if (fields.length) throw invalid(fields);
    return { ...raw, title, owner: raw.owner.trim() };
  }

  getChange(id: string): Change {
    return this.get(this.changes, id, 'change');
  }

  createChange(raw: ChangeInput): Change {
    const input = this.checkChange(raw);
    const now = this.host.now();
    const c: Change = { ...input, id: this.host.id('chg'), status: 'planned', created_at: now, updated_at: now };
    this.changes.push(c);
    this.host.record('change', c.id, c.title, 'created', null, c);
    return c;
  }

  updateChange(id: string, raw: ChangeInput): Change {
    const before = this.get(this.changes, id, 'change');
    const after: Change = { ...before, ...this.checkChange(raw), updated_at: this.host.now() };
    this.changes = this.changes.map((c) => (c.id === id ? after : c));
    this.host.record('change', id, after.title, 'updated', before, after);
    return after;
  }

  deleteChange(id: string): null {
    const before = this.get(this.changes, id, 'change');
    this.changes = this.changes.filter((c) => c.id !== id);
    this.host.record('change', id, before.title, 'deleted', before, null);
    return null;
  }

  transitionChange(id: string, request: TransitionInput): Change {
    const before = this.get(this.changes, id, 'change');
    const evidence = request.evidence?.trim() ?? '';
    let problem: string | null = null;
    if (!NEXT_STATUSES[before.status].includes(request.to))
      problem = `A change cannot go from ${before.status} to ${request.to}`;
    else if (request.to === 'verified' && !evidence) problem = 'Verified needs a passing post-deploy check or a sign-off';
    else if (request.to === 'rolled_back' && !evidence) problem = 'Rolled back needs the rollback record';
    if (problem) throw invalid([{ field: 'to', message: problem }]);
    const after: Change = { ...before, status: request.to, updated_at: this.host.now() };
    this.changes = this.changes.map((c) => (c.id === id ? after : c));
    this.host.record('change', id, after.title, 'status_changed', { status: before.status }, { status: after.status, evidence });
    return after;
  }

  /** The simplified conflict rules for one change against the others. */
  conflictsOf(c: Change): Conflict[] {
    const out: Conflict[] = [];
    const span = { start: c.start, end: c.end };
    const from = Date.parse(c.start);
    const to = Date.parse(c.end);
    const env = this.host.environments().find((e) => e.id === c.environment_id);
    const names = (ids: string[]) => ids.map((id) => this.host.services().find((s) => s.id === id)?.name ?? '?').join(', ');
    const covers = (w: Window, service: string) =>
      (w.environment_ids.length === 0 || w.environment_ids.includes(c.environment_id)) &&
      (w.service_ids.length === 0 || w.service_ids.includes(service));
    for (const w of this.windows.filter((x) => x.kind === 'freeze')) {
      const hit = this.occurrences(w, from, to).find((o) => overlaps(o, span));
      const services = c.service_ids.filter((s) => covers(w, s));
      if (!hit || services.length === 0) continue;
      out.push({
        kind: w.soft ? 'soft_freeze' : 'hard_freeze', severity: w.soft ? 'warning' : 'error',
        change_ids: [c.id], service_ids: services, window_ids: [w.id], environment_id: c.environment_id, interval: hit,
        message: `"${c.title}" on ${names(services)} falls in the ${w.soft ? 'soft' : 'hard'} freeze "${w.name}"`,
      });
    }
    if (env?.production) {
      const uncovered = c.service_ids.filter((s) => !this.windows.some((w) =>
        w.kind === 'maintenance' && covers(w, s) &&
        this.occurrences(w, from, to).some((o) => Date.parse(o.start) <= from && Date.parse(o.end) >= to)));
      if (uncovered.length) {
        out.push({
          kind: 'outside_maintenance', severity: 'error', change_ids: [c.id], service_ids: uncovered, window_ids: [],
          environment_id: c.environment_id, interval: span,
          message: `Production change "${c.title}" on ${names(uncovered)} runs outside every maintenance window`,
        });
      }
    }
    for (const o of this.changes) {
      if (o.id === c.id || !OPEN_STATUSES.includes(o.status) || o.environment_id !== c.environment_id || !overlaps(o, span)) continue;
      const shared = o.service_ids.filter((s) => c.service_ids.includes(s));
      if (shared.length) {
        out.push({
          kind: 'service_overlap', severity: 'warning', change_ids: [c.id, o.id], service_ids: shared, window_ids: [],
          environment_id: c.environment_id, interval: span,
          message: `"${c.title}" and "${o.title}" both change ${names(shared)} at the same time`,
        });
      }
    }
    return out;
  }

  private draft(d: ChangeDraft): Change {
    const input = this.checkChange(d.input);
    const status = d.id ? this.get(this.changes, d.id, 'change').status : 'planned';
    return { ...input, id: d.id ?? '00000000-0000-0000-0000-000000000000', status, created_at: '', updated_at: '' };
  }

  checkDraft(d: ChangeDraft): Conflict[] {
    return this.conflictsOf(this.draft(d));
  }

  nextFreeSlots(q: SlotQuery): Slot[] {
    const c = this.draft(q.draft);
    const length = Date.parse(c.end) - Date.parse(c.start);
    const grid = 15 * MINUTE;
    let t = Math.ceil(Math.max(Date.parse(q.after ?? this.host.now()), Date.parse(this.host.now())) / grid) * grid;
    const limit = q.limit ?? 3;
    const horizon = t + 90 * 86_400_000;
    const out: Slot[] = [];
    for (; t <= horizon && out.length < limit; t += grid) {
      const moved: Change = { ...c, start: iso(t), end: iso(t + length) };
      const found = this.conflictsOf(moved);
      if (found.every((x) => x.severity !== 'error')) {
        out.push({ interval: { start: moved.start, end: moved.end }, warnings: found });
        t += length - grid;
      }
    }
    return out;
  }

  view(q: CalendarQuery): CalendarView {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    const changes = this.changes
      .filter((c) => overlaps(c, { start: q.from, end: q.to }))
      .filter((c) => q.environment_ids.length === 0 || q.environment_ids.includes(c.environment_id))
      .filter((c) => !q.train_id || c.train_id === q.train_id)
      .filter((c) => q.statuses.length === 0 || q.statuses.includes(c.status))
      .filter((c) => q.service_ids.length === 0 || c.service_ids.some((s) => q.service_ids.includes(s)))
      .filter((c) => !q.team_id || c.service_ids.some((s) => this.host.services().find((x) => x.id === s)?.owner_team_id === q.team_id))
      .sort((a, b) => a.start.localeCompare(b.start));
    const windows: WindowOccurrence[] = [];
    for (const w of this.windows) {
      if (q.environment_ids.length && w.environment_ids.length && !w.environment_ids.some((e) => q.environment_ids.includes(e))) continue;
      for (const interval of this.occurrences(w, from, to)) {
        windows.push({ window_id: w.id, name: w.name, kind: w.kind, soft: w.soft, interval, environment_ids: w.environment_ids, service_ids: w.service_ids });
      }
    }
    const conflicts = q.with_conflicts ? changes.filter((c) => OPEN_STATUSES.includes(c.status)).flatMap((c) => this.conflictsOf(c)) : [];
    return { changes, windows, conflicts, problems: [] };
  }

  // ---- trains ------------------------------------------------------------

  private progress(id: string): TrainProgress {
    const mine = this.changes.filter((c) => c.train_id === id);
    const count = (s: DeployStatus[]) => mine.filter((c) => s.includes(c.status)).length;
    return {
      total: mine.length, done: count(['succeeded', 'verified']), active: count(['queued', 'in_progress', 'stalled', 'blocked']),
      failed: count(['failed', 'rolled_back']), cancelled: count(['cancelled']),
    };
  }

  private checkTrain(raw: TrainInput, except: string | null): TrainInput {
    const name = raw.name.trim();
    if (!name) throw invalid([{ field: 'name', message: 'Name is required' }]);
    if (this.trains.some((t) => t.id !== except && t.name.toLowerCase() === name.toLowerCase()))
      throw invalid([{ field: 'name', message: `A train named "${name}" already exists` }]);
    return { ...raw, name };
  }

  listTrains(): TrainSummary[] {
    return [...this.trains].sort((a, b) => a.name.localeCompare(b.name)).map((train) => ({ train, progress: this.progress(train.id) }));
  }

  trainDetail(id: string): TrainDetail {
    const train = this.get(this.trains, id, 'train');
    const changes = this.changes.filter((c) => c.train_id === id).sort((a, b) => a.start.localeCompare(b.start));
    return { train, changes, progress: this.progress(id), conflicts: changes.flatMap((c) => this.conflictsOf(c)) };
  }

  createTrain(raw: TrainInput): Train {
    const input = this.checkTrain(raw, null);
    const now = this.host.now();
    const t: Train = { ...input, id: this.host.id('trn'), created_at: now, updated_at: now };
    this.trains.push(t);
    this.host.record('train', t.id, t.name, 'created', null, t);
    return t;
  }

  updateTrain(id: string, raw: TrainInput): Train {
    const before = this.get(this.trains, id, 'train');
    const after: Train = { ...before, ...this.checkTrain(raw, id), updated_at: this.host.now() };
    this.trains = this.trains.map((t) => (t.id === id ? after : t));
    this.host.record('train', id, after.name, 'updated', before, after);
    return after;
  }

  deleteTrain(id: string): null {
    const before = this.get(this.trains, id, 'train');
    this.trains = this.trains.filter((t) => t.id !== id);
    this.changes = this.changes.map((c) => (c.train_id === id ? { ...c, train_id: null } : c));
    this.host.record('train', id, before.name, 'deleted', before, null);
    return null;
  }

  private get<T extends { id: string }>(list: T[], id: string, what: string): T {
    const found = list.find((x) => x.id === id);
    if (!found) throw { code: 'not_found', message: `no ${what} with id ${id}: it may have been deleted`, fields: [], problems: [] } satisfies ErrorPayload;
    return found;
  }
}
