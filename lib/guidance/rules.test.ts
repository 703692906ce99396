import { describe, expect, it } from "vitest";
import { GUIDANCE_RULES } from "./catalogue";
import { evaluateGuidance } from "./evaluate";
import { CURRENT_WEEK, LAST_COMPLETE_WEEK, TODAY, context, report, run } from "./test-factories";
import type { GuidanceContext, RuleResult } from "./types";

function evaluate(id: string, ctx: GuidanceContext): RuleResult {
  const rule = GUIDANCE_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule.evaluate(ctx);
}

const PROGRESSION_IDS = ["prevention-5-gradual-progression", "treatment-8-gradual-increase-in-running-intensity", "faq-4-preventing-knee-pain"];

describe("gradual progression: the single-run spike (Frandsen et al. 2025)", () => {
  it("answers a large spike in the last 7 days with act and the run's percentage", () => {
    const ctx = context(report({ spikes: [run("2026-05-01", 10, 10), run("2026-05-10", 25, 10)] }));
    for (const id of PROGRESSION_IDS) {
      const result = evaluate(id, ctx);
      expect(result.status, id).toBe("act");
      expect(result.value, id).toContain("150% longer than your longest run in the previous 30 days");
      expect(result.value, id).toContain("25.0 km against 10.0 km");
      expect(result.explanation, id).toMatch(/Frandsen et al\. 2025/);
    }
  });

  it("answers a small or moderate spike with watch", () => {
    const moderate = evaluate("prevention-5-gradual-progression", context(report({ spikes: [run("2026-05-12", 14.5, 10)] })));
    expect(moderate.status).toBe("watch");
    expect(moderate.value).toMatch(/^45% longer than your longest run in the previous 30 days/);
    const small = evaluate("prevention-5-gradual-progression", context(report({ spikes: [run("2026-05-07", 12, 10)] })));
    expect(small.status).toBe("watch");
    expect(small.value).toMatch(/^20% longer/);
  });

  it("does not let a later small spike hide a large one from earlier in the same 7 days", () => {
    const ctx = context(report({ spikes: [run("2026-05-08", 21, 10), run("2026-05-12", 24, 21)] }));
    const result = evaluate("prevention-5-gradual-progression", ctx);
    expect(result.status).toBe("act");
    expect(result.value).toMatch(/^110% longer/);
    expect(result.explanation).toContain("One other run of the last 7 days");
  });

  it("only looks at runs of the last 7 days for the spike", () => {
    // A large spike 8 days ago, an unremarkable run since: the spike has left the window.
    const ctx = context(report({ spikes: [run("2026-05-05", 30, 10), run("2026-05-11", 10, 30)] }));
    const result = evaluate("prevention-5-gradual-progression", ctx);
    expect(result.status).toBe("ok");
    expect(result.value).toMatch(/No run in the last 7 days was more than 10% longer/);
  });

  it("says ok when there were recent runs but none in the last 7 days", () => {
    const result = evaluate("prevention-5-gradual-progression", context(report({ spikes: [run("2026-04-20", 10, 10)] })));
    expect(result.status).toBe("ok");
    expect(result.value).toBe("No runs in the last 7 days");
  });

  it("has not enough data without a run in the last 30 days", () => {
    for (const spikes of [[], [run("2026-04-10", 10, 10)]]) {
      const ctx = context(report({ spikes, weeks: { [LAST_COMPLETE_WEEK]: { runDistanceM: 0, runs: 0, distanceChange: null, changeBand: null } } }));
      for (const id of PROGRESSION_IDS) {
        const result = evaluate(id, ctx);
        expect(result.status, id).toBe("not_enough_data");
        expect(result.value, id).toBe("No runs in the last 30 days");
      }
    }
  });

  it("has not enough data for a comeback run that has nothing to be compared with", () => {
    const result = evaluate("prevention-5-gradual-progression", context(report({ spikes: [run("2026-05-12", 8, null)] })));
    expect(result.status).toBe("not_enough_data");
    expect(result.explanation).toContain("at least 30 days without running");
  });
});

describe("gradual progression: the weekly change (secondary)", () => {
  const over30 = { runDistanceM: 28_400, distanceChange: 0.42, changeBand: "over_30" as const };

  it("answers a >30% week with watch, citing Nielsen 2014 as uncertain", () => {
    const ctx = context(report({ weeks: { [LAST_COMPLETE_WEEK]: over30 }, spikes: [run("2026-05-06", 10, 10)] }));
    for (const id of PROGRESSION_IDS) {
      const result = evaluate(id, ctx);
      expect(result.status, id).toBe("watch");
      expect(result.value, id).toContain(`week from ${LAST_COMPLETE_WEEK}: 42% more running distance than the week before`);
      expect(result.explanation, id).toMatch(/Nielsen et al\. 2014/);
      expect(result.explanation, id).toMatch(/uncertain/);
      expect(result.explanation, id).toContain("28.4 km against 20.0 km");
    }
  });

  it("keeps act when a large spike and a >30% week come together", () => {
    const ctx = context(report({ weeks: { [LAST_COMPLETE_WEEK]: over30 }, spikes: [run("2026-05-10", 25, 10)] }));
    const result = evaluate("prevention-5-gradual-progression", ctx);
    expect(result.status).toBe("act");
    expect(result.value).toContain("150% longer");
    expect(result.value).toContain("42% more running distance");
  });

  it("reads the last complete week, not the week in progress", () => {
    const ctx = context(report({ weeks: { [CURRENT_WEEK]: over30 }, spikes: [run("2026-05-06", 10, 10)] }));
    expect(evaluate("prevention-5-gradual-progression", ctx).status).toBe("ok");
  });

  it("shows a 10–30% week for information only and never presents 10% as a limit", () => {
    const ctx = context(
      report({ weeks: { [LAST_COMPLETE_WEEK]: { distanceChange: 0.2, changeBand: "10_to_30" } }, spikes: [run("2026-05-06", 10, 10)] }),
    );
    const result = evaluate("prevention-5-gradual-progression", ctx);
    expect(result.status).toBe("ok");
    expect(result.explanation).toContain("you ran 20% more than the week before");
    expect(result.explanation).toMatch(/Buist et al\. 2008\) and did not prevent injuries/);
    expect(result.explanation).toContain("not as a limit");
    expect(result.explanation).not.toMatch(/Nielsen/);
  });
});

describe("rest (Prevention 10, Treatment 1)", () => {
  it("answers a complete week without a rest day with watch", () => {
    const ctx = context(
      report({
        weeks: { [LAST_COMPLETE_WEEK]: { restDays: 0, monotony: 2.4 } },
        spikes: ["2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05", "2026-05-06", "2026-05-08"].map((d) => run(d, 8, 10)),
      }),
    );
    const result = evaluate("prevention-10-get-proper-rest", ctx);
    expect(result.status).toBe("watch");
    expect(result.value).toBe(`0 rest days in the week from ${LAST_COMPLETE_WEEK}; longest run streak in the last 4 weeks: 5 days; monotony 2.4`);
    expect(result.explanation).toMatch(/convention/);
    expect(result.explanation).toMatch(/Foster 1998/);
  });

  it("keeps Treatment 1 (rest a painful knee, ice) as education: rest days between runs do not answer it", () => {
    for (const restDays of [0, 2]) {
      const ctx = context(report({ weeks: { [LAST_COMPLETE_WEEK]: { restDays } } }));
      const result = evaluate("treatment-1-rest-and-ice", ctx);
      expect(result).toMatchObject({ status: "education", value: null });
      expect(result.explanation).toMatch(/not things Patella can measure/);
    }
  });

  it("says ok with rest days, and ignores the week in progress", () => {
    const ctx = context(report({ weeks: { [LAST_COMPLETE_WEEK]: { restDays: 2, monotony: null }, [CURRENT_WEEK]: { restDays: 0 } } }));
    const result = evaluate("prevention-10-get-proper-rest", ctx);
    expect(result.status).toBe("ok");
    expect(result.value).toMatch(/^2 rest days in the week from 2026-05-04/);
    expect(result.explanation).toMatch(/could not be computed/);
  });

  it("has not enough data before one full week of activities", () => {
    expect(evaluate("prevention-10-get-proper-rest", context(report({ dataStart: null }))).status).toBe("not_enough_data");
    expect(evaluate("prevention-10-get-proper-rest", context(report({ dataStart: "2026-05-06" }))).status).toBe("not_enough_data");
  });
});

describe("cross-training (Treatment 7, Prevention 4)", () => {
  it("describes the minutes of the last 4 complete weeks and is never watch", () => {
    const ctx = context(
      report({
        weeks: {
          "2026-04-13": { crossTrainingMin: 60 },
          "2026-04-20": { crossTrainingMin: 0 },
          "2026-04-27": { crossTrainingMin: 45.4 },
          [LAST_COMPLETE_WEEK]: { crossTrainingMin: 90 },
          [CURRENT_WEEK]: { crossTrainingMin: 500 },
        },
      }),
    );
    for (const id of ["treatment-7-cross-training", "prevention-4-cross-train"]) {
      const result = evaluate(id, ctx);
      expect(result.status, id).toBe("ok");
      expect(result.value, id).toBe("Cross-training in the last 4 complete weeks: 60, 0, 45, 90 min a week (average 49 min)");
      expect(result.explanation, id).toMatch(/not added to your running distance/);
    }
    const none = evaluate("prevention-4-cross-train", context(report()));
    expect(none.status).toBe("education");
    expect(none.value).toBe("No cross-training in the last 4 complete weeks");
  });
});

describe("running form (Treatment 9)", () => {
  it("has not enough data without cadence", () => {
    const result = evaluate("treatment-9-proper-running-form", context(report({ spikes: [run("2026-05-10", 10, 10)] })));
    expect(result.status).toBe("not_enough_data");
    expect(result.explanation).toContain("no evidence that everyone should run at 180 steps a minute");
    expect(result.explanation).toContain("does not suggest changing how your foot lands");
  });

  it("compares recent cadence with the runner's own earlier runs when the report carries it", () => {
    const spikes = [
      run("2026-03-02", 10, 10, { avgCadenceSpm: 160 }),
      run("2026-03-09", 10, 10, { avgCadenceSpm: 164 }),
      run("2026-03-16", 10, 10, { avgCadenceSpm: 200 }),
      run("2026-04-30", 10, 10, { avgCadenceSpm: 170 }),
      run("2026-05-10", 10, 10, { avgCadenceSpm: 172 }),
    ];
    const result = evaluate("treatment-9-proper-running-form", context(report({ spikes })));
    expect(result.status).toBe("ok");
    expect(result.value).toBe("Average cadence in the last 4 weeks: 171 steps/min, 4% above your earlier 164 steps/min");
  });
});

describe("rules waiting for data Patella does not record yet", () => {
  const ctx = context(report({ spikes: [run("2026-05-10", 10, 10)] }));

  it.each([
    ["prevention-6-run-on-softer-surfaces", /share of your weekly running distance/],
    ["faq-7-treadmill", /share of your weekly running distance/],
    ["faq-10-trails-instead-of-roads", /share of your weekly running distance/],
    ["treatment-6-shoe-selection", /kilometres on each pair/],
    ["prevention-7-use-proper-gear", /kilometres on each pair/],
    ["faq-8-pain-despite-proper-shoes", /500–800 km replacement range is expert opinion/],
    ["prevention-2-listen-to-your-body", /above 5 out of 10 during or after a run or at rest, pain that has not settled by the next morning/],
    ["faq-1-healing-time", /above 5 out of 10 during or after a run or at rest, pain that has not settled by the next morning/],
    ["faq-2-running-with-knee-pain", /above 5 out of 10 during or after a run or at rest, pain that has not settled by the next morning/],
  ])("%s says what it will measure", (id, measure) => {
    const result = evaluate(id, ctx);
    expect(result.status).toBe("not_enough_data");
    expect(result.explanation).toMatch(measure);
  });

  it("points pain questions to a healthcare professional", () => {
    for (const id of ["prevention-2-listen-to-your-body", "faq-1-healing-time", "faq-2-running-with-knee-pain"]) {
      expect(evaluate(id, ctx).explanation, id).toMatch(/See a healthcare professional/);
    }
  });
});

describe("red flags (FAQ 3, FAQ 6)", () => {
  it("always answer with education listing the warning signs and a healthcare professional", () => {
    for (const id of ["faq-3-when-to-see-a-doctor", "faq-6-more-serious-condition"]) {
      for (const ctx of [context(report()), context(report({ spikes: [run("2026-05-10", 25, 10)], dataStart: null }))]) {
        const result = evaluate(id, ctx);
        expect(result.status, id).toBe("education");
        for (const sign of [/swell/, /gives? way/, /bear weight/, /lock/, /red/, /warm/, /fever/]) expect(result.explanation, id).toMatch(sign);
        expect(result.explanation, id).toMatch(/healthcare professional|doctor or physiotherapist/);
      }
    }
  });
});

describe("education-only items", () => {
  it("always answer with education", () => {
    const education = GUIDANCE_RULES.filter((r) => r.kind === "education");
    expect(education.map((r) => r.id).sort()).toEqual(
      [
        "faq-5-overweight-runners",
        "prevention-1-warm-up-and-cool-down",
        "prevention-3-strengthening-exercises",
        "prevention-8-maintain-flexibility",
        "prevention-9-check-your-running-surface",
        "treatment-1-rest-and-ice",
        "treatment-10-weight-management",
        "treatment-2-compression-and-elevation",
        "treatment-3-physical-therapy",
        "treatment-4-pain-medication",
        "treatment-5-stretching-and-strengthening-exercises",
      ].sort(),
    );
    for (const r of education) expect(r.evaluate(context(report())).status, r.id).toBe("education");
  });

  it("sends medication questions to a healthcare professional and never sets weight targets", () => {
    expect(evaluate("treatment-4-pain-medication", context()).explanation).toMatch(/Consult a healthcare professional.*before taking any medication/);
    for (const id of ["treatment-10-weight-management", "faq-5-overweight-runners"]) {
      expect(evaluate(id, context()).explanation).toMatch(/never sets weight targets/);
    }
  });
});

describe("wording", () => {
  const FORBIDDEN = [/injury risk is high/i, /high injury risk/i, /you are safe/i, /\bsafe\b/i, /diagnos/i, /you have (a|an) [a-z]+ (injury|syndrome|tendinopathy)/i];
  const contexts: [string, GuidanceContext][] = [
    ["empty", context(report({ dataStart: null }))],
    ["ordinary", context(report({ spikes: [run("2026-05-06", 10, 10)] }))],
    ["large spike", context(report({ spikes: [run("2026-05-08", 21, 10), run("2026-05-12", 24, 21)] }))],
    ["comeback", context(report({ spikes: [run("2026-05-12", 8, null)] }))],
    [
      "busy week",
      context(report({ weeks: { [LAST_COMPLETE_WEEK]: { restDays: 0, monotony: 3, distanceChange: 0.5, changeBand: "over_30", crossTrainingMin: 30 } } })),
    ],
  ];

  it.each(contexts)("never gives a verdict or a diagnosis (%s)", (_name, ctx) => {
    for (const r of evaluateGuidance(ctx)) {
      for (const text of [r.result.explanation, r.result.value ?? "", r.advice, r.evidence, r.title]) {
        for (const phrase of FORBIDDEN) expect(text, `${r.id}: ${text}`).not.toMatch(phrase);
      }
    }
  });
});

it("the test clock is a Wednesday in the week from CURRENT_WEEK", () => {
  expect(new Date(`${TODAY}T12:00:00Z`).getUTCDay()).toBe(3);
  expect(new Date(`${CURRENT_WEEK}T12:00:00Z`).getUTCDay()).toBe(1);
});
