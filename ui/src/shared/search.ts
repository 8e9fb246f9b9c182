// Searches and pages that ask the backend as someone types or clicks.
import { backend, type ContractSummary } from "./backend";

/**
 * For answers that can come back out of order (a search while someone types, a page
 * turned twice): the function returned runs a request and gives its answer, or throws its
 * error, only if no later request was started meanwhile; a superseded request gives
 * `undefined`, so an old answer never replaces a newer one.
 */
export function latestOnly(): <T>(request: () => Promise<T>) => Promise<T | undefined> {
  let newest = 0;
  return async (request) => {
    const mine = ++newest;
    try {
      const answer = await request();
      return mine === newest ? answer : undefined;
    } catch (e) {
      if (mine === newest) throw e;
      return undefined;
    }
  };
}

/**
 * Contracts shown on one page of the register. index.html asks for the first page with
 * the same limit while the script loads, so that the answer can be used (search.test.ts
 * checks the two agree).
 */
export const REGISTER_PAGE = 50;

/** Up to `max` contracts on the register matching `typed`, leaving out those already `taken`. */
export async function findContracts(typed: string, taken: number[], max: number): Promise<ContractSummary[]> {
  const page = await backend.registerPage(0, max + taken.length, typed);
  return page.contracts.filter((c) => !taken.includes(c.id)).slice(0, max);
}
