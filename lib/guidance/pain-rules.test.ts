import { describe, expect, it } from "vitest";
import { buildPainInsights, type OstrcWeek } from "@/lib/checkins/insights";
import type { CheckinFact, PainTiming, RedFlag } from "@/lib/checkins/types";
import { GUIDANCE_RULES } from "./catalogue";
import { evaluateGuidance } from "./evaluate";
import { CURRENT_WEEK, TODAY, context, report, run } from "./test-factories";
import type { GuidanceContext, RuleResult } from "./types";

/** Rules that read pain check-ins and the weekly questionnaire, on insights built by the real pipeline. TODAY = 2026-05-13. */

let nextId = 0;
function checkin(localDate: string, pain: number, timing: PainTiming, extra: Partial<CheckinFact> = {}): CheckinFact {
  nextId += 1;
  const hour = timing === "next_morning" ? "06" : timing === "at_rest" ? "20" : "08";
  return { id: `c${nextId}`, at: new Date(`${localDate}T${hour}:00:00Z`), localDate, pain, timing, activityId: null, redFlags: [], ...extra };
}

function ctxWith(
  checkins: CheckinFact[],
  { openRedFlags = [], ostrc = [], spikes = [] }: { openRedFlags?: { checkinId: string; localDate: string; redFlags: RedFlag[] }[]; ostrc?: OstrcWeek[]; spikes?: ReturnType<typeof run>[] } = {},
): GuidanceContext {
  const loadReport = report({ spikes });
  const insights = buildPainInsights({ from: loadReport.from, to: TODAY, today: TODAY, checkins, runs: loadReport.spikes, openRedFlags, ostrc });
  return { ...context(loadReport), checkins: insights };
}

function evaluate(id: string, ctx: GuidanceContext): RuleResult {
  const rule = GUIDANCE_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule.evaluate(ctx);
}

const PAIN_MODEL_IDS = ["prevention-2-listen-to-your-body", "faq-2-running-with-knee-pain"];

describe("listen to your body / running with knee pain: the pain-monitoring model", () => {
  it("says not enough data without a check-in in the last 7 days", () => {
    const ctx = ctxWith([checkin("2026-05-06", 7, "during")]); // 7 days before today: outside the window
    for (const id of PAIN_MODEL_IDS) {
      expect(evaluate(id, ctx).status, id).toBe("not_enough_data");
      expect(evaluate(id, ctx).value, id).toBe("No pain check-ins in the last 7 days");
    }
  });

  it("is ok when pain with running stays at 5/10 and settles", () => {
    const ctx = ctxWith([checkin("2026-05-11", 0, "at_rest"), checkin("2026-05-12", 5, "during"), checkin("2026-05-13", 0, "next_morning")], {
      spikes: [run("2026-05-12", 8, 10)],
    });
    for (const id of PAIN_MODEL_IDS) {
      const result = evaluate(id, ctx);
      expect(result.status, id).toBe("ok");
      expect(result.value, id).toBe("3 check-ins in the last 7 days, highest pain 5/10");
    }
  });

  it("says act with the reason when pain during a run is above 5/10", () => {
    const ctx = ctxWith([checkin("2026-05-12", 6, "during")]);
    for (const id of PAIN_MODEL_IDS) {
      const result = evaluate(id, ctx);
      expect(result.status, id).toBe("act");
      expect(result.value, id).toMatch(/^1 check-in in the last 7 days, highest pain 6\/10\. .*6\/10/);
      expect(result.explanation, id).toMatch(/Reduce your running/);
      expect(result.explanation, id).toMatch(/See a healthcare professional/);
    }
  });

  it("acts on three evenings of 8/10 at rest: severe pain books an appointment before the model is read", () => {
    const ctx = ctxWith([checkin("2026-05-11", 8, "at_rest"), checkin("2026-05-12", 8, "at_rest"), checkin("2026-05-13", 8, "at_rest")]);
    for (const id of PAIN_MODEL_IDS) {
      const result = evaluate(id, ctx);
      expect(result.status, id).toBe("act");
      expect(result.value, id).toContain("Pain 8/10 on 2026-05-13: 7/10 or more is severe pain");
      expect(result.explanation, id).toMatch(/Book an appointment/);
    }
  });

  it("sees a rise across a week without check-ins", () => {
    // Today's window [05-07, 05-13] median 4; [04-30, 05-06] empty; [04-23, 04-29] median 2.
    // "after" rather than "at rest": 4/10 at rest would escalate to "book an appointment" first.
    const ctx = ctxWith([checkin("2026-04-25", 2, "after"), checkin("2026-05-12", 4, "after")]);
    const result = evaluate("prevention-2-listen-to-your-body", ctx);
    expect(result.status).toBe("watch");
    expect(result.value).toContain("up from 2/10 in 2026-04-23 to 2026-04-29, the latest earlier 7 days with check-ins");
  });

  it("grades the model as extrapolated from Achilles tendinopathy and names the shared exercise programme", () => {
    for (const id of PAIN_MODEL_IDS) {
      const rule = GUIDANCE_RULES.find((r) => r.id === id)!;
      expect(rule.grade, id).toBe("extrapolated");
      expect(rule.evidence, id).toMatch(/Extrapolated from Achilles tendinopathy, so low for knees/);
      expect(rule.evidence, id).toMatch(/38 people/);
      expect(rule.evidence, id).toMatch(/same tendon-loading exercise programme/);
    }
  });

  it("says on Prevention 2, whatever the status, where Patella departs from the document's 'slow down or stop'", () => {
    const rule = GUIDANCE_RULES.find((r) => r.id === "prevention-2-listen-to-your-body")!;
    expect(rule.evidence).toMatch(/departs from the document's "slow down or stop if you feel pain"/);
    for (const ctx of [ctxWith([]), ctxWith([checkin("2026-05-12", 2, "during")]), ctxWith([checkin("2026-05-12", 6, "during")])]) {
      expect(evaluate("prevention-2-listen-to-your-body", ctx).explanation).toMatch(
        /Where Patella differs from the document: the document says to slow down or stop if you feel pain; Patella allows pain up to 5\/10/,
      );
    }
  });

  it("names the latest break on one line and lists every break in the explanation", () => {
    // 6/10 stays below the severe-pain escalation (7/10), so the model's reading shows.
    const ctx = ctxWith([checkin("2026-05-11", 6, "during"), checkin("2026-05-12", 6, "after")]);
    const result = evaluate("prevention-2-listen-to-your-body", ctx);
    expect(result.status).toBe("act");
    expect(result.value).toBe(
      "2 check-ins in the last 7 days, highest pain 6/10. Pain 6/10 after the run on 2026-05-12: the pain-monitoring model allows up to 5/10. Also 1 more in these 7 days.",
    );
    expect(result.explanation).toContain("What Patella read: Pain 6/10 during the run on 2026-05-11");
  });

  it("says act when the next morning is worse than before the run", () => {
    // Baseline: 1/10 at rest two days before the run; the morning after: 3/10.
    const ctx = ctxWith([checkin("2026-05-10", 1, "at_rest"), checkin("2026-05-13", 3, "next_morning")], { spikes: [run("2026-05-12", 8, 10)] });
    const result = evaluate("prevention-2-listen-to-your-body", ctx);
    expect(result.status).toBe("act");
    expect(result.value).toContain("3/10");
  });
});

describe("healing time (FAQ 1): the latest pain episode", () => {
  it("is ok without an episode in the last 4 weeks", () => {
    const result = evaluate("faq-1-healing-time", ctxWith([checkin("2026-05-12", 2, "after")]));
    expect(result.status).toBe("ok");
    expect(result.value).toBe("No pain episode in the last 4 weeks");
  });

  it("says act for an ongoing episode of 14 days or more that has not improved", () => {
    // Pain 4/10 every other day from 2026-04-27 (day 0) to today (day 16): no improvement.
    const days = ["2026-04-27", "2026-04-29", "2026-05-01", "2026-05-03", "2026-05-05", "2026-05-07", "2026-05-09", "2026-05-11", "2026-05-13"];
    const result = evaluate("faq-1-healing-time", ctxWith(days.map((d) => checkin(d, 4, "at_rest"))));
    expect(result.status).toBe("act");
    expect(result.value).toBe(
      "Today 4/10 at rest — day 16 of an episode that began on 27 Apr; highest 4/10 in the episode; median pain 4/10 in its first week, 4/10 in the last 7 days",
    );
    expect(result.explanation).toMatch(/two weeks/);
  });

  it("leads with a check-in that came after the episode ended, and does not call it improving", () => {
    // Episode 05-01..05-02 at 6/10, closed by 1/10 on 05-04; today 6/10 after a run.
    // First week (05-01..05-07): 6, 6, 1 → 6; last 7 days (05-07..05-13): 6 → 6: unchanged.
    const days: [string, number, PainTiming][] = [["2026-05-01", 6, "at_rest"], ["2026-05-02", 6, "at_rest"], ["2026-05-04", 1, "at_rest"], ["2026-05-13", 6, "after"]];
    const result = evaluate("faq-1-healing-time", ctxWith(days.map(([d, p, t]) => checkin(d, p, t))));
    expect(result.value).toBe(
      "Today 6/10 after a run — after an episode that ended on 2 May; highest 6/10 in the episode; median pain 6/10 in its first week, 6/10 in the last 7 days",
    );
    expect(result.status).toBe("watch");
  });

  it("is ok when the pain has come down by 2 points or more", () => {
    const days: [string, number][] = [["2026-05-01", 6], ["2026-05-02", 6], ["2026-05-04", 5], ["2026-05-07", 3], ["2026-05-10", 3], ["2026-05-12", 3]];
    const result = evaluate("faq-1-healing-time", ctxWith(days.map(([d, p]) => checkin(d, p, "at_rest"))));
    // First week (05-01..05-07): 6, 6, 5, 3 → median 5.5; last 7 days (05-07..05-13): 3, 3, 3 → 3; 5.5 − 3 = 2.5 ≥ 2.
    expect(result.status).toBe("ok");
    expect(result.value).toContain("median pain 5.5/10 in its first week, 3/10 in the last 7 days");
  });
});

describe("warning signs (FAQ 3, FAQ 6) and the weekly questionnaire (FAQ 9)", () => {
  const flagged = checkin("2026-05-12", 4, "after", { redFlags: ["swelling", "fever"] });
  const open = [{ checkinId: flagged.id, localDate: "2026-05-12", redFlags: ["swelling", "fever"] as RedFlag[] }];

  it("say act, with what was reported and a same-day referral, while a warning sign is open", () => {
    const ctx = ctxWith([flagged], { openRedFlags: open });
    for (const id of ["faq-3-when-to-see-a-doctor", "faq-6-more-serious-condition"]) {
      const result = evaluate(id, ctx);
      expect(result.status, id).toBe("act");
      expect(result.value, id).toBe("You reported swelling and a fever (1 check-in, 2026-05-12)");
      expect(result.explanation, id).toMatch(/See a doctor today/);
    }
  });

  it("go first in the evaluated list, and every other rule is marked as coming after them", () => {
    const rules = evaluateGuidance(ctxWith([flagged], { openRedFlags: open }));
    expect(rules.slice(0, 2).map((r) => r.id)).toEqual(["faq-3-when-to-see-a-doctor", "faq-6-more-serious-condition"]);
    expect(rules.slice(2).every((r) => r.afterWarningSigns === true)).toBe(true);
    expect(rules).toHaveLength(30);
  });

  it("keep the document order and educate once the signs are marked as seen", () => {
    const rules = evaluateGuidance(ctxWith([flagged]));
    expect(rules[0]!.id).toBe("treatment-1-rest-and-ice");
    expect(rules.find((r) => r.id === "faq-3-when-to-see-a-doctor")!.result.status).toBe("education");
    expect(rules.some((r) => r.afterWarningSigns)).toBe(false);
  });

  const substantial = (weekStart: string): OstrcWeek => ({ weekStart, skipped: false, answers: [2, 2, 1, 2], severity: 58, substantial: true });

  it("FAQ 9 watches one substantial week and, with FAQ 3, says act after two in a row", () => {
    const one = ctxWith([], { ostrc: [substantial(CURRENT_WEEK)] });
    expect(evaluate("faq-9-physical-therapy", one).status).toBe("watch");
    expect(evaluate("faq-9-physical-therapy", one).value).toBe(`A substantial knee problem in your weekly questionnaire of ${CURRENT_WEEK} (severity 58/100)`);
    expect(evaluate("faq-3-when-to-see-a-doctor", one).status).toBe("education");

    const two = ctxWith([], { ostrc: [substantial(CURRENT_WEEK), substantial("2026-05-04")] });
    for (const id of ["faq-9-physical-therapy", "faq-3-when-to-see-a-doctor"]) {
      expect(evaluate(id, two).status, id).toBe("act");
      expect(evaluate(id, two).value, id).toBe("A substantial knee problem in your weekly questionnaire 2 weeks in a row");
    }
    // FAQ 6 is about warning signs only.
    expect(evaluate("faq-6-more-serious-condition", two).status).toBe("education");
  });
});
