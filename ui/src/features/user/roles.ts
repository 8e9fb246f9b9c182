// What each kind of user does first, in words, and where their home screen is.
import type { Role } from "../../shared/backend";
import type { View } from "../../shared/view";

export const ROLES: { role: Role; name: string; what: string }[] = [
  {
    role: "contract_owner",
    name: "Contract owner",
    what: "You are accountable for one or more contracts: you record them, assess how well they are managed and submit the maturity report.",
  },
  {
    role: "review_group_member",
    name: "Review sub-group member",
    what: "You read contract owners' reports, score each activity, challenge the owner and agree actions.",
  },
  {
    role: "secretariat",
    name: "Review group secretariat",
    what: "You run the review group's business: you set up its meetings and agendas, record the scores and actions, and send the packs and the feedback letters.",
  },
  {
    role: "commissioner",
    name: "Commissioner",
    what: "You keep the programme of reviews and the contract register, and report to the committee.",
  },
];

export function roleName(role: Role): string {
  return ROLES.find((r) => r.role === role)?.name ?? role;
}

/** The screen each role starts on. */
export function homeFor(role: Role): View {
  switch (role) {
    case "review_group_member":
      return { kind: "reports" };
    case "secretariat":
      return { kind: "review-group" };
    default:
      return { kind: "register" };
  }
}

/** What the role does first, shown at the top of its home screen. */
export function firstSteps(role: Role): string {
  switch (role) {
    case "contract_owner":
      return "Add the contracts you are accountable for, then start a maturity report for each one (or one report for a group managed together) and work through its sections.";
    case "review_group_member":
      return "Read each contract owner's maturity report before the meeting. At the meeting, on the Review group page, each member scores the eight activities on their own; the chair reveals the scores; then the group moderates, challenges, records findings and actions, and sends the feedback letter.";
    case "secretariat":
      return "Your work starts here: the group's meetings, each with its agenda and pack; the scores and outcome of each review; and the actions the group agreed, overdue ones first. Add the group's members, plan a meeting (here or from the Forward plan) with the signed reports on its agenda, and after the meeting send the feedback letter.";
    case "commissioner":
      return "Keep the contract register up to date (it can be imported from the published register). The Programme page ranks which contracts to review next and why; the Forward plan holds the review meetings; the Portfolio shows every contract's maturity; and meeting packs and the six-month update to the committee are saved as PDFs.";
  }
}
