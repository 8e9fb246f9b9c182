// What evidence can be attached to, in the words people see.
import type { Annex, EvidenceTarget } from "../../../shared/backend";

export const ANNEXES: { annex: Annex; title: string }[] = [
  { annex: "contract_management_plan", title: "Contract management plan" },
  { annex: "contract_handbook", title: "Contract handbook" },
];

export function sameTarget(a: EvidenceTarget, b: EvidenceTarget): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
