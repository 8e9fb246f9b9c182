import { describe, expect, it } from "vitest";
import { activityOfStep, inputOf, nextStep, previousStep, spreadInWords, targetBelowCurrent } from "./assessment";

describe("Section 2 steps", () => {
  it("walks activities 1 to 8 then the overall row", () => {
    expect([1, 8, 0, 9].map((s) => activityOfStep(s, 8))).toEqual([1, 8, 0, 0]);
    expect([1, 7, 8, 0].map((s) => nextStep(s, 8))).toEqual([2, 8, 0, null]);
    expect([1, 2, 0].map((s) => previousStep(s, 8))).toEqual([null, 1, 8]);
  });
  it("walks a revised framework's nine activities then the overall row", () => {
    expect(activityOfStep(9, 9)).toBe(9);
    expect([8, 9, 0].map((s) => nextStep(s, 9))).toEqual([9, 0, null]);
    expect(previousStep(0, 9)).toBe(9);
  });
  it("asks for a reason only when the target is below the current level", () => {
    const base = inputOf(undefined);
    expect(targetBelowCurrent({ ...base, current_level: 4, target_level: 3 })).toBe(true);
    expect(targetBelowCurrent({ ...base, current_level: 3, target_level: 3 })).toBe(false);
    expect(targetBelowCurrent({ ...base, current_level: 4, target_level: null })).toBe(false);
  });
  it("describes the spread of the eight in words", () => {
    expect(
      spreadInWords({
        assessed: 8,
        current_lowest: 1,
        current_highest: 3,
        current_median: 2,
        target_lowest: 3,
        target_highest: 3,
        target_median: 3,
        current_counts: [1, 4, 3, 0, 0],
      }, 8),
    ).toBe(
      "Across all eight activities, current levels run from level 1 to level 3 (middle: level 2); targets run all at level 3 (middle: level 3).",
    );
    expect(
      spreadInWords({
        assessed: 0,
        current_lowest: null,
        current_highest: null,
        current_median: null,
        target_lowest: null,
        target_highest: null,
        target_median: null,
        current_counts: [0, 0, 0, 0, 0],
      }, 9),
    ).toBe("None of the nine activities has a current level yet.");
  });
});
