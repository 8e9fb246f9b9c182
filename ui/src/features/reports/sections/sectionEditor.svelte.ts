// What every section form does besides drawing itself: load the report and the section,
// save as you type through a SaveQueue, show Rust's errors, and go back to the report
// only once the last thing typed is saved.
//
// Nothing typed is lost. Rust saves every good value and keeps a value it cannot save
// exactly as typed (the view's `kept`), so a reopened form shows it again with its error.
// A save that does not reach the database at all (the disk is full, the file is in use)
// leaves what was typed on screen, says so, and is tried again until it gets through.
import { onDestroy, onMount, tick } from "svelte";
import { backend, BackendError, type FieldError, type KeptValue, type MaturityReport } from "../../../shared/backend";
import { nowIso } from "../../../shared/format";
import { SaveQueue } from "../../../shared/saveQueue";
import { didNotReachTheDatabase, keptErrors, notSaved, statusLine, withKept } from "../../../shared/saveStatus";
import { fieldAnchor } from "./sectionForm";
import type { View } from "../../../shared/view";

export interface SectionEditorOptions<I, V extends { kept: KeptValue[] }> {
  reportId: number;
  section: number;
  /** The form before anything is loaded. */
  empty: I;
  load: (report: MaturityReport) => Promise<V>;
  save: (input: I) => Promise<V>;
  inputOf: (view: V) => I;
  onOpen: (v: View) => void;
  /** Runs once everything is loaded, e.g. to split a month into its boxes. */
  onLoaded?: (view: V) => void;
  /** A field (as Rust names it) to open the form at, for example from the list of values
   * not saved that stops signing. */
  focus?: string;
}

export class SectionEditor<I, V extends { kept: KeptValue[] }> {
  view = $state<V | null>(null);
  input: I = $state() as I;
  locked = $state(false);
  guidance = $state("");
  /** Values not saved: kept as typed by Rust, or refused with the whole form. */
  errors = $state<FieldError[]>([]);
  /** The section could not be opened. */
  problem = $state<string | null>(null);
  /** Why the last save did not reach the database; what was typed stays on screen. */
  failure = $state<string | null>(null);
  savedAt = $state<string | null>(null);
  /** Typed since the last save started, or a save on its way: the status says "Saving…". */
  private typed = $state(false);
  private sending = $state(false);
  summary = $state<HTMLElement>();
  private readonly queue: SaveQueue<I, void>;

  constructor(private readonly o: SectionEditorOptions<I, V>) {
    this.input = o.empty;
    this.queue = new SaveQueue(
      async (i: I) => {
        this.typed = false;
        this.sending = true;
        try {
          const view = await o.save(i);
          this.view = view;
          this.errors = keptErrors(view.kept);
          this.failure = null;
          this.savedAt = nowIso();
        } catch (e) {
          if (e instanceof BackendError && e.code === "validation_failed") {
            this.errors = e.fields;
            this.failure = null;
          } else {
            this.failure = notSaved(e);
          }
          throw e;
        } finally {
          this.sending = false;
        }
      },
      600,
      didNotReachTheDatabase,
    );
    const untrack = this.queue.track();
    onDestroy(() => {
      this.queue.stopRetrying();
      void this.queue.flush().catch(() => {}).finally(untrack);
    });
    onMount(async () => {
      try {
        const report = await backend.report(o.reportId);
        this.locked = report.status !== "draft";
        this.guidance = report.tasks.find((t) => t.section === o.section)?.guidance ?? "";
        const view = await o.load(report);
        this.view = view;
        this.input = withKept(o.inputOf(view), view.kept);
        this.errors = keptErrors(view.kept);
        o.onLoaded?.(view);
        if (o.focus) {
          await tick();
          const el = document.getElementById(fieldAnchor(o.focus));
          el?.scrollIntoView({ block: "center" });
          el?.focus();
        }
      } catch (e) {
        this.problem = e instanceof BackendError ? e.message : String(e);
      }
    });
  }

  /** Typed and not yet sent, or on its way to the database. */
  get saving(): boolean {
    return this.typed || this.sending;
  }

  /** The status line: never "Saved" or "complete" while anything is not saved. */
  status(done: string): { saved: boolean; text: string } {
    return statusLine(
      { savedAt: this.savedAt, errors: this.errors, failure: this.failure, saving: this.typed || this.sending },
      done,
    );
  }

  /** Something changed: save after a pause in typing, or `now` (a choice, leaving a field). */
  changed = (now = false) => {
    if (this.locked) return;
    this.typed = true;
    this.queue.changed($state.snapshot(this.input) as I);
    if (now) void this.queue.flush().catch(() => {});
  };

  /** Saves what is on the form now and waits; false when it did not reach the database. */
  saveNow = async (): Promise<boolean> => {
    if (this.locked) return false;
    this.queue.changed($state.snapshot(this.input) as I);
    try {
      await this.queue.flush();
      return true;
    } catch {
      return false;
    }
  };

  /**
   * Back to the report once everything is saved. A value kept as typed stays kept, so the
   * back link leaves and the person can put it right later; "Save and return" and a save
   * that did not reach the database keep them here, on the error summary.
   */
  back = async (e: Event) => {
    e.preventDefault();
    try {
      if (!this.locked) {
        this.queue.changed($state.snapshot(this.input) as I);
        await this.queue.flush();
      }
      // "Save and return" with a value still not saved stays, on the list of them; the
      // back link leaves, and what was typed is kept for later.
      if (e.type === "submit" && this.errors.length > 0) throw new Error("not saved");
      this.o.onOpen({ kind: "report", reportId: this.o.reportId });
    } catch {
      await tick();
      this.summary?.focus();
    }
  };
}
