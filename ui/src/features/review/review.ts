// Words for the review sub-group's states, in one place.
import type { ActionStatus, Outcome } from "../../shared/backend";

export const OUTCOME_TEXT: Record<Outcome, string> = {
  reviewed: "Reviewed",
  reviewed_with_concerns: "Reviewed with concerns",
  return_for_re_review: "Return for re-review",
};

export const ACTION_STATUS_TEXT: Record<ActionStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  done: "Done",
  dropped: "Dropped",
};


/** "3", or "–" when there is no level. */
export const level = (l: number | null | undefined): string => (l === null || l === undefined ? "–" : String(l));
