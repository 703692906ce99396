import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openArchive } from "@/lib/import/archive";

/** Every file entry of a ZIP (bytes in memory: small test archives), read through the app's own archive reader. */
export async function readZip(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-zip-"));
  const file = path.join(dir, "read.zip");
  fs.writeFileSync(file, bytes);
  const archive = await openArchive(file);
  try {
    const out = new Map<string, Buffer>();
    for (const entry of archive.entries) {
      if (entry.isDirectory) continue;
      const data = await archive.read(entry);
      out.set(entry.name, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    }
    return out;
  } finally {
    await archive.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
