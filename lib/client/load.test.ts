import { describe, expect, it } from "vitest";
import { loadMethodWords } from "./load";

describe("loadMethodWords", () => {
  it("names the one method and why the stronger ones wait", () => {
    expect(loadMethodWords({ loadMethod: "srpe", loadCoverage: { sessions: 12, srpe: 12, trimp: 3 } })).toMatch(/^Load is session RPE × minutes: you rated the effort of every session/);
    const trimp = loadMethodWords({ loadMethod: "trimp", loadCoverage: { sessions: 12, srpe: 5, trimp: 12 } });
    expect(trimp).toMatch(/^Load is heart-rate TRIMP \(Banister\) for every session\./);
    expect(trimp).toContain("5 of the 12 sessions");
    const minutes = loadMethodWords({ loadMethod: "duration", loadCoverage: { sessions: 12, srpe: 5, trimp: 7 } });
    expect(minutes).toMatch(/^Load is minutes of activity for every session\./);
    expect(minutes).toContain("5 of the 12 sessions of these weeks and the 120 days before them have an effort rating and 7 a heart rate");
  });
});
