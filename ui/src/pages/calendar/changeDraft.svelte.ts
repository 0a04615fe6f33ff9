// The change editor's state: the fields as typed (times as datetime-local
// text in the display zone), whether they differ from what was loaded, the
// live conflict check (the caller debounces; answers for older input are
// dropped) and the next free slots.
import type { Backend } from '../../lib/backend';
import type { Change, ChangeInput, Conflict, Slot } from '../../lib/bindings';
import { toErrorPayload } from '../../lib/errors';
import { fromInputValue, toInputValue, toIso } from '../../lib/zonedTime';

export interface DraftInit {
  title: string;
  description: string;
  service_ids: string[];
  environment_id: string;
  start: number;
  end: number;
  owner: string;
  train_id: string | null;
}

export type CheckState = 'incomplete' | 'checking' | 'done' | 'error';

/** Stands in for an empty title while checking, so conflicts show before the title is typed. */
const UNTITLED = 'Untitled change';

export function initOf(change: Change): DraftInit {
  return {
    title: change.title, description: change.description, service_ids: [...change.service_ids],
    environment_id: change.environment_id, start: Date.parse(change.start), end: Date.parse(change.end),
    owner: change.owner, train_id: change.train_id,
  };
}

export class ChangeDraftModel {
  title = $state('');
  description = $state('');
  serviceIds = $state<string[]>([]);
  environmentId = $state('');
  /** datetime-local text in the display zone. */
  start = $state('');
  end = $state('');
  owner = $state('');
  /** Train id, or '' for none. */
  trainId = $state('');

  conflicts = $state<Conflict[]>([]);
  check = $state<CheckState>('incomplete');
  checkError = $state<string | null>(null);
  slots = $state<Slot[] | null>(null);
  slotsBusy = $state(false);
  slotsError = $state<string | null>(null);

  readonly startMs = $derived.by(() => fromInputValue(this.start, this.zone));
  readonly endMs = $derived.by(() => fromInputValue(this.end, this.zone));
  /** Why conflicts cannot be checked yet, or null when they can. */
  readonly missing = $derived.by(() => {
    if (this.serviceIds.length === 0) return 'Choose at least one service to see conflicts.';
    if (!this.environmentId) return 'Choose an environment to see conflicts.';
    if (this.startMs === null || this.endMs === null) return 'Enter a start and an end to see conflicts.';
    if (this.endMs <= this.startMs) return 'The end must be after the start.';
    return null;
  });
  /** Identifies the checked input: the check reruns when it moves. */
  readonly checkKey = $derived.by(() => (this.missing === null ? JSON.stringify(this.input(true)) : null));
  readonly dirty = $derived.by(() => this.snapshot() !== this.baseline);

  private seq = 0;
  private baseline: string;

  constructor(
    private readonly api: Backend,
    readonly id: string | null,
    init: DraftInit,
    readonly zone: string,
  ) {
    this.reset(init);
    this.baseline = this.snapshot();
  }

  private reset(init: DraftInit): void {
    this.title = init.title;
    this.description = init.description;
    this.serviceIds = [...init.service_ids];
    this.environmentId = init.environment_id;
    this.start = toInputValue(init.start, this.zone);
    this.end = toInputValue(init.end, this.zone);
    this.owner = init.owner;
    this.trainId = init.train_id ?? '';
  }

  private snapshot(): string {
    return JSON.stringify([this.title, this.description, this.serviceIds, this.environmentId, this.start, this.end, this.owner, this.trainId]);
  }

  /** The input to send; `forCheck` fills an empty title. Times must be valid (see `missing`). */
  input(forCheck = false): ChangeInput {
    return {
      title: forCheck ? this.title.trim() || UNTITLED : this.title,
      description: this.description,
      service_ids: [...this.serviceIds],
      environment_id: this.environmentId,
      start: toIso(this.startMs ?? 0),
      end: toIso(this.endMs ?? 0),
      owner: this.owner,
      train_id: this.trainId || null,
    };
  }

  /** A new start typed: when it would pass the end, the end follows and keeps the duration. */
  setStart(value: string): void {
    const before = this.startMs;
    const end = this.endMs;
    this.start = value;
    const after = this.startMs;
    if (before !== null && end !== null && after !== null && after >= end) {
      this.end = toInputValue(after + (end - before), this.zone);
    }
  }

  /** The input changed: answers still on the way are for old input. */
  invalidate(): void {
    this.seq++;
    this.checkError = null;
    this.check = this.missing === null ? 'checking' : 'incomplete';
    if (this.missing !== null) this.conflicts = [];
  }

  async runCheck(): Promise<void> {
    if (this.missing !== null) return;
    const seq = ++this.seq;
    this.check = 'checking';
    try {
      const found = await this.api.checkChange({ id: this.id, input: this.input(true) });
      if (seq !== this.seq) return;
      this.conflicts = found;
      this.check = 'done';
    } catch (e) {
      if (seq !== this.seq) return;
      this.checkError = toErrorPayload(e).message;
      this.check = 'error';
    }
  }

  async findSlots(): Promise<void> {
    if (this.missing !== null || this.slotsBusy) return;
    this.slotsBusy = true;
    this.slotsError = null;
    try {
      this.slots = await this.api.nextFreeSlots({ draft: { id: this.id, input: this.input(true) }, after: null, limit: 3 });
    } catch (e) {
      this.slotsError = toErrorPayload(e).message;
    } finally {
      this.slotsBusy = false;
    }
  }

  /** Takes a proposed slot's times (a slot is as long as the change). */
  chooseSlot(slot: Slot): void {
    this.start = toInputValue(Date.parse(slot.interval.start), this.zone);
    this.end = toInputValue(Date.parse(slot.interval.end), this.zone);
  }

  /** Whether the fields hold `slot`'s times now. */
  isChosen(slot: Slot): boolean {
    return this.startMs === Date.parse(slot.interval.start) && this.endMs === Date.parse(slot.interval.end);
  }
}
