"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { Alert } from "@/app/_components/alert";

export function DeleteActivityButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => apiFetch<void>(`/api/v1/activities/${id}`, { method: "DELETE" }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.all });
      router.push("/activities");
    },
  });
  return (
    <div className="stack">
      <button
        type="button"
        className="button danger"
        disabled={mutation.isPending}
        onClick={() => {
          if (window.confirm(`Delete “${name}”? This cannot be undone.`)) mutation.mutate();
        }}
      >
        {mutation.isPending ? "Deleting…" : "Delete activity"}
      </button>
      <Alert>{mutation.isError ? mutation.error.message : null}</Alert>
    </div>
  );
}
