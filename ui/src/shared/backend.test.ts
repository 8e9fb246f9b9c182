import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { backend, BackendError, firstScreenReady } from "./backend";

afterEach(() => clearMocks());

describe("backend", () => {
  it("passes arguments by their camelCase names and returns the data", async () => {
    let seen: unknown;
    mockIPC((cmd, args) => {
      seen = { cmd, args };
      return { contracts: [], drafts: [] };
    });
    expect(await backend.registerPage(0, 50, "")).toEqual({ contracts: [], drafts: [] });
    expect(seen).toEqual({ cmd: "register_page", args: { offset: 0, limit: 50, search: "" } });
    await backend.contractForm(7).catch(() => {});
    expect(seen).toEqual({ cmd: "contract_form", args: { contractId: 7 } });
  });

  it("turns a {code, message, fields} rejection into a BackendError", async () => {
    mockIPC(() => {
      throw {
        code: "validation_failed",
        message: "Date of expiry must be after the date of contract award",
        fields: [{ field: "expiry_date", message: "Date of expiry must be after the date of contract award" }],
      };
    });
    const err = await backend.saveContract(null, null, {} as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).code).toBe("validation_failed");
    expect((err as BackendError).fields[0]?.field).toBe("expiry_date");
  });

  it("says a bare refusal from Tauri itself (arguments it cannot read) in words", async () => {
    mockIPC(() => {
      throw "invalid args `options` for command `preview_register`: unknown variant `windows_1252`";
    });
    const err = await backend.previewRegister("x.csv", {} as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).code).toBe("internal");
    expect((err as BackendError).message).toContain("unknown variant `windows_1252`");
  });

  it("takes each answer asked for early once, the same question only, and none once the first screen is ready", async () => {
    const asked: string[] = [];
    mockIPC((cmd, args) => {
      asked.push(`${cmd} ${JSON.stringify(args)}`);
      return { contracts: [], total: 0 };
    });
    const early = { contracts: [{ id: 1 }], total: 1 };
    const refused = { code: "unavailable", message: "Your data is still being opened.", fields: [] };
    window.__CMM_EARLY__ = [
      { cmd: "register_page", args: { offset: 0, limit: 50, search: "" }, answer: Promise.resolve(early) },
      { cmd: "startup", args: {}, answer: Promise.reject(refused) },
    ];
    // Another page is asked now; the first page once comes from what was asked early.
    expect(await backend.registerPage(50, 50, "")).toEqual({ contracts: [], total: 0 });
    expect(await backend.registerPage(0, 50, "")).toEqual(early);
    expect(await backend.registerPage(0, 50, "")).toEqual({ contracts: [], total: 0 });
    // An early refusal (the file was still opening then) is not taken: asked again.
    expect(await backend.startup()).toEqual({ contracts: [], total: 0 });
    expect(asked).toEqual([
      'register_page {"offset":50,"limit":50,"search":""}',
      'register_page {"offset":0,"limit":50,"search":""}',
      "startup {}",
    ]);
    // Once the first screen is on show, what was asked at start is out of date.
    window.__CMM_EARLY__ = [
      { cmd: "register_page", args: { offset: 0, limit: 50, search: "" }, answer: Promise.resolve(early) },
    ];
    firstScreenReady();
    expect(await backend.registerPage(0, 50, "")).toEqual({ contracts: [], total: 0 });
  });
});
