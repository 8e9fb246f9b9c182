import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, type FieldError } from "./backend";

// The database, as the draft form sees it: one draft per form, and a switch for a full disk.
const db = vi.hoisted(() => ({
  drafts: new Map<string, { input: object; errors: FieldError[] }>(),
  full: false,
  keeps: 0,
}));

vi.mock("./backend", async (original) => {
  const real = await original<typeof import("./backend")>();
  return {
    ...real,
    backend: {
      formDraft: async (form: string) => {
        const d = db.drafts.get(form);
        return d ? { ...d, kept_at: "2026-11-30T03:00:00Z" } : null;
      },
      keepFormDraft: async (form: string, input: object, errors: FieldError[]) => {
        db.keeps += 1;
        if (db.full) {
          throw new real.BackendError({ code: "storage", message: "The disk is full.", fields: [] });
        }
        db.drafts.set(form, { input: structuredClone(input), errors: structuredClone(errors) });
        return { input, errors, kept_at: "2026-11-30T03:00:00Z" };
      },
      discardFormDraft: async (form: string) => {
        db.drafts.delete(form);
        return null;
      },
    },
  };
});

const { DraftForm } = await import("./draftForm.svelte");

interface Action {
  text: string;
  due: string;
}
const blank = (): Action => ({ text: "", due: "" });
const refused = new BackendError({
  code: "validation_failed",
  message: "The due date: 31 February 2028 does not exist",
  fields: [{ field: "due", message: "The due date: 31 February 2028 does not exist" }],
});

describe("DraftForm", () => {
  beforeEach(() => {
    db.drafts.clear();
    db.full = false;
    db.keeps = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("keeps what is typed, and shows it again with its errors", async () => {
    const f = new DraftForm<Action>("review/1/action", blank);
    await f.load();
    expect(f.pending).toBe(false);
    f.input.text = "Publish the exit plan";
    f.changed();
    expect(f.status).toMatch(/^Not saved yet/);
    await vi.advanceTimersByTimeAsync(500);
    expect(db.drafts.get("review/1/action")?.input).toEqual({ text: "Publish the exit plan", due: "" });

    const again = new DraftForm<Action>("review/1/action", blank);
    await again.load({ text: "what the record holds", due: "" });
    expect(again.input.text).toBe("Publish the exit plan");
    expect(again.pending).toBe(true);
  });

  it("keeps a refused form with its errors, and forgets it once saved", async () => {
    const f = new DraftForm<Action>("review/1/action", blank);
    await f.load();
    f.input = { text: "Publish the exit plan", due: "31/02/2028" };
    f.changed();
    expect(await f.submit("Added the action.", () => Promise.reject(refused))).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    expect(f.errors).toEqual(refused.fields);
    expect(f.status).toBe("Not saved: The due date: 31 February 2028 does not exist. What you typed is kept.");
    expect(db.drafts.get("review/1/action")?.errors).toEqual(refused.fields);

    f.input.due = "28/02/2028";
    const saved: Action[] = [];
    expect(await f.submit("Added the action.", async (a) => saved.push(a))).toBe(true);
    expect(saved).toEqual([{ text: "Publish the exit plan", due: "28/02/2028" }]);
    expect(f.input).toEqual(blank());
    expect(f.status).toBe("Added the action.");
    expect(db.drafts.has("review/1/action")).toBe(false);
  });

  it("says why a draft is not kept when the disk is full, and keeps it once there is room", async () => {
    const f = new DraftForm<Action>("review/1/letter", blank);
    await f.load();
    db.full = true;
    f.input.text = "Dear Director";
    f.changed();
    await vi.advanceTimersByTimeAsync(500);
    expect(f.status).toMatch(/^Not saved: The disk is full\. What you typed is still on screen/);
    expect(f.input.text).toBe("Dear Director");
    db.full = false;
    await vi.advanceTimersByTimeAsync(6000);
    expect(f.failure).toBeNull();
    expect(db.drafts.get("review/1/letter")?.input).toEqual({ text: "Dear Director", due: "" });
    expect(f.status).toMatch(/^Not saved yet/);
  });
});
