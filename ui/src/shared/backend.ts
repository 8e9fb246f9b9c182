// The one module that talks to Rust. Screens import from here, never from
// @tauri-apps/api or the generated bindings directly.
import { getCurrentWindow } from "@tauri-apps/api/window";
import { commands } from "./bindings";
import type {
  WindowStart,
  ContractInput,
  ErrorCode,
  ErrorReply,
  FieldError,
  StartupInfo,
  AssessmentInput,
  NewReportInput,
  AttestationInput,
  OperationalInput,
  RiskRegisterInput,
  SectionValues,
  FinancialInput,
  AppUserInput,
  EvidenceTarget,
  Marking,
  PlanItemInput,
  MoveInput,
  PlanFormat,
  PortfolioQuery,
  SixMonthUpdateInput,
  RegisterField,
  ImportOptions,
  SheetFormat,
  SheetChoice,
  NoteKind,
  ActionInput,
  ChallengeInput,
  FindingInput,
  MeetingInput,
  MemberInput,
  ModerationInput,
  OutcomeInput,
  ScoreInput,
  Weights,
  PriorityInput,
  RequestInput,
  Value,
} from "./bindings";

// Every type the backend speaks in, by the generated bindings' own names.
export type * from "./bindings";

/** A failed command: the UI switches on `code`, never on `message`. */
export class BackendError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  constructor(reply: ErrorReply) {
    super(reply.message);
    this.name = "BackendError";
    this.code = reply.code;
    this.fields = reply.fields;
  }
}

/** What to tell the person when a call fails: the backend's own sentence, or the error as text. */
export function errorText(e: unknown): string {
  return e instanceof BackendError ? e.message : String(e);
}

type Reply<T> = { status: "ok"; data: T } | { status: "error"; error: ErrorReply };

/**
 * Who is told when a call finds the data file damaged while the app is in use: the app
 * then shows the same screen as damage found at opening, with the restore.
 */
let damageListener: (() => void) | null = null;
export function onDatabaseDamaged(listener: () => void) {
  damageListener = listener;
}

async function unwrap<T>(call: Promise<Reply<T>>): Promise<T> {
  const r = await call;
  if (r.status === "error") {
    // Tauri itself refuses a call it cannot deliver (arguments the command cannot read)
    // with a bare string, not a report: it is still said, never shown as nothing.
    const report: ErrorReply =
      typeof r.error === "object" && r.error !== null && "code" in r.error
        ? r.error
        : { code: "internal", message: `The app could not do that: ${String(r.error)}`, fields: [] };
    if (report.code === "database_damaged") damageListener?.();
    throw new BackendError(report);
  }
  return r.data;
}

/** A question index.html asked while this script loaded (see there), and its answer. */
type EarlyQuestion = { cmd: string; args: Record<string, unknown>; answer: Promise<unknown> };

declare global {
  interface Window {
    __CMM_EARLY__?: EarlyQuestion[];
  }
}

/**
 * The answer to `cmd` with `args` that index.html asked for while this script was loading,
 * as the generated command would give it; taken once, and only before the first screen is
 * ready. A refusal is not taken (the data file may have been still opening then): the
 * question is asked again (`ask`), as it is when it was not asked early.
 */
function earlyAnswer<T>(
  cmd: string,
  args: Record<string, unknown>,
  ask: () => Promise<Reply<T>>,
): Promise<Reply<T>> {
  const early = window.__CMM_EARLY__ ?? [];
  const i = early.findIndex((q) => q.cmd === cmd && JSON.stringify(q.args) === JSON.stringify(args));
  const [q] = i < 0 ? [] : early.splice(i, 1);
  if (!q) return ask();
  return (q.answer as Promise<T>).then((data): Reply<T> => ({ status: "ok", data }), ask);
}

let firstScreenTold = false;

/**
 * Notes a moment of the window's start ("asked", "first page"), for the log line below:
 * the first time only (a start that waits for the data file asks again and again).
 */
export function startMark(name: string): void {
  if (!firstScreenTold && performance.getEntriesByName(name, "mark").length === 0) performance.mark(name);
}

/**
 * Tells the app, once, that the window's first screen is on show and ready to use, after
 * it has been painted: the app logs how long start-up took and the moments of it the
 * window saw (and closes, when start-up is being measured; see
 * tests/e2e/measure-window.mjs).
 */
export function firstScreenReady(): void {
  if (firstScreenTold) return;
  firstScreenTold = true;
  // Answers asked for early are of the data as it was at start: none is used after.
  window.__CMM_EARLY__ = [];
  requestAnimationFrame(() => {
    performance.mark("painted");
    void unwrap(commands.windowReady(windowStart())).catch(() => {});
  });
}

/** The moments of the window's start: its page loaded, then the marks made since. */
function windowStart(): WindowStart {
  const marks = performance.getEntriesByType("mark").map((m) => ({ name: m.name, at_ms: m.startTime }));
  const page = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (page) marks.push({ name: "page loaded", at_ms: page.responseEnd });
  marks.sort((a, b) => a.at_ms - b.at_ms);
  return { page_origin_ms: performance.timeOrigin, marks: marks.slice(-12) };
}

export const backend = {
  startup: (): Promise<StartupInfo> => unwrap(earlyAnswer("startup", {}, commands.startup)),
  openAgain: (): Promise<StartupInfo> => unwrap(commands.openAgain()),
  createDatabase: (): Promise<StartupInfo> => unwrap(commands.createDatabase()),
  restoreBackup: (fileName: string): Promise<StartupInfo> => unwrap(commands.restoreBackup(fileName)),
  registerPage: (offset: number, limit: number, search: string) =>
    unwrap(earlyAnswer("register_page", { offset, limit, search }, () => commands.registerPage(offset, limit, search))),
  contractForm: (contractId: number) => unwrap(commands.contractForm(contractId)),
  draftForm: (draftId: number) => unwrap(commands.draftForm(draftId)),
  saveContract: (contractId: number | null, draftId: number | null, input: ContractInput) =>
    unwrap(commands.saveContract(contractId, draftId, input)),
  keepContractDraft: (contractId: number | null, draftId: number | null, input: ContractInput) =>
    unwrap(commands.keepContractDraft(contractId, draftId, input)),
  discardDraft: (draftId: number) => unwrap(commands.discardDraft(draftId)),
  formDraft: (form: string) => unwrap(commands.formDraft(form)),
  keepFormDraft: (form: string, input: object, errors: FieldError[]) =>
    unwrap(commands.keepFormDraft(form, input as Value, errors)),
  discardFormDraft: (form: string) => unwrap(commands.discardFormDraft(form)),
  formDrafts: (prefix: string) => unwrap(commands.formDrafts(prefix)),
  deleteContract: (contractId: number) => unwrap(commands.deleteContract(contractId)),
  framework: (version: string | null = null) => unwrap(commands.framework(version)),
  report: (reportId: number) => unwrap(commands.report(reportId)),
  createReport: (input: NewReportInput) => unwrap(commands.createReport(input)),
  saveAssessment: (reportId: number, activity: number, input: AssessmentInput) =>
    unwrap(commands.saveAssessment(reportId, activity, input)),
  saveAttestation: (reportId: number, input: AttestationInput) =>
    unwrap(commands.saveAttestation(reportId, input)),
  operational: (reportId: number) => unwrap(commands.operational(reportId)),
  saveOperational: (reportId: number, input: OperationalInput) =>
    unwrap(commands.saveOperational(reportId, input)),
  riskRegister: (reportId: number) => unwrap(commands.riskRegister(reportId)),
  saveRiskRegister: (reportId: number, input: RiskRegisterInput) =>
    unwrap(commands.saveRiskRegister(reportId, input)),
  section: (reportId: number, section: number) => unwrap(commands.section(reportId, section)),
  saveSection: (reportId: number, section: number, values: SectionValues) =>
    unwrap(commands.saveSection(reportId, section, values)),
  financial: (reportId: number) => unwrap(commands.financial(reportId)),
  saveFinancial: (reportId: number, input: FinancialInput) => unwrap(commands.saveFinancial(reportId, input)),
  saveAppUser: (input: AppUserInput) => unwrap(commands.saveAppUser(input)),
  rememberScreen: (screen: string) => unwrap(commands.rememberScreen(screen)),
  evidence: (reportId: number) => unwrap(commands.evidence(reportId)),
  /** Opens the native dialog; an empty list means the person cancelled. */
  addEvidence: (reportId: number, target: EvidenceTarget, description: string) =>
    unwrap(commands.addEvidence(reportId, target, description)),
  removeEvidence: (evidenceId: number) => unwrap(commands.removeEvidence(evidenceId)),
  openEvidence: (evidenceId: number) => unwrap(commands.openEvidence(evidenceId)),
  saveEvidenceCopy: (evidenceId: number) => unwrap(commands.saveEvidenceCopy(evidenceId)),
  evidenceLimit: () => unwrap(commands.evidenceLimit()),
  /** The limit as typed ("250", "250 MB"): Rust reads and checks it. */
  setEvidenceLimit: (limitMb: string) => unwrap(commands.setEvidenceLimit(limitMb)),
  completeness: (reportId: number) => unwrap(commands.completeness(reportId)),
  verifyReport: (reportId: number) => unwrap(commands.verifyReport(reportId)),
  signReport: (reportId: number) => unwrap(commands.signReport(reportId)),
  amendReport: (reportId: number) => unwrap(commands.amendReport(reportId)),
  exportSubmission: (reportId: number) => unwrap(commands.exportSubmission(reportId)),
  importSubmission: () => unwrap(commands.importSubmission()),
  exportPack: (reportId: number, marking: Marking) => unwrap(commands.exportPack(reportId, marking)),
  meetingDates: () => unwrap(commands.meetingDates()),
  exportMeetingPack: (meetingDate: string, marking: Marking) =>
    unwrap(commands.exportMeetingPack(meetingDate, marking)),
  openSavedFile: (path: string) => unwrap(commands.openSavedFile(path)),
  registerFields: () => commands.registerFields(),
  pickRegisterFile: () => unwrap(commands.pickRegisterFile()),
  readRegisterFile: (path: string, choice: SheetChoice) => unwrap(commands.readRegisterFile(path, choice)),
  registerMappingCheck: (headings: string[], mapping: (RegisterField | null)[], defaultOwner: string) =>
    commands.registerMappingCheck(headings, mapping, defaultOwner),
  previewRegister: (path: string, options: ImportOptions) => unwrap(commands.previewRegister(path, options)),
  importRegister: (path: string, options: ImportOptions) => unwrap(commands.importRegister(path, options)),
  exportRegister: (format: SheetFormat) => unwrap(commands.exportRegister(format)),
  priorityPage: (offset: number, limit: number, search: string) => unwrap(commands.priorityPage(offset, limit, search)),
  priorityWeights: () => unwrap(commands.priorityWeights()),
  savePriorityWeights: (weights: Weights) => unwrap(commands.savePriorityWeights(weights)),
  contractPriority: (contractId: number) => unwrap(commands.contractPriority(contractId)),
  saveContractPriority: (contractId: number, input: PriorityInput) =>
    unwrap(commands.saveContractPriority(contractId, input)),
  addReviewRequest: (contractId: number, input: RequestInput) => unwrap(commands.addReviewRequest(contractId, input)),
  deleteReviewRequest: (requestId: number) => unwrap(commands.deleteReviewRequest(requestId)),
  members: () => unwrap(commands.members()),
  saveMember: (memberId: number | null, input: MemberInput) => unwrap(commands.saveMember(memberId, input)),
  meetings: (offset: number, limit: number) => unwrap(commands.meetings(offset, limit)),
  meeting: (meetingId: number) => unwrap(commands.meeting(meetingId)),
  saveMeeting: (meetingId: number | null, input: MeetingInput) => unwrap(commands.saveMeeting(meetingId, input)),
  ownScores: (reviewId: number, memberId: number) => unwrap(commands.ownScores(reviewId, memberId)),
  recordScores: (reviewId: number, memberId: number, scores: ScoreInput[]) =>
    unwrap(commands.recordScores(reviewId, memberId, scores)),
  scoringProgress: (reviewId: number) => unwrap(commands.scoringProgress(reviewId)),
  revealScores: (reviewId: number) => unwrap(commands.revealScores(reviewId)),
  revealedScores: (reviewId: number) => unwrap(commands.revealedScores(reviewId)),
  moderate: (reviewId: number, activity: number, input: ModerationInput) =>
    unwrap(commands.moderate(reviewId, activity, input)),
  recordDissent: (reviewId: number, activity: number, memberId: number, note: string) =>
    unwrap(commands.recordDissent(reviewId, activity, memberId, note)),
  reviewDetail: (reviewId: number) => unwrap(commands.reviewDetail(reviewId)),
  setOutcome: (reviewId: number, input: OutcomeInput) => unwrap(commands.setOutcome(reviewId, input)),
  saveAction: (reviewId: number, actionId: number | null, input: ActionInput) =>
    unwrap(commands.saveAction(reviewId, actionId, input)),
  overdueActions: () => unwrap(commands.overdueActions()),
  saveChallenge: (reviewId: number, challengeId: number | null, input: ChallengeInput) =>
    unwrap(commands.saveChallenge(reviewId, challengeId, input)),
  themes: () => unwrap(commands.themes()),
  saveTheme: (themeId: number | null, name: string, active: boolean) =>
    unwrap(commands.saveTheme(themeId, name, active)),
  saveFinding: (reviewId: number, findingId: number | null, input: FindingInput) =>
    unwrap(commands.saveFinding(reviewId, findingId, input)),
  saveRecommendation: (reviewId: number, recommendationId: number | null, text: string) =>
    unwrap(commands.saveRecommendation(reviewId, recommendationId, text)),
  deleteReviewNote: (kind: NoteKind, id: number) => unwrap(commands.deleteReviewNote(kind, id)),
  setProgressNarrative: (reviewId: number, text: string) => unwrap(commands.setProgressNarrative(reviewId, text)),
  comparison: (reviewId: number) => unwrap(commands.comparison(reviewId)),
  reviewHistory: (contractId: number) => unwrap(commands.reviewHistory(contractId)),
  feedbackLetter: (reviewId: number) => unwrap(commands.feedbackLetter(reviewId)),
  saveLetter: (reviewId: number, text: string | null) => unwrap(commands.saveLetter(reviewId, text)),
  exportRecordedMeetingPack: (meetingId: number, marking: Marking) =>
    unwrap(commands.exportRecordedMeetingPack(meetingId, marking)),
  exportFeedbackLetter: (reviewId: number, marking: Marking) => unwrap(commands.exportFeedbackLetter(reviewId, marking)),
  forwardPlan: (from: string, to: string) => unwrap(commands.forwardPlan(from, to)),
  savePlanItem: (id: number | null, input: PlanItemInput) => unwrap(commands.savePlanItem(id, input)),
  movePlanItem: (id: number, input: MoveInput) => unwrap(commands.movePlanItem(id, input)),
  setPlanHeld: (id: number, held: boolean) => unwrap(commands.setPlanHeld(id, held)),
  deletePlanItem: (id: number) => unwrap(commands.deletePlanItem(id)),
  exportForwardPlan: (from: string, to: string, format: PlanFormat) =>
    unwrap(commands.exportForwardPlan(from, to, format)),
  portfolio: (query: PortfolioQuery) => unwrap(commands.portfolio(query)),
  reportsPage: (offset: number, limit: number, search: string, signedOnly = false) =>
    unwrap(commands.reportsPage(offset, limit, search, signedOnly)),
  exportSixMonthUpdate: (input: SixMonthUpdateInput, marking: Marking) =>
    unwrap(commands.exportSixMonthUpdate(input, marking)),
};

/**
 * Runs `beforeClose` (saving what was just typed: see src/closing.ts) when the person
 * closes the window, then lets it close. If that fails (the disk is full, the file is in
 * use, files are still being added), the window stays open once and `notClosed` is given why, so nothing typed is lost without the person knowing;
 * closing again closes it. Outside Tauri (unit tests, a plain browser) it does nothing.
 */
export async function onWindowClose(beforeClose: () => Promise<void>, notClosed: (why: unknown) => void): Promise<void> {
  if (!("__TAURI_INTERNALS__" in window)) return;
  let warned = false;
  await getCurrentWindow().onCloseRequested(async (event) => {
    try {
      await beforeClose();
    } catch (e) {
      if (warned) return;
      warned = true;
      event.preventDefault();
      notClosed(e);
    }
  });
}

/** Closes this window (a second window on a file another window has open). */
export async function closeWindow(): Promise<void> {
  if ("__TAURI_INTERNALS__" in window) await getCurrentWindow().destroy();
}
