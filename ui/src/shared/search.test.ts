import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { readFileSync } from "node:fs";
import { findContracts, latestOnly, REGISTER_PAGE } from "./search";

afterEach(() => clearMocks());

function later<T>(value: T, ms: number, fail = false): () => Promise<T> {
  return () => new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));
}

describe("latestOnly", () => {
  it("drops an answer that comes back after a newer request started", async () => {
    const ask = latestOnly();
    const slow = ask(later("first", 30));
    const fast = ask(later("second", 5));
    expect(await fast).toBe("second");
    expect(await slow).toBeUndefined();
  });

  it("throws only the newest request's error", async () => {
    const ask = latestOnly();
    const old = ask(later("old failure", 20, true));
    const newest = ask(later("new failure", 5, true));
    await expect(newest).rejects.toThrow("new failure");
    expect(await old).toBeUndefined();
  });
});

describe("findContracts", () => {
  it("asks for enough to fill the list after leaving out the chosen ones", async () => {
    let seen: unknown;
    const c = (id: number) => ({ id, name: `C${id}` });
    mockIPC((cmd, args) => {
      seen = { cmd, args };
      return { total: 9, found: 4, offset: 0, contracts: [c(1), c(2), c(3), c(4)], drafts: [] };
    });
    const found = await findContracts("kier", [2], 2);
    expect(seen).toEqual({ cmd: "register_page", args: { offset: 0, limit: 3, search: "kier" } });
    expect(found.map((x) => x.id)).toEqual([1, 3]);
  });
});

describe("the register's first page", () => {
  it("is asked for by index.html exactly as the register asks for it, so the early answer is used", () => {
    const html = readFileSync(`${process.cwd()}/index.html`, "utf8");
    expect(html).toContain(`["register_page", { offset: 0, limit: ${REGISTER_PAGE}, search: "" }]`);
  });
});
