// The contract form's fields (Section 1 of the council's template) and the logic behind
// the form that is not about drawing it: date parts, and saving as you type.
import type { ContractInput, FieldError } from "./backend";
import { SaveQueue } from "./saveQueue";
import { notSaved, RETRY_MS } from "./saveStatus";

export type FieldName = keyof ContractInput;

export interface FieldSpec<N extends string = FieldName> {
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

export interface FieldGroup {
  heading: string;
  fields: FieldSpec[];
}

export const CONTRACT_FIELDS: FieldGroup[] = [
  {
    heading: "The contract",
    fields: [
      { name: "name", label: "Contract name", kind: "text", required: true },
      {
        name: "reference",
        label: "Contract reference",
        hint: "As it appears on the council's contract register, for example CS-2016-014",
        kind: "text",
        required: true,
        width: "govuk-input--width-20",
      },
      { name: "service_area", label: "Service area or directorate", kind: "text" },
      {
        name: "contract_owner",
        label: "Contract owner",
        hint: "The person with overall day-to-day accountability for the contract",
        kind: "text",
        required: true,
      },
      { name: "contract_manager", label: "Contract manager", kind: "text" },
    ],
  },
  {
    heading: "The contractor",
    fields: [
      { name: "contractor_legal_name", label: "Contractor legal name", kind: "text", required: true },
      { name: "contractor_trading_name", label: "Contractor trading name", hint: "Leave blank if it is the same as the legal name", kind: "text" },
      {
        name: "contractor_construct",
        label: "Contractor construct",
        hint: "For example a joint venture, a prime contractor with subcontractors, or a consortium",
        kind: "textarea",
        required: true,
      },
    ],
  },
  {
    heading: "Dates",
    fields: [
      { name: "award_date", label: "Date of contract award", hint: "For example, 1 4 2016", kind: "date", required: true },
      { name: "start_date", label: "Start date", hint: "If different from the date of award", kind: "date" },
      {
        name: "expiry_date",
        label: "Date of expiry",
        hint: "Not counting extension options that have not been taken. Leave it blank for a rolling contract, which runs until notice is given",
        kind: "date",
      },
    ],
  },
  {
    heading: "Value",
    fields: [
      { name: "whole_life_cost_nominal", label: "Whole-life cost (nominal)", hint: "Anticipated, in pounds", kind: "money", width: "govuk-input--width-10", required: true },
      { name: "whole_life_cost_npv", label: "Whole-life cost (net present)", hint: "Anticipated, in pounds", kind: "money", width: "govuk-input--width-10", required: true },
      { name: "current_year_value", label: "Anticipated value in the current financial year", hint: "In pounds", kind: "money", width: "govuk-input--width-10", required: true },
    ],
  },
  {
    heading: "Scope",
    fields: [
      {
        name: "scope",
        label: "Contract scope",
        hint: "What the contract covers, including key deliverables and geographic coverage",
        kind: "textarea",
        required: true,
      },
    ],
  },
];

export const ALL_FIELDS: FieldSpec[] = CONTRACT_FIELDS.flatMap((g) => g.fields);

export function emptyInput(): ContractInput {
  return Object.fromEntries(ALL_FIELDS.map((f) => [f.name, ""])) as ContractInput;
}

/** The element id a field's error summary link points at (a date's day box). */
export function fieldAnchor(name: FieldName): string {
  const spec = ALL_FIELDS.find((f) => f.name === name);
  return spec?.kind === "date" ? `${name}-day` : name;
}

/** First error per field, keyed by field name. */
export function errorsByField(errors: FieldError[]): Partial<Record<FieldName, string>> {
  const out: Partial<Record<FieldName, string>> = {};
  for (const e of errors) {
    const k = e.field as FieldName;
    if (!(k in out)) out[k] = e.message;
  }
  return out;
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

/** "2016-04-01" -> {day: "1", month: "4", year: "2016"}; a part-typed value splits back too. */
export function splitDate(value: string): DateParts {
  if (!value) return { day: "", month: "", year: "" };
  if (value.includes(BOX_SEPARATOR)) {
    const [day = "", month = "", year = ""] = value.split(BOX_SEPARATOR);
    return { day, month, year };
  }
  const [year = "", month = "", day = ""] = value.split("-", 3);
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

export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "draft"; at: string; errors: FieldError[] }
  | { kind: "failed"; message: string };

export interface SaveTarget {
  contractId: number | null;
  draftId: number | null;
}

export interface Saver {
  save(contractId: number | null, draftId: number | null, input: ContractInput): Promise<{ id: number; updated_at: string }>;
  keepDraft(contractId: number | null, draftId: number | null, input: ContractInput): Promise<number>;
}

/**
 * Saves the contract form as it is typed (see SaveQueue). A form that does not pass
 * Rust's checks is kept as a draft, never lost.
 */

export class AutoSaver {
  readonly queue: SaveQueue<ContractInput, SaveState>;

  constructor(
    private saver: Saver,
    public target: SaveTarget,
    private onState: (s: SaveState, target: SaveTarget) => void,
    delayMs = 500,
  ) {
    this.queue = new SaveQueue((input) => this.saveOnce(input), delayMs);
  }

  changed(input: ContractInput): void {
    this.stopRetry();
    this.queue.changed(input);
  }

  /** A save that did not reach the database (another program held the file, the disk was
   * full) is tried again after a while, with what was typed then, until it does. */
  private retry: ReturnType<typeof setTimeout> | null = null;

  private stopRetry() {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private retryLater(input: ContractInput) {
    this.stopRetry();
    this.retry = setTimeout(() => {
      this.retry = null;
      this.queue.changed(input);
    }, RETRY_MS);
  }

  flush(): Promise<SaveState | null> {
    return this.queue.flush();
  }

  private async saveOnce(input: ContractInput): Promise<SaveState> {
    const blankNew =
      this.target.contractId === null &&
      this.target.draftId === null &&
      Object.values(input).every((v) => !String(v).trim());
    if (blankNew) return this.report({ kind: "idle" });
    // While a failed save is being tried again, the status goes on saying why it failed.
    if (this.last.kind !== "failed") this.report({ kind: "saving" });
    const { contractId, draftId } = this.target;
    try {
      const saved = await this.saver.save(contractId, draftId, input);
      this.target = { contractId: saved.id, draftId: null };
      return this.report({ kind: "saved", at: saved.updated_at });
    } catch (e) {
      const err = e as { code?: string; message?: string; fields?: FieldError[] };
      if (err.code !== "validation_failed") {
        this.retryLater(input);
        return this.report({ kind: "failed", message: notSaved(e) });
      }
      try {
        const id = await this.saver.keepDraft(contractId, contractId === null ? draftId : null, input);
        this.target = { contractId, draftId: id };
        return this.report({ kind: "draft", at: new Date().toISOString(), errors: err.fields ?? [] });
      } catch (e2) {
        this.retryLater(input);
        return this.report({ kind: "failed", message: notSaved(e2) });
      }
    }
  }

  private last: SaveState = { kind: "idle" };

  private report(s: SaveState): SaveState {
    this.last = s;
    this.onState(s, this.target);
    return s;
  }
}
