// A screen the window can show: the code to load the first time it is opened, and the
// properties it gets from the view that names it. Each feature lists its screens in its
// own `screens.ts`; the window's shell (src/screens.ts) puts the lists together, keyed by
// the view's kind.
import type { Component } from "svelte";
import type { View } from "./view";

/** The view of one kind: `ViewOf<"report">` is `{ kind: "report"; reportId: number }`. */
export type ViewOf<K extends View["kind"]> = Extract<View, { kind: K }>;

/** Moves the window to another screen. */
export type Go = (next: View) => void;

export interface Screen<V extends View> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each screen has props of its own; `screen()` checks them
  load: () => Promise<{ default: Component<any> }>;
  props: (view: V, go: Go) => Record<string, unknown>;
}

/** Screens keyed by the view's kind, each with the view of that kind. */
export type Screens<K extends View["kind"]> = { [P in K]: Screen<ViewOf<P>> };

/**
 * A screen whose properties (`props`, from its view) are checked against the component's
 * own (`load`, a dynamic import, so its code loads when it is first opened).
 */
export function screen<V extends View, P extends Record<string, unknown>>(
  load: () => Promise<{ default: Component<P> }>,
  props: (view: V, go: Go) => P,
): Screen<V> {
  return { load, props };
}
