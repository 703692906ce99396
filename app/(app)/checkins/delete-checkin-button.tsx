"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Alert } from "@/app/_components/alert";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

export function DeleteCheckinButton({ id, after = "/checkins" }: { id: string; after?: string | null }) {
  const router = useRouter();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => apiFetch<void>(`/api/v1/checkins/${id}`, { method: "DELETE" }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.all });
      if (after) router.push(after);
    },
  });
  return (
    <div className="stack">
      <button
        type="button"
        className="button danger"
        disabled={mutation.isPending}
        onClick={() => {
          if (window.confirm("Delete this check-in? This cannot be undone.")) mutation.mutate();
        }}
      >
        {mutation.isPending ? "Deleting…" : "Delete check-in"}
      </button>
      <Alert>{mutation.isError ? mutation.error.message : null}</Alert>
    </div>
  );
}
