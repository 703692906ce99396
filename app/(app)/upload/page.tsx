import type { Metadata } from "next";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Upload" };

export default function UploadPage() {
  return (
    <>
      <h1>Upload GPX files</h1>
      <p className="muted">Recorded runs from your watch or phone app, as .gpx files. Each file becomes one activity.</p>
      <UploadForm />
    </>
  );
}
