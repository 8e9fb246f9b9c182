// The maturity reports feature's screens, by the view's kind (the list of reports is a
// first screen, loaded with the window: see App.svelte).
import { screen, type Screens, type ViewOf } from "../../shared/screen";

type Kind =
  | "new-report"
  | "report"
  | "assessment"
  | "attestation"
  | "operational"
  | "risk"
  | "financial"
  | "section"
  | "evidence"
  | "submit"
  | "framework-move";

export const screens: Screens<Kind> = {
  "new-report": screen(() => import("./NewReport.svelte"), (_v: ViewOf<"new-report">, go) => ({ onOpen: go })),
  report: screen(() => import("./ReportOverview.svelte"), (v: ViewOf<"report">, go) => ({ reportId: v.reportId, onOpen: go })),
  "framework-move": screen(
    () => import("./FrameworkMove.svelte"),
    (v: ViewOf<"framework-move">, go) => ({ reportId: v.reportId, onOpen: go }),
  ),
  assessment: screen(
    () => import("./AssessmentStep.svelte"),
    (v: ViewOf<"assessment">, go) => ({ reportId: v.reportId, step: v.step, onOpen: go }),
  ),
  attestation: screen(
    () => import("./AttestationForm.svelte"),
    (v: ViewOf<"attestation">, go) => ({ reportId: v.reportId, focus: v.focus, onOpen: go }),
  ),
  operational: screen(
    () => import("./sections/OperationalForm.svelte"),
    (v: ViewOf<"operational">, go) => ({ reportId: v.reportId, focus: v.focus, onOpen: go }),
  ),
  risk: screen(
    () => import("./sections/RiskForm.svelte"),
    (v: ViewOf<"risk">, go) => ({ reportId: v.reportId, focus: v.focus, onOpen: go }),
  ),
  financial: screen(
    () => import("./sections/FinancialForm.svelte"),
    (v: ViewOf<"financial">, go) => ({ reportId: v.reportId, focus: v.focus, onOpen: go }),
  ),
  section: screen(
    () => import("./sections/SchemaSectionForm.svelte"),
    (v: ViewOf<"section">, go) => ({ reportId: v.reportId, section: v.section, focus: v.focus, onOpen: go }),
  ),
  evidence: screen(() => import("./evidence/EvidenceScreen.svelte"), (v: ViewOf<"evidence">, go) => ({ reportId: v.reportId, onOpen: go })),
  submit: screen(() => import("./SubmitScreen.svelte"), (v: ViewOf<"submit">, go) => ({ reportId: v.reportId, onOpen: go })),
};
