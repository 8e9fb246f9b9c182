import { describe, expect, it } from "vitest";
import { BOX_SEPARATOR, joinBoxes, splitBoxes } from "./fields";

describe("the date input's boxes", () => {
  it("send Rust an ISO date, and show one back without leading zeros", () => {
    expect(joinBoxes({ day: "1", month: "4", year: "2018" }, false)).toBe("2018-04-01");
    expect(splitBoxes("2018-04-01", false)).toEqual({ day: "1", month: "4", year: "2018" });
    expect(joinBoxes({ day: "", month: "", year: "" }, false)).toBe("");
  });

  it("keep a month only as a month, never as its first day", () => {
    expect(joinBoxes({ day: "", month: "4", year: "2027" }, true)).toBe("2027-04");
    expect(splitBoxes("2027-04", true)).toEqual({ day: "", month: "4", year: "2027" });
    // A meeting kept as a month (its first day in the data file) shows as its month.
    expect(splitBoxes("2027-04-01", true)).toEqual({ day: "", month: "4", year: "2027" });
  });

  it("keep what was typed when a box holds more than digits, so Rust can say what is wrong", () => {
    const typed = { day: "31", month: "Feb", year: "2026" };
    const value = joinBoxes(typed, false);
    expect(value).toBe(["31", "Feb", "2026"].join(BOX_SEPARATOR));
    expect(splitBoxes(value, false)).toEqual(typed);
    const month = joinBoxes({ day: "", month: "", year: "2027" }, true);
    expect(splitBoxes(month, true)).toEqual({ day: "", month: "", year: "2027" });
  });

  it("show a part-typed date as it was typed", () => {
    expect(splitBoxes(joinBoxes({ day: "", month: "2", year: "2028" }, false), false)).toEqual({
      day: "",
      month: "2",
      year: "2028",
    });
  });

  it("read a date kept by an earlier version, typed in one box", () => {
    expect(splitBoxes("14/01/2027", false)).toEqual({ day: "14", month: "1", year: "2027" });
    expect(splitBoxes("14/01/2027", true)).toEqual({ day: "", month: "1", year: "2027" });
  });

  it("split a month's two boxes as month and year, whichever way they are shown", () => {
    const month = joinBoxes({ day: "", month: "Apr", year: "2027" }, true);
    expect(splitBoxes(month, false)).toEqual({ day: "", month: "Apr", year: "2027" });
    expect(splitBoxes(month, true)).toEqual({ day: "", month: "Apr", year: "2027" });
    const date = joinBoxes({ day: "17", month: "Apr", year: "2027" }, false);
    expect(splitBoxes(date, true)).toEqual({ day: "", month: "Apr", year: "2027" });
  });
});
