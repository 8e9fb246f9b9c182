import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ContractEditor from "./ContractEditor.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const required = [
  { field: "name", message: "Enter the contract name" },
  { field: "award_date", message: "Enter the date of contract award" },
];

describe("ContractEditor", () => {
  it("shows Rust's errors in a summary linked to each field when saving a blank form", async () => {
    mockIPC((cmd) => {
      if (cmd === "save_contract") throw { code: "validation_failed", message: "x", fields: required };
      throw new Error(`unexpected ${cmd}`);
    });
    render(ContractEditor, { contractId: null, draftId: null, onDone: () => {}, onOpen: () => {} });
    await fireEvent.click(await screen.findByRole("button", { name: "Save and return to contracts" }));
    const summary = await screen.findByTestId("error-summary");
    const links = [...summary.querySelectorAll("a")].map((a) => [a.textContent, a.getAttribute("href")]);
    expect(links).toEqual([
      ["Enter the contract name", "#name"],
      ["Enter the date of contract award", "#award_date-day"],
    ]);
    expect(document.getElementById("name-error")?.textContent).toContain("Enter the contract name");
    expect(document.getElementById("name")?.getAttribute("aria-describedby")).toBe("name-error");
  });

  it("opens a draft with what was typed and its problems", async () => {
    mockIPC((cmd) => {
      if (cmd === "draft_form") {
        return {
          contract_id: null,
          draft_id: 3,
          input: { name: "Half typed", expiry_date: "2001-1-" },
          errors: [{ field: "reference", message: "Enter the contract reference" }],
          updated_at: "2026-11-22T10:00:00Z",
        };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(ContractEditor, { contractId: null, draftId: 3, onDone: () => {}, onOpen: () => {} });
    expect(await screen.findByDisplayValue("Half typed")).toBeTruthy();
    expect((document.getElementById("expiry_date-year") as HTMLInputElement).value).toBe("2001");
    expect((document.getElementById("expiry_date-month") as HTMLInputElement).value).toBe("1");
    expect(screen.getByTestId("error-summary").textContent).toContain("Enter the contract reference");
    expect(screen.getByRole("button", { name: "Discard this draft" })).toBeTruthy();
  });
});
