import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading } from "@/app/_components/query-states";
import { ActivitiesView } from "./activities-view";

export const metadata: Metadata = { title: "Activities" };

/** Every activity, sortable, filterable and paged; the state lives in the URL (see lib/activities/list-state.ts). */
export default function ActivitiesPage() {
  return (
    <>
      <h1>Activities</h1>
      <Suspense fallback={<Loading label="Loading activities…" />}>
        <ActivitiesView />
      </Suspense>
    </>
  );
}
