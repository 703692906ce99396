import { ostrcSince, saveOstrc } from "@/db/queries/ostrc";
import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { OSTRC_QUESTIONS, scoreOstrc } from "@/lib/checkins/ostrc";
import { localDateOf, mondayOf } from "@/lib/load/weeks";
import { ostrcSubmitSchema } from "@/lib/validation/checkins";

/**
 * The weekly OSTRC-O2 knee questionnaire: one answer (or skip) per week, Monday to Sunday in the
 * runner's time zone, recall "the past 7 days". Answering again the same week replaces the answer.
 */

async function currentWeek(db: Parameters<typeof getUserSettings>[0], userId: string): Promise<string> {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  return mondayOf(localDateOf(new Date(), settings.timeZone));
}

export const GET = apiRoute({}, async ({ db, userId }) => {
  const week = await currentWeek(db, userId);
  const [thisWeek] = await ostrcSince(db, { userId, sinceWeek: week });
  return { weekStart: week, due: !thisWeek, thisWeek: thisWeek ?? null, questions: OSTRC_QUESTIONS };
});

export const POST = apiRoute({ body: ostrcSubmitSchema }, async ({ db, userId, body }) => {
  const weekStart = await currentWeek(db, userId);
  if ("skipped" in body) {
    await saveOstrc(db, userId, { weekStart, skipped: true, answers: null, severity: null, substantial: null });
    return { weekStart, skipped: true };
  }
  const answers = body.answers as [number, number, number, number];
  const score = scoreOstrc(answers);
  await saveOstrc(db, userId, { weekStart, skipped: false, answers: [...answers], severity: score.severity, substantial: score.substantial });
  return { weekStart, skipped: false, ...score };
});
