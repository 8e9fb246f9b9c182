// Importing a published contract register in the real window: a Windows-1252 CSV with
// semicolons and one bad row; the columns are matched, every row checked, the good rows
// imported; importing again updates rather than duplicates; the register exports to CSV.
import assert from "node:assert/strict";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  assertAccessible,
  click,
  dateBoxes,
  fill,
  introduce,
  screenshot,
  settle,
  useDriver,
  useFakeDialogs,
  waitForText,
  withApp,
} from "./harness.mjs";

const workDir = useDriver("register");
const answer = useFakeDialogs(workDir);
const db = path.join(workDir, "commissioner.sqlite3");
const csv = path.join(workDir, "Contracts over 5000.csv");
const exported = path.join(workDir, "Contract register.csv");
const fixtures = path.resolve(import.meta.dirname, "../../src-tauri/register/tests/fixtures");

// Windows-1252: "£" is 0xA3 and "é" 0xE9.
const lines = [
  "Contract Reference;Title of Agreement;Supplier Name;Start Date;End Date;Total Contract Value;Directorate",
  "HW-2011-001;Highways term maintenance;Amey LG Limited;01/09/2011;31/08/2027;\xA3150,000,000;Growth, Environment and Transport",
  "LIK-2018-002;Locate in Kent (inward investment, caf\xE9 network);Locate in Kent Ltd;01/04/2018;31/03/2026;\xA3900,000;Economic Development",
  "BAD-1;A row with a bad date;Somebody Ltd;01/04/2018;31/13/2026;\xA31,000;Finance",
];

/**
 * Chooses `file`, waits until `selector` reads `text`, gives the default owner and checks
 * every row; then the preview counts read `counts`.
 */
async function checkFile(browser, file, [selector, text], counts) {
  answer(file);
  await click(browser, "[data-testid=choose-register]");
  await waitForText(browser, selector, text);
  await fill(browser, { "default-owner": "Vincent Godfrey" });
  await checkEveryRow(browser);
  await waitForText(browser, "[data-testid=preview-counts]", counts);
}

/** Imports the rows checked; the confirmation reads `done`. Then back to the register. */
async function importChecked(browser, done) {
  await click(browser, "[data-testid=import-rows]");
  await waitForText(browser, "[data-testid=register-imported]", done);
  await click(browser, "button=See the contracts");
}

/** "Check every row", once typing the owner has let it be pressed. */
async function checkEveryRow(browser) {
  const button = await browser.$("[data-testid=check-register]");
  await button.waitForEnabled({ timeout: 5000 });
  await button.click();
}

test("import a register, re-import it, see the priority list, and export it", async () => {
  writeFileSync(csv, Buffer.from(lines.join("\r\n") + "\r\n", "latin1"));

  await withApp(db, async (browser) => {
    await introduce(browser, "Vincent Godfrey");
    await click(browser, "[data-testid=import-register]");
    await waitForText(browser, "h1", "Import a contract register");
    answer("");
    await click(browser, "[data-testid=choose-register]");
    await settle(browser);
    assert.equal(await (await browser.$("[data-testid=mapping]")).isExisting(), false, "cancelled: nothing read");

    await checkFile(browser, csv, ["[data-testid=mapping]", "Title of Agreement"], "2 new, 0 to update, 1 left out");
    await waitForText(browser, "[data-testid=preview]", "there is no month 13");
    await browser.execute(() => document.querySelector("[data-testid=preview-counts]")?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "register-preview");
    await assertAccessible(browser, "the register import preview");
    await importChecked(browser, "2 added, 0 updated, 1 left out");
    await waitForText(browser, "[data-testid=register-table]", "Locate in Kent (inward investment, café network)");

    // The same file again: updated by reference, not duplicated.
    await click(browser, "[data-testid=import-register]");
    await checkFile(browser, csv, ["[data-testid=mapping]", "Title of Agreement"], "0 new, 2 to update, 1 left out");
    await importChecked(browser, "0 added, 2 updated");
    await waitForText(browser, "[data-testid=register-table]", "Highways term maintenance");
    const rows = await browser.$$("[data-testid=register-table] tbody tr");
    assert.equal(rows.length, 2, "no duplicates");

    // The programme: both contracts, never reviewed, ranked with their reasons.
    await click(browser, "a=Programme");
    await waitForText(browser, "[data-testid=priority-list]", "Never reviewed");
    await click(browser, "a=Locate in Kent (inward investment, café network)");
    await waitForText(browser, "[data-testid=contract-priority]", "Choosing it for review");
    await fill(browser, { "req-by": "Growth, Economic Development and Communities Cabinet Committee", ...dateBoxes("req-on", "12/11/2026") });
    await click(browser, "button=Record the request");
    await waitForText(browser, "[data-testid=priority-status]", "Recorded the request");
    await click(browser, "a=Programme");
    await waitForText(browser, "[data-testid=priority-list]", "Review requested by Growth, Economic Development");
    await settle(browser);
    await screenshot(browser, "priority-list");
    await assertAccessible(browser, "the programme");

    await click(browser, "a=Contracts");
    await waitForText(browser, "[data-testid=register-table]", "Highways term maintenance");
    answer(exported);
    await click(browser, "button=Export as CSV");
    await waitForText(browser, "[data-testid=register-exported]", "Exported 2 contracts");
  });
  assert.ok(existsSync(exported));
  const text = readFileSync(exported, "utf8");
  assert.ok(text.includes("café network"), "exported as UTF-8");
  assert.ok(text.includes("HW-2011-001"));
});

// The council's trial files: a workbook whose first sheet is a read-me, and a UTF-8 file
// with one byte that is not UTF-8. The register sheet is suggested and any can be chosen;
// the cell that is not UTF-8 is named and shown, and the person decides how to read it.
test("choose the sheet, and decide about a cell that is not UTF-8", async () => {
  const book = path.join(workDir, "Contracts register.xlsx");
  const stray = path.join(workDir, "Contracts with a stray byte.csv");
  copyFileSync(path.join(fixtures, "read-me-sheet-first.xlsx"), book);
  copyFileSync(path.join(fixtures, "utf8-with-one-stray-byte.csv"), stray);

  await withApp(path.join(workDir, "sheets.sqlite3"), async (browser) => {
    await introduce(browser, "Vincent Godfrey");
    await click(browser, "[data-testid=import-register]");
    answer(book);
    await click(browser, "[data-testid=choose-register]");
    await waitForText(browser, "[data-testid=register-file]", "sheet “Contracts”: 2 rows below the headings on row 1");
    await (await browser.$("#register-sheet")).selectByVisibleText("Read me");
    await waitForText(browser, "[data-testid=mapping-problems]", "No column is the reference");
    assert.equal(await (await browser.$("[data-testid=check-register]")).isEnabled(), false, "rows are not checked without the needed columns");
    await (await browser.$("#register-sheet")).selectByVisibleText("Contracts (suggested)");
    await waitForText(browser, "[data-testid=register-file]", "sheet “Contracts”");
    await fill(browser, { "default-owner": "Vincent Godfrey" });
    await checkEveryRow(browser);
    await waitForText(browser, "[data-testid=preview-counts]", "2 new, 0 to update, 0 left out");
    await waitForText(browser, "[data-testid=preview]", "£1,234,567.00");
    await click(browser, "[data-testid=import-rows]");
    await waitForText(browser, "[data-testid=register-imported]", "2 added");

    await click(browser, "button=See the contracts");
    await click(browser, "[data-testid=import-register]");
    answer(stray);
    await click(browser, "[data-testid=choose-register]");
    await waitForText(browser, "[data-testid=not-utf8]", "one cell is not");
    assert.equal(await (await browser.$("#register-encoding")).getValue(), "utf8", "the encoding worked out, and offered to change");
    await waitForText(browser, "main", "Row 3, column B (Title): “Council’s school transport”");
    await fill(browser, { "default-owner": "Vincent Godfrey" });
    await checkEveryRow(browser);
    await waitForText(browser, "[data-testid=preview-counts]", "0 new, 1 to update, 1 left out");
    await waitForText(browser, "[data-testid=preview]", "Café Verde Ltd");
    await waitForText(browser, "[data-testid=preview]", "Siân Ellis");
    await click(browser, "label=As shown above (Windows-1252)");
    await checkEveryRow(browser);
    await waitForText(browser, "[data-testid=preview-counts]", "0 new, 2 to update, 0 left out");
    await browser.execute(() => document.querySelector("[data-testid=not-utf8]")?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "register-not-utf8");
    await assertAccessible(browser, "the register import with a cell that is not UTF-8");
    await click(browser, "[data-testid=import-rows]");
    await waitForText(browser, "[data-testid=register-imported]", "0 added, 2 updated");
    await click(browser, "button=See the contracts");
    await waitForText(browser, "[data-testid=register-table]", "Council’s school transport");
  });
});

// What the person should check is said before and after the rows are checked: a column
// that could also be the reference, money in thousands, dates written month first.
test("a register in thousands of pounds with US dates says so", async () => {
  const us = path.join(workDir, "Contracts (US export).csv");
  writeFileSync(
    us,
    [
      "ID,Contract Reference,Title,Supplier Name,Start Date,End Date,Contract Value (£k),Contract Owner",
      "1,US-1,Grounds maintenance,Greenway Services Ltd,04/01/2023,03/31/2026,500,Alex Example",
      "2,US-2,School transport,Rivertown Coaches Ltd,09/01/2022,08/31/2025,\"1,234.5\",Sam Sample",
    ].join("\r\n") + "\r\n",
  );
  await withApp(path.join(workDir, "notes.sqlite3"), async (browser) => {
    await introduce(browser, "Vincent Godfrey");
    await click(browser, "[data-testid=import-register]");
    answer(us);
    await click(browser, "[data-testid=choose-register]");
    await waitForText(browser, "[data-testid=mapping-notes]", "Column B (Contract Reference) is used as the reference; column A (ID) could also be it");
    await waitForText(browser, "[data-testid=mapping-notes]", "is in thousands of pounds");
    await checkEveryRow(browser);
    await waitForText(browser, "[data-testid=preview-counts]", "2 new, 0 to update, 0 left out");
    await waitForText(browser, "[data-testid=preview-note]", "The dates are read month first");
    await waitForText(browser, "[data-testid=preview]", "£1,234,500.00");
    await waitForText(browser, "[data-testid=preview]", "31/03/2026");
    await browser.execute(() => document.querySelector("[data-testid=mapping-notes]")?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "register-notes");
    await browser.execute(() => document.querySelector("[data-testid=preview-counts]")?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "register-notes-preview");
    await assertAccessible(browser, "the register import with notes to check");
  });
});

// Contracts as Contracts Finder and Find a Tender publish them: an OCDS release package
// (made up, tests/fixtures/ocds). Each contracting process is one row, from its latest
// release; the one valued in euros is left out, naming the currency; the highways framework
// keeps its three suppliers; importing the package again updates, never duplicates.
test("contracts from an OCDS package (Contracts Finder)", async () => {
  const ocds = path.resolve(import.meta.dirname, "../fixtures/ocds/release-package.json");
  await withApp(path.join(workDir, "ocds.sqlite3"), async (browser) => {
    await introduce(browser, "Vincent Godfrey");
    await click(browser, "[data-testid=import-register]");
    await checkFile(browser, ocds, ["[data-testid=mapping]", "OCID (open contracting identifier)"], "2 new, 0 to update, 1 left out");
    await waitForText(browser, "[data-testid=register-file]", "an OCDS package with 3 contracting processes");
    await waitForText(browser, "[data-testid=preview]", "Currency (column M) is EUR");
    await waitForText(browser, "[data-testid=preview]", "£1,290,000.00");
    await browser.execute(() => document.querySelector("[data-testid=register-file]")?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "register-ocds");
    await assertAccessible(browser, "an OCDS package's preview");
    await importChecked(browser, "2 added, 0 updated, 1 left out");
    await waitForText(browser, "[data-testid=register-table]", "Highways minor works framework");
    // The framework's page lists its three suppliers, with the OCID and CPV it was published with.
    await click(browser, "a=Highways minor works framework");
    await waitForText(browser, "[data-testid=published]", "ocds-h6vhtk-04a1f7");
    const published = await (await browser.$("[data-testid=published]")).getText();
    const suppliers = [];
    for (const li of await browser.$$("[data-testid=published] li")) suppliers.push(await li.getText());
    assert.deepEqual(suppliers, ["Marlow Surfacing Ltd", "Ambridge Civils Ltd", "Felpersham Road Markings LLP"]);
    assert.match(published, /45233141 Road-maintenance works/);
    await screenshot(browser, "contract-published");
    await click(browser, "a=Contracts");

    await click(browser, "[data-testid=import-register]");
    await checkFile(browser, ocds, ["[data-testid=register-file]", "an OCDS package"], "0 new, 2 to update, 1 left out");
    await importChecked(browser, "0 added, 2 updated");
    await waitForText(browser, "[data-testid=register-table]", "Office cleaning, Borchester civic buildings");
    assert.equal((await browser.$$("[data-testid=register-table] tbody tr")).length, 2, "no duplicates");
  });
});
