import { describe, expect, it } from "vitest";
import { notSaved, statusLine, withKept } from "./saveStatus";
import { BackendError } from "./backend";

const kept = (field: string, pointer: string, typed: unknown, message: string) => ({
  field,
  pointer,
  typed: typed as never,
  message,
});

describe("statusLine", () => {
  it("never says Saved or complete while a value is kept", () => {
    const s = statusLine(
      {
        savedAt: "2026-11-30T02:50:00Z",
        errors: [{ field: "indicators.0.actuals.3", message: "Jan 2026 in indicator K1 needs a number, like 95 or 95.5" }],
        failure: null,
      },
      "Section 5 is complete.",
    );
    expect(s.saved).toBe(false);
    expect(s.text).toBe("Not saved: Jan 2026 in indicator K1 needs a number, like 95 or 95.5. What you typed is kept.");
    expect(s.text).not.toMatch(/Saved at|complete/);
  });

  it("counts the other values not saved", () => {
    const s = statusLine(
      {
        savedAt: null,
        errors: [
          { field: "a", message: "A needs a number." },
          { field: "b", message: "B needs a number." },
          { field: "c", message: "C needs a number." },
        ],
        failure: null,
      },
      "",
    );
    expect(s.text).toBe(
      "Not saved: A needs a number. What you typed is kept. 2 more values are not saved either; see the list at the top of the page.",
    );
  });

  it("says why a save did not reach the database, before anything else", () => {
    const s = statusLine(
      {
        savedAt: "2026-11-30T02:50:00Z",
        errors: [],
        failure: notSaved(new BackendError({ code: "disk_full", message: "The disk is full.", fields: [] })),
      },
      "Section 6 is complete.",
    );
    expect(s.saved).toBe(false);
    expect(s.text).toMatch(/^Not saved: The disk is full\. What you typed is still on screen/);
  });

  it("does not promise a save a file that can only be read will never take", () => {
    const readOnly = new BackendError({
      code: "database_read_only",
      message: "The data file cannot be changed: your account is not allowed to change it.",
      fields: [],
    });
    const s = statusLine({ savedAt: null, errors: [], failure: notSaved(readOnly) }, "Section 6 is complete.");
    expect(s.text).toBe(
      "Not saved: The data file cannot be changed: your account is not allowed to change it. What you typed is still on screen, but it cannot be saved while the data file can only be read.",
    );
  });

  it("says Saving while something typed is on its way, never Saved", () => {
    const s = statusLine({ savedAt: "2026-11-30T02:50:00Z", errors: [], failure: null, saving: true }, "Section 6 is complete.");
    expect(s).toEqual({ saved: false, text: "Saving…" });
  });

  it("says Saved and what is done once everything is saved", () => {
    const s = statusLine({ savedAt: null, errors: [], failure: null }, "Section 6 is complete.");
    expect(s).toEqual({ saved: true, text: "Section 6 is complete." });
  });
});

describe("withKept", () => {
  it("puts each kept value back where it was typed", () => {
    const input = { period_end: "2026-03", indicators: [{ actuals: ["96", "", "97"] }], tables: { fields: {} } };
    const out = withKept(input, [
      kept("indicators.0.actuals.1", "/indicators/0/actuals/1", "n/a", "…"),
      kept("x", "/tables/fields/a~1b", "£1.2.3", "…"),
      kept("gone", "/indicators/5/actuals/1", "lost?", "…"),
    ]);
    expect(out.indicators[0]?.actuals).toEqual(["96", "n/a", "97"]);
    expect(out.tables.fields).toEqual({ "a/b": "£1.2.3" });
    expect(input.indicators[0]?.actuals[1]).toBe("");
  });
});
