import { describe, expect, it } from "vitest";
import { notClosedText, readyToClose, StillAdding } from "./closing";
import { runEvidenceAdd } from "./features/reports/evidence/evidenceAdds.svelte";
import { BackendError } from "./shared/backend";

describe("closing the window", () => {
  it("waits for files still going into a report's evidence, and says so", async () => {
    let finish = () => {};
    const adding = runEvidenceAdd(
      3,
      "Adding files to activity 2, quality. Large files take a few seconds…",
      () => new Promise<string>((resolve) => (finish = () => resolve("1 file added to activity 2, quality."))),
      String,
    );
    const refused = await readyToClose().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StillAdding);
    expect((refused as StillAdding).adding).toEqual(["Adding files to activity 2, quality. Large files take a few seconds…"]);
    expect(notClosedText(refused).heading).toBe("Files are still being added to a report's evidence.");
    expect(notClosedText(refused).body).toContain("close the window again to stop, and the files will not be added");

    finish();
    await adding;
    await expect(readyToClose()).resolves.toBeUndefined();
  });

  it("says what was typed and not saved when a save fails", () => {
    const e = new BackendError({ code: "disk_full", message: "The disk is full.", fields: [] });
    expect(notClosedText(e).heading).toBe("Something you typed is not saved: The disk is full.");
  });
});
