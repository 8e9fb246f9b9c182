// Every screen the window can open, keyed by the view's kind: each feature's own list
// (features/*/screens.ts). The first screens (the register, the list of reports) and the
// screens before any (opening, the problem with the data file, who is using the app) are
// App.svelte's own.
import type { Component } from "svelte";
import { screens as contracts } from "./features/contracts/screens";
import { screens as organisation } from "./features/organisation/screens";
import { screens as programme } from "./features/programme/screens";
import { screens as reports } from "./features/reports/screens";
import { screens as review } from "./features/review/screens";
import { firstScreenReady } from "./shared/backend";
import type { Go, Screen } from "./shared/screen";
import type { View } from "./shared/view";

/** The views App.svelte shows itself. */
type FirstScreen = "register" | "reports";

const SCREENS: { [K in Exclude<View["kind"], FirstScreen>]: Screen<Extract<View, { kind: K }>> } = {
  ...contracts,
  ...reports,
  ...programme,
  ...review,
  ...organisation,
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
  // A screen reopened after a restart may be the first one shown.
  firstScreenReady();
  return { Screen, props: entry.props(view, go) };
}

/**
 * Whether a screen is opened again after a restart: not one that starts something new (a
 * contract, a report, a meeting, an import), which would open blank. What was typed in one
 * is kept as a draft, and the home screen lists it.
 */
function reopens(view: View): boolean {
  switch (view.kind) {
    case "contract":
      return view.contractId !== null;
    case "meeting":
      return view.meetingId !== null;
    case "new-report":
    case "register-import":
      return false;
    default:
      return true;
  }
}

/**
 * The screen kept from before a restart (`StartupInfo.last_screen`, JSON), if it names a
 * screen this window has and reopens (`reopens`); otherwise null, and the person's home
 * screen opens.
 */
export function reopened(json: string | null | undefined): View | null {
  if (!json) return null;
  try {
    const view = JSON.parse(json) as View;
    const known = typeof view?.kind === "string" && (view.kind === "register" || view.kind === "reports" || view.kind in SCREENS);
    return known && reopens(view) ? view : null;
  } catch {
    return null;
  }
}
