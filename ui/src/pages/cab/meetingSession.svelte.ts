// One meeting as the screen holds it: the backend's latest MeetingView, when
// it arrived (the item timer counts from the backend's clock, not ours), and
// the writes of meeting mode. Every write answers with the new view, which is
// shown at once; a refusal is kept for the screen and changes nothing. The
// change event a write of ours causes does not trigger a second load.
import type { Backend } from '../../lib/backend';
import type { ErrorPayload, MeetingDecision, MeetingView, MinutesFormat } from '../../lib/bindings';
import { toErrorPayload } from '../../lib/errors';
import { toasts } from '../../lib/toasts.svelte';

/** How long after a write of ours a change event counts as its echo. */
const ECHO_MS = 1000;

export class MeetingSession {
  view = $state<MeetingView | null>(null);
  /** Local Date.now() when `view` arrived. */
  receivedAt = $state(0);
  /** Why the meeting could not be loaded. */
  failure = $state<ErrorPayload | null>(null);
  /** The last write's refusal (or failure), shown inline until the next write. */
  refusal = $state<string | null>(null);
  busy = $state(false);

  private request = 0;
  private applied = 0;
  private writing = 0;
  private sawEvent = false;
  private echoUntil = 0;

  constructor(
    private readonly api: Backend,
    readonly id: string,
  ) {}

  async load(): Promise<void> {
    const req = ++this.request;
    try {
      this.apply(req, await this.api.meeting(this.id));
      this.failure = null;
    } catch (e) {
      if (req > this.applied) this.failure = toErrorPayload(e);
    }
  }

  /** Called when a meeting or change event arrives. */
  changed(): void {
    if (this.writing > 0) {
      this.sawEvent = true;
      return;
    }
    if (Date.now() < this.echoUntil) {
      this.echoUntil = 0;
      return;
    }
    void this.load();
  }

  start = () => this.write(() => this.api.startMeeting(this.id));
  go = (position: number) => this.write(() => this.api.meetingGo(this.id, position));
  attend = (person: string, present: boolean) => this.write(() => this.api.setAttendance(this.id, person, present));
  decide = (change: string, decision: MeetingDecision, note: string) =>
    this.write(() => this.api.decideItem(this.id, change, decision, note));
  pullIn = (change: string) => this.write(() => this.api.pullIn(this.id, change));
  close = () => this.write(() => this.api.closeMeeting(this.id));

  /** Saves the agenda or minutes through the save dialog and says where. */
  async export(minutes: boolean, format: MinutesFormat): Promise<void> {
    try {
      const path = await this.api.exportMeeting(this.id, minutes, format);
      if (path) toasts.success(`Saved to ${path}`);
    } catch (e) {
      toasts.error(toErrorPayload(e).message);
    }
  }

  /** Runs a write; true when it went through. */
  private async write(call: () => Promise<MeetingView>): Promise<boolean> {
    const req = ++this.request;
    this.writing += 1;
    if (this.writing === 1) this.sawEvent = false;
    this.busy = true;
    this.refusal = null;
    let ok = false;
    try {
      this.apply(req, await call());
      ok = true;
    } catch (e) {
      this.refusal = toErrorPayload(e).message;
    } finally {
      this.writing -= 1;
      this.busy = this.writing > 0;
      // The event may come before the answer (the app) or after it (the fake).
      if (ok && this.writing === 0 && !this.sawEvent) this.echoUntil = Date.now() + ECHO_MS;
    }
    return ok;
  }

  /** Shows `view` unless a newer request has answered already. */
  private apply(req: number, view: MeetingView): void {
    if (req < this.applied) return;
    this.applied = req;
    this.view = view;
    this.receivedAt = Date.now();
  }
}
