"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { apiFetch, jsonInit } from "@/lib/client/api";
import { Alert } from "@/app/_components/alert";

interface Ref {
  id: string;
  name: string;
  source: string;
}

/** Explains a same-run link and lets the runner count the activities separately (or again once). */
export function SameRun({ activityId, countedAs, duplicates }: { activityId: string; countedAs: Ref | null; duplicates: Ref[] }) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: ({ id, duplicateOf }: { id: string; duplicateOf: string | null }) =>
      apiFetch(`/api/v1/activities/${id}`, jsonInit("PATCH", { duplicateOf })),
    onSuccess: () => router.refresh(),
  });
  if (!countedAs && duplicates.length === 0) return null;
  return (
    <div className="notice stack" data-testid="same-run">
      {countedAs ? (
        <p>
          This is the same run as <Link href={`/activities/${countedAs.id}`}>{countedAs.name}</Link> ({countedAs.source.toUpperCase()}), so it is
          counted only once in your load.{" "}
          <button type="button" className="button link" disabled={mutation.isPending} onClick={() => mutation.mutate({ id: activityId, duplicateOf: null })}>
            They are different runs: count both
          </button>
        </p>
      ) : (
        <ul>
          {duplicates.map((d) => (
            <li key={d.id}>
              <Link href={`/activities/${d.id}`}>{d.name}</Link> ({d.source.toUpperCase()}) is the same run and is counted as this one.{" "}
              <button type="button" className="button link" disabled={mutation.isPending} onClick={() => mutation.mutate({ id: d.id, duplicateOf: null })}>
                Count it separately
              </button>
            </li>
          ))}
        </ul>
      )}
      <Alert>{mutation.isError ? mutation.error.message : null}</Alert>
    </div>
  );
}
