import { describe, expect, it, vi } from "vitest";
import { SaveQueue } from "./saveQueue";
import { RETRY_MS } from "./saveStatus";

describe("SaveQueue", () => {
  it("lets the window wait for every open form's save", async () => {
    const saved: string[] = [];
    const q = new SaveQueue(async (s: string) => {
      saved.push(s);
      return s;
    }, 10_000);
    const untrack = q.track();
    q.changed("typed just before closing");
    await SaveQueue.flushAll();
    expect(saved).toEqual(["typed just before closing"]);
    untrack();
    expect(SaveQueue.open.has(q)).toBe(false);
  });

  it("does not fail a newer save because an older one, already running, failed", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = new SaveQueue(async (s: string) => {
      if (s === "bad") {
        await gate;
        throw new Error("refused");
      }
      return s;
    }, 0);
    q.changed("bad");
    const first = q.flush();
    q.changed("fixed");
    const second = q.flush();
    release();
    await expect(first).rejects.toThrow("refused");
    expect(await second).toBe("fixed");
  });

  it("carries on after a failed save", async () => {
    let calls = 0;
    const q = new SaveQueue(async (s: string) => {
      calls += 1;
      if (s === "bad") throw new Error("disk full");
      return s;
    }, 0);
    q.changed("bad");
    await expect(q.flush()).rejects.toThrow("disk full");
    q.changed("good");
    expect(await q.flush()).toBe("good");
    expect(calls).toBe(2);
  });
});

describe("SaveQueue trying a failed save again", () => {
  it("tries a save that did not reach the database again until it does, and not a refusal", async () => {
    vi.useFakeTimers();
    let refusals = 2;
    const saved: string[] = [];
    const q = new SaveQueue<string, void>(
      async (i) => {
        if (i === "refused") throw new Error("refused");
        if (refusals-- > 0) throw new Error("in use");
        saved.push(i);
      },
      0,
      (e) => (e as Error).message === "in use",
    );
    q.changed("typed");
    await q.flush().catch(() => {});
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(RETRY_MS + 1);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(RETRY_MS + 1);
    expect(saved).toEqual(["typed"]);

    q.changed("refused");
    await q.flush().catch(() => {});
    await vi.advanceTimersByTimeAsync(3 * RETRY_MS);
    expect(saved).toEqual(["typed"]);
    vi.useRealTimers();
  });

  it("saves what is typed next instead of the failed input, and stops when told", async () => {
    vi.useFakeTimers();
    const tries: string[] = [];
    const q = new SaveQueue<string, void>(
      async (i) => {
        tries.push(i);
        throw new Error("in use");
      },
      0,
      () => true,
    );
    q.changed("first");
    await q.flush().catch(() => {});
    q.changed("second");
    await q.flush().catch(() => {});
    await vi.advanceTimersByTimeAsync(RETRY_MS + 1);
    expect(tries).toEqual(["first", "second", "second"]);
    q.stopRetrying();
    await vi.advanceTimersByTimeAsync(3 * RETRY_MS);
    expect(tries).toEqual(["first", "second", "second"]);
    vi.useRealTimers();
  });

  it("tries a failed save again at the next flush, as the form closes, without waiting", async () => {
    vi.useFakeTimers();
    let inUse = true;
    const saved: string[] = [];
    const q = new SaveQueue<string, void>(
      async (i) => {
        if (inUse) throw new Error("in use");
        saved.push(i);
      },
      0,
      () => true,
    );
    q.changed("typed while the file was in use");
    await q.flush().catch(() => {});
    inUse = false;
    // Closing the form flushes before the retry's timer has come round.
    await q.flush();
    expect(saved).toEqual(["typed while the file was in use"]);
    await vi.advanceTimersByTimeAsync(3 * RETRY_MS);
    expect(saved).toEqual(["typed while the file was in use"]);
    vi.useRealTimers();
  });
});
