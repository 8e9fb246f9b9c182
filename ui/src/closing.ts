// What happens when the person closes the window: what was just typed is saved first, and
// files still going into a report's evidence are finished first. If either cannot be, the
// window stays open once and says why (see `onWindowClose` in backend.ts); closing it again
// closes it anyway.
import { errorText } from "./shared/backend";
import { addsUnderWay } from "./features/reports/evidence/evidenceAdds.svelte";
import { SaveQueue } from "./shared/saveQueue";

/** Evidence files were still being added when the window was closed. */
export class StillAdding extends Error {
  constructor(readonly adding: string[]) {
    super("Files are still being added to a report's evidence");
    this.name = "StillAdding";
  }
}

/**
 * Saves whatever any open form has waiting, then checks no evidence is still going in.
 * Errors: the save's, when it did not reach the database; `StillAdding`.
 */
export async function readyToClose(): Promise<void> {
  await SaveQueue.flushAll();
  const adding = addsUnderWay();
  if (adding.length > 0) throw new StillAdding(adding);
}

/** The "Not closed" banner's words for why the window did not close. */
export function notClosedText(e: unknown): { heading: string; body: string } {
  if (e instanceof StillAdding) {
    return {
      heading: "Files are still being added to a report's evidence.",
      body: "The Evidence screen shows how it ends. Wait for it to finish, then close the window; or close the window again to stop, and the files will not be added.",
    };
  }
  return {
    heading: `Something you typed is not saved: ${errorText(e)}`,
    body: "It is still on screen. Free some disk space or wait a moment, then carry on; or close the window again to close it anyway.",
  };
}
