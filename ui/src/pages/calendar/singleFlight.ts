// At most one request in flight, always ending on the latest one: while a
// request runs, newer ones replace each other and only the last is sent when
// it returns. Used for live conflict checks while dragging, where the pointer
// produces far more positions than the backend should be asked about.

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export class SingleFlight<R> {
  private running = false;
  private queued: { key: string; run: () => Promise<R> } | null = null;
  private generation = 0;

  /** `deliver` gets every answer (or failure) with the key it was asked for, unless cancelled since. */
  constructor(private readonly deliver: (key: string, outcome: Outcome<R>) => void) {}

  /** Whether a request is being answered now. */
  get busy(): boolean {
    return this.running;
  }

  request(key: string, run: () => Promise<R>): void {
    this.queued = { key, run };
    if (!this.running) void this.pump();
  }

  /** Drops the queued request and ignores the answer of the running one. */
  cancel(): void {
    this.queued = null;
    this.generation++;
  }

  private async pump(): Promise<void> {
    this.running = true;
    try {
      while (this.queued) {
        const job = this.queued;
        this.queued = null;
        const generation = this.generation;
        let outcome: Outcome<R>;
        try {
          outcome = { ok: true, value: await job.run() };
        } catch (error) {
          outcome = { ok: false, error };
        }
        if (generation === this.generation) this.deliver(job.key, outcome);
      }
    } finally {
      this.running = false;
    }
  }
}
