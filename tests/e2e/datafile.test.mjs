// The data file beside the other programs a council runs on it (the "database" table of
// the council's trial cases): a file another program holds is waited for and never called
// damaged; a damaged file is restored only after the window says which reports the backup
// lacks. The scripts in tests/fixtures/database hold and damage the file as those programs
// and failing disks do.
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  APP_BINARY,
  CMM_BINARY,
  assertAccessible,
  click,
  fill,
  introduce,
  screenshot,
  useDriver,
  waitForText,
  withApp,
} from "./harness.mjs";

const workDir = useDriver("datafile");
const scripts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/database");

const cmm = (db, ...args) => execFileSync(CMM_BINARY, ["--db", db, "--json", ...args], { encoding: "utf8" });

/** Starts a holding script and resolves once it holds the file; `.done` resolves when it lets go. */
async function hold(script, db, seconds) {
  const child = spawn("python3", [path.join(scripts, script), db, String(seconds)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("held")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`${script} ended (${code}) before holding: ${out}`)));
  });
  child.done = new Promise((resolve) => child.on("exit", resolve));
  return child;
}

test("a file another program holds is waited for, never called damaged, and opens when it is let go", async () => {
  const db = path.join(workDir, "held.sqlite3");
  cmm(db, "load-example");
  const holder = await hold("hold-exclusive-lock.py", db, 12);
  await withApp(db, async (browser) => {
    await waitForText(browser, "h1", "Opening your data");
    await waitForText(browser, "[data-testid=opening]", "Another program is using your data file", 10_000);
    const text = await (await browser.$("main")).getText();
    assert.doesNotMatch(text, /damaged|restore/i);
    await screenshot(browser, "waiting-for-another-program");
    await assertAccessible(browser, "the opening screen while another program holds the file");
    // It opens by itself once the other program lets go: the first start asks who is using it.
    await introduce(browser);
  });
  await holder.done;
  // Held again at the next start: once it opens, the register lists the example's three
  // contracts, not what the window was told while the file was still opening.
  const again = await hold("hold-exclusive-lock.py", db, 2);
  await withApp(db, async (browser) => {
    await waitForText(browser, "h1", "Opening your data");
    await waitForText(browser, "[data-testid=register-table]", "Facilities Management", 30_000);
    const text = await (await browser.$("main")).getText();
    assert.doesNotMatch(text, /still being opened|could not be listed/i);
  });
  await again.done;
  assert.deepEqual(
    readdirSync(workDir).filter((f) => f.includes(".damaged-")),
    [],
    "nothing was set aside as damaged",
  );
});

test("a damaged file says which reports the backup lacks before it is restored", async () => {
  // A report from another council's owner, imported after the group's last backup.
  const owner = path.join(workDir, "owner.sqlite3");
  const { id } = JSON.parse(cmm(owner, "load-example"));
  const submission = path.join(workDir, "example.cmmsub");
  cmm(owner, "export-submission", String(id), submission);

  const db = path.join(workDir, "group.sqlite3");
  cmm(db, "load-programme", "--contracts", "6", "--reports", "4");
  cmm(db, "list"); // the day's backup: the programme without the example
  const imported = JSON.parse(cmm(db, "import", submission));
  execFileSync("python3", [path.join(scripts, "damage-table.py"), db, "evidence_blob"]);

  await withApp(db, async (browser) => {
    // Closed cleanly, and checked before today's backup: the opening's cheap check (header,
    // schema, length) passes, so the window opens. The first screen that reads what was
    // spoiled finds it: the report's seal check reads every evidence file, and the window
    // turns to the restore, as at an opening.
    await introduce(browser);
    await click(browser, "a=Maturity reports");
    await click(browser, `a=${imported.title}`);
    await waitForText(browser, "h1", "Your data file is damaged");
    await waitForText(browser, "[data-testid=missing-from-backup]", imported.title);
    const table = await (await browser.$("[data-testid=missing-from-backup]")).getText();
    assert.match(table, /Reports the backup does not have/);
    assert.match(table, new RegExp(`version ${imported.version}`));
    await screenshot(browser, "damaged-file-names-what-the-backup-lacks");
    await assertAccessible(browser, "the damaged file's restore, naming what the backup lacks");

    const restore = await browser.$("button*=Restore the backup of");
    assert.equal(await restore.isEnabled(), false, "not until the officer says they understand");
    await click(browser, "label=I understand that the work listed above is not in the backup");
    await restore.click();
    await waitForText(browser, "h1", "Welcome");
  });
  const kept = readdirSync(workDir).filter((f) => /^group\.sqlite3\.damaged-\d{8}T\d{6}Z$/.test(f));
  assert.equal(kept.length, 1, "the damaged file is kept beside the restored one");
  const reports = JSON.parse(cmm(db, "list"));
  assert.ok(!reports.some((r) => r.title === imported.title), "the backup is in place");
});

test("a file on a read-only disk opens read-only, with a banner that says why", async (t) => {
  // The folder is made read-only for the app alone, as a read-only share or medium is:
  // a read-only bind mount in a mount namespace of its own (root may write any file, so
  // permissions alone would not do).
  if (spawnSync("unshare", ["-m", "true"]).status !== 0) {
    t.skip("this machine cannot make a mount namespace (unshare -m), so it cannot make a read-only disk");
    return;
  }
  const folder = path.join(workDir, "read-only share");
  mkdirSync(folder);
  const db = path.join(folder, "council.sqlite3");
  cmm(db, "load-example");
  const wrapper = path.join(workDir, "on-a-read-only-disk.sh");
  writeFileSync(
    wrapper,
    `#!/bin/sh
# Starts the app with its data folder mounted read-only.
exec unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"' sh "${folder}" "${APP_BINARY}" "$@"
`,
  );
  chmodSync(wrapper, 0o755);
  await withApp(
    db,
    async (browser) => {
      // Nothing can be saved, so it does not ask who is using the app: it shows the data.
      await waitForText(browser, "[data-testid=read-only]", "Your data can be read but not changed");
      const banner = await (await browser.$("[data-testid=read-only]")).getText();
      assert.match(banner, /the disk or network share it is on is read-only/);
      assert.match(banner, /Anything you type will not be saved/);
      await waitForText(browser, "h1", "Contracts");
      await screenshot(browser, "read-only-banner");
      await assertAccessible(browser, "the register of a read-only file");
      // A change is refused in words, and nothing is lost on screen.
      await click(browser, "[data-testid=register-table] a");
      await waitForText(browser, "h1", "Total Facilities Management");
      await fill(browser, { contract_manager: "A new manager" });
      await waitForText(browser, "[data-testid=save-status]", "Not saved");
      const status = await (await browser.$("[data-testid=save-status]")).getText();
      assert.match(status, /can be read but not changed: the disk or network share it is on is read-only/);
      assert.doesNotMatch(status, /saved at|kept at/i);
      assert.equal(await (await browser.$("#contract_manager")).getValue(), "A new manager", "what was typed stays on screen");
      await screenshot(browser, "read-only-change-refused");
    },
    { application: wrapper },
  );
});

test("a data file whose folder is not there is not made without asking", async () => {
  const db = path.join(workDir, "moved folder", "council.sqlite3");
  await withApp(db, async (browser) => {
    await waitForText(browser, "h1", "There is no data file here");
    const text = await (await browser.$("main")).getText();
    assert.match(text, /moved or renamed, or it is on a network drive or memory stick that is not connected/);
    assert.equal(readdirSync(workDir).includes("moved folder"), false, "nothing was made");
    await screenshot(browser, "no-data-file-here");
    await assertAccessible(browser, "the missing data file");
    await click(browser, "[data-testid=create-database]");
    await waitForText(browser, "h1", "Welcome");
  });
  assert.ok(readdirSync(path.join(workDir, "moved folder")).includes("council.sqlite3"));
});
