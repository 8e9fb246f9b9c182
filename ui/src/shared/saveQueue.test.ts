import { describe, expect, it } from "vitest";
import { SaveQueue } from "./saveQueue";

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
