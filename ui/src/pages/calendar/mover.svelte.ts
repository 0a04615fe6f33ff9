// Rescheduling a change by dragging it or in keyboard move mode: the proposed
// times, live conflict feedback for them (one check in flight at a time, the
// latest answer shown), and committing or cancelling. Shared by every view so
// the ghost, the feedback panel and the announcements behave the same.
import type { Backend } from '../../lib/backend';
import type { Change, Conflict } from '../../lib/bindings';
import { toErrorPayload } from '../../lib/errors';
import { addDays, formatInZone, toIso } from '../../lib/zonedTime';
import { snap, SNAP_MS } from './layout';
import { SingleFlight } from './singleFlight';
import { inputOf, worst } from './status';

export interface MoveSession {
  change: Change;
  mode: 'drag' | 'keyboard';
  /** Proposed start and end, ms. */
  start: number;
  end: number;
}

export type Feedback = 'none' | 'warning' | 'error';

export interface MoverHooks {
  zone: () => string;
  /** The change was saved at its new times. */
  saved: (before: Change, after: Change) => void;
  /** Text for the page's aria-live region. */
  announce: (text: string) => void;
  /** A save failed. */
  failed: (message: string) => void;
}

/** How a keyboard move steps horizontally: by calendar days, or a fixed time. */
export type HorizontalStep = { days: number } | { ms: number };

const TIME: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' };

export class Mover {
  session = $state<MoveSession | null>(null);
  /** Conflicts of the latest answered position. */
  conflicts = $state<Conflict[]>([]);
  /** The position (`start|end`) the conflicts are for. */
  answered = $state<string | null>(null);
  checkError = $state<string | null>(null);
  saving = $state(false);

  readonly key = $derived(this.session ? `${this.session.start}|${this.session.end}` : null);
  readonly checking = $derived(this.session !== null && this.answered !== this.key && this.checkError === null);
  readonly feedback = $derived<Feedback>(worst(this.conflicts) ?? 'none');
  readonly moved = $derived(this.session !== null && this.session.start !== Date.parse(this.session.change.start));

  private readonly flight: SingleFlight<Conflict[]>;

  constructor(
    private readonly api: Backend,
    private readonly hooks: MoverHooks,
  ) {
    this.flight = new SingleFlight((key, outcome) => {
      if (!this.session) return;
      if (outcome.ok) {
        this.conflicts = outcome.value;
        this.checkError = null;
        this.answered = key;
        if (key === this.key && this.moved) this.hooks.announce(this.describe());
      } else {
        this.checkError = toErrorPayload(outcome.error).message;
      }
    });
  }

  /** Whether `change` is the one being moved. */
  isMoving(change: Change): boolean {
    return this.session?.change.id === change.id;
  }

  begin(change: Change, mode: MoveSession['mode']): void {
    this.flight.cancel();
    this.session = { change, mode, start: Date.parse(change.start), end: Date.parse(change.end) };
    this.conflicts = [];
    this.answered = null;
    this.checkError = null;
    if (mode === 'keyboard') {
      this.hooks.announce(
        `Moving “${change.title}”. Arrow keys move it, Enter saves, Escape cancels.`,
      );
    }
    this.check();
  }

  /** Proposes a new start (snapped to 15 minutes); the duration is kept. */
  moveTo(start: number): void {
    const s = this.session;
    if (!s) return;
    const next = snap(start);
    if (next === s.start) return;
    const length = Date.parse(s.change.end) - Date.parse(s.change.start);
    this.session = { ...s, start: next, end: next + length };
    this.check();
  }

  /** Moves horizontally by a keyboard step (-1 / +1 steps). */
  stepBy(step: HorizontalStep, dir: number): void {
    const s = this.session;
    if (!s) return;
    this.moveTo('days' in step ? addDays(s.start, step.days * dir, this.hooks.zone()) : s.start + step.ms * dir);
  }

  cancel(): void {
    if (!this.session) return;
    const title = this.session.change.title;
    const keyboard = this.session.mode === 'keyboard';
    this.flight.cancel();
    this.session = null;
    if (keyboard) this.hooks.announce(`Move of “${title}” cancelled.`);
  }

  /** Saves the proposed times; nothing to save when the change did not move. */
  async commit(): Promise<void> {
    const s = this.session;
    if (!s || this.saving) return;
    if (!this.moved) {
      this.cancel();
      return;
    }
    this.flight.cancel();
    this.saving = true;
    try {
      const after = await this.api.updateChange(s.change.id, inputOf(s.change, toIso(s.start), toIso(s.end)));
      this.session = null;
      this.hooks.saved(s.change, after);
    } catch (e) {
      this.session = null;
      this.hooks.failed(`Could not reschedule “${s.change.title}”: ${toErrorPayload(e).message}`);
    } finally {
      this.saving = false;
    }
  }

  /** Focus left a change in keyboard move mode: the move is abandoned rather than left hanging. */
  blurred(change: Change): void {
    if (this.session?.mode === 'keyboard' && this.isMoving(change) && !this.saving) this.cancel();
  }

  /**
   * Keyboard handling for a focused change: `m` starts move mode; in it the
   * arrows move (left/right by `step`, up/down by 15 minutes), Enter saves and
   * Escape cancels. Returns true when the key was used.
   */
  handleKey(e: KeyboardEvent, change: Change, step: HorizontalStep): boolean {
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    if (!this.isMoving(change)) {
      if (e.key !== 'm' && e.key !== 'M') return false;
      this.begin(change, 'keyboard');
      return true;
    }
    switch (e.key) {
      case 'ArrowLeft': this.stepBy(step, -1); return true;
      case 'ArrowRight': this.stepBy(step, 1); return true;
      case 'ArrowUp': this.moveTo((this.session?.start ?? 0) - SNAP_MS); return true;
      case 'ArrowDown': this.moveTo((this.session?.start ?? 0) + SNAP_MS); return true;
      case 'Enter': void this.commit(); return true;
      case 'Escape': this.cancel(); return true;
      default: return false;
    }
  }

  /** The proposed times in words, with the conflicts, for the live region and the panel. */
  describe(): string {
    const s = this.session;
    if (!s) return '';
    const zone = this.hooks.zone();
    const when = `${formatInZone(s.start, zone, TIME)} to ${formatInZone(s.end, zone, TIME)}`;
    if (this.conflicts.length === 0) return `${when}: no conflicts.`;
    const n = this.conflicts.length;
    return `${when}: ${n} conflict${n === 1 ? '' : 's'}. ${this.conflicts.map((c) => c.message).join('. ')}`;
  }

  private check(): void {
    const s = this.session;
    if (!s) return;
    const input = inputOf(s.change, toIso(s.start), toIso(s.end));
    this.flight.request(`${s.start}|${s.end}`, () => this.api.checkChange({ id: s.change.id, input }));
  }
}
