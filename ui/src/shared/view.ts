import type { MaturityReport } from "./backend";

/** Which screen the window shows. */
export type View =
  | { kind: "register" }
  /** Importing a published contract register from a spreadsheet. */
  | { kind: "register-import" }
  | { kind: "contract"; contractId: number | null; draftId: number | null; returnTo?: View }
  | { kind: "reports" }
  | { kind: "new-report" }
  | { kind: "report"; reportId: number }
  /**
   * Section 2, one activity at a time: steps 1 to N are the activities of the report's
   * framework, step 0 the overall row (as is a step past N, from before: it was step 9).
   */
  | { kind: "assessment"; reportId: number; step: number }
  /** The forms of Sections 3 to 12; `focus` is a field (as Rust names it) to open them at. */
  | { kind: "attestation"; reportId: number; focus?: string }
  | { kind: "operational"; reportId: number; focus?: string }
  | { kind: "risk"; reportId: number; focus?: string }
  | { kind: "financial"; reportId: number; focus?: string }
  /** A section described by a schema: 4, 7, 8, 10, 11, 12. */
  | { kind: "section"; reportId: number; section: number; focus?: string }
  /** Evidence files and the two annexes. */
  | { kind: "evidence"; reportId: number }
  /** The completeness check, signing and the submission file. */
  | { kind: "submit"; reportId: number }
  /** The programme: which contracts to review next, and why. */
  | { kind: "programme" }
  /** The timetable of review meetings, and the six-month update to the committee. */
  | { kind: "forward-plan"; contract?: { id: number; name: string; reference: string } }
  /** Every assessed contract against the framework's activities, with filters. */
  | { kind: "portfolio" }
  /** The framework's versions: a revision compared, loaded and adopted. */
  | { kind: "frameworks" }
  /** A draft report moved to the adopted framework version, each changed activity confirmed. */
  | { kind: "framework-move"; reportId: number }
  /** The review sub-group: its meetings, overdue actions and members. */
  | { kind: "review-group" }
  /**
   * A meeting: a new one (`meetingId` null) or an existing one with its agenda; the forward
   * plan's meetings are the same ones (one list of meetings).
   */
  | { kind: "meeting"; meetingId: number | null }
  /** One report reviewed at a meeting: scores, reveal, moderation, findings, actions, outcome. */
  | { kind: "review"; reviewId: number }
  /** The council's names, put into the template's wording, the packs and the letter. */
  | { kind: "council" }
  /** Handing a contract, and others of its owner's, over to a successor. */
  | { kind: "handover"; contractId: number }
  /** What the owner now of the contracts needs to carry on. */
  | { kind: "handover-summary"; contractIds: number[] };

/**
 * Where to put right a section of a report: Section 1 on its contract's form (the report's
 * page when it covers a group), Section 2 at the first activity still needing something (the
 * overall row is step 0), the others on their forms.
 */
export function sectionPlace(r: MaturityReport, section: number): View | null {
  const reportId = r.id;
  if (section === 1) {
    return r.contracts.length === 1 && r.contracts[0]
      ? { kind: "contract", contractId: r.contracts[0].id, draftId: null, returnTo: { kind: "report", reportId } }
      : { kind: "report", reportId };
  }
  if (section === 2) {
    const next = r.assessments.find((a) => a.activity !== 0 && (a.missing.length > 0 || a.to_confirm));
    const overall = r.assessments[0];
    const step = next ? next.activity : overall && (overall.missing.length > 0 || overall.to_confirm) ? 0 : 1;
    return { kind: "assessment", reportId, step };
  }
  return sectionForm(reportId, section);
}

/** The form of one of Sections 3 to 12, opened at the field `focus` when given. */
export function sectionForm(reportId: number, section: number, focus?: string): View | null {
  if (section === 3) return { kind: "attestation", reportId, focus };
  if (section === 5) return { kind: "operational", reportId, focus };
  if (section === 6) return { kind: "financial", reportId, focus };
  if (section === 9) return { kind: "risk", reportId, focus };
  if ([4, 7, 8, 10, 11, 12].includes(section)) return { kind: "section", reportId, section, focus };
  return null;
}

/** The window title for a screen. */
export function screenTitle(view: View): string {
  switch (view.kind) {
    case "register":
      return "Contracts";
    case "register-import":
      return "Import a contract register";
    case "contract":
      return view.contractId === null ? "Add a contract" : "Contract details";
    case "reports":
      return "Maturity reports";
    case "new-report":
      return "Start a maturity report";
    case "report":
      return "Maturity report";
    case "assessment":
      return view.step === 0 ? "Overall maturity" : `Maturity assessment, activity ${view.step}`;
    case "attestation":
      return "Attestation by the Contract Owner";
    case "operational":
      return "Operational performance";
    case "risk":
      return "Risk and mitigation";
    case "financial":
      return "Financial performance";
    case "section":
      return `Section ${view.section}`;
    case "evidence":
      return "Evidence and annexes";
    case "submit":
      return "Sign and submit";
    case "review-group":
      return "Review group";
    case "programme":
      return "Programme";
    case "forward-plan":
      return "Forward plan";
    case "portfolio":
      return "Portfolio";
    case "frameworks":
      return "Framework versions";
    case "framework-move":
      return "Move to the framework in use";
    case "meeting":
      return view.meetingId === null ? "Plan a meeting" : "Meeting";
    case "review":
      return "Review";
    case "council":
      return "Council settings";
    case "handover":
      return "Hand over contracts";
    case "handover-summary":
      return "Handover summary";
  }
}

/** Which part of the app a screen belongs to, for the navigation. */
export function section(
  view: View,
): "contracts" | "reports" | "review" | "programme" | "forward-plan" | "portfolio" | "settings" {
  if (view.kind === "council") return "settings";
  if (view.kind === "programme" || view.kind === "frameworks") return "programme";
  if (view.kind === "forward-plan") return "forward-plan";
  if (view.kind === "portfolio") return "portfolio";
  if (["register", "contract", "register-import", "handover", "handover-summary"].includes(view.kind)) return "contracts";
  if (view.kind === "review-group" || view.kind === "meeting" || view.kind === "review") return "review";
  return "reports";
}
