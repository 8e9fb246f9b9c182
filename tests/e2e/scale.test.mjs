// A large council's programme in the real window: `cmm load-programme` makes 10,000
// contracts and 30,000 reports (with 5,000 reviews, 10,000 actions and a forward plan),
// then every long list is opened and paged. Each screen must show its first page, with
// the counts of the whole, and turn pages without stalling; the time each took is printed
// (not asserted: timings belong to the benchmark, docs/PERFORMANCE.md).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { CMM_BINARY, click, fill, introduce, screenshot, settle, useDriver, waitForText, withApp } from "./harness.mjs";

const workDir = useDriver("scale");
const db = path.join(workDir, "large council.sqlite3");

/** The text of the pager in the navigation landmark labelled `label`. */
async function pagerText(browser, label) {
  return (await browser.$(`nav[aria-label="${label}"] [data-testid=pager]`)).getText();
}

/** Presses Next on the pager labelled `label` and waits for it to say `expected`. */
async function nextPage(browser, label, expected) {
  await click(browser, `nav[aria-label="${label}"] button:last-child`);
  await waitForText(browser, `nav[aria-label="${label}"] [data-testid=pager]`, expected);
}

/** Runs `open` and returns how long it took, for the log. */
async function timed(what, open) {
  const started = performance.now();
  await open();
  const ms = Math.round(performance.now() - started);
  console.log(`  ${what}: ${ms} ms`);
  return ms;
}

test("every long list opens and pages with 10,000 contracts and 30,000 reports", async () => {
  const made = spawnSync(CMM_BINARY, ["--db", db, "--json", "load-programme"], { encoding: "utf8" });
  assert.equal(made.status, 0, made.stderr + made.stdout);
  assert.deepEqual(
    (({ contracts, reports }) => ({ contracts, reports }))(JSON.parse(made.stdout)),
    { contracts: 10000, reports: 30000 },
  );
  // Made-up contracts never go into a database that already has some.
  const again = spawnSync(CMM_BINARY, ["--db", db, "load-programme"], { encoding: "utf8" });
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already has 10000 contracts/);

  await withApp(db, async (browser) => {
    await introduce(browser, "Vincent Godfrey");

    // The register: 50 at a time, and filtered as you type.
    await timed("contracts register", async () => {
      await click(browser, "a=Contracts");
      await waitForText(browser, "nav[aria-label='Pages of the register'] [data-testid=pager]", "Page 1 of 200");
    });
    assert.equal((await browser.$$("[data-testid=register-table] tbody tr")).length, 50);
    await nextPage(browser, "Pages of the register", "Page 2 of 200");
    await fill(browser, { "register-filter": "Highways" });
    await waitForText(browser, "nav[aria-label='Pages of the register'] [data-testid=pager]", "Page 1 of 25");

    // The reports list: one page at a time from the database.
    await timed("maturity reports", async () => {
      await click(browser, "a=Maturity reports");
      await waitForText(browser, "nav[aria-label='Pages of the reports list'] [data-testid=pager]", "Page 1 of");
    });
    const reportPages = await pagerText(browser, "Pages of the reports list");
    assert.match(reportPages, /^Page 1 of (\d+)$/);
    assert.ok(Number(reportPages.split(" ").pop()) >= 30000 / 50, reportPages);
    await nextPage(browser, "Pages of the reports list", "Page 2 of");

    // Starting a report: the contract is found by typing; its earlier reports are offered.
    await click(browser, "button=Start a maturity report");
    await waitForText(browser, "#contract-find-hint", "10,000 contracts are on the register");
    assert.equal((await browser.$$(".govuk-checkboxes input")).length, 0, "no checkbox until something is typed");
    await fill(browser, { "contract-find": "GEN-000042" });
    await waitForText(browser, ".govuk-checkboxes label", "Contract 42 – ");
    await click(browser, ".govuk-checkboxes label");
    await waitForText(browser, "#previous", "No, start with a blank report");
    await fill(browser, { "contract-find": "GEN-000043" });
    await waitForText(browser, ".govuk-checkboxes", "Contract 43 – ");
    // The chosen contract stays listed, ticked, while another is searched for.
    const ticked = await browser.$$(".govuk-checkboxes input:checked + label");
    assert.equal(ticked.length, 1);
    assert.match(await ticked[0].getText(), /Contract 42 – /);
    await click(browser, "a=Maturity reports");

    // The programme: every contract ranked, with its reasons, a page at a time.
    await timed("programme (priority list)", async () => {
      await click(browser, "a=Programme");
      await waitForText(browser, "nav[aria-label='Pages of the list'] [data-testid=pager]", "Page 1 of");
    });
    await waitForText(browser, "[data-testid=priority-list]", "Never reviewed");
    await waitForText(browser, "[data-testid=priority-summary]", "10,000 contracts;");
    // The forward plan finds contracts by typing, from the whole register.
    await click(browser, "a=Forward plan");
    await fill(browser, { "plan-contract_ids": "gen-000077" });
    await waitForText(browser, "[data-testid=plan-matches]", "Contract 77 – ");
    await click(browser, "[data-testid=plan-matches] li:first-child button");
    await waitForText(browser, "[data-testid=plan-chosen]", "Contract 77 – ");
    await fill(browser, { "plan-contract_ids": "no such contract" });
    await waitForText(browser, "#plan-form", "No contract on the register matches");
    await click(browser, "a=Programme");
    await waitForText(browser, "[data-testid=priority-summary]", "10,000 contracts;");
    assert.equal((await browser.$$("[data-testid=priority-list] tbody tr")).length, 50);
    await nextPage(browser, "Pages of the list", "Page 2 of 200");
    assert.equal(await (await browser.$("[data-testid=priority-list] tbody tr:first-child td")).getText(), "51");
    // Found by its reference, a contract keeps its rank in the whole list.
    await fill(browser, { "priority-search": "gen-004321" });
    await click(browser, "[data-testid=priority-find]");
    await waitForText(browser, "[data-testid=priority-summary]", "1 matches “gen-004321”");
    const found = await browser.$$("[data-testid=priority-list] tbody tr");
    assert.equal(found.length, 1);
    assert.match(await found[0].getText(), /Contract 4321/);
    assert.match(await (await browser.$("[data-testid=priority-list] tbody tr:first-child td")).getText(), /^[\d,]+$/);
    await fill(browser, { "priority-search": "no such contract" });
    await click(browser, "[data-testid=priority-find]");
    await waitForText(browser, "[data-testid=priority-none-found]", "No contract matches “no such contract”");

    // The portfolio: the heatmap a page at a time; only the longest-overdue actions and one
    // page of the contracts ending soon are sent, with the count of each.
    await timed("portfolio", async () => {
      await click(browser, "a=Portfolio");
      await waitForText(browser, "[data-testid=portfolio-summary]", "10,000 contracts match; 10,000 assessed");
    });
    assert.equal((await browser.$$("[data-testid=heatmap] tbody tr")).length, 50);
    await waitForText(browser, "nav[aria-label='Pages of the heatmap'] [data-testid=pager]", "Page 1 of 200");
    const firstRow = await (await browser.$("[data-testid=heatmap] tbody tr:first-child th")).getText();
    await timed("portfolio, next page of the heatmap", () => nextPage(browser, "Pages of the heatmap", "Page 2 of 200"));
    assert.notEqual(await (await browser.$("[data-testid=heatmap] tbody tr:first-child th")).getText(), firstRow);

    const overdue = await (await browser.$("[data-testid=overdue-count]")).getText();
    assert.match(overdue, /^[\d,]+ actions are past their due date and still open; the 20 longest overdue are below/);
    assert.equal((await browser.$$("[data-testid=overdue] tbody tr")).length, 20);

    const expiring = await (await browser.$("[data-testid=expiring-count]")).getText();
    const ending = Number(expiring.match(/^([\d,]+) contracts end/)[1].replaceAll(",", ""));
    assert.ok(ending > 20, expiring);
    const expiringPages = Math.ceil(ending / 20);
    assert.equal(await pagerText(browser, "Pages of contracts ending soon"), `Page 1 of ${expiringPages}`);
    assert.equal((await browser.$$("[data-testid=expiring] tbody tr")).length, 20);
    const firstEnding = await (await browser.$("[data-testid=expiring] tbody tr:first-child")).getText();
    await timed("portfolio, next page of contracts ending soon", () =>
      nextPage(browser, "Pages of contracts ending soon", `Page 2 of ${expiringPages}`),
    );
    assert.notEqual(await (await browser.$("[data-testid=expiring] tbody tr:first-child")).getText(), firstEnding);
    await browser.execute(() => document.querySelector("[data-testid=expiring-count]")?.scrollIntoView({ block: "start" }));
    await settle(browser);
    await screenshot(browser, "portfolio-at-scale");

    // The review group: 5,000 meetings, 25 at a time.
    await timed("review group", async () => {
      await click(browser, "a=Review group");
      await waitForText(browser, "nav[aria-label='Pages of meetings'] [data-testid=pager]", "Page 1 of");
    });
    await nextPage(browser, "Pages of meetings", "Page 2 of");
  });
});
