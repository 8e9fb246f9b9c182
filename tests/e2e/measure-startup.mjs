// Measures the time from asking for the app to start until the contract register is on
// screen, for a database holding CONTRACTS contracts. Prints figures; asserts nothing.
// Run under Xvfb after building the app:
//   xvfb-run -a node measure-startup.mjs [RUNS] [CONTRACTS]
// Up to 1,000 contracts are added through the app's own commands; more are made by
// `cmm load-programme` (a council-sized programme with reports, reviews and actions).
// CMM_APP_BINARY picks the binary (default target/debug/contract-maturity).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { spawnSync } from "node:child_process";
import { APP_BINARY, CMM_BINARY, startApp, startDriver, stopDriver, waitForText } from "./harness.mjs";

const runs = Number(process.argv[2] ?? 5);
const contracts = Number(process.argv[3] ?? 200);
const dir = mkdtempSync(path.join(os.tmpdir(), "cmm-measure-"));
const db = path.join(dir, "measure.sqlite3");
const driver = await startDriver();
const programme = contracts > 1000;
try {
  if (programme) {
    const made = spawnSync(CMM_BINARY, ["--db", db, "load-programme", "--contracts", String(contracts), "--reports", String(contracts * 3)], {
      encoding: "utf8",
    });
    if (made.status !== 0) throw new Error(made.stderr);
    // The app asks who is using it on a new database; answer once.
    const b = await startApp(db);
    await waitForText(b, "h1", "Welcome");
    await b.executeAsync(async (done) => {
      await window.__TAURI_INTERNALS__.invoke("save_app_user", { input: { name: "Measure", role: "contract_owner" } });
      done();
    });
    await b.deleteSession();
  }
  // Otherwise fill the database through the app itself.
  const browser = programme ? null : await startApp(db);
  if (browser) {
    await waitForText(browser, "h1", "Welcome");
    await browser.executeAsync(async (n, done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      await invoke("save_app_user", { input: { name: "Measure", role: "contract_owner" } });
      for (let i = 0; i < n; i++) {
        await invoke("save_contract", {
          contractId: null,
          draftId: null,
          input: {
            name: `Contract ${i}`,
            reference: `M-${i}`,
            contractor_legal_name: `Provider ${i} Ltd`,
            award_date: "2019-04-01",
            expiry_date: "2027-03-31",
            contract_owner: "A. Owner",
            current_year_value: "125000",
          },
        });
      }
      done();
    }, contracts);
    await browser.deleteSession();
  }

  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const b = await startApp(db);
    await waitForText(b, "[data-testid=register-table]", programme ? "Contract" : "Contract 0", 30_000);
    times.push(performance.now() - t0);
    await b.deleteSession();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`binary: ${APP_BINARY}`);
  console.log(`start to contract list (${contracts} contracts, ${runs} runs, WebDriver session start included):`);
  console.log(`  median ${median.toFixed(0)} ms, fastest ${times[0].toFixed(0)} ms, slowest ${times.at(-1).toFixed(0)} ms`);
} finally {
  await stopDriver(driver);
  rmSync(dir, { recursive: true, force: true });
}
