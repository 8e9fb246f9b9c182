// The programme feature's screens, by the view's kind.
import { screen, type Screens, type ViewOf } from "../../shared/screen";

export const screens: Screens<"programme" | "forward-plan" | "portfolio" | "frameworks" | "handover" | "handover-summary"> = {
  programme: screen(() => import("./Programme.svelte"), (_v: ViewOf<"programme">, go) => ({ onOpen: go })),
  "forward-plan": screen(
    () => import("./ForwardPlan.svelte"),
    (v: ViewOf<"forward-plan">, go) => ({ contract: v.contract ?? null, onOpen: go }),
  ),
  portfolio: screen(() => import("./Portfolio.svelte"), (_v: ViewOf<"portfolio">, go) => ({ onOpen: go })),
  frameworks: screen(() => import("./Frameworks.svelte"), (_v: ViewOf<"frameworks">, go) => ({ onOpen: go })),
  handover: screen(() => import("./handover/Handover.svelte"), (v: ViewOf<"handover">, go) => ({ contractId: v.contractId, onOpen: go })),
  "handover-summary": screen(
    () => import("./handover/HandoverSummaryScreen.svelte"),
    (v: ViewOf<"handover-summary">) => ({ contractIds: v.contractIds }),
  ),
};
