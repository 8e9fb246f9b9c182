import { describe, expect, it } from "vitest";
import { addMonths, isoToday, levelClass, metButNotMarked } from "./plan";

describe("plan helpers", () => {
  it("adds months, keeping the day where the month has it", () => {
    expect(addMonths("2026-11-22", 6)).toBe("2027-05-22");
    expect(addMonths("2026-11-22", -6)).toBe("2026-05-22");
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-01-15", -13)).toBe("2024-12-15");
  });

  it("writes today as an ISO date", () => {
    expect(isoToday(new Date(2026, 10, 2))).toBe("2026-11-02");
  });

  it("notices a meeting the group has met for but nobody has marked as held", () => {
    const met = { status: "planned", date: "2026-11-20", date_confirmed: true, agenda: 2 } as const;
    expect(metButNotMarked(met, "2026-11-22")).toBe(true);
    expect(metButNotMarked(met, "2026-11-20")).toBe(true);
    expect(metButNotMarked({ ...met, status: "moved" }, "2026-11-22")).toBe(true);
    expect(metButNotMarked(met, "2026-11-19")).toBe(false); // not yet
    expect(metButNotMarked({ ...met, status: "held" }, "2026-11-22")).toBe(false);
    expect(metButNotMarked({ ...met, agenda: 0 }, "2026-11-22")).toBe(false);
    expect(metButNotMarked({ ...met, date_confirmed: false }, "2026-11-22")).toBe(false);
  });

  it("colours levels 1 to 5 and nothing else", () => {
    expect(levelClass(1)).toBe("app-level app-level--1");
    expect(levelClass(5)).toBe("app-level app-level--5");
    expect(levelClass(null)).toBe("app-level app-level--none");
    expect(levelClass(6)).toBe("app-level app-level--none");
  });
});
