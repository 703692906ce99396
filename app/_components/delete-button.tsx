"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Alert } from "@/app/_components/alert";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

/** Deletes one of the runner's resources after a confirmation, refreshes every query, then goes to `after`. */
export function DeleteButton({ url, confirmText, label, after }: { url: string; confirmText: string; label: string; after: string }) {
  const router = useRouter();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => apiFetch<void>(url, { method: "DELETE" }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.all });
      router.push(after);
    },
  });
  return (
    <div className="stack">
      <button
        type="button"
        className="button danger"
        disabled={mutation.isPending}
        onClick={() => {
          if (window.confirm(confirmText)) mutation.mutate();
        }}
      >
        {mutation.isPending ? "Deleting…" : label}
      </button>
      <Alert>{mutation.isError ? mutation.error.message : null}</Alert>
    </div>
  );
}
