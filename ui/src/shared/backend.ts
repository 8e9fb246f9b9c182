// The one module that talks to Rust. Screens import from here, never from
// @tauri-apps/api or the generated bindings directly.
import { getCurrentWindow } from "@tauri-apps/api/window";
import { commands } from "./bindings";
import type { WindowStart } from "./bindings";

// Every type the backend speaks in, by the generated bindings' own names.
export type * from "./bindings";
export { BackendError, errorText, onDatabaseDamaged } from "./backendError";

/** A question index.html asked while this script loaded (see there), and its answer. */
type EarlyQuestion = { cmd: string; args: Record<string, unknown>; answer: Promise<unknown> };

declare global {
  interface Window {
    __CMM_EARLY__?: EarlyQuestion[];
  }
}

/**
 * The answer to `cmd` with `args` that index.html asked for while this script was loading;
 * taken once, and only before the first screen is ready. A refusal is not taken (the data
 * file may have been still opening then): the question is asked again (`ask`), as it is
 * when it was not asked early.
 */
function earlyAnswer<T>(cmd: string, args: Record<string, unknown>, ask: () => Promise<T>): Promise<T> {
  const early = window.__CMM_EARLY__ ?? [];
  const i = early.findIndex((q) => q.cmd === cmd && JSON.stringify(q.args) === JSON.stringify(args));
  const [q] = i < 0 ? [] : early.splice(i, 1);
  if (!q) return ask();
  return (q.answer as Promise<T>).catch(ask);
}

let firstScreenTold = false;

/**
 * Notes a moment of the window's start ("asked", "first page"), for the log line below:
 * the first time only (a start that waits for the data file asks again and again).
 */
export function startMark(name: string): void {
  if (!firstScreenTold && performance.getEntriesByName(name, "mark").length === 0) performance.mark(name);
}

/**
 * Tells the app, once, that the window's first screen is on show and ready to use, after
 * it has been painted: the app logs how long start-up took and the moments of it the
 * window saw (and closes, when start-up is being measured; see
 * tests/e2e/measure-window.mjs).
 */
export function firstScreenReady(): void {
  if (firstScreenTold) return;
  firstScreenTold = true;
  // Answers asked for early are of the data as it was at start: none is used after.
  window.__CMM_EARLY__ = [];
  requestAnimationFrame(() => {
    performance.mark("painted");
    void commands.windowReady(windowStart()).catch(() => {});
  });
}

/** The moments of the window's start: its page loaded, then the marks made since. */
function windowStart(): WindowStart {
  const marks = performance.getEntriesByType("mark").map((m) => ({ name: m.name, at_ms: m.startTime }));
  const page = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (page) marks.push({ name: "page loaded", at_ms: page.responseEnd });
  marks.sort((a, b) => a.at_ms - b.at_ms);
  return { page_origin_ms: performance.timeOrigin, marks: marks.slice(-12) };
}

/**
 * Every command, as generated from Rust (bindings.ts): each resolves to its data or throws
 * a BackendError. Two of the start's questions may already have been asked by index.html.
 */
export const backend = {
  ...commands,
  startup: () => earlyAnswer("startup", {}, commands.startup),
  registerPage: (offset: number, limit: number, search: string) =>
    earlyAnswer("register_page", { offset, limit, search }, () => commands.registerPage(offset, limit, search)),
};

/**
 * Runs `beforeClose` (saving what was just typed: see src/closing.ts) when the person
 * closes the window, then lets it close. If that fails (the disk is full, the file is in
 * use, files are still being added), the window stays open once and `notClosed` is given why, so nothing typed is lost without the person knowing;
 * closing again closes it. Outside Tauri (unit tests, a plain browser) it does nothing.
 */
export async function onWindowClose(beforeClose: () => Promise<void>, notClosed: (why: unknown) => void): Promise<void> {
  if (!("__TAURI_INTERNALS__" in window)) return;
  let warned = false;
  await getCurrentWindow().onCloseRequested(async (event) => {
    try {
      await beforeClose();
    } catch (e) {
      if (warned) return;
      warned = true;
      event.preventDefault();
      notClosed(e);
    }
  });
}

/** Closes this window (a second window on a file another window has open). */
export async function closeWindow(): Promise<void> {
  if ("__TAURI_INTERNALS__" in window) await getCurrentWindow().destroy();
}
