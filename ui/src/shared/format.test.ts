import { describe, expect, it } from "vitest";
import { clockTime, fileSize, grouped, plannedDate, pounds, ukDate, ukDateTime, ukMonth } from "./format";

describe("ukDate", () => {
  it("writes dates the way the council does", () => {
    expect(ukDate("2016-04-01")).toBe("1 April 2016");
    expect(ukDate("2023-12-31")).toBe("31 December 2023");
  });
  it("leaves anything else alone", () => {
    expect(ukDate("")).toBe("");
    expect(ukDate(null)).toBe("");
    expect(ukDate("2016-13-01")).toBe("2016-13-01");
    expect(ukDate("soon")).toBe("soon");
  });
});

describe("a month only", () => {
  it("is shown as its month, never as its first day", () => {
    expect(ukMonth("2027-04-01")).toBe("April 2027");
    expect(ukMonth("2027-04")).toBe("April 2027");
    expect(plannedDate({ date: "2027-04-01", date_confirmed: false })).toBe("April 2027 (date tbc)");
    expect(plannedDate({ date: "2027-04-01", date_confirmed: true })).toBe("1 April 2027");
  });
});

describe("grouped", () => {
  it("puts commas between thousands, as toLocaleString('en-GB') does", () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_250_000, 987_654_321_012, -1, -1234, -1_000_000]) {
      expect(grouped(n)).toBe(n.toLocaleString("en-GB"));
    }
  });
});

describe("pounds", () => {
  it("formats pence as pounds with separators", () => {
    expect(pounds(125_000_050)).toBe("£1,250,000.50");
    expect(pounds(640_000_000)).toBe("£6,400,000");
    expect(pounds(5)).toBe("£0.05");
    expect(pounds(-150)).toBe("-£1.50");
    expect(pounds(null)).toBe("");
  });
});

describe("clockTime", () => {
  it("shows hours and minutes, or nothing for a bad time", () => {
    expect(clockTime("2026-11-22T09:05:00Z")).toMatch(/^\d\d:05$/);
    expect(clockTime("nonsense")).toBe("");
  });
});

describe("ukDateTime", () => {
  it("writes a date and a time", () => {
    expect(ukDateTime("2026-11-22T12:05:00")).toBe("22 November 2026 at 12:05");
    expect(ukDateTime("")).toBe("");
  });
});

describe("fileSize", () => {
  it("reads as a file manager shows it", () => {
    expect(fileSize(1)).toBe("1 byte");
    expect(fileSize(820)).toBe("820 bytes");
    expect(fileSize(14_200)).toBe("14 KB");
    expect(fileSize(3_240_000)).toBe("3.2 MB");
    expect(fileSize(1_500_000_000)).toBe("1.50 GB");
  });
});
