// The PDF review pack, in the real window: the example report (three facilities
// management contracts, signed) is loaded with the command-line tool; the secretariat
// opens it, chooses OFFICIAL-SENSITIVE, saves the pack through the save dialog, opens it,
// saves the same pack as a Word document, and saves the meeting pack from the reports
// page. The PDFs' text is checked with pdftotext, the Word document's headings with
// python-docx (in .venv, made by `.ci/setup test`).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import {
  CMM_BINARY,
  assertAccessible,
  click,
  introduce,
  screenshot,
  settle,
  useDriver,
  useFakeDialogs,
  waitForText,
  withApp,
} from "./harness.mjs";

const workDir = useDriver("pack");
const answer = useFakeDialogs(workDir);
const cmm = CMM_BINARY;
const db = path.join(workDir, "secretariat.sqlite3");

const HEADINGS = [
  "Section 1 – Contract details",
  "Section 2 – Maturity assessment",
  "Section 3 – Attestation by the Contract Owner",
  "Section 4 – Organisation",
  "Section 5 – Operational performance",
  "Section 6 – Financial performance",
  "Section 7 – Fulfilment of KCC's obligations",
  "Section 8 – Commercial performance",
  "Section 9 – Risk and mitigation",
  "Section 10 – Data assurance",
  "Section 11 – Governance",
  "Section 12 – Forward look",
];

/** The Word document's headings, in order, as python-docx reads them. */
function wordHeadings(file) {
  const python = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../.venv/bin/python");
  const script =
    "import docx, sys\n" +
    "for p in docx.Document(sys.argv[1]).paragraphs:\n" +
    "    if p.style.name.startswith('Heading'): print(p.text)\n";
  const r = spawnSync(python, ["-c", script, file], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n").filter(Boolean);
}

/** The PDF's text with whitespace collapsed. */
function pdfText(file) {
  const r = spawnSync("pdftotext", ["-raw", file, "-"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, " ");
}

test("save a contract's review pack and a meeting pack from the app", async () => {
  const loaded = spawnSync(cmm, ["--db", db, "--json", "load-example"], { encoding: "utf8" });
  assert.equal(loaded.status, 0, loaded.stderr);
  const title = JSON.parse(loaded.stdout).title;
  const pack = path.join(workDir, "Total Facilities Management review pack.pdf");
  const meetingPack = path.join(workDir, "Meeting 14 January 2027.pdf");
  const word = path.join(workDir, "Total Facilities Management review pack.docx");

  await withApp(db, async (browser) => {
    await introduce(browser, "Clare Maynard");
    await click(browser, "a=Maturity reports");
    await waitForText(browser, "h1", "Maturity reports");
    await click(browser, `a=${title}`);
    await waitForText(browser, "h2", "Review pack");

    // Cancel first: nothing is written and nothing is said to have been.
    answer("");
    await click(browser, "[data-testid=marking-sensitive]");
    await click(browser, "button=Save the review pack (PDF)");
    await settle(browser);
    assert.equal(existsSync(pack), false);

    answer(pack);
    await click(browser, "button=Save the review pack (PDF)");
    await waitForText(browser, "[data-testid$=-saved]", "Saved");
    assert.match(await (await browser.$("[data-testid$=-saved]")).getText(), /Saved \d+ pages \(\d+(\.\d)? KB\)/);
    assert.ok(existsSync(pack), "the pack was written where the dialog said");
    await click(browser, "button=Open it now");
    await settle(browser);
    assert.equal(await (await browser.$(".app-changed")).isExisting(), false, "opening it raised no problem");
    await settle(browser);
    await screenshot(browser, "review-pack-saved");
    await assertAccessible(browser, "report page with the review pack saved");

    const text = pdfText(pack);
    assert.ok(text.includes("Total Facilities Management – East Kent"), "the contract name");
    for (const h of HEADINGS) assert.ok(text.includes(h), `the pack lacks "${h}"`);
    assert.ok(text.includes("OFFICIAL-SENSITIVE"), "the chosen marking");

    // The same pack as a Word document, for editing.
    answer(word);
    await click(browser, "button=Save the review pack (Word)");
    await waitForText(browser, "[data-testid$=-saved]", "Saved a Word document");
    assert.ok(readFileSync(word).subarray(0, 2).equals(Buffer.from("PK")), "a Word document is a zip package");
    const headings = wordHeadings(word);
    for (const h of HEADINGS) assert.ok(headings.includes(h), `the Word document lacks the heading "${h}"`);
    await screenshot(browser, "review-pack-saved-as-word");

    // The meeting pack, from the reports page.
    await click(browser, "a=Back to maturity reports");
    await waitForText(browser, "h2", "Meeting packs");
    answer(meetingPack);
    await click(browser, "button=Save the meeting pack (PDF)");
    await waitForText(browser, "[data-testid=meeting-pack-saved]", "Saved");
    await settle(browser);
    await screenshot(browser, "meeting-pack-saved");
    await assertAccessible(browser, "reports page with a meeting pack saved");
  });

  const meeting = pdfText(meetingPack);
  assert.ok(meeting.includes("Agenda"));
  assert.ok(meeting.includes("14 January 2027"));
  for (const h of HEADINGS) assert.ok(meeting.includes(h), `the meeting pack lacks "${h}"`);
});
