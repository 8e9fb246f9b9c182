// Drives the real app binary in a real window: tauri-driver in front of WebKitWebDriver,
// a WebdriverIO session per app start, axe-core inside every page visited, screenshots of
// each step.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { after, before } from "node:test";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const require = createRequire(import.meta.url);

export const APP_BINARY =
  process.env.CMM_APP_BINARY ?? path.join(root, "target", "debug", "contract-maturity");
export const SCREENSHOT_DIR = process.env.CMM_SCREENSHOT_DIR ?? path.join(here, "screenshots");
// Each test file gets its own free ports, so two runs on one machine do not collide.
let PORT = 0;
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
// WCAG 2.2 A and AA (axe tags each rule with the level it comes from).
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`tauri-driver did not listen on ${port}`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

/** A port nothing is listening on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts tauri-driver; stop it with `stopDriver` (SIGTERM, so WebKitWebDriver frees its port). */
export async function startDriver() {
  PORT = await freePort();
  let nativePort = await freePort();
  while (nativePort === PORT) nativePort = await freePort();
  const driver = spawn(
    "tauri-driver",
    ["--port", String(PORT), "--native-port", String(nativePort), "--native-driver", "/usr/bin/WebKitWebDriver"],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  driver.on("error", (e) => {
    throw new Error(`tauri-driver could not start: ${e.message}`);
  });
  await waitForPort(PORT, 20_000);
  await waitForPort(nativePort, 20_000);
  return driver;
}

export function stopDriver(driver) {
  return new Promise((resolve) => {
    if (!driver || driver.exitCode !== null) return resolve();
    driver.once("exit", () => resolve());
    driver.kill("SIGTERM");
    setTimeout(resolve, 5000).unref();
  });
}

/**
 * Starts the app on the given database file and returns a WebdriverIO browser.
 * `application` runs another program in its place (a wrapper that starts the app).
 */
export async function startApp(dbPath, { application = APP_BINARY } = {}) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port: PORT,
    logLevel: "warn",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application, args: ["--db", dbPath] },
    },
  });
  await browser.setTimeout({ implicit: 0 });
  return browser;
}

/** Waits for an element with the given text to be shown. */
export async function waitForText(browser, selector, text, timeout = 15_000) {
  await browser.waitUntil(
    async () => {
      const els = await browser.$$(selector);
      for (const el of els) {
        if ((await el.getText()).includes(text)) return true;
      }
      return false;
    },
    { timeout, timeoutMsg: `no ${selector} containing "${text}" within ${timeout} ms` },
  );
}

/** Two animation frames, so a screenshot shows the state after the last click. */
export async function settle(browser) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

let shotNumber = 0;
// node --test runs each test file in its own process: name screenshots after the file.
const shotPrefix = path.basename(process.argv[1] ?? "e2e").replace(/\.test\.mjs$|\.mjs$/, "");
export async function screenshot(browser, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await settle(browser);
  shotNumber += 1;
  const file = path.join(SCREENSHOT_DIR, `${shotPrefix}-${String(shotNumber).padStart(2, "0")}-${name}.png`);
  await browser.saveScreenshot(file);
  return file;
}

/** Runs axe-core in the page; returns WCAG 2.2 A/AA violations, summarised. */
export async function accessibilityViolations(browser) {
  await settle(browser);
  const present = await browser.execute(() => typeof window.axe !== "undefined");
  if (!present) await browser.execute(AXE_SOURCE);
  const violations = await browser.executeAsync((tags, done) => {
    window.axe
      .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
      .then((r) =>
        done(
          r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
          })),
        ),
      )
      .catch((e) => done([{ id: "axe-failed", help: String(e), targets: [] }]));
  }, WCAG_TAGS);
  return violations;
}

/**
 * Starts the app, runs `steps` with the browser, and quits the app (ending the session
 * closes the window). On failure a screenshot of the window is saved first.
 */
export async function withApp(dbPath, steps, options = {}) {
  const browser = await startApp(dbPath, options);
  let failed = false;
  try {
    await steps(browser);
  } catch (e) {
    failed = true;
    const file = await screenshot(browser, "FAILED").catch(() => "(none)");
    const text = await browser
      .$("body")
      .then((b) => b.getText())
      .catch(() => "");
    console.error(`failure screenshot: ${file}\npage text:\n${text}`);
    throw e;
  } finally {
    await browser.deleteSession().catch(() => {});
    // A window whose web process crashed (WebKit's compositor has been seen to fail in
    // Mesa's software renderer under Xvfb) is not closed by ending the session, and the
    // app left running would hold up the whole run: stop it.
    if (failed) stopAppsOn(dbPath);
  }
}

/**
 * Kills any app still running on `dbPath`, or on any file under it when it is a folder;
 * returns the files they had open.
 */
function stopAppsOn(dbPath) {
  const stopped = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const db = cmd[cmd.indexOf("--db") + 1];
      if (cmd.includes("--db") && db && (db === dbPath || db.startsWith(`${dbPath}/`))) {
        process.kill(Number(pid), "SIGKILL");
        stopped.push(db);
      }
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return stopped;
}

/**
 * Fails the test with every WCAG 2.2 A/AA violation axe-core finds on the screen, then
 * checks it reflows (`assertReflows`) at 1024×700 and at 200% zoom.
 */
export async function assertAccessible(browser, screen) {
  const violations = await accessibilityViolations(browser);
  assert.deepEqual(violations, [], `WCAG 2.2 A/AA violations on ${screen}:\n${JSON.stringify(violations, null, 2)}`);
  await assertReflows(browser, screen);
}

/**
 * What does not fit: the page scrolling sideways, and amounts that cannot be read in full
 * (an input whose text is wider than it, or a `[data-amount]` outside the part of its
 * scrolling box that is shown). Empty when everything fits.
 */
function layoutProblems(browser) {
  return browser.execute(() => {
    const out = [];
    const doc = document.documentElement;
    const describe = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""}`;
    if (doc.scrollWidth > doc.clientWidth + 1) {
      // Name what sticks out (outside any box that scrolls by itself), to say where to look.
      const inScrollBox = (el) => {
        for (let b = el.parentElement; b && b !== document.body; b = b.parentElement) {
          if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(b).overflowX)) return true;
        }
        return false;
      };
      const wide = [...document.body.querySelectorAll("*")]
        .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1 && !inScrollBox(el))
        .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > doc.clientWidth + 1))
        .slice(0, 4)
        .map(describe);
      out.push(`the page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window (${wide.join(", ")})`);
    }
    const shown = (el) => el.offsetParent !== null && el.getClientRects().length > 0;
    const name = (el) => el.id || el.getAttribute("data-amount") || el.textContent.trim().slice(0, 40) || el.tagName;
    for (const input of document.querySelectorAll("input[inputmode=decimal], input[data-amount]")) {
      if (shown(input) && input.value && input.scrollWidth > input.clientWidth + 1) out.push(`"${input.value}" is cut off in ${name(input)}`);
    }
    for (const el of document.querySelectorAll("[data-amount]")) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (!/(auto|scroll|hidden|clip)/.test(style.overflowX)) continue;
        const b = box.getBoundingClientRect();
        if (r.right > b.right + 1 || r.left < b.left - 1) out.push(`${name(el)} is outside what its table shows`);
        break;
      }
    }
    return out;
  });
}

/** Sets the window's zoom with its own keys, Ctrl+= and Ctrl+0, as a person would. */
async function zoomTo(browser, level) {
  await browser.keys(["Control", "0"]);
  for (let z = 1; z < level - 0.01; z += 0.2) await browser.keys(["Control", "="]);
  await browser.waitUntil(
    async () => Math.abs((await browser.execute(() => window.outerWidth / document.documentElement.clientWidth)) - level) < 0.15,
    { timeout: 5000, timeoutMsg: `the window did not zoom to ${level * 100}%` },
  );
  await settle(browser);
}

/**
 * WCAG 2.2 1.4.10 Reflow and 1.4.4 Resize Text: at 1024×700, and again at 200% zoom, the
 * screen reads without sideways scrolling of the page and every amount is readable in full.
 * With `shot` ({name, selector}), saves a screenshot of that part of the screen at each.
 * Restores the window's size and zoom afterwards.
 */
export async function assertReflows(browser, screen, shot) {
  const { width, height } = await browser.getWindowSize();
  const picture = async (suffix) => {
    if (!shot) return;
    await browser.execute((s) => document.querySelector(s)?.scrollIntoView({ block: "start" }), shot.selector);
    await screenshot(browser, `${shot.name}-${suffix}`);
  };
  try {
    await browser.setWindowSize(1024, 700);
    await settle(browser);
    assert.deepEqual(await layoutProblems(browser), [], `${screen} at 1024×700`);
    await picture("at-1024x700");
    await zoomTo(browser, 2);
    assert.deepEqual(await layoutProblems(browser), [], `${screen} at 200% zoom`);
    await picture("at-200-percent-zoom");
  } finally {
    await browser.keys(["Control", "0"]).catch(() => {});
    await browser.setWindowSize(width, height).catch(() => {});
    await settle(browser);
  }
}

/**
 * Sets up a test file: tauri-driver running for its tests, and a temporary folder for
 * their databases, removed afterwards. Returns the folder.
 */
export function useDriver(prefix) {
  const workDir = mkdtempSync(path.join(os.tmpdir(), `cmm-e2e-${prefix}-`));
  let driver;
  before(async () => {
    driver = await startDriver();
    console.log(`screenshots: ${SCREENSHOT_DIR}`);
  });
  after(async () => {
    await stopDriver(driver);
    // An app still running on a file of this test would hold the test runner open (it
    // keeps the runner's pipe): stop it, and say so, since a window that would not close
    // is worth knowing about.
    for (const db of stopAppsOn(workDir)) console.warn(`an app was still running on ${db} after the tests: stopped it`);
    rmSync(workDir, { recursive: true, force: true });
  });
  return workDir;
}

/** The command-line tool built beside the app. */
export const CMM_BINARY = path.join(path.dirname(APP_BINARY), "cmm");

/**
 * Native dialogs cannot be driven over WebDriver: the app reads its answers from a file in
 * `workDir` instead (CMM_FAKE_DIALOG). Returns `answer(...paths)`, which queues the answer
 * to the next dialog; no paths is Cancel.
 */
export function useFakeDialogs(workDir) {
  const file = path.join(workDir, "dialog-answers.txt");
  writeFileSync(file, "");
  process.env.CMM_FAKE_DIALOG = file;
  return (...paths) => appendFileSync(file, `${paths.join("|")}\n`);
}

/**
 * Types into fields by id, replacing what was there as a person would (select all, then
 * type over it, or delete it), then tabs out of the last one. WebDriver's own clear fires no input
 * event, so the page would not notice it; and WebKitWebDriver can drop a click that comes
 * straight after typing, while the field still has focus.
 */
export async function fill(browser, values) {
  for (const [id, value] of Object.entries(values)) {
    // A field drawn a moment ago can be drawn again as it is typed into (a form that
    // saves as it goes): WebKitWebDriver then fails with an odd error ("Could not parse
    // element file upload information"). Find it again and type once more.
    for (let attempt = 1; ; attempt++) {
      try {
        const el = await browser.$(`#${id}`);
        await el.waitForDisplayed({ timeout: 5000 });
        await el.click();
        await browser.keys(["Control", "a"]);
        // What is typed replaces what is selected; only emptying a field needs a delete.
        if (value === "") await browser.keys("Backspace");
        else await el.addValue(value);
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
        await browser.pause(300);
      }
    }
  }
  await browser.keys("Tab");
}

/**
 * The boxes of the date input `id` (ui/src/shared/DateInput.svelte) for `fill`, from a
 * date as people write it: "01/04/2018" gives its day, month and year boxes; "04/2027"
 * (a month only) its month and year boxes.
 */
export function dateBoxes(id, written) {
  const parts = written.split("/");
  const names = parts.length === 2 ? ["month", "year"] : ["day", "month", "year"];
  return Object.fromEntries(names.map((name, i) => [`${id}-${name}`, parts[i]]));
}

/** What the date input `id` shows, written as `dateBoxes` takes it: "12/03/2027", or "04/2027". */
export async function dateShown(browser, id) {
  const parts = [];
  for (const name of ["day", "month", "year"]) {
    const box = await browser.$(`#${id}-${name}`);
    if (!(await box.isExisting())) continue;
    const v = await box.getValue();
    parts.push(name === "year" ? v : v.padStart(2, "0"));
  }
  return parts.join("/");
}

/** Clicks the element `selector` finds. */
export async function click(browser, selector) {
  await (await browser.$(selector)).click();
}

/**
 * Fills in Section 3 on its form: the owner's details (`since` as dd/mm/yyyy), then one
 * choice per statement, 0 for its first wording and 1 for its second. Stays on the form.
 */
export async function fillAttestation(browser, { name, position, since, choices }) {
  await fill(browser, { owner_name: name, position, ...dateBoxes("owner_since", since) });
  for (const [i, choice] of choices.entries()) {
    await (await browser.$(`label[for=statement_${i + 1}-${choice}]`)).click();
  }
}

/** Adds a contract through the form with the required details and returns to the register. */
export async function addContract(browser, { name, reference, contractor, owner, award, expiry }) {
  await (await browser.$("button=Add a contract")).click();
  await fill(browser, {
    name,
    reference,
    contractor_legal_name: contractor,
    contract_owner: owner,
    ...dateBoxes("award_date", award),
    ...dateBoxes("expiry_date", expiry),
  });
  await (await browser.$("[data-testid=save-contract]")).click();
  await waitForText(browser, "[data-testid=register-table]", name);
}

/** Starts a maturity report on the only contract and waits for its task list. */
export async function startReport(browser) {
  await (await browser.$("a=Maturity reports")).click();
  await waitForText(browser, "h1", "Maturity reports");
  await (await browser.$("button=Start a maturity report")).click();
  await waitForText(browser, "h1", "Start a maturity report");
  await (await browser.$("button=Start the report")).click();
  await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
}

/**
 * From an empty database: introduces a contract owner, adds the Contact Point customer
 * services contract and starts its report, ending on the report's task list.
 */
export async function startContactPointReport(browser) {
  await introduce(browser);
  await addContract(browser, {
    name: "Contact Point customer services",
    reference: "CS-2013-001",
    contractor: "Agilisys Limited",
    owner: "Amanda Beer",
    award: "1/10/2013",
    expiry: "30/9/2027",
  });
  await startReport(browser);
}

/**
 * On a new data file the app first asks for the council's names, starting from Kent County
 * Council's (its papers' defaults): keeps those, or types `names` over them (by field id:
 * `name`, `short_name`, `board`, `committee`, `letter_to-0-name`…), then continues to who is
 * using the app.
 */
export async function chooseCouncil(browser, names = {}) {
  await waitForText(browser, "h1", "Welcome");
  await (await browser.$("[data-testid=council-form]")).waitForDisplayed({ timeout: 15_000 });
  if (Object.keys(names).length > 0) await fill(browser, names);
  await click(browser, "[data-testid=save-council]");
  await waitForText(browser, "h1", "Who is using the app");
}

/**
 * Says who is using the app, as the first start asks (after the council's names, kept as
 * Kent's when the file is new): as `role`, a contract owner by default (whose home screen
 * is the contract register), then waits for that home screen's heading.
 */
export async function sayWho(browser, name, role = "Contract owner", home = "Contracts") {
  await browser.waitUntil(
    async () => /Welcome|Who is using the app/.test(await (await browser.$("h1")).getText().catch(() => "")),
    { timeout: 15_000, timeoutMsg: "the app did not ask who is using it" },
  );
  if ((await (await browser.$("h1")).getText()).includes("Welcome")) await chooseCouncil(browser);
  await fill(browser, { name });
  await click(browser, `label=${role}`);
  await click(browser, "[data-testid=save-user]");
  await waitForText(browser, "h1", home);
}

/**
 * On first start the app asks who is using it: answers as a contract owner (whose home
 * screen is the contract register).
 */
export async function introduce(browser, name = "Clare Maynard") {
  await sayWho(browser, name);
}
