// What the programme feature offers other features: a contract's review priority, and its
// setting, as the contract form shows it.
export { default as ContractPriorityPanel } from "./ContractPriorityPanel.svelte";
