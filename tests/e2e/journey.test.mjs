// The first journey: an empty database; add a contract through the form; see the error
// for an expiry before award; fix it; quit; start again; the contract is still there.
// Every screen visited is checked with axe-core for WCAG 2.2 A and AA.
import assert from "node:assert/strict";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { assertAccessible, chooseCouncil, fill, introduce, screenshot, useDriver, waitForText, withApp } from "./harness.mjs";

const workDir = useDriver("journey");
const dbPath = path.join(workDir, "journey.sqlite3");


async function fillDate(browser, field, day, month, year) {
  await fill(browser, { [`${field}-day`]: day, [`${field}-month`]: month, [`${field}-year`]: year });
}

test("add a contract, correct a validation error, and find it again after a restart", async () => {
  await withApp(dbPath, async (browser) => {
    // First start: the app asks for the council's names (Kent's, from its papers, to
    // start from), then who is using it.
    await waitForText(browser, "h1", "Welcome");
    await (await browser.$("[data-testid=council-form]")).waitForDisplayed();
    await screenshot(browser, "welcome-asks-for-the-council");
    await assertAccessible(browser, "the welcome screen");
    await chooseCouncil(browser);
    await assertAccessible(browser, "who is using the app");
    await (await browser.$("[data-testid=save-user]")).click();
    await waitForText(browser, ".govuk-error-summary", "Enter your name");
    await screenshot(browser, "welcome-asks-who-you-are");
    await introduce(browser, "Rebecca Spore");
    await waitForText(browser, "[data-testid=first-steps]", "Add the contracts you are accountable for");
    await waitForText(browser, "[data-testid=empty-register]", "No contracts yet");
    await screenshot(browser, "empty-register");
    await assertAccessible(browser, "the empty register");

    await (await browser.$("button=Add a contract")).click();
    await waitForText(browser, "h1", "Add a contract");
    assert.equal(await browser.getTitle(), "Add a contract – Contract management maturity");
    await assertAccessible(browser, "the new contract form");

    await fill(browser, {
      name: "Facilities management – East Kent",
      reference: "FM-2016-001",
      service_area: "Strategic and Corporate Services",
      contract_owner: "Rebecca Spore",
      contractor_legal_name: "Amey Community Limited",
      contractor_trading_name: "Amey",
      whole_life_cost_nominal: "45,000,000",
      current_year_value: "6,400,000.50",
      scope: "Hard and soft facilities management across 120 buildings in East Kent.",
    });
    await fillDate(browser, "award_date", "1", "4", "2016");
    await fillDate(browser, "expiry_date", "31", "3", "2015");
    await screenshot(browser, "form-filled-with-expiry-before-award");

    await (await browser.$("[data-testid=save-contract]")).click();
    await waitForText(browser, "[data-testid=error-summary]", "Date of expiry must be after the date of contract award");
    const fieldError = await browser.$("#expiry_date-error");
    assert.match(await fieldError.getText(), /Date of expiry must be after the date of contract award/);
    await screenshot(browser, "validation-error-expiry-before-award");
    await assertAccessible(browser, "the form showing a validation error");

    await fillDate(browser, "expiry_date", "31", "3", "2023");
    await (await browser.$("[data-testid=save-contract]")).click();
    await waitForText(browser, "[data-testid=register-table]", "Facilities management – East Kent");
    const table = await (await browser.$("[data-testid=register-table]")).getText();
    assert.match(table, /FM-2016-001/);
    assert.match(table, /Amey Community Limited \(trading as Amey\)/);
    assert.match(table, /31 March 2023/);
    assert.match(table, /£6,400,000\.50/);
    await screenshot(browser, "register-with-the-new-contract");
    await assertAccessible(browser, "the register with a contract");

    // Start a second contract and stop part-way: what was typed must survive a restart.
    await (await browser.$("button=Add a contract")).click();
    await waitForText(browser, "h1", "Add a contract");
    await fill(browser, { name: "Home to school transport" });
    await waitForText(browser, "[data-testid=save-status]", "Draft kept");
  });

  await withApp(dbPath, async (browser) => {
    await waitForText(browser, "[data-testid=register-table]", "Facilities management – East Kent");
    await waitForText(browser, ".govuk-notification-banner", "Home to school transport");
    await screenshot(browser, "after-restart-contract-and-draft-still-there");
    await assertAccessible(browser, "the register after a restart");

    await (await browser.$("a=Facilities management – East Kent")).click();
    await waitForText(browser, "h1", "Facilities management – East Kent");
    assert.equal(await (await browser.$("#expiry_date-year")).getValue(), "2023");
    assert.equal(await (await browser.$("#current_year_value")).getValue(), "£6,400,000.50");
    await screenshot(browser, "contract-reopened-for-editing");
    await assertAccessible(browser, "an existing contract's form");
  });
});

test("a damaged data file is explained, and the latest backup restored on request", async () => {
  const damagedDb = path.join(workDir, "damaged.sqlite3");
  // First start creates the file; the second takes the day's backup copy.
  await withApp(damagedDb, async (browser) => {
    await introduce(browser);
    await (await browser.$("button=Add a contract")).click();
    await fill(browser, {
      name: "Waste disposal",
      reference: "WD-2015-007",
      contractor_legal_name: "FCC Environment (UK) Limited",
      contract_owner: "Tom Officer",
    });
    await fillDate(browser, "award_date", "1", "10", "2015");
    await fillDate(browser, "expiry_date", "30", "9", "2030");
    await (await browser.$("[data-testid=save-contract]")).click();
    await waitForText(browser, "[data-testid=register-table]", "Waste disposal");
  });
  await withApp(damagedDb, async (browser) => {
    await waitForText(browser, "[data-testid=register-table]", "Waste disposal");
  });
  for (const suffix of ["-wal", "-shm"]) rmSync(damagedDb + suffix, { force: true });
  writeFileSync(damagedDb, "This file was overwritten by something else.");

  await withApp(damagedDb, async (browser) => {
    await waitForText(browser, "h1", "Your data file is damaged");
    const text = await (await browser.$("main")).getText();
    assert.match(text, /damaged/);
    assert.match(text, /Nothing has been changed/);
    // Nothing could be read from the overwritten file, so the app cannot say what the
    // backup lacks: it says so, and asks before restoring.
    assert.match(text, /Nothing could be read from the damaged file/);
    await screenshot(browser, "damaged-database-offers-restore");
    await assertAccessible(browser, "the damaged database screen");
    const restore = await browser.$("button*=Restore the backup of");
    assert.equal(await restore.isEnabled(), false, "not until the officer says they understand");
    await (await browser.$("label*=I understand that anything entered since")).click();
    await restore.click();
    await waitForText(browser, "[data-testid=register-table]", "Waste disposal");
    await screenshot(browser, "register-after-restoring-the-backup");
  });
  const kept = readdirSync(workDir).filter((f) => f.startsWith("damaged.sqlite3.damaged-"));
  assert.equal(kept.length, 1, "the damaged file is kept beside the restored one");
});
