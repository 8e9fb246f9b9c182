// What the council's settings offer the other features: the form for its names (first
// start asks them) and the names as the window last heard them.
export { default as CouncilForm } from "./CouncilForm.svelte";
export { council } from "./council.svelte";
