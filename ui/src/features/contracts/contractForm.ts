// The contract form's fields (Section 1 of the council's template) and the logic behind
// the form that is not about drawing it: date parts, and saving as you type.
import type { ContractInput, FieldError } from "../../shared/backend";
import { SaveQueue } from "../../shared/saveQueue";
import { notSaved } from "../../shared/saveStatus";
import type { FieldSpec as AnyFieldSpec } from "../../shared/fields";

/** A field of the contract form. */
export type FieldSpec = AnyFieldSpec<FieldName>;

export type FieldName = keyof ContractInput;

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
 * Rust's checks is kept as a draft, never lost; a save that did not reach the database
 * (another program held the file, the disk was full) is tried again by the queue until
 * it does, with what was typed by then.
 */
export class AutoSaver {
  readonly queue: SaveQueue<ContractInput, SaveState>;

  constructor(
    private saver: Saver,
    public target: SaveTarget,
    private onState: (s: SaveState, target: SaveTarget) => void,
    delayMs = 500,
  ) {
    // A refusal of what was typed is kept as a draft, not thrown: whatever saveOnce throws
    // did not reach the database, and is tried again.
    this.queue = new SaveQueue((input) => this.saveOnce(input), delayMs, () => true);
  }

  changed(input: ContractInput): void {
    this.queue.changed(input);
  }

  /** Saves what is waiting now; the state the last save left ("failed" when it did not get through). */
  async flush(): Promise<SaveState | null> {
    try {
      return await this.queue.flush();
    } catch {
      return this.last;
    }
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
      if (err.code !== "validation_failed") return this.failed(e);
      try {
        const id = await this.saver.keepDraft(contractId, contractId === null ? draftId : null, input);
        this.target = { contractId, draftId: id };
        return this.report({ kind: "draft", at: new Date().toISOString(), errors: err.fields ?? [] });
      } catch (e2) {
        return this.failed(e2);
      }
    }
  }

  /** Says why the save did not get through, and throws the backend's error on (see SaveQueue). */
  private failed(e: unknown): never {
    this.report({ kind: "failed", message: notSaved(e) });
    throw e;
  }

  private last: SaveState = { kind: "idle" };

  private report(s: SaveState): SaveState {
    this.last = s;
    this.onState(s, this.target);
    return s;
  }
}
