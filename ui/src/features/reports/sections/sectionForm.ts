// Helpers shared by the table-shaped section forms (5, 9, …).
import type { Direction, FieldError, Rag } from "../../../shared/backend";

/** Rust names a table cell "indicators.2.target"; the element id is "indicators-2-target". */
export function fieldId(path: string): string {
  return path.replaceAll(".", "-");
}

/**
 * The element a field's error links to: the field itself, the day box of a date, or the
 * first choice of a set of radios.
 */
export function fieldAnchor(field: string): string {
  const id = fieldId(field);
  for (const candidate of [id, `${id}-day`, `${id}-0`]) {
    if (document.getElementById(candidate)) return candidate;
  }
  return id;
}

/** Errors keyed by element id, first per field. */
export function errorsById(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const id = fieldId(e.field);
    if (!(id in out)) out[id] = e.message;
  }
  return out;
}

/** A RAG rating as text and a GOV.UK tag colour: never colour alone. */
export function ragTag(r: Rag | null | undefined): { text: string; tag: string } {
  switch (r) {
    case "GREEN":
      return { text: "GREEN", tag: "govuk-tag--green" };
    case "AMBER":
      return { text: "AMBER", tag: "govuk-tag--yellow" };
    case "RED":
      return { text: "RED", tag: "govuk-tag--red" };
    default:
      return { text: "No data", tag: "govuk-tag--grey" };
  }
}

/** Direction of travel as an arrow and the council's words for it. */
export function directionText(d: Direction | null | undefined): { arrow: string; words: string } {
  switch (d) {
    case "improved":
      return { arrow: "↑", words: "Performance has improved" };
    case "worsened":
      return { arrow: "↓", words: "Performance has worsened" };
    case "same":
      return { arrow: "↔", words: "Performance has remained the same" };
    default:
      return { arrow: "–", words: "No direction of travel" };
  }
}

/** Likelihood and impact scales as the Corporate Risk Register words them. */
export const LIKELIHOOD = ["Very Unlikely", "Unlikely", "Possible", "Likely", "Very Likely"];
export const IMPACT = ["Minor", "Moderate", "Significant", "Serious", "Major"];

/** The band of a 1–25 score, matching the Rust rule (1–6 Low, 8–15 Medium, 16–25 High). */
export function bandOf(score: number): "Low" | "Medium" | "High" {
  return score <= 6 ? "Low" : score <= 15 ? "Medium" : "High";
}
