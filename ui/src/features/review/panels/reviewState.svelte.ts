// One review at a meeting, as its panels share it (ReviewScreen.svelte puts them together):
// what the group has recorded, read again after every change any panel makes, and the
// line that says what the last change did.
import {
  backend,
  BackendError,
  type Comparison,
  type FieldError,
  type Letter,
  type Reveal,
  type ReviewDetail,
  type ScoringProgress,
  type Theme,
} from "../../../shared/backend";
import type { DraftForm } from "../../../shared/draftForm.svelte";

export class ReviewState {
  detail = $state<ReviewDetail | null>(null);
  progress = $state<ScoringProgress | null>(null);
  /** Every member's score beside the owner's, once the chair has revealed them. */
  reveal = $state<Reveal | null>(null);
  /** Then and now, at a re-review. */
  comparison = $state<Comparison | null>(null);
  letter = $state<Letter | null>(null);
  /** The framework's activity and level names, and the themes: read once, as they do not change here. */
  activities = $state<string[]>([]);
  levelNames = $state<string[]>([]);
  themes = $state<Theme[]>([]);
  /** What the last change made from a list (a removal, an action's progress) did. */
  message = $state<string | null>(null);
  /** Why the last change made from a list was refused, field by field. */
  errors = $state<FieldError[]>([]);

  /** `id` is the review's. */
  constructor(readonly id: number) {}

  /** The name of one of the review's forms, for its draft: `review/12/action`. */
  form(what: string): string {
    return `review/${this.id}/${what}`;
  }

  /**
   * Reads the review, then its report's framework (the activities it is scored on: eight
   * in the council's 2016 matrix, or a revision's) and the themes. Throws what the backend
   * said.
   */
  async open(): Promise<void> {
    const first = await backend.reviewDetail(this.id);
    const [framework, themes] = await Promise.all([backend.framework(first.framework_version), backend.themes()]);
    this.activities = framework.activities.map((a) => a.name);
    this.levelNames = framework.levels.map((l) => l.name);
    this.themes = themes;
    await this.load();
  }

  /** Reads the review again: after any change, so every panel shows what is recorded. */
  async load(): Promise<void> {
    const detail = await backend.reviewDetail(this.id);
    this.progress = await backend.scoringProgress(this.id);
    this.reveal = detail.revealed ? await backend.revealedScores(this.id) : null;
    this.comparison = detail.previous_review_id ? await backend.comparison(this.id) : null;
    this.letter = await backend.feedbackLetter(this.id);
    this.detail = detail;
  }

  /** Saves one of the panels' forms (see DraftForm.submit); on success reads the review again. */
  async submit<I extends object>(
    form: DraftForm<I>,
    done: string,
    save: (i: I) => Promise<unknown>,
    after?: () => I,
  ): Promise<boolean> {
    if (!(await form.submit(done, save, after))) return false;
    this.message = null;
    this.errors = [];
    await this.load();
    return true;
  }

  /** A change made from a list (removing a note): says what it did, or why it was refused. */
  async run(done: string, change: () => Promise<unknown>): Promise<void> {
    try {
      await change();
      this.errors = [];
      this.message = done;
      await this.load();
    } catch (e) {
      this.errors =
        e instanceof BackendError && e.fields.length > 0
          ? e.fields
          : [{ field: "", message: String(e instanceof Error ? e.message : e) }];
      this.message = null;
    }
  }
}
