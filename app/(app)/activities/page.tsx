import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { Loading } from "@/app/_components/query-states";
import { ActivitiesView } from "./activities-view";

export const metadata: Metadata = { title: "Activities" };

/** Every activity, sortable, filterable and paged; the state lives in the URL (see lib/activities/list-state.ts). */
export default function ActivitiesPage() {
  return (
    <>
      <div className="page-head">
        <h1>Activities</h1>
        <span className="row start">
          <Link href="/upload" className="button">
            Upload files
          </Link>
          <Link href="/activities/new" className="button" data-testid="add-by-hand">
            Add by hand
          </Link>
        </span>
      </div>
      <Suspense fallback={<Loading label="Loading activities…" />}>
        <ActivitiesView />
      </Suspense>
    </>
  );
}
