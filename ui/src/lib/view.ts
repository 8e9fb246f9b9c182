/** Which screen the window shows. */
export type View =
  | { kind: "register" }
  | { kind: "contract"; contractId: number | null; draftId: number | null };
