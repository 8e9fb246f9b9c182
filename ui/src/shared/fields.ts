// What every form's fields share: how a field is described, errors by field, and the
// date and month boxes of the GOV.UK date pattern as Rust reads them.
import type { FieldError } from "./backend";

export interface FieldSpec<N extends string = string> {
  name: N;
  label: string;
  hint?: string;
  kind: "text" | "textarea" | "date" | "money";
  /** Not "(optional)": needed to save, or for the section to be complete (the template
   * asks for it; `tasks::contract_details_state` in Rust). Only what neither needs is
   * labelled "(optional)". */
  required?: boolean;
  width?: "govuk-input--width-10" | "govuk-input--width-20" | "govuk-input--width-30";
}

/** First error per field, keyed by field name. */
export function errorsByField<N extends string = string>(errors: FieldError[]): Partial<Record<N, string>> {
  const out: Partial<Record<N, string>> = {};
  for (const e of errors) {
    const k = e.field as N;
    if (!(k in out)) out[k] = e.message;
  }
  return out;
}

/** A field's messages from Rust as a list: none, one or several. */
export function messagesOf(error: string | string[] | undefined): string[] {
  return error === undefined ? [] : Array.isArray(error) ? error : [error];
}

/** What a field's `aria-describedby` names: its hint and its error message, when it has them. */
export function describedBy(id: string, hint: string | undefined, hasError: boolean): string | undefined {
  return [hint ? `${id}-hint` : "", hasError ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/**
 * What goes between the boxes when one holds more than digits ("2025-26" in a year box),
 * so every box comes back exactly as typed: the unit separator, which nobody types. Rust's
 * `dates::BOX_SEPARATOR` reads it the same way (day or month first).
 */
export const BOX_SEPARATOR = "\u001f";

const digitsOnly = (parts: string[]) => parts.every((p) => /^\d*$/.test(p));

/**
 * "2016-04-01" -> {day: "1", month: "4", year: "2016"}; a part-typed value splits back too,
 * and so does a month ("2016-04": no day) and a date typed in one box before the boxes
 * ("01/04/2016", as drafts kept by earlier versions hold it).
 */
export function splitDate(value: string): DateParts {
  if (!value) return { day: "", month: "", year: "" };
  if (value.includes(BOX_SEPARATOR)) {
    const parts = value.split(BOX_SEPARATOR);
    // Three boxes, or a month's two (month and year).
    const [day = "", month = "", year = ""] = parts.length === 2 ? ["", ...parts] : parts;
    return { day, month, year };
  }
  const typed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  const [year = "", month = "", day = ""] = typed ? [typed[3], typed[2], typed[1]] : value.split("-", 3);
  const unpad = (s: string) => (/^0\d$/.test(s) ? s.slice(1) : s);
  return { day: unpad(day), month: unpad(month), year };
}

/** Day, month and year boxes to the ISO date Rust checks; empty when all are empty. */
export function joinDate({ day, month, year }: DateParts): string {
  const d = day.trim(), m = month.trim(), y = year.trim();
  if (!d && !m && !y) return "";
  if (!digitsOnly([d, m, y])) return [d, m, y].join(BOX_SEPARATOR);
  const pad = (s: string) => (/^\d$/.test(s) ? `0${s}` : s);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** The month and year boxes as Rust reads them: "2026-09", kept as typed like a date. */
export function joinMonth(month: string, year: string): string {
  const m = month.trim(), y = year.trim();
  if (!m && !y) return "";
  if (!digitsOnly([m, y])) return [m, y].join(BOX_SEPARATOR);
  return `${y}-${/^\d$/.test(m) ? `0${m}` : m}`;
}

/** "2026-09" -> {month: "9", year: "2026"}; what `joinMonth` made splits back as typed. */
export function splitMonth(value: string): { month: string; year: string } {
  if (value.includes(BOX_SEPARATOR)) {
    const [month = "", year = ""] = value.split(BOX_SEPARATOR);
    return { month, year };
  }
  const [year = "", month = ""] = value.split("-", 2);
  return { month: month.replace(/^0(\d)$/, "$1"), year };
}

/**
 * The boxes of a date input (DateInput.svelte) as its value is split into them: the day,
 * month and year, or with `monthOnly` the month and year (a whole date shows its month).
 */
export function splitBoxes(value: string, monthOnly: boolean): DateParts {
  const parts = splitDate(value);
  return monthOnly ? { ...parts, day: "" } : parts;
}

/** The boxes as Rust reads them: an ISO date ("2027-04-17") or month ("2027-04"), or as typed. */
export function joinBoxes(parts: DateParts, monthOnly: boolean): string {
  return monthOnly ? joinMonth(parts.month, parts.year) : joinDate(parts);
}
