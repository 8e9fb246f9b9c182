// The review sub-group's meeting, in the real window: import a submission; add three
// members; hold a meeting where each scores the eight activities independently; reveal,
// moderate, record two actions and the outcome; save the feedback letter as a PDF; then
// hold a re-review and see the side-by-side comparison.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  CMM_BINARY,
  assertAccessible,
  click,
  dateBoxes,
  dateShown,
  fill,
  chooseCouncil,
  introduce,
  sayWho,
  screenshot,
  settle,
  useDriver,
  useFakeDialogs,
  waitForText,
  withApp,
} from "./harness.mjs";

const workDir = useDriver("review");
const answer = useFakeDialogs(workDir);
const ownerDb = path.join(workDir, "owner.sqlite3");
const groupDb = path.join(workDir, "group.sqlite3");
const submission = path.join(workDir, "Total Facilities Management v1.cmmsub");
const letterPdf = path.join(workDir, "Feedback letter.pdf");

const MEMBERS = [
  ["Roger Gough", "Cabinet Member for Strategic Commissioning (Chair)"],
  ["Shellina Prendergast", "Deputy Cabinet Member for Strategic Commissioning"],
  ["Peter Oakford", "Deputy Cabinet Member for Finance"],
];

function cmm(db, ...args) {
  const r = spawnSync(CMM_BINARY, ["--db", db, "--json", ...args], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return JSON.parse(r.stdout);
}

/**
 * Plans the meeting of `date` (dd/mm/yyyy, `shown` as the group's list writes it) on the
 * forward plan, as the commissioner does, then holds it in the review group: the same
 * meeting, its agenda offering the report of the contract planned for it. It is on the
 * plan once, held.
 */
async function planThenHold(browser, date, shown) {
  await click(browser, "a=Forward plan");
  await waitForText(browser, "h1", "Forward plan");
  await fill(browser, { ...dateBoxes("plan-date", date), "plan-starts_at": "11:30", "plan-ends_at": "12:30" });
  await fill(browser, { "plan-contract_ids": "East Kent" });
  await waitForText(browser, "[data-testid=plan-matches]", "East Kent");
  await click(browser, "[data-testid=plan-matches] li:first-child button");
  await click(browser, "[data-testid=plan-save]");
  await waitForText(browser, "[data-testid=plan-status]", "Added the meeting");
  await click(browser, "a=Review group");
  await waitForText(browser, "[data-testid=meetings-table]", shown);
  await waitForText(browser, "[data-testid=meetings-table]", "Planned: Total Facilities Management – East Kent");
  await click(browser, `a=${shown}`);
  await waitForText(browser, "h1", `Meeting of ${shown}`);
  await waitForText(browser, "[data-testid=meeting-planned]", "On the forward plan");
  for (let id = 1; id <= MEMBERS.length; id++) await click(browser, `label[for=att-${id}-present]`);
  await (await browser.$("#meeting-chair")).selectByVisibleText("Roger Gough");
  await waitForText(browser, "[data-testid=agenda-offer]", "Its contract is planned for this meeting");
  await click(browser, "[data-testid=agenda-offer] label");
  await click(browser, "[data-testid=save-meeting]");
  await waitForText(browser, "[data-testid=agenda]", "Total Facilities Management");
  await click(browser, "a=Forward plan");
  await waitForText(browser, "[data-testid=plan-row-status]", "Held");
  assert.equal((await browser.$$("[data-testid=plan-row]")).length, 1, "one meeting on the forward plan");
  await click(browser, "a=Review group");
  await click(browser, `a=${shown}`);
  await click(browser, "[data-testid=agenda] a");
  await waitForText(browser, "h1", "Total Facilities Management");
}

/** Plans a meeting on `date` with every member present, the first in the chair, and the one report. */
async function planMeeting(browser, date) {
  await click(browser, "a=Review group");
  await waitForText(browser, "h1", "Review group");
  await click(browser, "[data-testid=plan-meeting]");
  await waitForText(browser, "h1", "Plan a meeting");
  await fill(browser, { ...dateBoxes("meeting-held_on", date), "meeting-starts_at": "11:30", "meeting-ends_at": "12:30" });
  for (let id = 1; id <= MEMBERS.length; id++) await click(browser, `label[for=att-${id}-present]`);
  await (await browser.$("#meeting-chair")).selectByVisibleText("Roger Gough");
  await click(browser, "[data-testid=agenda-choices] label");
  await click(browser, "[data-testid=save-meeting]");
  await waitForText(browser, "[data-testid=agenda]", "Total Facilities Management");
  await click(browser, "[data-testid=agenda] a");
  await waitForText(browser, "h1", "Total Facilities Management");
}

/** Each member present scores all eight activities, one level each. */
async function scoreAll(browser, levels) {
  for (const [i, [name]] of MEMBERS.entries()) {
    await (await browser.$("#scorer")).selectByVisibleText(name);
    await waitForText(browser, "button", `Save ${name}'s scores`);
    for (let a = 1; a <= 8; a++) await click(browser, `label[for=score-${a}-${levels[i]}]`);
    await click(browser, "[data-testid=save-scores]");
    await waitForText(browser, "[data-testid=review-status]", `Saved ${name}'s scores`);
  }
  await waitForText(browser, "[data-testid=scoring-progress]", "Peter Oakford: scored all eight");
}

async function moderateAll(browser, level) {
  for (let a = 1; a <= 8; a++) {
    await (await browser.$(`#mod-${a}`)).selectByAttribute("value", String(level));
    await fill(browser, { [`modr-${a}`]: `Agreed at ${level} after discussion` });
    await click(browser, `[data-testid=moderate-${a}]`);
    await waitForText(browser, "[data-testid=review-status]", `Agreed level ${level}`);
  }
}

test("run a review meeting, send the letter, and come back for a re-review", async () => {
  cmm(ownerDb, "load-example");
  cmm(ownerDb, "export-submission", "1", submission);

  await withApp(groupDb, async (browser) => {
    // The group's app is another council's: its names are set on first start, and the
    // secretariat starts on the review group's page.
    await chooseCouncil(browser, {
      name: "Borsetshire County Council",
      short_name: "BCC",
      board: "Resources and Performance Board",
      committee: "Scrutiny Committee",
      "letter_to-0-name": "Ann Lee",
      "letter_to-0-role": "Corporate Director of Resources",
      "letter_to-1-name": "Raj Patel",
      "letter_to-1-role": "Cabinet Member for Finance",
      "signed_by-name": "Tom Ellis",
      "signed_by-role": "Chair of the Contract Management Review Group",
    });
    await sayWho(browser, "Wayne Gough", "Review group secretariat", "Review group");
    await waitForText(browser, "[data-testid=first-steps]", "the group's meetings, each with its agenda");
    await waitForText(browser, "footer", "Wayne Gough, review group secretariat, for Borsetshire County Council");
    await screenshot(browser, "secretariat-home");
    // The names can be changed later, in Council settings.
    await click(browser, "[data-testid=council-settings]");
    await waitForText(browser, "h1", "Council settings");
    assert.equal(await (await browser.$("#short_name")).getValue(), "BCC");
    await screenshot(browser, "council-settings");
    await assertAccessible(browser, "the council's settings");
    // A change typed and left is kept, and says it is not saved, until it is.
    await fill(browser, { committee: "Audit and Governance Committee" });
    await click(browser, "a=Review group");
    await waitForText(browser, "h1", "Review group");
    await click(browser, "[data-testid=council-settings]");
    await waitForText(browser, "[data-testid=council-status]", "Not saved yet");
    assert.equal(await (await browser.$("#committee")).getValue(), "Audit and Governance Committee");
    await click(browser, "[data-testid=save-council]");
    await waitForText(browser, "[data-testid=council-saved]", "The council's names are saved");
    await click(browser, "a=Maturity reports");
    await waitForText(browser, "h1", "Maturity reports");
    answer(submission);
    await click(browser, "[data-testid=import-submission]");
    await waitForText(browser, "[data-testid=import-status]", "Imported");

    await click(browser, "a=Review group");
    await waitForText(browser, "h1", "Review group");
    for (const [name, role] of MEMBERS) {
      await click(browser, "[data-testid=add-member]");
      await fill(browser, { "member-name": name, "member-role": role, ...dateBoxes("member-active_from", "01/04/2018") });
      await click(browser, "[data-testid=save-member]");
      await waitForText(browser, "[data-testid=members-table]", name);
    }

    await planThenHold(browser, "05/11/2026", "5 November 2026");
    // Before the reveal, no one sees anyone's levels; revealing before everyone has scored
    // is refused beside the button, where the chair is, and takes focus.
    assert.equal(await (await browser.$("[data-testid=revealed-1]")).isExisting(), false);
    await click(browser, "[data-testid=reveal]");
    await click(browser, "[data-testid=reveal-confirm]");
    await waitForText(browser, "[data-testid=reveal-error]", "The scores were not revealed");
    assert.equal(await browser.execute(() => document.activeElement?.id), "reveal-error");
    await scoreAll(browser, [3, 2, 4]);
    // Revealing cannot be undone: it asks first, and "Not yet" changes nothing.
    await click(browser, "[data-testid=reveal]");
    await waitForText(browser, ".app-confirm", "This cannot be undone");
    assert.equal(await browser.execute(() => document.activeElement?.textContent), "Not yet", "focus on the choice that changes nothing");
    await click(browser, "button=Not yet");
    assert.equal(await (await browser.$("[data-testid=revealed-1]")).isExisting(), false);
    await click(browser, "[data-testid=reveal]");
    await click(browser, "[data-testid=reveal-confirm]");
    await waitForText(browser, "[data-testid=review-status]", "revealed every score");
    await waitForText(browser, "[data-testid=spread-1]", "from 2 to 4");
    const admin = await (await browser.$("[data-testid=revealed-3]")).getText();
    assert.ok(admin.includes("Contract owner (self-assessment)"));
    for (const [name] of MEMBERS) assert.ok(admin.includes(name), `${name}'s score is shown`);
    const summary = await (await browser.$("[data-testid=reveal-summary]")).getText();
    assert.ok(summary.includes("Roger Gough") && summary.includes("2 to 4"), summary);
    await browser.execute(() => document.getElementById("reveal-heading")?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "reveal");
    await assertAccessible(browser, "the reveal");

    await moderateAll(browser, 3);
    for (const [text, due] of [
      ["Validate the contractors' KPI returns each month", "28/02/2030"],
      ["Refresh the exit plan for all three contracts", "19/11/2026"],
    ]) {
      await fill(browser, { "ac-text": text, "ac-owner": "Rebecca Spore", ...dateBoxes("ac-due", due) });
      await click(browser, "[data-testid=add-action]");
      await waitForText(browser, "[data-testid=actions]", text);
    }
    // The action due on 19 November 2026 is past: it says so in words.
    await waitForText(browser, "[data-testid=actions]", "Overdue");
    await click(browser, "label[for=outcome-reviewed_with_concerns]");
    await click(browser, "[data-testid=save-outcome]");
    await waitForText(browser, "[data-testid=outcome]", "Reviewed with concerns");

    const letter = await (await browser.$("[data-testid=letter]")).getValue();
    assert.ok(letter.includes("Refresh the exit plan"), "the letter lists the actions");
    answer(letterPdf);
    await click(browser, "button=Save the letter (PDF)");
    await waitForText(browser, "[data-testid=letter-saved]", "Saved");
    assert.ok(existsSync(letterPdf));
    const text = spawnSync("pdftotext", ["-raw", letterPdf, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, " ");
    assert.ok(text.includes("Contract Management Review Group"));
    assert.ok(text.includes("Outcome: Reviewed with concerns."));
    assert.ok(text.includes("Validate the contractors' KPI returns each month"));
    // Ready to send: dated, to the people the council named, and signed.
    for (const part of [
      "Borsetshire County Council",
      "To: Ann Lee, Corporate Director of Resources Raj Patel, Cabinet Member for Finance",
      "Dear Ann Lee and Raj Patel,",
      "Yours sincerely, Tom Ellis Chair of the Contract Management Review Group Contract Management Review Group, Borsetshire County Council",
    ]) {
      assert.ok(text.includes(part), `the letter lacks "${part}": ${text}`);
    }
    assert.equal(await (await browser.$("[data-testid=letter-not-ready]")).isExisting(), false);

    // The meeting's pack names the council and its board in the template's words; the
    // report itself was signed in Kent, and reads as it was signed.
    const meetingPack = path.join(workDir, "Meeting pack.pdf");
    await click(browser, "a=Review group");
    await click(browser, "a=5 November 2026");
    await waitForText(browser, "h1", "Meeting");
    answer(meetingPack);
    await click(browser, "button=Save the meeting pack (PDF)");
    await waitForText(browser, "[data-testid$=pack-saved]", "Saved");
    const pack = spawnSync("pdftotext", ["-raw", meetingPack, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, " ");
    for (const part of [
      "Borsetshire County Council",
      "Meeting of the Resources and Performance Board sub-group: 5 November 2026",
      "Section 7 – Fulfilment of KCC's obligations",
      "held to account to the Resources and Performance Board",
    ]) {
      assert.ok(pack.includes(part), `the meeting pack lacks "${part}"`);
    }
    assert.ok(!pack.includes("Budget and Programme Delivery Board"), "Kent's board is not in another council's pack");

    // The contract comes back six months later.
    await planMeeting(browser, "15/07/2027");
    await waitForText(browser, "h2", "Since the review of 5 November 2026");
    const comparison = await (await browser.$("[data-testid=comparison]")).getText();
    assert.ok(comparison.includes("Planning and governance"));
    await fill(browser, { narrative: "The exit plan is refreshed and KPI returns are validated monthly." });
    await click(browser, "button=Save the narrative");
    await waitForText(browser, "[data-testid=review-status]", "Saved the progress narrative");
    await browser.execute(() => document.querySelector("[data-testid=comparison]")?.previousElementSibling?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "re-review-comparison");
    await assertAccessible(browser, "the re-review");

    // The contract's page shows its reviews as a trend of agreed levels.
    await click(browser, "a=Contracts");
    await click(browser, "a=Total Facilities Management – East Kent");
    await waitForText(browser, "[data-testid=review-history]", "5 November 2026");
    const history = await (await browser.$("[data-testid=review-history]")).getText();
    assert.ok(history.includes("15 July 2027") && history.includes("Reviewed with concerns"), history);
    await browser.execute(() => document.querySelector("[data-testid=review-history]")?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "contract-review-history");
  });
});

/** Opens the review at the meeting held on `date` (as the meetings table shows it). */
async function openReview(browser, date) {
  await click(browser, "a=Review group");
  await waitForText(browser, "[data-testid=meetings-table]", date);
  await click(browser, `a=${date}`);
  await click(browser, "[data-testid=agenda] a");
  await waitForText(browser, "h1", "Total Facilities Management");
}

test("the group's forms keep what was typed: across a restart, away and back, and into the letter's PDF", async () => {
  const edited = path.join(workDir, "Edited letter.pdf");
  await withApp(groupDb, async (browser) => {
    await openReview(browser, "15 July 2027");
    // Typed, not yet saved: a member's score and comment, a challenge.
    await (await browser.$("#scorer")).selectByVisibleText("Shellina Prendergast");
    await waitForText(browser, "button", "Save Shellina Prendergast's scores");
    await click(browser, "label[for=score-1-4]");
    await fill(browser, { "comment-1": "Typed before the restart", "ch-q": "Who checks the contractors' KPI returns?" });
    await waitForText(browser, "[data-testid=review-status]", "Not saved yet: what you typed is kept");

    // A refused action: the error is beside its button and takes focus, not eight screens up.
    await fill(browser, { "ac-text": "Publish the exit plan", "ac-owner": "Rebecca Spore", ...dateBoxes("ac-due", "31/02/2028") });
    await click(browser, "[data-testid=add-action]");
    await waitForText(browser, ".app-panel [data-testid=error-summary]", "The due date: 31 February 2028 does not exist");
    const focused = await browser.execute(() => document.activeElement?.closest(".app-panel")?.querySelector("#ac-text") !== null);
    assert.ok(focused, "focus moves to the error beside the action's button");
    await screenshot(browser, "action-refused-beside-its-button");

    // The letter's PDF has what is on screen, saved first.
    const letter = await (await browser.$("[data-testid=letter]")).getValue();
    await fill(browser, { letter: `${letter}\n\nEdited on screen just before saving the PDF.` });
    answer(edited);
    await click(browser, "button=Save the letter (PDF)");
    await waitForText(browser, "[data-testid=letter-saved]", "Saved");
    const text = spawnSync("pdftotext", ["-raw", edited, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, " ");
    assert.ok(text.includes("Edited on screen just before saving the PDF."), text.slice(-400));

    // "Plan a meeting": typed, away to fetch a report, and back: as it was left.
    await click(browser, "a=Review group");
    await click(browser, "[data-testid=plan-meeting]");
    await waitForText(browser, "h1", "Plan a meeting");
    await fill(browser, { ...dateBoxes("meeting-held_on", "20/01/2028"), "meeting-starts_at": "10:00", "meeting-ends_at": "11:00" });
    await click(browser, "a=Maturity reports");
    await waitForText(browser, "h1", "Maturity reports");
    await click(browser, "a=Review group");
    await click(browser, "[data-testid=plan-meeting]");
    await waitForText(browser, "h1", "Plan a meeting");
    assert.equal(await dateShown(browser, "meeting-held_on"), "20/01/2028");
    assert.equal(await (await browser.$("#meeting-ends_at")).getValue(), "11:00");
    await browser.execute(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
  });

  // After a restart, everything typed comes back from the database, each in its state.
  await withApp(groupDb, async (browser) => {
    await openReview(browser, "15 July 2027");
    await (await browser.$("#scorer")).selectByVisibleText("Shellina Prendergast");
    await waitForText(browser, "button", "Save Shellina Prendergast's scores");
    assert.equal(await (await browser.$("#comment-1")).getValue(), "Typed before the restart");
    assert.equal(await (await browser.$("#score-1-4")).isSelected(), true);
    assert.equal(await (await browser.$("#ch-q")).getValue(), "Who checks the contractors' KPI returns?");
    assert.equal(await dateShown(browser, "ac-due"), "31/02/2028");
    await waitForText(browser, ".app-panel [data-testid=error-summary]", "The due date: 31 February 2028 does not exist");
    for (const s of await browser.$$("[data-testid=review-status]")) {
      const t = await s.getText();
      assert.doesNotMatch(t, /^Saved|Added/, `a form says "${t}" over what is not saved`);
    }
    assert.ok((await (await browser.$("[data-testid=letter]")).getValue()).includes("Edited on screen just before saving the PDF."));
    await fill(browser, dateBoxes("ac-due", "28/02/2028"));
    await click(browser, "[data-testid=add-action]");
    await waitForText(browser, "[data-testid=actions]", "Publish the exit plan");
    assert.equal(await (await browser.$("#ac-text")).getValue(), "", "added: the form is clear again");
    await click(browser, "a=Review group");
    await click(browser, "[data-testid=plan-meeting]");
    await waitForText(browser, "h1", "Plan a meeting");
    assert.equal(await dateShown(browser, "meeting-held_on"), "20/01/2028");
  });
});
