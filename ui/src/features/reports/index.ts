// What the reports feature offers other features: a report's PDF review pack, exported
// from wherever the report is shown (a review, a meeting's agenda).
export { default as PackExport } from "./PackExport.svelte";
