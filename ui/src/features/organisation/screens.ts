// The council's settings, by the view's kind.
import { screen, type Screens } from "../../shared/screen";

export const screens: Screens<"council"> = {
  council: screen(() => import("./CouncilSettings.svelte"), () => ({})),
};
