// The review sub-group's screens, by the view's kind.
import { screen, type Screens, type ViewOf } from "../../shared/screen";

export const screens: Screens<"review-group" | "meeting" | "review"> = {
  "review-group": screen(() => import("./ReviewGroup.svelte"), (_v: ViewOf<"review-group">, go) => ({ onOpen: go })),
  meeting: screen(
    () => import("./MeetingScreen.svelte"),
    (v: ViewOf<"meeting">, go) => ({ meetingId: v.meetingId, onOpen: go }),
  ),
  review: screen(() => import("./ReviewScreen.svelte"), (v: ViewOf<"review">, go) => ({ reviewId: v.reviewId, onOpen: go })),
};
