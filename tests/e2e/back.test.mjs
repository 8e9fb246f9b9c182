// Back and Forward, as a browser has them: Alt+Left, Alt+Right, the mouse's back button and
// Backspace outside a field. A form left by Back keeps what was typed, and after a restart
// the app opens on the screen the person was on.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { CMM_BINARY, click, introduce, screenshot, useDriver, waitForText, withApp } from "./harness.mjs";

const workDir = useDriver("back");
const db = path.join(workDir, "back.sqlite3");

const heading = async (browser) => (await browser.$("h1")).getText();

test("Back and Forward move between screens, keep what was typed, and the app reopens where the person was", async () => {
  execFileSync(CMM_BINARY, ["--db", db, "load-example"]);
  let reportHeading = "";
  await withApp(db, async (browser) => {
    await introduce(browser);
    await click(browser, "a=Maturity reports");
    await waitForText(browser, "h1", "Maturity reports");
    await click(browser, "[data-testid=reports-table] a");
    await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
    reportHeading = await heading(browser);

    // Alt+Left goes back to the list of reports, Alt+Right forward to the report again.
    await browser.keys(["Alt", "ArrowLeft"]);
    await waitForText(browser, "h1", "Maturity reports");
    await browser.keys(["Alt", "ArrowRight"]);
    await waitForText(browser, "h1", reportHeading);

    // Twice back reaches the register, where the journey began; nothing is before it.
    await browser.keys(["Alt", "ArrowLeft"]);
    await waitForText(browser, "h1", "Maturity reports");
    await browser.keys(["Alt", "ArrowLeft"]);
    await waitForText(browser, "h1", "Contracts");
    await browser.keys(["Alt", "ArrowLeft"]);
    assert.equal(await heading(browser), "Contracts");

    // In a field, Backspace deletes a character and stays on the form.
    await click(browser, "[data-testid=register-table] a");
    await waitForText(browser, ".govuk-caption-l", "Section 1");
    const contractHeading = await heading(browser);
    const manager = await browser.$("#contract_manager");
    await manager.click();
    await browser.keys(["Control", "a"]);
    await browser.keys("Backspace");
    await manager.addValue("Jo Blogs");
    await browser.keys("Backspace");
    assert.equal(await manager.getValue(), "Jo Blog");
    assert.equal(await heading(browser), contractHeading);

    // Outside a field, Backspace goes back, and the form left keeps what was typed.
    await (await browser.$("h1")).click();
    await browser.keys("Backspace");
    await waitForText(browser, "h1", "Contracts");
    await click(browser, "[data-testid=register-table] a");
    await waitForText(browser, "h1", contractHeading);
    assert.equal(await (await browser.$("#contract_manager")).getValue(), "Jo Blog");

    // The mouse's back button (button 3) goes back too.
    await browser.execute(() => window.dispatchEvent(new MouseEvent("mouseup", { button: 3 })));
    await waitForText(browser, "h1", "Contracts");
    await browser.execute(() => window.dispatchEvent(new MouseEvent("mouseup", { button: 4 })));
    await waitForText(browser, "h1", contractHeading);

    // Last, the report's page: where the person is when the app closes.
    await click(browser, "a=Maturity reports");
    await click(browser, "[data-testid=reports-table] a");
    await waitForText(browser, "h1", reportHeading);
  });

  // Started again, the app opens on the report, not the home screen.
  await withApp(db, async (browser) => {
    await waitForText(browser, "h1", reportHeading);
    await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
    await screenshot(browser, "reopened-where-the-person-was");
    // And Back has nowhere to go yet: the history starts with this run.
    await browser.keys(["Alt", "ArrowLeft"]);
    assert.equal(await heading(browser), reportHeading);
  });
});
