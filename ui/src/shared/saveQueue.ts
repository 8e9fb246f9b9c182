// Saving as you type, for any form: saves wait for a pause in typing, run one at a time,
// and a change made during a save is saved straight after it, so the last thing typed
// always reaches the database last. A save that did not reach the database (the disk is
// full, the file is in use) is tried again after a while, until it does.
import { RETRY_MS } from "./saveStatus";

export class SaveQueue<I, S> {
  /** Every queue on screen, so closing the window can wait for their saves. */
  static readonly open = new Set<{ flush(): Promise<unknown> }>();

  /** Saves whatever any open form has waiting. */
  static async flushAll(): Promise<void> {
    await Promise.all([...SaveQueue.open].map((q) => q.flush()));
  }

  private running: Promise<void> | null = null;
  private queued: { input: I } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** What a failed save had, waiting to be tried again: the next flush tries it. */
  private retrying: { input: I } | null = null;

  /**
   * `saveOnce` saves one input and throws when it could not. A failure that `tryAgain`
   * accepts (one that did not reach the database, not a refusal of what was typed) is
   * saved again after `RETRY_MS`, unless something newer is typed first.
   */
  constructor(
    private readonly saveOnce: (input: I) => Promise<S>,
    private readonly delayMs = 500,
    private readonly tryAgain: (e: unknown) => boolean = () => false,
  ) {}

  /** Stops trying a failed save again (it was saved another way, or given up). */
  stopRetrying(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.retrying = null;
  }

  /** Registers the queue as on screen; returns the function that unregisters it. */
  track(): () => void {
    SaveQueue.open.add(this);
    return () => SaveQueue.open.delete(this);
  }

  /** A change: save after a short pause in typing. */
  changed(input: I): void {
    this.stopRetrying();
    this.queued = { input: structuredClone(input) };
    if (this.timer) clearTimeout(this.timer);
    // A failure is told to the person by `saveOnce` itself; here it must not go unhandled.
    this.timer = setTimeout(() => void this.flush().catch(() => {}), this.delayMs);
  }

  /**
   * Save now whatever is waiting (a failed save waiting to be tried again included), and
   * wait for every save to finish.
   */
  async flush(): Promise<S | null> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.queued && this.retrying) this.queued = this.retrying;
    let last: S | null = null;
    while (this.running || this.queued) {
      if (this.running) {
        // Another caller's save: its failure is reported to that caller. This flush
        // answers for the saves it runs itself, the last of which has the newest input.
        await this.running.catch(() => {});
        continue;
      }
      const { input } = this.queued!;
      this.queued = null;
      this.stopRetrying();
      this.running = this.saveOnce(input).then(
        (s) => {
          last = s;
        },
        (e: unknown) => {
          if (this.tryAgain(e) && !this.queued) {
            this.retrying = { input };
            this.retry = setTimeout(() => {
              this.retry = null;
              void this.flush().catch(() => {});
            }, RETRY_MS);
          }
          throw e;
        },
      );
      try {
        await this.running;
      } finally {
        this.running = null;
      }
    }
    return last;
  }
}
