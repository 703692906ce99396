import type { Metadata } from "next";
import { ActivitiesTable } from "./activities-table";

export const metadata: Metadata = { title: "Activities" };

export default function ActivitiesPage() {
  return (
    <>
      <h1>Activities</h1>
      <ActivitiesTable />
    </>
  );
}
