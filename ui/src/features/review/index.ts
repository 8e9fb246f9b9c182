// What the review feature offers other features: a contract's review history.
export { default as ReviewHistory } from "./ReviewHistory.svelte";
