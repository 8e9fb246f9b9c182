// Evidence, attestation and the submission file, in the real window: attach one file to
// an activity and one as an annex, sign, see an edit refused, export the submission,
// import it into a second, empty database with the command-line tool, and find the same
// report there, verified.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  CMM_BINARY,
  addContract,
  click,
  assertAccessible,
  fill,
  fillAttestation,
  introduce,
  sayWho,
  screenshot,
  settle,
  startReport,
  useDriver,
  useFakeDialogs,
  waitForText,
  withApp,
} from "./harness.mjs";

const workDir = useDriver("evidence");
const answer = useFakeDialogs(workDir);

const ownerDb = path.join(workDir, "owner.sqlite3");
const groupDb = path.join(workDir, "group.sqlite3");
const submission = path.join(workDir, "Highways term maintenance v1.cmmsub");
const cmm = CMM_BINARY;

test("attach evidence, sign, export, and import elsewhere with the command-line tool", async () => {
  const minutes = path.join(workDir, "Contract board minutes June 2026.pdf");
  const plan = path.join(workDir, "Contract management plan v3.docx");
  writeFileSync(minutes, "%PDF-1.4 minutes of the contract board, June 2026");
  writeFileSync(plan, "PK the contract management plan, version 3");
  let seal = "";

  await withApp(ownerDb, async (browser) => {
    await introduce(browser, "Rebecca Spore");
    await addContract(browser, {
      name: "Highways term maintenance",
      reference: "HTM-2011-001",
      contractor: "Amey LG Limited",
      owner: "Rebecca Spore",
      award: "01/09/2011",
      expiry: "31/08/2027",
    });
    await startReport(browser);

    // Evidence: one file to activity 1, one as the contract management plan annex.
    await click(browser, "[data-testid=open-evidence]");
    await waitForText(browser, "h1", "Evidence and annexes");
    await fill(browser, { "evidence-description": "Board minutes, June 2026" });
    answer(minutes);
    await click(browser, "button*=to activity 1, planning and governance");
    await waitForText(browser, "[data-testid=evidence-status]", "1 file added to activity 1");
    answer(plan);
    await click(browser, "button*=to contract management plan");
    await waitForText(browser, "[data-testid=evidence-status]", "1 file added to contract management plan");
    const listed = [];
    for (const e of await browser.$$("[data-testid=evidence-item]")) listed.push(await e.getText());
    assert.ok(listed.some((t) => t.includes("Contract board minutes June 2026.pdf") && t.includes("Board minutes, June 2026")));
    assert.ok(listed.some((t) => t.includes("Contract management plan v3.docx")));
    await settle(browser);
    await screenshot(browser, "evidence-and-annexes");
    await assertAccessible(browser, "evidence and annexes");

    // Removing a file asks first; "Keep it" keeps it.
    answer(minutes);
    await click(browser, "button*=to activity 2");
    await waitForText(browser, "[data-testid=evidence-status]", "1 file added to activity 2");
    const third = async () => (await browser.$$("[data-testid=evidence-item]"))[2];
    await (await (await third()).$("button*=Remove")).click();
    await click(browser, "button=Keep it");
    assert.equal((await browser.$$("[data-testid=evidence-item]")).length, 3);
    await (await (await third()).$("button*=Remove")).click();
    await click(browser, "button*=Yes, remove");
    await waitForText(browser, "[data-testid=evidence-status]", "was removed from Activity 2");
    assert.equal((await browser.$$("[data-testid=evidence-item]")).length, 2);

    // Section 3, then the completeness check and signing.
    await click(browser, "a=Back to the report");
    await waitForText(browser, "[data-testid=task-list]", "Attestation");
    await click(browser, "a=3. Attestation by the Contract Owner");
    await waitForText(browser, "h1", "Attestation by the Contract Owner");
    await fillAttestation(browser, {
      name: "Rebecca Spore",
      position: "Director of Infrastructure",
      since: "1/4/2015",
      choices: [0, 0, 0, 1, 0, 0, 0],
    });
    await waitForText(browser, "[data-testid=save-status]", "Section 3 is complete");
    await click(browser, "[data-testid=save-attestation]");
    await waitForText(browser, "[data-testid=task-list]", "Attestation");
    await click(browser, "[data-testid=open-submit]");
    await waitForText(browser, "h1", "Sign and submit");
    const gaps = await (await browser.$("[data-testid=gaps]")).getText();
    assert.match(gaps, /No evidence for People/);
    assert.match(gaps, /contract handbook annex is not attached/);
    assert.doesNotMatch(gaps, /No evidence for Planning and governance/);
    await settle(browser);
    await screenshot(browser, "before-signing");
    await assertAccessible(browser, "sign and submit");
    await click(browser, "[data-testid=sign]");
    await waitForText(browser, "[data-testid=seal-status]", "Signed");
    seal = await (await browser.$(".app-seal")).getText();
    assert.match(seal, /^[0-9a-f]{64}$/);

    // An edit after signing is refused, and nothing changes.
    await click(browser, "a=Back to the report");
    await waitForText(browser, "[data-testid=report-status]", "Submitted, version 1");
    await click(browser, "a=3. Attestation by the Contract Owner");
    await waitForText(browser, "h1", "Attestation by the Contract Owner");
    await waitForText(browser, "[data-testid=locked-notice]", "can no longer be changed");
    assert.equal(await (await browser.$("#position")).isEnabled(), false, "the answers are locked");
    assert.equal(await (await browser.$("#statement_1-0")).isEnabled(), false);
    await settle(browser);
    await screenshot(browser, "edit-refused-after-signing");

    // Export the submission file.
    await click(browser, "a=Back to the report");
    await click(browser, "[data-testid=open-submit]");
    await waitForText(browser, "h1", "Signed report");
    answer(submission);
    await click(browser, "[data-testid=export-submission]");
    await waitForText(browser, "[data-testid=exported]", "Submission file saved");
    await settle(browser);
    await screenshot(browser, "signed-and-exported");
    await assertAccessible(browser, "the signed report");
  });

  // The sub-group's secretary imports it on another machine with the command-line tool. A
  // database that does not exist yet (a mistyped path) is refused, and none is made.
  const missing = spawnSync(cmm, ["--db", groupDb, "--json", "import", submission], { encoding: "utf8" });
  assert.equal(missing.status, 5, missing.stdout + missing.stderr);
  assert.equal(JSON.parse(missing.stdout).error.code, "database_missing");
  assert.ok(!existsSync(groupDb), "no database was made");
  // The sub-group's own app makes its data file on first start.
  await withApp(groupDb, async (browser) => waitForText(browser, "h1", "Welcome"));
  const run = spawnSync(cmm, ["--db", groupDb, "--json", "import", submission], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const imported = JSON.parse(run.stdout);
  assert.equal(imported.outcome, "imported");
  assert.equal(imported.seal, seal);
  assert.ok(readFileSync(submission).length > 0);

  await withApp(groupDb, async (browser) => {
    await sayWho(browser, "Sarah Hohler", "Review sub-group member", "Maturity reports");
    await click(browser, "a=Highways term maintenance");
    await waitForText(browser, "[data-testid=seal-status]", "imported from a submission file");
    assert.equal(await (await browser.$(".app-seal")).getText(), seal);
    await click(browser, "[data-testid=open-evidence]");
    await waitForText(browser, "h1", "Evidence and annexes");
    assert.equal((await browser.$$("[data-testid=evidence-item]")).length, 2);
    await settle(browser);
    await screenshot(browser, "imported-and-verified");
  });
});
