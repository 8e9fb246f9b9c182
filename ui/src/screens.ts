// Every screen the window can open, keyed by the view's kind: each feature's own list
// (features/*/screens.ts). The first screens (the register, the list of reports) and the
// screens before any (opening, the problem with the data file, who is using the app) are
// App.svelte's own.
import type { Component } from "svelte";
import { screens as contracts } from "./features/contracts/screens";
import { screens as programme } from "./features/programme/screens";
import { screens as reports } from "./features/reports/screens";
import { screens as review } from "./features/review/screens";
import type { Go, Screen } from "./shared/screen";
import type { View } from "./shared/view";

/** The views App.svelte shows itself. */
type FirstScreen = "register" | "reports";

const SCREENS: { [K in Exclude<View["kind"], FirstScreen>]: Screen<Extract<View, { kind: K }>> } = {
  ...contracts,
  ...reports,
  ...programme,
  ...review,
};

/** The screen for `view`, loaded, with its properties; null for a first screen. */
export async function screenFor(
  view: View,
  go: Go,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the props were checked against the component by `screen()`
): Promise<{ Screen: Component<any>; props: Record<string, unknown> } | null> {
  if (view.kind === "register" || view.kind === "reports") return null;
  const entry = SCREENS[view.kind] as Screen<View>;
  const { default: Screen } = await entry.load();
  return { Screen, props: entry.props(view, go) };
}
