// Nothing typed is ever lost. In each form a value that cannot be saved is typed first,
// then good values after it; the status must say "Not saved" in words, never "Saved" or
// "complete". The app is closed (its web storage cleared first, so nothing can come back
// from the window itself) and opened again: every value must come back from the database,
// the bad one as typed with its error, the good ones saved. One table row per form.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import {
  assertAccessible,
  assertReflows,
  click,
  fill,
  screenshot,
  startContactPointReport,
  useDriver,
  waitForText,
  withApp,
} from "./harness.mjs";

const workDir = useDriver("kept");
const dbPath = path.join(workDir, "kept.sqlite3");

const twelve = (v) => Array.from({ length: 12 }, () => v);
const cells = (row, values) => Object.fromEntries(values.map((v, k) => [`${row}-${k}`, v]));

/**
 * Each form: how to open it, what to do first (add a row), the bad value (typed first),
 * the good values typed after it, and what the status must say.
 */
const FORMS = [
  {
    name: "Section 2, a rationale pasted over the limit",
    link: "a=2. Maturity assessment",
    heading: "Planning and governance",
    before: async (browser) => {
      await click(browser, "label[for=current_level-2]");
      await click(browser, "label[for=target_level-3]");
    },
    paste: { rationale: "The contract management plan is reviewed each quarter. ".repeat(92) },
    bad: {},
    badField: "rationale",
    good: {},
    notSaved: "Not saved: Planning and governance: comments and rationale must be 5000 characters or fewer",
  },
  {
    name: "Section 3, the attestation",
    link: "a=3. Attestation by the Contract Owner",
    heading: "Attestation by the Contract Owner",
    bad: { "owner_since-day": "31", "owner_since-month": "2", "owner_since-year": "2026" },
    badField: "owner_since-day",
    good: { owner_name: "Amanda Beer", position: "Head of Customer Services" },
    notSaved: "Not saved: The date you became contract owner: 31 February 2026 does not exist. What you typed is kept.",
  },
  {
    name: "Section 4, organisation",
    link: "a=4. Organisation",
    heading: "Organisation",
    bad: { annual_cost: "about 120 thousand" },
    badField: "annual_cost",
    good: { training: "Induction for every new contract officer", long_tenure_mitigation: "Rotation every three years" },
    notSaved: "Not saved: Total annual cost of contract management needs an amount in pounds",
  },
  {
    name: "Section 5, a KPI month",
    link: "a=5. Operational performance",
    heading: "Operational performance",
    before: async (browser) => {
      await fill(browser, { "period_end-month": "3", "period_end-year": "2026" });
      await click(browser, "button=Add an indicator");
      await fill(browser, {
        "indicators-0-reference": "K1",
        "indicators-0-description": "Calls answered in 40 seconds",
        "indicators-0-target": "95",
        "indicators-0-floor": "90",
      });
    },
    bad: { "indicators-0-actuals-0": "n/a" },
    badField: "indicators-0-actuals-0",
    good: cells("indicators-0-actuals", twelve("96")),
    skipGood: ["indicators-0-actuals-0"],
    notSaved: "Not saved: Apr 2025 in indicator K1 needs a number, like 95 or 95.5. What you typed is kept.",
    after: async (browser) => {
      // Every month typed after the bad one is rated.
      await waitForText(browser, "[data-testid=kpi-row-0]", "Mar 2026");
      await waitForText(browser, "[data-testid=kpi-row-0]", "96%");
      await waitForText(browser, "[data-testid=kpi-monthly]", "GREEN");
      // A month's box shows "99.95%" in full, at 1024 px and zoomed to 200%.
      await fill(browser, { "indicators-0-actuals-5": "99.95%" });
      await assertReflows(browser, "the KPI months", { name: "kpi-months", selector: "[data-testid=indicator-0]" });
    },
  },
  {
    name: "Section 6, the payment profile",
    link: "a=6. Financial performance",
    heading: "Financial performance",
    before: async (browser) => fill(browser, { "period_end-month": "3", "period_end-year": "2026" }),
    bad: { "actual-0": "twelve hundred" },
    badField: "actual-0",
    // "£1.2m" is an amount, read as £1,200,000.00; then 44 more cells.
    good: {
      ...cells("expected_previous", ["£1.2m", ...twelve("100,000").slice(1)]),
      ...cells("actual", twelve("98,500")),
      ...cells("expected_next", twelve("100,000")),
      ...Object.fromEntries(Array.from({ length: 9 }, (_, k) => [`forecast-${k}`, "101000"])),
    },
    skipGood: ["actual-0"],
    notSaved: "Not saved: Actual payments for Apr 2025 needs an amount in pounds, like 1,250,000.50, £1.2m or £350k.",
    after: async (browser) => {
      await waitForText(browser, "[data-testid=payments-previous]", "£2,300,000");
      assert.equal(await valueOf(browser, "expected_previous-0"), "£1,200,000.00", "£1.2m shown back in full");
      // Every amount and total readable in full, at 1024 px and zoomed to 200%.
      await assertReflows(browser, "the payment profile", { name: "payment-profile", selector: "[data-testid=payments-previous]" });
    },
  },
  {
    name: "Section 7, an obligation",
    link: "a=7. Fulfilment of KCC's obligations",
    heading: "Fulfilment of KCC's obligations",
    before: async (browser) => click(browser, "button=Add an obligation"),
    bad: { "obligations-0-accountable": "The Head of Facilities, ".repeat(21) },
    badField: "obligations-0-accountable",
    good: { "obligations-0-obligation": "Building access cards for the contractor's staff", approach: "A monthly dependency log" },
    notSaved: "Not saved: Obligation 1 accountable within KCC must be 500 characters or fewer",
  },
  {
    name: "Section 8, a claim's value",
    link: "a=8. Commercial performance",
    heading: "Commercial performance",
    before: async (browser) => click(browser, "button=Add a claim or dispute"),
    bad: { "claims-0-value": "1,2m" },
    badField: "claims-0-value",
    good: { "claims-0-description": "Delay claim for the new telephony platform", legislative: "National Living Wage from April" },
    notSaved: "Not saved: Claim or dispute 1 value could be read two ways",
  },
  {
    name: "Section 9, a risk",
    link: "a=9. Risk and mitigation",
    heading: "Risk and mitigation",
    before: async (browser) => click(browser, "button=Add a risk"),
    bad: { "risks-0-title": "Call volumes ".repeat(20) },
    badField: "risks-0-title",
    good: { "risks-0-owner": "Amanda Beer", review_approach: "Reviewed monthly at the contract board" },
    notSaved: "Not saved: Risk 1 title must be 200 characters or fewer",
  },
  {
    name: "Section 10, data assurance",
    link: "a=10. Data assurance",
    heading: "Data assurance",
    bad: { information_level: "Personal data of residents, ".repeat(18) },
    badField: "information_level",
    good: { arrangements: "Role-based access, reviewed quarterly", audits: "Internal Audit, May 2026: no findings" },
    notSaved: "Not saved: Information level must be 500 characters or fewer",
  },
  {
    name: "Section 11, an audit's date",
    link: "a=11. Governance",
    heading: "Governance",
    before: async (browser) => click(browser, "button=Add an audit"),
    bad: { "audits-0-date-day": "31", "audits-0-date-month": "2", "audits-0-date-year": "2026" },
    badField: "audits-0-date-day",
    good: { "audits-0-findings": "Two low-risk findings, both closed" },
    notSaved: "Not saved: Audit 1 date: 31 February 2026 does not exist",
  },
  {
    name: "Section 12, pasted text over the limit",
    link: "a=12. Forward look",
    heading: "Forward look",
    // Pasted, as a long document would be: 20,001 characters.
    paste: { support: "x".repeat(20_001) },
    bad: {},
    badField: "support",
    good: { extension_options: "Two one-year extensions from April 2027", continuous_improvement: "Quarterly improvement plan" },
    notSaved: "Not saved: Support required from the Budget and Programme Delivery Board must be 20,000 characters or fewer",
  },
];

/**
 * Pastes text into fields at once, as a person pasting a document would. Focus stays in
 * the last one: the `fill` that follows leaves it with Tab, as a person would (a click
 * that comes while focus was moved by script is dropped by WebKitWebDriver).
 */
async function paste(browser, values) {
  for (const [id, value] of Object.entries(values)) {
    await browser.execute(
      (i, v) => {
        const el = document.getElementById(i);
        el.focus();
        el.value = v;
        el.dispatchEvent(new Event("input", { bubbles: true }));
      },
      id,
      value,
    );
  }
}

/** The good values, typed after the bad one (not over it). */
const goodOf = (form) => Object.fromEntries(Object.entries(form.good).filter(([id]) => !(form.skipGood ?? []).includes(id)));

async function valueOf(browser, id) {
  return (await browser.$(`#${id}`)).getValue();
}

/** The status line says the form is not saved, in words, and never "Saved" or "complete". */
async function assertNotSaved(browser, form) {
  await waitForText(browser, "[data-testid=save-status]", form.notSaved.slice(0, 60));
  const status = await browser.$("[data-testid=save-status]");
  const text = await status.getText();
  assert.ok(text.startsWith(form.notSaved), `${form.name}: the status says "${text}"`);
  assert.doesNotMatch(text, /Saved at|is complete/, `${form.name}: "Saved" over an error`);
  assert.equal(await status.getAttribute("data-saved"), "false");
}

async function open(browser, form) {
  await click(browser, form.link);
  await waitForText(browser, "h1", form.heading);
}

async function backToReport(browser) {
  await click(browser, "a=Back to the report");
  await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
}

test("every form keeps a bad value and everything typed after it, across a restart", async () => {
  await withApp(dbPath, async (browser) => {
    await startContactPointReport(browser);
    for (const form of FORMS) {
      await open(browser, form);
      await form.before?.(browser);
      if (form.paste) await paste(browser, form.paste);
      if (Object.keys(form.bad).length > 0) await fill(browser, form.bad);
      await fill(browser, goodOf(form));
      await assertNotSaved(browser, form);
      await form.after?.(browser);
      await browser.execute(() => document.querySelector("[data-testid=save-status]")?.scrollIntoView({ block: "center" }));
      await screenshot(browser, `${form.heading.toLowerCase().replaceAll(" ", "-")}-not-saved`);
      await backToReport(browser);
    }
    // The report says which values are not saved, each linking to its place.
    const list = await (await browser.$("[data-testid=unsaved-values]")).getText();
    assert.match(list, new RegExp(`${FORMS.length} values you typed are not saved yet`));
    assert.match(list, /Section 5, Operational performance: Apr 2025 in indicator K1 needs a number/);
    // Nothing may come back from the window's own storage.
    await browser.execute(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
  });

  await withApp(dbPath, async (browser) => {
    assert.equal(await browser.execute(() => localStorage.length + sessionStorage.length), 0);
    await click(browser, "a=Maturity reports");
    await click(browser, "[data-testid=reports-table] a");
    await waitForText(browser, "[data-testid=task-list]", "Maturity assessment");
    for (const form of FORMS) {
      await open(browser, form);
      for (const [id, typed] of Object.entries({ ...form.paste, ...form.bad })) {
        assert.equal(await valueOf(browser, id), typed, `${form.name}: ${id} as typed`);
      }
      for (const [id, typed] of Object.entries(goodOf(form))) {
        const shown = await valueOf(browser, id);
        assert.ok(shown !== "", `${form.name}: ${id} came back empty (typed "${typed}")`);
      }
      await assertNotSaved(browser, form);
      const bad = await browser.$(`#${form.badField}`);
      assert.ok(await bad.isExisting());
      await form.after?.(browser);
      await backToReport(browser);
    }
    // Signing is refused while any value is not saved, naming each and linking to it.
    await click(browser, "a=Check, sign and submit");
    await waitForText(browser, "[data-testid=unsaved-values]", `${FORMS.length} values you typed are not saved, so the report cannot be signed yet`);
    await screenshot(browser, "signing-refused-with-values-not-saved");
    await assertAccessible(browser, "signing refused");
    await click(browser, "a*=Section 5, Operational performance");
    await waitForText(browser, "h1", "Operational performance");
    assert.equal(await browser.execute(() => document.activeElement?.id), "indicators-0-actuals-0", "the link goes to the value");
    // Put right, the status says it is saved.
    await fill(browser, { "indicators-0-actuals-0": "94" });
    await waitForText(browser, "[data-testid=save-status]", "Saved at");
    assert.equal(await (await browser.$("[data-testid=save-status]")).getAttribute("data-saved"), "true");

    // Tab out of the indicator's last field (its commentary), then Enter: it asks first,
    // with focus on "Keep it", so a second Enter keeps the indicator.
    await (await browser.$("#indicators-0-commentary")).click();
    await browser.keys("Tab");
    const focused = () => browser.execute(() => document.activeElement?.textContent?.trim());
    assert.equal(await focused(), "Remove indicator 1");
    await browser.keys("Enter");
    await waitForText(browser, ".app-confirm", "Remove indicator 1 (K1), with its twelve months?");
    assert.equal(await focused(), "Keep it");
    await screenshot(browser, "remove-indicator-asks-first");
    await browser.keys("Enter");
    assert.equal(await focused(), "Remove indicator 1", "kept, and focus back where it was");
    assert.ok(await (await browser.$("#indicators-0-reference")).isExisting());
    // Removed on purpose: focus goes to the next thing to do, not the top of the page.
    await click(browser, "[data-testid=remove-indicator-0]");
    await click(browser, "[data-testid=remove-indicator-0-confirm]");
    assert.equal(await browser.execute(() => document.activeElement?.id), "add-indicator");
    assert.equal(await (await browser.$("#indicators-0-reference")).isExisting(), false);

    // Removing a row: the row that moves up shows its own date, never the removed row's.
    for (const [what, day, month, year] of [["Alpha", "1", "4", "2026"], ["Bravo", "15", "9", "2027"]]) {
      await click(browser, "#add-milestone");
      const i = (await browser.$$("[id^=milestones-][id$=-description]")).length - 1;
      await fill(browser, { [`milestones-${i}-description`]: what, [`milestones-${i}-due-day`]: day, [`milestones-${i}-due-month`]: month, [`milestones-${i}-due-year`]: year });
    }
    await click(browser, "button=Remove milestone 1");
    await click(browser, "button=Yes, remove milestone 1");
    const due = async (part) => (await browser.$(`#milestones-0-due-${part}`)).getValue();
    assert.equal(await (await browser.$("#milestones-0-description")).getValue(), "Bravo");
    assert.deepEqual([await due("day"), await due("month"), await due("year")], ["15", "9", "2027"]);

    // A box that holds more than digits ("2025-26", a financial year) comes back as typed.
    await click(browser, "a=Back to the report");
    await click(browser, "a=6. Financial performance");
    await waitForText(browser, "h1", "Financial performance");
    await fill(browser, { "period_end-year": "2025-26" });
    await waitForText(browser, "[data-testid=save-status]", "Not saved: The last month with actual payments: the month and year must be numbers");
    await click(browser, "a=Back to the report");
    await click(browser, "a=6. Financial performance");
    await waitForText(browser, "h1", "Financial performance");
    assert.equal(await (await browser.$("#period_end-year")).getValue(), "2025-26");
    assert.equal(await (await browser.$("#period_end-month")).getValue(), "3");
  });
});
