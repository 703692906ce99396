import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GUIDANCE_RULES, RED_FLAG_RULE_IDS } from "./catalogue";
import type { DocumentPart, EvidenceGrade } from "./types";

/** The document's headings, copied from shared/reference/knee-pain-guidance.txt (a fresh clone has no shared/). */
const HEADINGS: Record<DocumentPart, string[]> = {
  treatment: [
    "Rest and Ice",
    "Compression and Elevation",
    "Physical Therapy",
    "Pain Medication",
    "Stretching and Strengthening Exercises",
    "Shoe Selection",
    "Cross-Training",
    "Gradual Increase in Running Intensity",
    "Proper Running Form",
    "Weight Management",
  ],
  prevention: [
    "Warm-Up and Cool-Down",
    "Listen to Your Body",
    "Strengthening Exercises",
    "Cross-Train",
    "Gradual Progression",
    "Run on Softer Surfaces",
    "Use Proper Gear",
    "Maintain Flexibility",
    "Check Your Running Surface",
    "Get Proper Rest",
  ],
  faq: [
    "How long does it take for knee pain from running to heal?",
    "Should I continue running with knee pain?",
    "When should I see a doctor for knee pain after running?",
    "Can I prevent knee pain while running?",
    "Can overweight individuals run without knee pain?",
    "Can knee pain from running be a sign of a more serious condition?",
    "Can running on a treadmill reduce knee pain?",
    "Can knee pain after running occur even with proper running shoes?",
    "Can physical therapy help with knee pain after running?",
    "Can running on trails instead of roads help reduce knee pain?",
  ],
};

const PART_WORDS: Record<DocumentPart, string> = { treatment: "Treatment", prevention: "Prevention", faq: "FAQ" };
const PARTS: DocumentPart[] = ["treatment", "prevention", "faq"];
const GRADES: EvidenceGrade[] = ["strong", "moderate", "weak", "extrapolated", "expert_opinion", "clinical_consensus", "not_supported"];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const documentPath = path.resolve(repoRoot, "../shared/reference/knee-pain-guidance.txt");

/** The numbered headings of each part of the guidance text. */
function headingsFromDocument(text: string): Record<DocumentPart, string[]> {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const between = (start: string, end: string) => lines.slice(lines.indexOf(start) + 1, lines.indexOf(end));
  const numbered = (block: string[], pattern: RegExp) =>
    block.flatMap((l, i) => {
      const m = pattern.exec(l);
      return m ? [{ n: Number(m[1]), title: m[2]!, order: i }] : [];
    });
  const check = (items: { n: number; title: string }[]) => {
    expect(items.map((x) => x.n)).toEqual(Array.from({ length: items.length }, (_, i) => i + 1));
    return items.map((x) => x.title);
  };
  return {
    treatment: check(numbered(between("Treatment Options", "Prevention Tips"), /^(\d+)\. (.+)$/)),
    prevention: check(numbered(between("Prevention Tips", "Frequently Asked Questions (FAQs)"), /^(\d+)\. (.+)$/)),
    faq: check(numbered(lines.slice(lines.indexOf("Frequently Asked Questions (FAQs)")), /^Q(\d+): (.+)$/)),
  };
}

/** Sentences, not counting the full stops of "et al." or decimals. */
function sentenceCount(text: string): number {
  return (text.replace(/et al\./g, "et al").match(/[.?!](?=\s+[A-Z]|\s*$)/g) ?? []).length;
}

describe("the guidance catalogue", () => {
  it("has exactly one rule per item: 30 rules, 10 per part, numbered 1–10 in document order", () => {
    expect(GUIDANCE_RULES).toHaveLength(30);
    for (const part of PARTS) {
      expect(GUIDANCE_RULES.filter((r) => r.part === part).map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
    expect(GUIDANCE_RULES.map((r) => r.part)).toEqual(PARTS.flatMap((p) => Array<DocumentPart>(10).fill(p)));
  });

  it("has unique ids made of part, number and a slug", () => {
    const ids = GUIDANCE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(30);
    for (const r of GUIDANCE_RULES) expect(r.id).toMatch(new RegExp(`^${r.part}-${r.number}-[a-z0-9]+(-[a-z0-9]+)*$`));
    expect(ids).toEqual(expect.arrayContaining(["prevention-5-gradual-progression", "treatment-1-rest-and-ice", "faq-3-when-to-see-a-doctor"]));
  });

  it("uses the document's own headings as titles and sections", () => {
    for (const part of PARTS) {
      const rules = GUIDANCE_RULES.filter((r) => r.part === part);
      expect(rules.map((r) => r.title)).toEqual(HEADINGS[part]);
      expect(rules.map((r) => r.section)).toEqual(HEADINGS[part].map((h, i) => `${PART_WORDS[part]} ${i + 1}: ${h}`));
    }
    expect(GUIDANCE_RULES.find((r) => r.id === "prevention-5-gradual-progression")?.section).toBe("Prevention 5: Gradual Progression");
    expect(GUIDANCE_RULES.find((r) => r.id === "faq-3-when-to-see-a-doctor")?.section).toBe(
      "FAQ 3: When should I see a doctor for knee pain after running?",
    );
  });

  it("matches the headings of the guidance text itself, when shared/ is there", () => {
    if (!fs.existsSync(documentPath)) return; // a fresh clone: the hard-coded list above is the reference
    expect(headingsFromDocument(fs.readFileSync(documentPath, "utf8"))).toEqual(HEADINGS);
  });

  it("gives every rule a grade, a one-sentence advice and a one-or-two-sentence evidence statement", () => {
    for (const r of GUIDANCE_RULES) {
      expect(GRADES, r.id).toContain(r.grade);
      expect(sentenceCount(r.advice), `${r.id} advice`).toBe(1);
      expect(sentenceCount(r.evidence), `${r.id} evidence`).toBeGreaterThanOrEqual(1);
      expect(sentenceCount(r.evidence), `${r.id} evidence`).toBeLessThanOrEqual(2);
      expect(["measured", "education"]).toContain(r.kind);
    }
  });

  it("backs every rule with a citation or says plainly that there is no outcome data", () => {
    for (const r of GUIDANCE_RULES) {
      if (r.citations.length === 0) expect(r.evidence, r.id).toMatch(/no outcome data/i);
      else expect(r.citations.every((c) => c.trim().length > 0), r.id).toBe(true);
    }
  });

  it("names each cited study in the evidence statement", () => {
    for (const r of GUIDANCE_RULES) {
      for (const c of r.citations) {
        const author = c.split(" ")[0]!;
        const year = /\b(19|20)\d\d\b/.exec(c)?.[0];
        expect(r.evidence, `${r.id}: ${c}`).toContain(author);
        if (year) expect(r.evidence, `${r.id}: ${c}`).toContain(year);
      }
    }
  });

  it("grades the evidence as the research notes do", () => {
    const grade = (id: string) => GUIDANCE_RULES.find((r) => r.id === id)?.grade;
    expect(grade("prevention-5-gradual-progression")).toBe("moderate");
    expect(grade("prevention-8-maintain-flexibility")).toBe("not_supported");
    expect(grade("faq-3-when-to-see-a-doctor")).toBe("clinical_consensus");
    expect(grade("prevention-10-get-proper-rest")).toBe("expert_opinion");
    // The pain-monitoring model was tested in Achilles tendinopathy only.
    expect(grade("prevention-2-listen-to-your-body")).toBe("extrapolated");
    expect(grade("faq-2-running-with-knee-pain")).toBe("extrapolated");
    expect(GUIDANCE_RULES.some((r) => r.grade === "strong")).toBe(false);
  });

  it("cites Frandsen 2025 and Buist 2008 for gradual progression, without presenting 10% as a limit", () => {
    const rule = GUIDANCE_RULES.find((r) => r.id === "prevention-5-gradual-progression")!;
    expect(rule.citations).toContain("Frandsen et al. 2025, Br J Sports Med 59(17):1203–1210");
    expect(rule.evidence).toMatch(/Buist et al\. 2008/);
    expect(rule.evidence).toMatch(/did not prevent injuries/);
  });

  it("lists the red-flag rules, which are FAQ 3 and FAQ 6", () => {
    expect([...RED_FLAG_RULE_IDS]).toEqual(["faq-3-when-to-see-a-doctor", "faq-6-more-serious-condition"]);
    for (const id of RED_FLAG_RULE_IDS) expect(GUIDANCE_RULES.some((r) => r.id === id)).toBe(true);
  });
});
