import { describe, expect, it } from "vitest";
import { sameTarget } from "./evidence";

describe("sameTarget", () => {
  it("matches by kind and number, and tells rows apart", () => {
    expect(sameTarget({ kind: "activity", activity: 3 }, { kind: "activity", activity: 3 })).toBe(true);
    expect(sameTarget({ kind: "activity", activity: 3 }, { kind: "section", section: 3 })).toBe(false);
    expect(sameTarget({ kind: "row", section: 5, row: "KPI 1" }, { kind: "row", section: 5, row: "KPI 2" })).toBe(false);
  });
});
