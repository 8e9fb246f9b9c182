import { describe, expect, it } from "vitest";
import { reopened } from "./screens";

describe("the screen reopened after a restart", () => {
  it("is the one the person was on, when it names something that exists", () => {
    expect(reopened('{"kind":"report","reportId":4}')).toEqual({ kind: "report", reportId: 4 });
    expect(reopened('{"kind":"contract","contractId":2,"draftId":null}')).toEqual({
      kind: "contract",
      contractId: 2,
      draftId: null,
    });
    expect(reopened('{"kind":"reports"}')).toEqual({ kind: "reports" });
  });

  it("is the home screen instead for a form of something new, a screen this window lacks, or nothing", () => {
    for (const json of [
      '{"kind":"contract","contractId":null,"draftId":null}',
      '{"kind":"meeting","meetingId":null}',
      '{"kind":"new-report"}',
      '{"kind":"register-import"}',
      '{"kind":"a-screen-from-a-newer-version"}',
      "not json",
      null,
    ]) {
      expect(reopened(json)).toBeNull();
    }
  });
});
