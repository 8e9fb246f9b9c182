// Adding a large evidence file takes seconds, and the person may go back to the report
// meanwhile. The add goes on in the backend whatever the window shows, so what it is
// doing, and how it ended, are kept here for each report rather than in the screen: the
// Evidence screen, opened again, says the files are still being added, or what became of
// them, and its Attach buttons stay off while an add is under way.

/** One report's evidence add: under way (`busy`), or how the last one ended. */
export interface EvidenceAdd {
  /** "Adding files to …" while an add is under way; otherwise null. */
  busy: string | null;
  /** How the last add ended ("1 file added to …", or why not), once it has. */
  outcome: string | null;
  /** The outcome has not yet been shown by an Evidence screen of the report. */
  unseen: boolean;
}

// Each report's state is reactive; the map itself need not be (a screen asks for its
// report's state once, and may do so while the window is deriving what to show).
const adds: Record<number, EvidenceAdd> = {};

/** The add state of report `reportId`, made on first use; reactive, and shared by every screen. */
export function evidenceAdd(reportId: number): EvidenceAdd {
  const known = adds[reportId];
  if (known) return known;
  const state: EvidenceAdd = $state({ busy: null, outcome: null, unseen: false });
  adds[reportId] = state;
  return state;
}

/**
 * Runs `add` for report `reportId` with its state kept here: `busy` while it runs, then
 * `outcome` (what `add` returns, null when nothing was chosen, or `failed(error)`), unseen
 * until an Evidence screen of the report takes it (`takeOutcome`): the one that started
 * it, or, if that was closed meanwhile, the next one opened.
 */
export async function runEvidenceAdd(
  reportId: number,
  busy: string,
  add: () => Promise<string | null>,
  failed: (e: unknown) => string,
): Promise<void> {
  const state = evidenceAdd(reportId);
  state.busy = busy;
  state.outcome = null;
  state.unseen = false;
  let outcome: string | null;
  try {
    outcome = await add();
  } catch (e) {
    outcome = failed(e);
  }
  state.busy = null;
  state.outcome = outcome;
  state.unseen = outcome !== null;
}

/** The outcome of the report's last add if no screen has shown it yet, once: then it counts as seen. */
export function takeOutcome(reportId: number): string | null {
  const state = evidenceAdd(reportId);
  if (!state.unseen) return null;
  state.unseen = false;
  return state.outcome;
}

/** What each add under way is doing ("Adding files to activity 1, …"), for closing the window. */
export function addsUnderWay(): string[] {
  return Object.values(adds).flatMap((a) => (a.busy ? [a.busy] : []));
}
