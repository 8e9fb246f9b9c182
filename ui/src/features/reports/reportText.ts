// Words for report states, as the task list and tables show them.
import type { ReportStatus, TaskState } from "../../shared/backend";

export const STATUS_TEXT: Record<ReportStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  under_review: "Under review",
  reviewed: "Reviewed",
};

/** GOV.UK task list statuses: a tag for work to do, plain text when complete. */
export const TASK_TEXT: Record<TaskState, { text: string; tag: string | null }> = {
  not_started: { text: "Not yet started", tag: "govuk-tag--blue" },
  in_progress: { text: "In progress", tag: "govuk-tag--light-blue" },
  to_confirm: { text: "To confirm", tag: "govuk-tag--yellow" },
  complete: { text: "Completed", tag: null },
};

