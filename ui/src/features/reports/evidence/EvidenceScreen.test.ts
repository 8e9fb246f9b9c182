import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { tick } from "svelte";
import EvidenceScreen from "./EvidenceScreen.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const report = {
  id: 7,
  title: "Waste collection, 2026",
  status: "draft",
  framework_version: "nao-2016",
  tasks: [{ section: 4, title: "Contract summary" }],
};
const framework = { activities: [{ name: "Governance" }] };
const file = {
  id: 1,
  report_id: 7,
  target: { kind: "activity", activity: 1 },
  target_label: "Activity 1",
  file_name: "minutes.pdf",
  description: "",
  size: 1000,
  sha256: "ab",
};

/** The backend of one draft report, whose `add_evidence` ends when `finish` is called. */
function backendWithSlowAdd() {
  let stored: (typeof file)[] = [];
  let finish: (ok: boolean) => void = () => {};
  mockIPC((cmd) => {
    if (cmd === "report") return report;
    if (cmd === "framework") return framework;
    if (cmd === "evidence") return stored;
    if (cmd === "evidence_limit") return 500;
    if (cmd === "add_evidence") {
      return new Promise((resolve, reject) => {
        finish = (ok) => {
          if (!ok) return reject({ code: "file", message: "survey.pdf: it changed while it was being added" });
          stored = [file];
          resolve([file]);
        };
      });
    }
    throw new Error(`unexpected ${cmd}`);
  });
  return { finish: (ok: boolean) => finish(ok) };
}

async function attachToActivityOne() {
  await fireEvent.click(await screen.findByRole("button", { name: /^Attach files\s*to activity 1/ }));
  expect((await screen.findByTestId("evidence-status")).textContent).toContain("Adding files to activity 1");
}

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
}

describe("EvidenceScreen", () => {
  it("says what became of files still being added when the person left, once they come back", async () => {
    const backend = backendWithSlowAdd();
    const first = render(EvidenceScreen, { reportId: 7, onOpen: () => {} });
    await attachToActivityOne();
    first.unmount();

    // Back during the add: it is still under way, and the buttons stay off.
    render(EvidenceScreen, { reportId: 7, onOpen: () => {} });
    expect((await screen.findByTestId("evidence-status")).textContent).toContain("Adding files to activity 1");
    expect((screen.getByRole("button", { name: /^Attach files\s*to activity 1/ }) as HTMLButtonElement).disabled).toBe(true);

    // It ends while this second screen is open: this one says so and lists the file.
    backend.finish(true);
    await settle();
    expect(screen.getByTestId("evidence-status").textContent).toContain("1 file added to activity 1, governance.");
    expect(screen.getAllByTestId("evidence-item").map((li) => li.textContent)).toEqual([
      expect.stringContaining("minutes.pdf"),
    ]);
    cleanup();

    // Shown once: opened again later, the screen does not repeat it.
    render(EvidenceScreen, { reportId: 7, onOpen: () => {} });
    await screen.findByRole("heading", { name: "Evidence and annexes" });
    expect(screen.getByTestId("evidence-status").textContent?.trim()).toBe("");
  });

  it("keeps a refusal that came while no Evidence screen was open, for the next one", async () => {
    const backend = backendWithSlowAdd();
    const first = render(EvidenceScreen, { reportId: 7, onOpen: () => {} });
    await attachToActivityOne();
    first.unmount();
    backend.finish(false);
    await settle();

    render(EvidenceScreen, { reportId: 7, onOpen: () => {} });
    expect((await screen.findByTestId("evidence-status")).textContent).toContain("it changed while it was being added");
  });
});
