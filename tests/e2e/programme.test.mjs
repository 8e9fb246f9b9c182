// The commissioner's programme in the real window: with the example report loaded (three
// facilities management contracts, signed), they schedule two review meetings on the
// forward plan (the first from the programme's priority list), move one (the plan keeps where it moved from), save the plan as CSV, open
// the portfolio heatmap and filter it, and save the six-month update to the committee as
// a PDF whose text is checked with pdftotext.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  CMM_BINARY,
  assertAccessible,
  click,
  dateBoxes,
  dateShown,
  fill,
  introduce,
  screenshot,
  settle,
  useDriver,
  useFakeDialogs,
  waitForText,
  withApp,
} from "./harness.mjs";

const workDir = useDriver("programme");
const answer = useFakeDialogs(workDir);
const db = path.join(workDir, "commissioner.sqlite3");

function pdfText(file) {
  const r = spawnSync("pdftotext", ["-raw", file, "-"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, " ");
}

/** Chooses a contract for the meeting being planned by typing part of its name. */
async function chooseContract(browser, typed, name) {
  await fill(browser, { "plan-contract_ids": typed });
  await waitForText(browser, "[data-testid=plan-matches]", name);
  await click(browser, "[data-testid=plan-matches] li:first-child button");
  await waitForText(browser, "[data-testid=plan-chosen]", name);
}

test("schedule two meetings, move one, open the heatmap and save the six-month update", async () => {
  const loaded = spawnSync(CMM_BINARY, ["--db", db, "--json", "load-example"], { encoding: "utf8" });
  assert.equal(loaded.status, 0, loaded.stderr);
  const csv = path.join(workDir, "forward plan.csv");
  const update = path.join(workDir, "six-month update.pdf");

  await withApp(db, async (browser) => {
    await introduce(browser, "Vincent Godfrey");
    await click(browser, "a=Forward plan");
    await waitForText(browser, "h1", "Forward plan");
    await waitForText(browser, "[data-testid=plan-empty]", "No review meetings are planned");

    // A bad time is refused with a message that names it; nothing is added.
    await fill(browser, { ...dateBoxes("plan-date", "14/01/2027"), "plan-starts_at": "3 o'clock" });
    await click(browser, "[data-testid=plan-save]");
    await waitForText(browser, "[data-testid=error-summary]", "The start time must be a time like 11:30, 3pm or 15:00");
    await waitForText(browser, "[data-testid=error-summary]", "Choose at least one contract to review");

    // The first meeting, planned from the programme's list of what to review next.
    await click(browser, "a=Programme");
    await waitForText(browser, "[data-testid=priority-list]", "Never reviewed");
    await click(browser, "button*=Plan a review");
    await waitForText(browser, "[data-testid=plan-status]", "Planning a review of Total Facilities Management");
    const chosen = await (await browser.$("[data-testid=plan-chosen]")).getText();
    await fill(browser, { ...dateBoxes("plan-date", "14/01/2027"), "plan-starts_at": "15:00", "plan-ends_at": "16:00" });
    await fill(browser, { "plan-lead_officer": "Rebecca Spore" });
    await click(browser, "[data-testid=plan-save]");
    await waitForText(browser, "[data-testid=plan-status]", "Added the meeting of 14.01.27, 3pm – 4pm");

    // The second: the month typed in the date's boxes with no day, then "only the month is
    // known" ticked; and no lead officer yet. The boxes become the month and year, keeping
    // what was typed, and the month is kept as a month.
    await fill(browser, { "plan-date-month": "4", "plan-date-year": "2027" });
    await click(browser, "label=Only the month is known (date to be confirmed)");
    assert.equal(await dateShown(browser, "plan-date"), "04/2027");
    await chooseContract(browser, "West Kent", "Total Facilities Management – West Kent");
    await click(browser, "[data-testid=plan-save]");
    await waitForText(browser, "[data-testid=plan-status]", "Added the meeting of April 2027 (date tbc)");
    let rows = await browser.$$("[data-testid=plan-row]");
    assert.equal(rows.length, 2);
    await waitForText(browser, "[data-testid=plan-table]", "TBC");
    // Corrected, it still shows its month and year, not a day.
    await (await browser.$$("[data-testid=plan-correct]"))[1].click();
    assert.equal(await dateShown(browser, "plan-date"), "04/2027");
    assert.equal(await (await browser.$("#plan-date-day")).isExisting(), false);
    await click(browser, "//form[@data-testid='plan-form']//button[normalize-space()='Cancel']");

    // Move the first to March: the plan notes where it moved from. What is typed into the
    // move is kept while the commissioner looks elsewhere, and the plan says so.
    await click(browser, "[data-testid=plan-move]");
    await fill(browser, { ...dateBoxes("move-date", "12/03/2027"), "move-reason": "Chair unavailable" });
    await waitForText(browser, "[data-testid=move-status]", "Not saved yet");
    await click(browser, "a=Portfolio");
    await click(browser, "a=Forward plan");
    await waitForText(browser, "[data-testid=plan-row-draft]", "A move not saved");
    await click(browser, "button*=Carry on moving");
    assert.equal(await dateShown(browser, "move-date"), "12/03/2027");
    await click(browser, "[data-testid=move-save]");
    await waitForText(browser, "[data-testid=plan-status]", "Moved the meeting to 12.03.27, 3pm – 4pm");
    await waitForText(browser, "[data-testid=plan-table]", "Moved from 14.01.27, 3pm – 4pm: Chair unavailable");
    assert.ok((await (await browser.$("[data-testid=plan-table]")).getText()).includes(chosen.split(" (")[0]));
    const statuses = [];
    for (const s of await browser.$$("[data-testid=plan-row-status]")) statuses.push(await s.getText());
    assert.deepEqual(statuses, ["Moved", "Planned"], "in date order: March, then April");
    await browser.execute(() => document.querySelector("[data-testid=plan-table]")?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "forward-plan");
    await assertAccessible(browser, "the forward plan");

    // The planned meeting is the review group's meeting: one meeting, planned on the plan
    // and held by the group. Its day and times are there, and the agenda offers the signed
    // report of the contract planned for it.
    await click(browser, "a=Review group");
    await waitForText(browser, "[data-testid=meetings-table]", "12 March 2027");
    await waitForText(browser, "[data-testid=meetings-table]", "April 2027 (date tbc)");
    await click(browser, "a=Forward plan");
    await click(browser, "[data-testid=plan-open-meeting]");
    await waitForText(browser, "h1", "Meeting of 12 March 2027");
    await waitForText(browser, "[data-testid=meeting-planned]", "On the forward plan");
    assert.equal(await dateShown(browser, "meeting-held_on"), "12/03/2027");
    assert.equal(await (await browser.$("#meeting-starts_at")).getValue(), "15:00");
    await waitForText(browser, "[data-testid=agenda-offer]", "Its contract is planned for this meeting");
    await click(browser, "[data-testid=agenda-offer] label");
    await waitForText(browser, "[data-testid=agenda-chosen]", "Total Facilities Management");
    await click(browser, "[data-testid=save-meeting]");
    await waitForText(browser, "[data-testid=meeting-status]", "Saved the meeting");
    await click(browser, "a=Forward plan");
    await waitForText(browser, "[data-testid=plan-open-meeting]", "Open the meeting");
    assert.equal((await browser.$$("[data-testid=plan-row]")).length, 2, "still two meetings on the plan");
    await click(browser, "a=Review group");
    await waitForText(browser, "[data-testid=meetings-table]", "Total Facilities Management");
    const groupRows = await (await browser.$("[data-testid=meetings-table] tbody")).getText();
    assert.equal(groupRows.split("12 March 2027").length - 1, 1, "one meeting of 12 March 2027 in the group's list");

    // The programme now shows when each planned contract is next reviewed: the report on
    // the March agenda covers all three contracts, West Kent's too, so March comes before
    // its April meeting (a month only is never shown as its first day).
    await click(browser, "a=Programme");
    await waitForText(browser, "[data-testid=priority-list]", "12 March 2027");
    assert.ok(!(await (await browser.$("[data-testid=priority-list]")).getText()).includes("1 April 2027"));
    await click(browser, "a=Forward plan");
    await waitForText(browser, "[data-testid=plan-table]", "12.03.27, 3pm – 4pm");

    answer(csv);
    await click(browser, "[data-testid=plan-export-csv]");
    await waitForText(browser, "[data-testid=plan-export-saved]", "Saved 2 meetings");

    // The six-month update: a bad period names the field and opens no dialog.
    await fill(browser, { ...dateBoxes("progress-from", "01/12/2026"), ...dateBoxes("progress-to", "01/06/2026") });
    await click(browser, "[data-testid=progress-save]");
    await waitForText(browser, "[data-testid=progress-export] [data-testid=error-summary]", "The last day of the period must be on or after the first");
    await fill(browser, { ...dateBoxes("progress-from", "01/07/2026"), ...dateBoxes("progress-to", "31/12/2026") });
    answer(update);
    await click(browser, "[data-testid=progress-save]");
    await waitForText(browser, "[data-testid=progress-export-saved]", "pages");

    // The portfolio: the three contracts at the owner's own levels, numbers as well as colour.
    await click(browser, "a=Portfolio");
    await waitForText(browser, "h1", "Portfolio");
    await waitForText(browser, "[data-testid=portfolio-summary]", "3 contracts match; 3 assessed (0 agreed by the group, 3 the owner's own)");
    await waitForText(browser, "[data-testid=heatmap]", "Total Facilities Management – Mid Kent");
    const cells = await browser.$$("[data-testid=heatmap] tbody tr:first-child td.app-level");
    assert.equal(cells.length, 8, "eight activities");
    for (const c of cells) assert.match(await c.getText(), /[1-5]/, "each level written as a number");
    await waitForText(browser, "[data-testid=distribution]", "Planning and governance");
    await browser.execute(() => document.querySelector("[data-testid=portfolio-summary]")?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "portfolio");
    await assertAccessible(browser, "the portfolio");

    // Filters: another service area empties it; a bad date names its field.
    await (await browser.$("#portfolio-value_band")).selectByAttribute("value", "under100k");
    await waitForText(browser, "[data-testid=portfolio-summary]", "0 contracts match");
    await click(browser, "button=Clear the filters");
    await waitForText(browser, "[data-testid=portfolio-summary]", "3 contracts match");
    await fill(browser, dateBoxes("portfolio-from", "31/02/2026"));
    await click(browser, "[data-testid=filter-apply]");
    await waitForText(browser, "[data-testid=error-summary]", "The first date: 31 February 2026 does not exist");

    // Rebecca Spore leaves: her contracts go to Sam Okafor, with her note, and he gets a
    // summary of what he takes on.
    await click(browser, "a=Contracts");
    await click(browser, "a=Total Facilities Management – East Kent");
    await click(browser, "[data-testid=hand-over]");
    await waitForText(browser, "h1", "Hand over Total Facilities Management – East Kent");
    await waitForText(browser, "[data-testid=handover-contracts]", "Total Facilities Management – West Kent");
    await click(browser, "label*=Mid Kent");
    await click(browser, "label*=West Kent");
    await click(browser, "[data-testid=save-handover]");
    await waitForText(browser, "[data-testid=error-summary]", "Enter the successor's name");
    await waitForText(browser, "[data-testid=handover-status]", "Not saved");
    await fill(browser, {
      successor: "Sam Okafor",
      position: "Head of Facilities Management",
      ...dateBoxes("handed_over_on", "01/12/2026"),
      note: "The exit plan needs refreshing before the March review.",
    });
    await click(browser, "[data-testid=save-handover]");
    await waitForText(browser, "h1", "Handed over to Sam Okafor");
    await waitForText(browser, "[data-testid=handed-over]", "3 contracts are now Sam Okafor's");
    await waitForText(browser, "[data-testid=owner-history]", "Sam Okafor, Head of Facilities Management, since 1 December 2026");
    await waitForText(browser, "[data-testid=owner-history]", "Rebecca Spore, until 1 December 2026");
    await waitForText(browser, "[data-testid=handover-note]", "The exit plan needs refreshing before the March review.");
    await waitForText(browser, "[data-testid=handover-summary]", "12 March 2027");
    await waitForText(browser, "[data-testid=in-progress]", "signed and on a review group agenda");
    await settle(browser);
    await screenshot(browser, "handover-summary");
    await assertAccessible(browser, "the handover summary");
    const handover = path.join(workDir, "Handover summary.pdf");
    answer(handover);
    await click(browser, "button=Save the handover summary (PDF)");
    await waitForText(browser, "[data-testid=handover-saved]", "Saved");
    const summary = pdfText(handover);
    for (const want of ["Handover summary for Sam Okafor", "Kent County Council", "The exit plan needs refreshing before the March review.", "12 March 2027"]) {
      assert.ok(summary.includes(want), `the handover summary lacks "${want}"`);
    }
    // The contract's page names its new owner.
    await click(browser, "a=Contracts");
    await click(browser, "a=Total Facilities Management – West Kent");
    await browser.waitUntil(async () => (await (await browser.$("#contract_owner")).getValue()) === "Sam Okafor", {
      timeoutMsg: "the contract's owner is not Sam Okafor",
    });
  });

  const plan = readFileSync(csv, "utf8");
  assert.ok(plan.startsWith("\uFEFFDate of CMRG,Contract,Lead Officer,Status"), plan);
  assert.ok(plan.includes("12.03.27, 3pm – 4pm"));
  assert.ok(plan.includes("14.01.27, 3pm – 4pm"), "where it moved from");
  assert.ok(plan.includes("April 2027 (date tbc)"));

  assert.ok(existsSync(update));
  const text = pdfText(update);
  for (const want of [
    "Six Month Update and Forward Plan for Contract Management Review Group",
    "To: Policy and Resources Cabinet Committee",
    "1 Overview",
    "2 Contracts reviewed in the period",
    "5 Actions",
    "6 The portfolio's maturity",
    "7 Upcoming reviews",
    "Date of CMRG Contract Lead Officer Status",
    "(Moved from 14.01.27, 3pm – 4pm)",
    "Rebecca Spore",
  ]) {
    assert.ok(text.includes(want), `the update says ${want}`);
  }
});
