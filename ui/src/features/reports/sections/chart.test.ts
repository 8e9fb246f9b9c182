import { describe, expect, it } from "vitest";
import { linePath, niceMax, shortPounds } from "./chart";

describe("payment chart geometry", () => {
  it("rounds the axis up to 1, 2 or 5 times a power of ten", () => {
    expect(niceMax(520_000)).toBe(1_000_000);
    expect(niceMax(180_000)).toBe(200_000);
    expect(niceMax(45)).toBe(50);
    expect(niceMax(0)).toBe(1);
  });
  it("breaks the line at a gap", () => {
    expect(linePath([1, 2, null, 4], (i) => i * 10, (v) => v)).toBe("M0.0,1.0 L10.0,2.0 M30.0,4.0");
  });
  it("labels the axis briefly", () => {
    expect(shortPounds(1_500_000)).toBe("£1.5m");
    expect(shortPounds(500_000)).toBe("£500k");
    expect(shortPounds(0)).toBe("£0");
  });
});
