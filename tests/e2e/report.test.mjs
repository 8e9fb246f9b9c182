// A contract owner starts a maturity report, walks the eight activities with the keyboard
// alone while the descriptors are on screen, sets the overall row, and finds it all again
// after a restart. Every screen is checked with axe-core.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import {
  addContract,
  assertAccessible,
  fillAttestation,
  introduce,
  screenshot,
  useDriver,
  waitForText,
  withApp,
} from "./harness.mjs";

const workDir = useDriver("report");
const dbPath = path.join(workDir, "report.sqlite3");

/** Presses Tab until the focused element matches `selector` (at most `limit` presses). */
async function tabTo(browser, selector, limit = 60) {
  for (let i = 0; i < limit; i++) {
    const on = await browser.execute((sel) => document.activeElement?.matches(sel) ?? false, selector);
    if (on) return;
    await browser.keys("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Chooses a level in a radio group with the keyboard: Tab into the group, then arrows. */
async function chooseLevel(browser, field, level) {
  await tabTo(browser, `input[name=${field}]`);
  const focused = await browser.execute(() => Number(document.activeElement.value));
  await browser.keys("Space");
  const key = level >= focused ? "ArrowRight" : "ArrowLeft";
  for (let i = 0; i < Math.abs(level - focused); i++) await browser.keys(key);
  const checked = await browser.execute((f) => document.querySelector(`input[name=${f}]:checked`)?.value, field);
  assert.equal(Number(checked), level, `${field} should be ${level}`);
}

const ACTIVITIES = [
  "Planning and governance",
  "People",
  "Administration",
  "Managing relationships",
  "Managing performance",
  "Payment and incentives",
  "Risk",
  "Contract development",
];

test("start a report and assess all eight activities with the keyboard alone", async () => {
  await withApp(dbPath, async (browser) => {
    await introduce(browser);
    // A contract to report on.
    await addContract(browser, {
      name: "Older people residential care",
      reference: "ASC-2014-002",
      contractor: "Kent Care Homes Partnership",
      owner: "Clare Maynard",
      award: "1/4/2014",
      expiry: "31/3/2027",
    });

    await (await browser.$("a=Maturity reports")).click();
    await waitForText(browser, "h1", "Maturity reports");
    await assertAccessible(browser, "the list of maturity reports");
    await (await browser.$("button=Start a maturity report")).click();
    await waitForText(browser, "h1", "Start a maturity report");
    await (await browser.$("#meeting_date-day")).setValue("12");
    await (await browser.$("#meeting_date-month")).setValue("10");
    await (await browser.$("#meeting_date-year")).setValue("2026");
    await assertAccessible(browser, "the start a report form");
    await (await browser.$("button=Start the report")).click();

    await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
    const tasks = await (await browser.$("[data-testid=task-list]")).getText();
    assert.match(tasks, /1\. Contract details/);
    assert.match(tasks, /12\. Forward look/);
    await screenshot(browser, "report-task-list-new");
    await assertAccessible(browser, "the report's task list");

    await (await browser.$("a=2. Maturity assessment")).click();
    for (let step = 1; step <= 8; step++) {
      const name = ACTIVITIES[step - 1];
      await waitForText(browser, "h1", name);
      const descriptors = await (await browser.$("[data-testid=descriptors]")).getText();
      assert.match(descriptors, /1 Ad-hoc/);
      assert.match(descriptors, /5 Optimised/);
      const current = 1 + (step % 3);
      const target = current + 1;
      await chooseLevel(browser, "current_level", current);
      await chooseLevel(browser, "target_level", target);
      await tabTo(browser, "#rationale");
      // WebKitWebDriver can drop the second of two identical keys in a row, so the text
      // typed here has no doubled letters.
      await browser.keys(`Evidence: the contract management plan, part ${step}.`);
      if (step === 1) {
        await browser.execute(() => window.scrollTo(0, 0));
        await screenshot(browser, "level-choice-descriptors");
        await screenshot(browser, "level-choice-planning-and-governance");
        await assertAccessible(browser, "the level choice screen");
      }
      await tabTo(browser, "[data-testid=save-and-continue]");
      await browser.keys("Enter");
    }

    await waitForText(browser, "h1", "Overall maturity");
    await waitForText(browser, "[data-testid=spread]", "all eight activities");
    await chooseLevel(browser, "current_level", 2);
    await chooseLevel(browser, "target_level", 3);
    await tabTo(browser, "#rationale");
    await browser.keys("Standardised in parts; administration systems hold it back.");
    await screenshot(browser, "overall-row-with-spread");
    await assertAccessible(browser, "the overall row");
    await tabTo(browser, "[data-testid=save-and-continue]");
    await browser.keys("Enter");

    await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
    await screenshot(browser, "report-task-list-after-assessment");

    // Section 3: the owner's attestation, the template's seven statements.
    await (await browser.$("a=3. Attestation by the Contract Owner")).click();
    await waitForText(browser, "h1", "Attestation by the Contract Owner");
    // Statement 4: the council's rights "have not" been waived; answering "have" is a red flag.
    await fillAttestation(browser, {
      name: "Clare Maynard",
      position: "Head of Commissioning Portfolio",
      since: "1/4/2016",
      choices: [0, 0, 0, 0, 0, 1, 0],
    });
    await waitForText(browser, "[data-testid=save-status]", "Statements 4 are answered on the negative side");

    const flagged = await (await browser.$("label[for=statement_4-0]")).getText();
    assert.match(flagged, /KCC's rights under the contract\(s\) have been waived/);
    assert.match(flagged, /Red flag/);
    await screenshot(browser, "attestation-with-a-red-flag");
    await assertAccessible(browser, "the attestation");
    await (await browser.$("[data-testid=save-attestation]")).click();
    await waitForText(browser, "[data-testid=task-list]", "Attestation");
    assert.equal(await (await browser.$("#section-3-status")).getText(), "Completed");
  });

  // After a restart every answer is still there.
  await withApp(dbPath, async (browser) => {
    await (await browser.$("a=Maturity reports")).click();
    await waitForText(browser, "[data-testid=reports-table]", "Older people residential care");
    const row = await (await browser.$("[data-testid=reports-table]")).getText();
    assert.match(row, /12 October 2026/);
    assert.match(row, /Completed/);
    await (await browser.$("a=Older people residential care")).click();
    await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
    const status = await (await browser.$("#section-2-status")).getText();
    assert.equal(status, "Completed");
    await (await browser.$("a=2. Maturity assessment")).click();
    await waitForText(browser, "h1", "Planning and governance");
    const checked = await browser.execute(() => document.querySelector("input[name=current_level]:checked")?.value);
    assert.equal(checked, "2");
    assert.equal(await (await browser.$("#rationale")).getValue(), "Evidence: the contract management plan, part 1.");
  });
});
