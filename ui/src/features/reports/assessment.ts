// Section 2 walks the eight activities in the framework's order, then the overall row.
import type { ActivityAssessment, AssessmentInput, LevelSpread } from "../../shared/backend";

export const OVERALL_STEP = 9;

/** Step 1..8 is activity 1..8; step 9 is the overall row (activity 0). */
export function activityOfStep(step: number): number {
  return step === OVERALL_STEP ? 0 : step;
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

/** The spread of the eight activities in words, as the hint beside the overall row. */
export function spreadInWords(s: LevelSpread): string {
  if (s.assessed === 0) return "None of the eight activities has a current level yet.";
  const range = (lo: number | null, hi: number | null) =>
    lo === null || hi === null ? "not chosen" : lo === hi ? `all at level ${lo}` : `from level ${lo} to level ${hi}`;
  const of = s.assessed === 8 ? "all eight activities" : `${s.assessed} of the eight activities`;
  let text = `Across ${of}, current levels run ${range(s.current_lowest, s.current_highest)}`;
  if (s.current_median !== null) text += ` (middle: level ${s.current_median})`;
  text += `; targets run ${range(s.target_lowest, s.target_highest)}`;
  if (s.target_median !== null) text += ` (middle: level ${s.target_median})`;
  return text + ".";
}
