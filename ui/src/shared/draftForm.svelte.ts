// A form that adds or changes a record on a button (an action, a finding, a meeting, a
// member, the letter). Nothing typed into it is lost: as it is typed it is kept as a draft
// in the database (`keep_form_draft`), so closing the window, or going elsewhere to fetch
// what it needs, loses nothing; a refusal is kept with it, so it comes back with its
// errors; and the draft is forgotten once the record is saved.
import { onDestroy, onMount, untrack } from "svelte";
import { backend, BackendError, errorText, type FieldError, type Value } from "./backend";
import { SaveQueue } from "./saveQueue";
import { notSaved, statusLine } from "./saveStatus";

interface Kept<I> {
  input: I;
  errors: FieldError[];
}

export class DraftForm<I extends object> {
  input = $state() as I;
  /** What the last attempt to save said, field by field: shown beside the form's button. */
  errors = $state<FieldError[]>([]);
  /** What the last successful save did, in words. */
  done = $state<string | null>(null);
  /** Why the draft could not be kept (the disk is full, the file is in use). */
  failure = $state<string | null>(null);
  /** Something typed that is not saved yet. */
  pending = $state(false);
  /** The form's own error summary, which takes focus when a save is refused. */
  summary = $state<HTMLElement>();
  private readonly queue: SaveQueue<Kept<I>, void>;
  private readonly untrack: () => void;

  /** `form` names the form (`review/12/action`); `blank` is the form with nothing typed. */
  constructor(
    readonly form: string,
    private readonly blank: () => I,
  ) {
    this.input = blank();
    this.queue = new SaveQueue(
      async (k: Kept<I>) => {
        try {
          // A form is plain data (text, numbers, flags, lists of them): JSON as Rust keeps it.
          await backend.keepFormDraft(this.form, k.input as Value, k.errors);
          this.failure = null;
        } catch (e) {
          // The disk is full, the file is in use: what was typed stays on screen, the
          // status says why, and the queue keeps it again until it gets through.
          this.failure = notSaved(e);
          throw e;
        }
      },
      400,
      () => true,
    );
    this.untrack = this.queue.track();
  }

  /**
   * Shows the kept draft, if there is one; otherwise `saved` (the record as saved, for a
   * form that edits one) or a blank form. A draft wins: it is what was typed last.
   */
  async load(saved?: I): Promise<void> {
    const draft = await backend.formDraft(this.form);
    if (draft) {
      this.input = { ...this.blank(), ...(draft.input as object) } as I;
      this.errors = draft.errors;
      this.pending = true;
    } else {
      this.input = saved ?? this.blank();
      this.errors = [];
      this.pending = false;
    }
  }

  /** The record changed elsewhere: show it, unless something typed here is not saved. */
  refresh(saved: I): void {
    if (!this.pending) this.input = saved;
  }

  /** Something was typed: keep it, after a pause. */
  changed = (): void => {
    this.pending = true;
    this.done = null;
    this.queue.changed({ input: $state.snapshot(this.input) as I, errors: $state.snapshot(this.errors) });
  };

  /**
   * Saves the record with `save`. On success the draft is forgotten, the form shows `after`
   * (blank by default) and `done` says what happened. On a refusal the errors are kept with
   * the draft and the form's error summary takes focus. Returns whether it was saved.
   */
  async submit(done: string, save: (input: I) => Promise<unknown>, after?: () => I): Promise<boolean> {
    const input = $state.snapshot(this.input) as I;
    await this.queue.flush().catch(() => {});
    try {
      await save(input);
    } catch (e) {
      this.errors =
        e instanceof BackendError && e.fields.length > 0 ? e.fields : [{ field: "", message: errorText(e) }];
      this.done = null;
      this.pending = true;
      this.queue.changed({ input, errors: $state.snapshot(this.errors) });
      void this.queue.flush().catch(() => {});
      queueMicrotask(() => this.summary?.focus());
      return false;
    }
    this.queue.stopRetrying();
    this.errors = [];
    this.done = done;
    this.pending = false;
    this.input = after ? after() : this.blank();
    await backend.discardFormDraft(this.form).catch(() => {});
    return true;
  }

  /** Clears the form and forgets its draft. */
  async clear(to?: I): Promise<void> {
    await this.queue.flush().catch(() => {});
    this.queue.stopRetrying();
    this.input = to ?? this.blank();
    this.errors = [];
    this.pending = false;
    await backend.discardFormDraft(this.form);
  }

  /** The form's status line: never "Saved" while something typed is not saved. */
  get status(): string {
    if (this.done && !this.pending) return this.done;
    if (!this.pending) return "";
    return statusLine(
      { savedAt: null, errors: this.errors, failure: this.failure },
      "Not saved yet: what you typed is kept until you save it.",
    ).text;
  }

  /**
   * The screen is closing: keep what is waiting, a draft that could not be kept included
   * (tried once more), then stop.
   */
  dispose(): void {
    void this.queue
      .flush()
      .catch(() => {})
      .finally(() => {
        this.queue.stopRetrying();
        this.untrack();
      });
  }
}

/**
 * A DraftForm for a component to call as it is set up (it uses the component's life): it
 * shows the draft kept of `form` if there is one, otherwise `saved()` (or a blank form);
 * when `saved()` changes (the record read again) it shows it, unless something typed here
 * is not saved; and it keeps what is waiting as the component closes.
 */
export function useDraftForm<I extends object>(form: string, blank: () => I, saved?: () => I): DraftForm<I> {
  const f = new DraftForm(form, blank);
  onMount(() => {
    // A draft that cannot be read (the file is in use) is said beside the form's button.
    f.load(saved && untrack(saved)).catch((e: unknown) => {
      f.errors = [{ field: "", message: `What you typed here before could not be read: ${errorText(e)}` }];
    });
  });
  if (saved) {
    $effect(() => {
      const s = saved();
      untrack(() => f.refresh(s));
    });
  }
  onDestroy(() => f.dispose());
  return f;
}
