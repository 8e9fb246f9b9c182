import { describe, expect, it } from "vitest";
import { bandOf, directionText, errorsById, fieldId, ragTag } from "./sectionForm";

describe("section form helpers", () => {
  it("turns Rust's cell names into element ids", () => {
    expect(fieldId("indicators.2.actuals.11")).toBe("indicators-2-actuals-11");
    expect(errorsById([{ field: "risks.0.owner", message: "x" }])).toEqual({ "risks-0-owner": "x" });
  });
  it("never shows a rating by colour alone", () => {
    expect(ragTag("AMBER")).toEqual({ text: "AMBER", tag: "govuk-tag--yellow" });
    expect(ragTag(null).text).toBe("No data");
    expect(directionText("worsened").words).toBe("Performance has worsened");
  });
  it("bands risk scores as the council does", () => {
    expect([6, 8, 12, 15, 16, 20].map(bandOf)).toEqual(["Low", "Medium", "Medium", "Medium", "High", "High"]);
  });
});
