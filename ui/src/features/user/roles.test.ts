import { describe, expect, it } from "vitest";
import { firstSteps, homeFor, roleName, ROLES } from "./roles";

describe("roles", () => {
  it("start each role where its work starts", () => {
    expect(homeFor("contract_owner")).toEqual({ kind: "register" });
    expect(homeFor("review_group_member")).toEqual({ kind: "reports" });
    expect(homeFor("commissioner")).toEqual({ kind: "register" });
    expect(homeFor("secretariat")).toEqual({ kind: "review-group" });
  });
  it("name and guide every role", () => {
    for (const r of ROLES) {
      expect(roleName(r.role)).toBe(r.name);
      expect(firstSteps(r.role).length).toBeGreaterThan(20);
      // The pages say what the app does now, never what is to come.
      expect(firstSteps(r.role)).not.toMatch(/later version|coming soon|not yet/i);
    }
  });
});
