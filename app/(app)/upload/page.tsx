import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { maxArchiveBytes, maxUploadBytes } from "@/lib/env";
import { ArchiveImport } from "./archive-import";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Upload" };

export default async function UploadPage() {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const settings = await getUserSettings(await getDb(), userId);
  return (
    <>
      <h1>Upload activity files</h1>
      <p className="muted">Recorded runs from your watch or phone app: .gpx, .tcx or .fit files (gzipped too, .gz). Each file becomes one activity. No file (a treadmill run, a forgotten watch)? <Link href="/activities/new">Add it by hand</Link>.</p>
      <UploadForm units={settings?.units ?? "km"} maxBytes={maxUploadBytes()} />
      <div className="card-gap" />
      <ArchiveImport maxBytes={maxArchiveBytes()} />
    </>
  );
}
