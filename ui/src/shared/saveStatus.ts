// What a form's status line says. It tells the truth: it never says "Saved" or "complete"
// while anything on the form is not saved, and it says why in the words on the screen.
import { BackendError, errorText, type FieldError, type KeptValue } from "./backend";
import { clockTime } from "./format";

export interface SaveState {
  /** When the last save reached the database (RFC 3339), or null. */
  savedAt: string | null;
  /** Values typed that cannot be saved yet: kept as typed, shown with their errors. */
  errors: FieldError[];
  /** Why the last save did not reach the database (the disk is full, the file is in use)
   * and what becomes of what was typed, as `notSaved` says it. */
  failure: string | null;
  /** Something typed is waiting for a pause in typing, or on its way to the database. */
  saving?: boolean;
}

/** The form as sent, with every kept value put back where it was typed (RFC 6901 pointers). */
export function withKept<I>(input: I, kept: KeptValue[]): I {
  const out = structuredClone(input) as unknown;
  for (const k of kept) {
    const path = k.pointer
      .split("/")
      .slice(1)
      .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
    if (path.length === 0) continue;
    let at = out as Record<string, unknown>;
    let ok = true;
    for (const key of path.slice(0, -1)) {
      const next = at?.[key];
      if (next === null || typeof next !== "object") {
        ok = false;
        break;
      }
      at = next as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    if (ok && last !== undefined && at !== null && typeof at === "object") at[last] = k.typed;
  }
  return out as I;
}

/** The error to show beside each kept value. */
export function keptErrors(kept: KeptValue[]): FieldError[] {
  return kept.map((k) => ({ field: k.field, message: k.message }));
}

const sentence = (s: string) => s.trim().replace(/[.\s]+$/, "");

/** How long a save that did not reach the database waits before it is tried again. */
export const RETRY_MS = 5000;

/** Whether a failed save did not reach the database (and so is tried again), rather than
 * being refused for what was typed. */
export function didNotReachTheDatabase(e: unknown): boolean {
  return !(e instanceof BackendError && e.code === "validation_failed");
}

/**
 * Why a save did not reach the database, and what becomes of what was typed: the status
 * line's words after "Not saved:". It is tried again until it gets through, except that a
 * file that can only be read never takes it, so that is not promised.
 */
export function notSaved(e: unknown): string {
  const why = sentence(errorText(e));
  return e instanceof BackendError && e.code === "database_read_only"
    ? `${why}. What you typed is still on screen, but it cannot be saved while the data file can only be read.`
    : `${why}. What you typed is still on screen, and it will be saved as soon as it can be.`;
}

/**
 * The status line. `done` is what to say when everything is saved, for example "Section 5
 * is complete." or "Still needed: …"; it is left out while anything is not saved, so a form
 * never reads as complete over an error.
 */
export function statusLine(s: SaveState, done: string): { saved: boolean; text: string } {
  if (s.failure) {
    return {
      saved: false,
      text: `Not saved: ${s.failure}`,
    };
  }
  const [first] = s.errors;
  if (first) {
    const more = s.errors.length - 1;
    const rest =
      more === 0 ? "" : ` ${more} more ${more === 1 ? "value is" : "values are"} not saved either; see the list at the top of the page.`;
    return { saved: false, text: `Not saved: ${sentence(first.message)}. What you typed is kept.${rest}` };
  }
  if (s.saving) return { saved: false, text: "Saving…" };
  const when = s.savedAt ? `Saved at ${clockTime(s.savedAt)}. ` : "";
  return { saved: true, text: `${when}${done}`.trim() };
}
