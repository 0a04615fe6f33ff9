// The window form's editable state and its conversion to a WindowInput:
// duration text to minutes, datetime-local to a stored local time, the
// recurrence controls to an RRULE. Client-side problems (a duration that does
// not parse, no start) keep the draft from being sent at all.
import type { Window, WindowInput, WindowKind } from '../../lib/bindings';
import type { FieldErrors } from '../../lib/errors';
import { formatDurationShort, parseDuration, type DurationResult } from './duration';
import { buildRule, parseRule, type RecurrenceState } from './recurrence';
import { fromInputValue, toInputValue } from './wallClock';

/** The fields the form shows errors for (the backend's names). */
export const WINDOW_FIELDS = [
  'name', 'kind', 'soft', 'description', 'time_zone', 'start', 'duration_minutes', 'rrule', 'exdates', 'rdates',
  'environment_ids', 'service_ids',
] as const;

/** Fields the preview validates like a save does (it checks neither the name nor that the scope exists). */
export const PREVIEW_FIELDS: readonly string[] = ['description', 'time_zone', 'start', 'duration_minutes', 'rrule', 'exdates', 'rdates'];

/** The name sent with previews, so the name field's state never blocks them. */
export const PREVIEW_NAME = 'Window preview (not saved)';

export class WindowDraft {
  name = $state('');
  kind = $state<WindowKind>('freeze');
  soft = $state(false);
  description = $state('');
  timeZone = $state('UTC');
  /** The datetime-local input's value ("YYYY-MM-DDTHH:MM"). */
  start = $state('');
  duration = $state('1h');
  recurrence = $state<RecurrenceState>(parseRule(null, ''));
  exdates = $state<string[]>([]);
  rdates = $state<string[]>([]);
  environmentIds = $state<string[]>([]);
  serviceIds = $state<string[]>([]);

  constructor(w: Window | null, defaults: { zone: string; start: string }) {
    const start = w?.start ?? defaults.start;
    this.start = toInputValue(start);
    this.recurrence = parseRule(w?.rrule ?? null, start);
    if (!w) {
      this.timeZone = defaults.zone;
      return;
    }
    this.name = w.name;
    this.kind = w.kind;
    this.soft = w.soft;
    this.description = w.description;
    this.timeZone = w.time_zone;
    this.duration = formatDurationShort(w.duration_minutes);
    this.exdates = [...w.exdates];
    this.rdates = [...w.rdates];
    this.environmentIds = [...w.environment_ids];
    this.serviceIds = [...w.service_ids];
  }

  get parsedDuration(): DurationResult {
    return parseDuration(this.duration);
  }

  /** The stored local start, or null when the input is empty. */
  get localStart(): string | null {
    return fromInputValue(this.start);
  }

  get rule(): string | null {
    return buildRule(this.recurrence);
  }

  /** Problems found without asking the backend. */
  localErrors(): FieldErrors {
    const found: FieldErrors = {};
    const d = this.parsedDuration;
    if (!d.ok) found.duration_minutes = d.error;
    if (this.localStart === null) found.start = 'Start is required: pick a date and time';
    return found;
  }

  /** What a save sends; null while there are local problems. */
  input(): WindowInput | null {
    const d = this.parsedDuration;
    const start = this.localStart;
    if (!d.ok || start === null) return null;
    return {
      name: this.name,
      kind: this.kind,
      soft: this.kind === 'freeze' && this.soft,
      description: this.description,
      time_zone: this.timeZone,
      start,
      duration_minutes: d.minutes,
      rrule: this.rule,
      rdates: [...this.rdates],
      exdates: [...this.exdates],
      environment_ids: [...this.environmentIds],
      service_ids: [...this.serviceIds],
    };
  }

  /** What the preview sends: the same under a fixed name, without the scope (neither moves an occurrence). */
  previewInput(): WindowInput | null {
    const input = this.input();
    return input && { ...input, name: PREVIEW_NAME, environment_ids: [], service_ids: [] };
  }
}
