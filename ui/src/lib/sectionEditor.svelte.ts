// What every section form does besides drawing itself: load the report and the section,
// save as you type through a SaveQueue, show Rust's errors, and go back to the report
// only once the last thing typed is saved.
import { onDestroy, onMount, tick } from "svelte";
import { backend, BackendError, type FieldError, type MaturityReport } from "./backend";
import { nowIso } from "./format";
import { SaveQueue } from "./saveQueue";
import type { View } from "./view";

export interface SectionEditorOptions<I, V> {
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
}

export class SectionEditor<I, V> {
  view = $state<V | null>(null);
  input: I = $state() as I;
  locked = $state(false);
  guidance = $state("");
  errors = $state<FieldError[]>([]);
  problem = $state<string | null>(null);
  savedAt = $state<string | null>(null);
  summary = $state<HTMLElement>();
  private readonly queue: SaveQueue<I, void>;

  constructor(private readonly o: SectionEditorOptions<I, V>) {
    this.input = o.empty;
    this.queue = new SaveQueue(async (i: I) => {
      try {
        this.view = await o.save(i);
        this.errors = [];
        this.savedAt = nowIso();
      } catch (e) {
        if (e instanceof BackendError && e.code === "validation_failed") this.errors = e.fields;
        else this.problem = e instanceof Error ? e.message : String(e);
        throw e;
      }
    }, 600);
    const untrack = this.queue.track();
    onDestroy(() => void this.queue.flush().catch(() => {}).finally(untrack));
    onMount(async () => {
      try {
        const report = await backend.report(o.reportId);
        this.locked = report.status !== "draft";
        this.guidance = report.tasks.find((t) => t.section === o.section)?.guidance ?? "";
        const view = await o.load(report);
        this.view = view;
        this.input = o.inputOf(view);
        o.onLoaded?.(view);
      } catch (e) {
        this.problem = e instanceof BackendError ? e.message : String(e);
      }
    });
  }

  /** Something changed: save after a pause in typing, or `now` (a choice, leaving a field). */
  changed = (now = false) => {
    if (this.locked) return;
    this.queue.changed($state.snapshot(this.input) as I);
    if (now) void this.queue.flush().catch(() => {});
  };

  /** Back to the report once everything is saved; on a refusal, to the error summary. */
  back = async (e: Event) => {
    e.preventDefault();
    try {
      if (!this.locked) {
        this.queue.changed($state.snapshot(this.input) as I);
        await this.queue.flush();
      }
      this.o.onOpen({ kind: "report", reportId: this.o.reportId });
    } catch {
      await tick();
      this.summary?.focus();
    }
  };
}
