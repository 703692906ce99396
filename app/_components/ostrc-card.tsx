"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/alert";
import { ostrcVerdict, type OSTRC_QUESTIONS } from "@/lib/checkins/ostrc";
import { apiFetch, jsonInit } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

interface OstrcState {
  weekStart: string;
  due: boolean;
  questions: typeof OSTRC_QUESTIONS;
}

type OstrcAnswer = { skipped: true } | { skipped: false; severity: number; points: number[]; problem: boolean; substantial: boolean };

/**
 * The weekly OSTRC-O2 knee questionnaire (Clarsen et al.), offered once a week and skippable. Shows
 * nothing when this week's is done, except the answer just given.
 */
export function OstrcCard() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.ostrc(), queryFn: () => apiFetch<OstrcState>("/api/v1/ostrc") });
  const [answers, setAnswers] = useState<(number | null)[]>([null, null, null, null]);
  const [missing, setMissing] = useState(false);
  const [open, setOpen] = useState(false);
  const save = useMutation({
    mutationFn: (body: { answers: number[] } | { skipped: true }) => apiFetch<OstrcAnswer>("/api/v1/ostrc", jsonInit("POST", body)),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.all }),
  });

  if (save.data) {
    if (save.data.skipped) return null;
    return (
      <section className="card" aria-live="polite" data-testid="ostrc-done">
        <p data-verdict={ostrcVerdict(save.data).verdict}>
          Thank you: this week&apos;s knee score is <strong>{save.data.severity}/100</strong>. {ostrcVerdict(save.data).words}
        </p>
      </section>
    );
  }
  if (!query.data?.due) return null;
  const { questions } = query.data;
  if (!open) {
    return (
      <section className="card" aria-labelledby="ostrc-title" data-testid="ostrc-card">
        <h2 id="ostrc-title">Your knee this week</h2>
        <p className="muted small">Four quick questions about the past 7 days (the OSTRC overuse questionnaire), once a week.</p>
        <Alert>{save.isError ? save.error.message : null}</Alert>
        <div className="row start">
          <button type="button" className="button primary" onClick={() => setOpen(true)}>
            Answer
          </button>
          <button type="button" className="button" disabled={save.isPending} onClick={() => save.mutate({ skipped: true })}>
            Skip this week
          </button>
        </div>
      </section>
    );
  }
  // The first question is the gatekeeper: with full participation and no problems, the rest do not apply.
  const gatekeeperClear = answers[0] === 0;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const filled = gatekeeperClear ? [0, 0, 0, 0] : answers;
    if (filled.some((a) => a === null)) return setMissing(true);
    setMissing(false);
    save.mutate({ answers: filled as number[] });
  }

  return (
    <section className="card" aria-labelledby="ostrc-title" data-testid="ostrc-card">
      <h2 id="ostrc-title">Your knee this week</h2>
      <p className="muted small">Four questions about the past 7 days (the OSTRC overuse questionnaire), once a week. Skip it if you like.</p>
      <form onSubmit={onSubmit} className="stack">
        {questions.map((q, i) =>
          i > 0 && gatekeeperClear ? null : (
            <fieldset key={q.id} className="stack">
              <legend>{q.text}</legend>
              {q.options.map((option, j) => (
                <label key={option} className="inline">
                  <input
                    type="radio"
                    name={`ostrc-${q.id}`}
                    checked={answers[i] === j}
                    onChange={() => setAnswers((a) => a.map((v, k) => (k === i ? j : v)))}
                  />
                  {option}
                </label>
              ))}
            </fieldset>
          ),
        )}
        {missing ? <Alert>Answer each question, or skip this week.</Alert> : null}
        <Alert>{save.isError ? save.error.message : null}</Alert>
        <div className="row start">
          <button type="submit" className="button primary" disabled={save.isPending}>
            Save answers
          </button>
          <button type="button" className="button" disabled={save.isPending} onClick={() => save.mutate({ skipped: true })}>
            Skip this week
          </button>
        </div>
      </form>
    </section>
  );
}
