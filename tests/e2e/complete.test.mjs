// The whole template in the window: every one of the twelve sections filled in, the task
// list showing all twelve complete, and everything still there after the app restarts.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import {
  assertAccessible,
  click,
  fill,
  fillAttestation,
  introduce,
  screenshot,
  useDriver,
  waitForText,
  withApp,
} from "./harness.mjs";

const workDir = useDriver("complete");
const dbPath = path.join(workDir, "complete.sqlite3");

async function openSection(browser, title) {
  await click(browser, `a=${title}`);
  await waitForText(browser, "h1", title.replace(/^\d+\. /, ""));
}

async function saveSection(browser, n) {
  await waitForText(browser, "[data-testid=save-status]", `Section ${n} is complete`);
  await click(browser, "[data-testid=save-section]");
  await waitForText(browser, "[data-testid=task-list]", "Forward look");
  assert.equal(await (await browser.$(`#section-${n}-status`)).getText(), "Completed", `section ${n}`);
}

const twelve = (prefix, value) => Object.fromEntries(Array.from({ length: 12 }, (_, k) => [`${prefix}-${k}`, value]));

test("fill every section of the template and see all twelve complete", async () => {
  await withApp(dbPath, async (browser) => {
    await introduce(browser, "Rebecca Spore");
    await click(browser, "button=Add a contract");
    await fill(browser, {
      name: "Total facilities management – Mid Kent",
      reference: "TFM-2017-002",
      service_area: "Strategic and Corporate Services",
      contract_owner: "Rebecca Spore",
      contract_manager: "Tony Carty",
      contractor_legal_name: "Amey Community Limited",
      contractor_trading_name: "Amey",
      contractor_construct: "Prime contractor with specialist subcontractors",
      "award_date-day": "1",
      "award_date-month": "8",
      "award_date-year": "2017",
      "expiry_date-day": "31",
      "expiry_date-month": "7",
      "expiry_date-year": "2024",
      whole_life_cost_nominal: "84,000,000",
      whole_life_cost_npv: "76,500,000",
      current_year_value: "12,000,000",
      scope: "Hard and soft facilities management for the council's Mid Kent estate.",
    });
    await click(browser, "[data-testid=save-contract]");
    await waitForText(browser, "[data-testid=register-table]", "Mid Kent");

    await click(browser, "a=Maturity reports");
    await click(browser, "button=Start a maturity report");
    await fill(browser, { "meeting_date-day": "14", "meeting_date-month": "3", "meeting_date-year": "2027" });
    await click(browser, "button=Start the report");
    await waitForText(browser, "[data-testid=task-list]", "Forward look");
    assert.equal(await (await browser.$("#section-1-status")).getText(), "Completed");

    // 2: eight activities and the overall row.
    await click(browser, "a=2. Maturity assessment");
    for (let step = 1; step <= 9; step++) {
      await waitForText(browser, "[data-testid=save-and-continue]", step < 9 ? "Save and continue" : "Save and return");
      await click(browser, "label[for=current_level-3]");
      await click(browser, "label[for=target_level-4]");
      await fill(browser, { rationale: `Standard processes are in place; monitoring is not yet automated (${step}).` });
      await click(browser, "[data-testid=save-and-continue]");
    }
    await waitForText(browser, "[data-testid=task-list]", "Forward look");
    assert.equal(await (await browser.$("#section-2-status")).getText(), "Completed");

    // 3: the attestation.
    await click(browser, "a=3. Attestation by the Contract Owner");
    await fillAttestation(browser, {
      name: "Rebecca Spore",
      position: "Director of Infrastructure",
      since: "1/8/2017",
      choices: [0, 0, 0, 1, 0, 1, 0],
    });
    await waitForText(browser, "[data-testid=save-status]", "Section 3 is complete");
    await click(browser, "[data-testid=save-attestation]");
    await waitForText(browser, "[data-testid=task-list]", "Forward look");

    // 4: organisation.
    await openSection(browser, "4. Organisation");
    await fill(browser, {
      organogram: "Contract manager and two assistant contract managers; no interims.",
      annual_cost: "180,000",
      long_tenure: "The contract manager has been in post since award.",
      long_tenure_mitigation: "Deputy shadows the contract manager; handbook kept current.",
      training: "Both assistants are taking the two-day contract management course.",
    });
    await waitForText(browser, "[data-testid=computed]", "1.5% of £12,000,000.00");
    await click(browser, "button=Add a person");
    await fill(browser, { "people-0-role": "Contract manager", "people-0-qualifications": "RICS" });
    await click(browser, "label[for=people-0-engagement-0]");
    await saveSection(browser, 4);

    // 5: operational performance.
    await openSection(browser, "5. Operational performance");
    await fill(browser, { "period_end-month": "2", "period_end-year": "2027" });
    await click(browser, "button=Add an indicator");
    await fill(browser, {
      "indicators-0-reference": "PI04",
      "indicators-0-description": "Reactive tasks completed in Service Level Agreement standards",
      "indicators-0-target": "95",
      "indicators-0-floor": "90",
      ...twelve("indicators-0-actuals", "96"),
    });
    await saveSection(browser, 5);

    // 6: financial performance; on profile, so no variance to explain.
    await openSection(browser, "6. Financial performance");
    await fill(browser, {
      "period_end-month": "2",
      "period_end-year": "2027",
      ...twelve("expected_previous", "1000000"),
      ...twelve("actual", "1000000"),
      ...twelve("expected_next", "1000000"),
      ...twelve("forecast", "1000000"),
    });
    await saveSection(browser, 6);

    // 7: the council's obligations.
    await openSection(browser, "7. Fulfilment of KCC's obligations");
    await click(browser, "button=Add an obligation");
    await fill(browser, {
      "obligations-0-obligation": "Access to buildings for planned maintenance",
      "obligations-0-consequence": "Planned maintenance slips; compliance certificates lapse",
      "obligations-0-accountable": "Building managers, through the property team",
      approach: "A monthly access schedule agreed at the operational meeting.",
    });
    await saveSection(browser, 7);

    // 8: commercial performance.
    await openSection(browser, "8. Commercial performance");
    await fill(browser, {
      legislative: "National Living Wage increases priced through the annual indexation.",
      supply_chain: "Subcontractors paid within 30 days; checked quarterly.",
    });
    await click(browser, "button=Add a change");
    await click(browser, "label[for=changes-0-kind-1]");
    await fill(browser, {
      "changes-0-description": "Added two new buildings to the estate",
      "changes-0-value": "250,000",
      "changes-0-approved_by": "Cabinet Member for Strategic Commissioning",
      "changes-0-date-day": "3",
      "changes-0-date-month": "6",
      "changes-0-date-year": "2025",
    });
    await saveSection(browser, 8);

    // 9: risk.
    await openSection(browser, "9. Risk and mitigation");
    await click(browser, "button=Add a risk");
    await fill(browser, {
      "risks-0-title": "Contractor financial failure",
      "risks-0-owner": "Rebecca Spore",
      "risks-0-mitigation": "Quarterly financial health checks; step-in plan.",
      review_approach: "Reviewed monthly at the contract board.",
    });
    for (const [field, value] of [["current_likelihood", "2"], ["current_impact", "5"], ["target_likelihood", "1"], ["target_impact", "5"]]) {
      await (await browser.$(`#risks-0-${field}`)).selectByAttribute("value", value);
    }
    await saveSection(browser, 9);

    // 10 to 12.
    await openSection(browser, "10. Data assurance");
    await fill(browser, {
      information_level: "Personal data of staff and visitors",
      arrangements: "Data processing agreement; access on a need-to-know basis.",
      audits: "Internal Audit reviewed data handling in 2025; no findings.",
    });
    await saveSection(browser, 10);
    await openSection(browser, "11. Governance");
    await click(browser, "button=Add a meeting");
    await fill(browser, {
      "meetings-0-name": "Contract board",
      "meetings-0-frequency": "Monthly",
      "meetings-0-scope": "Performance, risks, payments, changes",
      "meetings-0-attendees": "Contract manager, Amey account director, finance",
    });
    await click(browser, "label[for=meetings-0-implemented-0]");
    await saveSection(browser, 11);
    await openSection(browser, "12. Forward look");
    await fill(browser, {
      extension_options: "One extension of up to two years, by notice by January 2024.",
      continuous_improvement: "Annual improvement plan agreed with the contractor.",
      next_generation: "Separate hard and soft FM in the next generation contracts.",
      support: "None at present.",
    });
    await saveSection(browser, 12);

    await waitForText(browser, "[data-testid=sections-done]", "You have completed 12 of 12 sections");
    await screenshot(browser, "task-list-all-twelve-complete");
    await assertAccessible(browser, "the completed task list");
  });

  // After a restart: still all complete. Then change an answer and quit mid-edit, without
  // pressing any button: the change is there after the next start.
  await withApp(dbPath, async (browser) => {
    await click(browser, "a=Maturity reports");
    await click(browser, "a=Total facilities management – Mid Kent");
    await waitForText(browser, "[data-testid=sections-done]", "You have completed 12 of 12 sections");
    await openSection(browser, "12. Forward look");
    assert.equal(await (await browser.$("#support")).getValue(), "None at present.");
    await fill(browser, { support: "Advice on the re-procurement timetable." });
    await waitForText(browser, "[data-testid=save-status]", "Saved at");
  });
  await withApp(dbPath, async (browser) => {
    await click(browser, "a=Maturity reports");
    await click(browser, "a=Total facilities management – Mid Kent");
    await openSection(browser, "12. Forward look");
    assert.equal(await (await browser.$("#support")).getValue(), "Advice on the re-procurement timetable.");
  });
});
