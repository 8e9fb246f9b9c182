// Crash safety in the real window: the app is killed (SIGKILL, as a power cut or the task
// manager would) in the middle of typing and saving, 20 times. After each kill the file
// passes SQLite's integrity check, and on the next start every save the window said it
// had made is there; the value on its way when the app died is there whole or not at all.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { APP_BINARY, click, fill, startApp, startContactPointReport, useDriver, waitForText } from "./harness.mjs";

const workDir = useDriver("crash");
const dbPath = path.join(workDir, "crash.sqlite3");
const KILLS = 20;

/** The process ids of the app running on `db` (not its WebKit helpers, nor the driver). */
function appProcesses(db) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (path.basename(argv[0]) === path.basename(APP_BINARY) && argv.includes(db)) found.push(Number(pid));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** SQLite's full integrity check, from another program (python3's sqlite3). */
function integrity(db) {
  return execFileSync(
    "python3",
    ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])", db],
    { encoding: "utf8" },
  ).trim();
}

const valueOf = async (browser, id) => (await browser.$(`#${id}`)).getValue();

async function openSection10(browser) {
  await click(browser, "a=Maturity reports");
  await click(browser, "[data-testid=reports-table] a");
  await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
  await click(browser, "a=10. Data assurance");
  await waitForText(browser, "h1", "Data assurance");
}

test(`killed ${KILLS} times while typing and saving, the app keeps every save it confirmed`, async () => {
  let confirmed = null; // what the window last said was saved in "arrangements"
  let inFlight = [""]; // what "audits" may hold: the last value typed whole, or the one before
  const outcomes = { inFlightSaved: 0, inFlightLost: 0 };
  for (let round = 1; round <= KILLS; round++) {
    const browser = await startApp(dbPath);
    try {
      if (round === 1) {
        await startContactPointReport(browser);
        await click(browser, "a=10. Data assurance");
        await waitForText(browser, "h1", "Data assurance");
      } else {
        await openSection10(browser);
        assert.equal(await valueOf(browser, "arrangements"), confirmed, `round ${round}: a confirmed save is there`);
        const audits = await valueOf(browser, "audits");
        assert.ok(inFlight.includes(audits), `round ${round}: "${audits}" is neither of ${JSON.stringify(inFlight)}`);
        if (audits === inFlight[0]) outcomes.inFlightSaved += 1;
        else outcomes.inFlightLost += 1;
        inFlight = [audits];
      }
      // A save the window confirms: it says "Saving…" until the database has it.
      const value = `Role-based access, reviewed quarterly (round ${round})`;
      await fill(browser, { arrangements: value });
      await browser.waitUntil(
        async () => (await (await browser.$("[data-testid=save-status]")).getAttribute("data-saved")) === "true",
        { timeout: 10_000, timeoutMsg: `round ${round}: the save was never confirmed` },
      );
      assert.match(await (await browser.$("[data-testid=save-status]")).getText(), /^Saved at/);
      confirmed = value;
      // Then typing, and the app killed while that save may be on its way.
      const typing = `Internal Audit, round ${round}: no findings`;
      const audits = await browser.$("#audits");
      await audits.click();
      await browser.keys(["Control", "a"]);
      await browser.keys("Backspace");
      await audits.addValue(typing);
      inFlight = [typing, ...inFlight];
      // Leaving the field saves at once; otherwise the save waits for a 600 ms pause, so
      // some kills come before it starts, some while it is on its way, some after.
      if (round % 2 === 0) await browser.keys("Tab");
      await new Promise((r) => setTimeout(r, (round * 137) % 900));
    } finally {
      const pids = appProcesses(dbPath);
      assert.equal(pids.length, 1, `round ${round}: one app process on the file (${pids})`);
      process.kill(pids[0], "SIGKILL");
      await browser.deleteSession().catch(() => {});
    }
    assert.equal(integrity(dbPath), "ok", `round ${round}: the integrity check after the kill`);
  }
  // The last round's confirmed save, once more.
  const browser = await startApp(dbPath);
  try {
    await openSection10(browser);
    assert.equal(await valueOf(browser, "arrangements"), confirmed);
  } finally {
    await browser.deleteSession().catch(() => {});
  }
  console.log(
    `${KILLS} kills: every confirmed save kept; the value on its way was kept ${outcomes.inFlightSaved} times and lost whole ${outcomes.inFlightLost} times`,
  );
});
