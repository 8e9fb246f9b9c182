// A revised maturity matrix in the real window. A commissioner saves the matrix in use as a
// workbook, then chooses a revised workbook with a ninth activity, sees what it changes from
// the version in use (an activity renamed, bullets reworded, removed and added, one activity
// retired, two added), and loads and adopts it. A contract owner then starts a report on it
// and walks all nine activities and the overall row; another carries the example report
// forward, still on the 2016 matrix, and moves it to the revision once each changed activity
// is confirmed. The example report itself keeps the 2016 matrix and is still as signed. A
// file with mistakes is refused, every problem listed.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import {
  CMM_BINARY,
  addContract,
  assertAccessible,
  click,
  fill,
  introduce,
  screenshot,
  settle,
  useDriver,
  useFakeDialogs,
  waitForText,
  withApp,
} from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const REVISED = path.join(here, "../fixtures/frameworks/kcc-2027-04-revised.json");
const workDir = useDriver("framework");
const answer = useFakeDialogs(workDir);
const db = path.join(workDir, "revised.sqlite3");

test("a revised framework with a ninth activity is compared, adopted and walked", async () => {
  // The example report, signed on the 2016 matrix, is in the file before the revision.
  const made = spawnSync(CMM_BINARY, ["--db", db, "load-example"], { encoding: "utf8" });
  assert.equal(made.status, 0, made.stderr);

  // The revision as a council sends it: a workbook, activities by levels (made here from the
  // JSON fixture, through a scratch data file, as `cmm framework export` writes it).
  const scratch = path.join(workDir, "scratch.sqlite3");
  const revisedWorkbook = path.join(workDir, "kcc-2027-04-revised.xlsx");
  for (const args of [
    ["load-example"],
    ["framework", "import", REVISED],
    ["framework", "export", revisedWorkbook, "--version", "kcc-2027-04"],
  ]) {
    const run = spawnSync(CMM_BINARY, ["--db", scratch, ...args], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
  }

  // A revision with mistakes: every problem listed, nothing loaded.
  const bad = JSON.parse(readFileSync(REVISED, "utf8"));
  bad.version = "kcc-2027-05";
  bad.date = "";
  bad.activities[8].key = "social-value";
  const badFile = path.join(workDir, "revision-with-mistakes.json");
  writeFileSync(badFile, JSON.stringify(bad, null, 2));

  await withApp(db, async (browser) => {
    await introduce(browser, "Vincent Godfrey");
    await click(browser, "a=Programme");
    await click(browser, "[data-testid=frameworks-link]");
    await waitForText(browser, "h1", "Framework versions");
    await waitForText(browser, "[data-testid=framework-kcc-2016-09]", "In use");

    answer(badFile);
    await click(browser, "[data-testid=choose-framework]");
    await waitForText(browser, "[data-testid=framework-problems]", "There are 2 problems");
    const problems = await (await browser.$("[data-testid=framework-problems]")).getText();
    assert.match(problems, /date must not be blank/);
    assert.match(problems, /Activity 9 \(Exit and transition\) has the key "social-value"/);
    await screenshot(browser, "framework-problems");

    // The matrix in use saved as a workbook, the starting point for a revision.
    const saved = path.join(workDir, "framework-in-use.xlsx");
    answer(saved);
    await click(browser, "[data-testid=save-framework-workbook]");
    await waitForText(browser, "[data-testid=framework-message]", "Saved version kcc-2016-09");
    assert.equal(readFileSync(saved).subarray(0, 2).toString(), "PK");

    // The revision as it should be: the screen of differences before anything is stored.
    answer(revisedWorkbook);
    await click(browser, "[data-testid=choose-framework]");
    await waitForText(browser, "h2", "What version kcc-2027-04 changes");
    await waitForText(browser, "[data-testid=difference-counts]", "2 activities added, 1 retired and 4 changed");
    await waitForText(browser, "[data-testid=difference-people]", "Renamed from “People”");
    await waitForText(browser, "[data-testid=difference-contract-development]", "Retired");
    await waitForText(browser, "[data-testid=difference-social-value]", "Added");
    const planning = await (await browser.$("[data-testid=difference-planning-and-governance]")).getText();
    assert.match(planning, /Level 3 \(Standardised\), reworded/);
    assert.equal(await (await browser.$("[data-testid=difference-planning-and-governance] ins")).getText(), "fully");
    await assertAccessible(browser, "the differences of a revised framework");
    assert.equal((await browser.$$("[data-testid=framework-message]")).length, 0, "the saved message went with the next action");
    await browser.execute(() => document.getElementById("candidate-heading")?.scrollIntoView());
    await screenshot(browser, "framework-differences");

    await click(browser, "[data-testid=load-and-adopt]");
    await waitForText(browser, "[data-testid=framework-message]", "Version kcc-2027-04 is loaded and adopted");
    await waitForText(browser, "[data-testid=framework-kcc-2027-04]", "In use");
    assert.equal(await (await browser.$("[data-testid=framework-kcc-2027-04-activities]")).getText(), "9");
    await screenshot(browser, "framework-adopted");

    // A report started now is on the revision: nine activities, then the overall row.
    await click(browser, "a=Contracts");
    await waitForText(browser, "h1", "Contracts");
    await addContract(browser, {
      name: "Highways term maintenance",
      reference: "HW-2027-001",
      contractor: "Amey LG Limited",
      owner: "Simon Jones",
      award: "1/4/2027",
      expiry: "31/3/2034",
    });
    await click(browser, "a=Maturity reports");
    await click(browser, "button=Start a maturity report");
    await waitForText(browser, "h1", "Start a maturity report");
    await click(browser, "label*=Highways term maintenance");
    await click(browser, "button=Start the report");
    await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
    await click(browser, "a=2. Maturity assessment");
    const names = [];
    for (let step = 1; step <= 10; step++) {
      await waitForText(browser, "[data-testid=save-and-continue]", step < 10 ? "Save and continue" : "Save and return");
      const caption = await (await browser.$(".govuk-caption-l")).getText();
      if (step < 10) assert.match(caption, new RegExp(`activity ${step} of 9`));
      names.push(await (await browser.$("h1")).getText());
      await click(browser, "label[for=current_level-2]");
      await click(browser, "label[for=target_level-3]");
      await fill(browser, { rationale: `Informal processes only, on some contracts (${step}).` });
      if (step === 9) await screenshot(browser, "framework-ninth-activity");
      await click(browser, "[data-testid=save-and-continue]");
    }
    assert.deepEqual(names, [
      "Planning and governance",
      "People and skills",
      "Administration",
      "Managing relationships",
      "Managing performance",
      "Payment and incentives",
      "Risk",
      "Social value",
      "Exit and transition",
      "Overall maturity",
    ]);
    await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
    assert.equal(await (await browser.$("#section-2-status")).getText(), "Completed");

    // The example report carried forward keeps the 2016 matrix until its owner moves it.
    await click(browser, "a=Maturity reports");
    await click(browser, "button=Start a maturity report");
    await waitForText(browser, "h1", "Start a maturity report");
    await click(browser, "label*=Total Facilities Management – East Kent");
    await waitForText(browser, "label[for=previous]", "Start from an earlier report");
    // The one earlier report: the example, signed on the 2016 matrix.
    await (await browser.$("#previous")).selectByIndex(1);
    await click(browser, "button=Start the report");
    await waitForText(browser, "[data-testid=framework-banner]", "This report is on framework version kcc-2016-09");
    await click(browser, "a=See what changed and move the report");
    await waitForText(browser, "h1", "Move this report to the framework in use");
    // Four activities changed and two added (tests/fixtures/frameworks/README.md).
    await waitForText(browser, "[data-testid=left-to-confirm]", "6 of 6 still to confirm");
    await screenshot(browser, "framework-move");
    // Moving before every change is confirmed is refused, naming what is left.
    await click(browser, "label[for=confirm-people]");
    await waitForText(browser, "[data-testid=left-to-confirm]", "5 of 6 still to confirm");
    await click(browser, "[data-testid=move-report]");
    await waitForText(browser, "[data-testid=error-summary]", "Social value");
    for (const key of ["planning-and-governance", "administration", "managing-performance", "social-value", "exit-and-transition"]) {
      await click(browser, `label[for=confirm-${key}]`);
    }
    await waitForText(browser, "[data-testid=left-to-confirm]", "Every added or changed activity is confirmed");
    await assertAccessible(browser, "moving a report to the revised framework");
    await click(browser, "[data-testid=move-report]");
    await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
    assert.equal((await browser.$$("[data-testid=framework-banner]")).length, 0, "the report is on the version in use");
    await click(browser, "a=2. Maturity assessment");
    await waitForText(browser, ".govuk-caption-l", "activity 1 of 9");
    // The answer carried forward follows its activity; a changed one is to confirm again.
    await waitForText(browser, "body", "This answer was carried forward from the previous report");
    await settle(browser);
  });

  // Every report made on the 2016 matrix keeps it, and its seal.
  const list = JSON.parse(spawnSync(CMM_BINARY, ["--db", db, "--json", "list"], { encoding: "utf8" }).stdout);
  const example = list.find((r) => r.attestation !== "not_signed");
  assert.equal(example.attestation, "intact");
  const versions = JSON.parse(spawnSync(CMM_BINARY, ["--db", db, "--json", "framework", "list"], { encoding: "utf8" }).stdout);
  assert.deepEqual(
    versions.map((v) => [v.version, v.in_use, v.reports]),
    [
      ["kcc-2016-09", false, 1],
      ["kcc-2027-04", true, 2],
    ],
  );
});
