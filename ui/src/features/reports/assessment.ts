// Section 2 walks the activities of the report's framework in its order (eight in the
// council's 2016 matrix; a revision may have more or fewer), then the overall row.
import type { ActivityAssessment, AssessmentInput, LevelSpread } from "../../shared/backend";
import { numberInWords } from "../../shared/format";

/** The step of the overall row. */
export const OVERALL_STEP = 0;

/**
 * Step 1..N is activity 1..N of a framework with `activities` activities; step 0 is the
 * overall row (activity 0), as is any step past N (a screen kept from before, when the
 * overall row was step 9 of eight).
 */
export function activityOfStep(step: number, activities: number): number {
  return step >= 1 && step <= activities ? step : 0;
}

/** The step after `step`: the next activity, then the overall row; null after that. */
export function nextStep(step: number, activities: number): number | null {
  const a = activityOfStep(step, activities);
  if (a === 0) return null;
  return a < activities ? a + 1 : OVERALL_STEP;
}

/** The step before `step`: the previous activity; null before the first. */
export function previousStep(step: number, activities: number): number | null {
  const a = activityOfStep(step, activities);
  if (a === 0) return activities;
  return a > 1 ? a - 1 : null;
}


export function inputOf(row: ActivityAssessment | undefined): AssessmentInput {
  return {
    current_level: row?.current_level ?? null,
    target_level: row?.target_level ?? null,
    rationale: row?.rationale ?? "",
    below_current_reason: row?.below_current_reason ?? "",
  };
}

export function targetBelowCurrent(a: AssessmentInput): boolean {
  return a.current_level !== null && a.target_level !== null && a.target_level < a.current_level;
}

/** The spread of the report's `activities` activities in words, as the hint beside the overall row. */
export function spreadInWords(s: LevelSpread, activities: number): string {
  const all = numberInWords(activities);
  if (s.assessed === 0) return `None of the ${all} activities has a current level yet.`;
  const range = (lo: number | null, hi: number | null) =>
    lo === null || hi === null ? "not chosen" : lo === hi ? `all at level ${lo}` : `from level ${lo} to level ${hi}`;
  const of = s.assessed === activities ? `all ${all} activities` : `${s.assessed} of the ${all} activities`;
  let text = `Across ${of}, current levels run ${range(s.current_lowest, s.current_highest)}`;
  if (s.current_median !== null) text += ` (middle: level ${s.current_median})`;
  text += `; targets run ${range(s.target_lowest, s.target_highest)}`;
  if (s.target_median !== null) text += ` (middle: level ${s.target_median})`;
  return text + ".";
}
