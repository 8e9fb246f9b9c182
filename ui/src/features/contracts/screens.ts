// The contracts feature's screens, by the view's kind (the register itself is the first
// screen, loaded with the window: see App.svelte).
import { screen, type Screens, type ViewOf } from "../../shared/screen";

/** "Back to …" on the contract form, from where it was opened. */
function returnsTo(v: ViewOf<"contract">): "contracts" | "the report" | "the programme" | "the portfolio" {
  const back = v.returnTo?.kind ?? "register";
  return back === "register"
    ? "contracts"
    : back === "programme"
      ? "the programme"
      : back === "portfolio"
        ? "the portfolio"
        : "the report";
}

export const screens: Screens<"contract" | "register-import"> = {
  contract: screen(
    () => import("./ContractEditor.svelte"),
    (v: ViewOf<"contract">, go) => ({
      contractId: v.contractId,
      draftId: v.draftId,
      returnsTo: returnsTo(v),
      onDone: () => go(v.returnTo ?? { kind: "register" }),
      onOpen: go,
    }),
  ),
  "register-import": screen(() => import("./RegisterImport.svelte"), (_v: ViewOf<"register-import">, go) => ({ onOpen: go })),
};
