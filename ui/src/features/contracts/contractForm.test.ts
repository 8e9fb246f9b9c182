import { describe, expect, it, vi } from "vitest";
import { ALL_FIELDS, AutoSaver, emptyInput, fieldAnchor, type SaveState, type Saver } from "./contractForm";
import { errorsByField, joinDate, joinMonth, splitDate, splitMonth } from "../../shared/fields";
import { BackendError, type ContractInput } from "../../shared/backend";
import { RETRY_MS } from "../../shared/saveStatus";

describe("the contract form's fields", () => {
  it("covers every field of Section 1 once", () => {
    const names = ALL_FIELDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(15);
    expect(Object.keys(emptyInput()).sort()).toEqual([...names].sort());
  });
  it("labels optional only what neither saving nor a complete Section 1 needs", () => {
    // Section 1 is complete with the construct, both whole-life costs, this year's value and
    // the scope (tasks::contract_details_state): none of them may read "(optional)". The
    // date of expiry is optional: a rolling contract has none.
    const optional = ALL_FIELDS.filter((f) => !f.required).map((f) => f.name);
    expect(optional.sort()).toEqual(["contract_manager", "contractor_trading_name", "expiry_date", "service_area", "start_date"]);
  });

  it("links date errors to the day box", () => {
    expect(fieldAnchor("expiry_date")).toBe("expiry_date-day");
    expect(fieldAnchor("name")).toBe("name");
  });
  it("keeps the first error per field", () => {
    expect(
      errorsByField([
        { field: "name", message: "first" },
        { field: "name", message: "second" },
        { field: "reference", message: "ref" },
      ]),
    ).toEqual({ name: "first", reference: "ref" });
  });
});

describe("date boxes", () => {
  it("join to the ISO date Rust checks and split back", () => {
    expect(joinDate({ day: "1", month: "4", year: "2016" })).toBe("2016-04-01");
    expect(splitDate("2016-04-01")).toEqual({ day: "1", month: "4", year: "2016" });
    expect(joinDate({ day: "", month: "", year: "" })).toBe("");
    expect(splitDate("")).toEqual({ day: "", month: "", year: "" });
  });
  it("keep a part-typed date as typed", () => {
    const typed = { day: "31", month: "", year: "20" };
    expect(splitDate(joinDate(typed))).toEqual(typed);
  });
  it("keep every box exactly as typed, whatever it holds", () => {
    for (const typed of [
      { day: "2026-02-31", month: "", year: "" },
      { day: "31", month: "Feb", year: "2026" },
      { day: "1", month: "4", year: "2025-26" },
    ]) {
      expect(splitDate(joinDate(typed))).toEqual(typed);
    }
    for (const [month, year] of [["3", "2025-26"], ["9", "2026"], ["", "2026"], ["sept", ""]] as const) {
      expect(splitMonth(joinMonth(month, year))).toEqual({ month, year });
    }
    expect(joinMonth("9", "2026")).toBe("2026-09");
  });
});

function input(over: Partial<ContractInput> = {}): ContractInput {
  return { ...emptyInput(), ...over };
}

function fakeSaver(valid: (i: ContractInput) => boolean) {
  const calls: string[] = [];
  let nextId = 1;
  const saver: Saver = {
    async save(contractId, draftId, i) {
      calls.push(`save(${contractId},${draftId},${i.name})`);
      if (!valid(i)) {
        throw new BackendError({
          code: "validation_failed",
          message: "Enter the contract reference",
          fields: [{ field: "reference", message: "Enter the contract reference" }],
        });
      }
      return { id: contractId ?? 100, updated_at: "2026-11-22T10:00:00Z" };
    },
    async keepDraft(contractId, draftId, i) {
      calls.push(`draft(${contractId},${draftId},${i.name})`);
      return draftId ?? nextId++;
    },
  };
  return { saver, calls };
}

describe("AutoSaver", () => {
  it("keeps an invalid form as a draft, then saves the contract once it is valid", async () => {
    const { saver, calls } = fakeSaver((i) => i.reference !== "");
    const states: SaveState[] = [];
    const a = new AutoSaver(saver, { contractId: null, draftId: null }, (s) => states.push(s), 0);
    a.changed(input({ name: "A" }));
    expect((await a.flush())?.kind).toBe("draft");
    a.changed(input({ name: "AB" }));
    await a.flush();
    a.changed(input({ name: "AB", reference: "R1" }));
    expect((await a.flush())?.kind).toBe("saved");
    expect(calls).toEqual([
      "save(null,null,A)",
      "draft(null,null,A)",
      "save(null,1,AB)",
      "draft(null,1,AB)",
      "save(null,1,AB)",
    ]);
    expect(a.target).toEqual({ contractId: 100, draftId: null });
    const draft = states.find((s) => s.kind === "draft");
    expect(draft && draft.kind === "draft" && draft.errors[0]?.field).toBe("reference");
  });

  it("saves the last change made during a save, and only once", async () => {
    const { saver, calls } = fakeSaver(() => true);
    const a = new AutoSaver(saver, { contractId: 5, draftId: null }, () => {}, 0);
    a.changed(input({ name: "one" }));
    const first = a.flush();
    a.changed(input({ name: "two" }));
    a.changed(input({ name: "three" }));
    await Promise.all([first, a.flush()]);
    expect(calls).toEqual(["save(5,null,one)", "save(5,null,three)"]);
  });

  it("waits for a pause in typing before saving", async () => {
    vi.useFakeTimers();
    const { saver, calls } = fakeSaver(() => true);
    const a = new AutoSaver(saver, { contractId: 5, draftId: null }, () => {}, 500);
    a.changed(input({ name: "x" }));
    a.changed(input({ name: "xy" }));
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(600);
    expect(calls).toEqual(["save(5,null,xy)"]);
    vi.useRealTimers();
  });

  it("does not create a draft for a blank new form", async () => {
    const { saver, calls } = fakeSaver(() => false);
    const a = new AutoSaver(saver, { contractId: null, draftId: null }, () => {}, 0);
    a.changed(input({ name: "   " }));
    expect((await a.flush())?.kind).toBe("idle");
    expect(calls).toEqual([]);
  });

  it("reports a storage failure without pretending to have saved", async () => {
    const saver: Saver = {
      save: () => Promise.reject(new BackendError({ code: "storage", message: "disk full", fields: [] })),
      keepDraft: () => Promise.resolve(1),
    };
    const a = new AutoSaver(saver, { contractId: 5, draftId: null }, () => {}, 0);
    a.changed(input({ name: "x" }));
    expect(await a.flush()).toEqual({
      kind: "failed",
      message: "disk full. What you typed is still on screen, and it will be saved as soon as it can be.",
    });
  });

  it("tries a failed save again until it reaches the database", async () => {
    vi.useFakeTimers();
    let refusals = 2;
    const saved: string[] = [];
    const saver: Saver = {
      save: (_c, _d, i) => {
        if (refusals-- > 0) {
          return Promise.reject(new BackendError({ code: "database_in_use", message: "in use", fields: [] }));
        }
        saved.push(i.name);
        return Promise.resolve({ id: 5, updated_at: "2026-11-30T09:00:00Z" });
      },
      keepDraft: () => Promise.resolve(1),
    };
    const states: string[] = [];
    const a = new AutoSaver(saver, { contractId: 5, draftId: null }, (s) => states.push(s.kind), 0);
    a.changed(input({ name: "typed while another program held the file" }));
    await vi.advanceTimersByTimeAsync(1);
    expect(states.at(-1)).toBe("failed");
    await vi.advanceTimersByTimeAsync(RETRY_MS + 1);
    expect(states.at(-1)).toBe("failed");
    await vi.advanceTimersByTimeAsync(RETRY_MS + 1);
    expect(states.at(-1)).toBe("saved");
    expect(saved).toEqual(["typed while another program held the file"]);
    // While it is tried again, the status goes on saying why it failed: never "Saving…"
    // over a failure (each real try waits five seconds for the other program).
    expect(states).toEqual(["saving", "failed", "failed", "saved"]);
    vi.useRealTimers();
  });
});
