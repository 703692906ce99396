import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ArchiveActivity,
  gzipBytes,
  makeArchive,
  patchArchiveFile,
  repeated,
} from "@/tests/support/make-archive";
import { activityFileFormat, activityIdFromName, classifyEntry, normaliseEntryName, openArchive } from "./archive";
import { parseStravaCsv } from "./strava-csv";
import { ImportError } from "./types";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-archive-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
const tmp = (name: string) => path.join(dir, `${counter++}-${name}`);
const utf8 = (s: string) => new TextEncoder().encode(s);
const MiB = 1024 * 1024;

/** The ImportError code and message a promise is refused with (fails the test on anything else). */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImportError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an ImportError, got a result");
}

/** Runs `fn`, sampling heap + array buffers every millisecond: the largest growth over the start. */
async function peakGrowth(fn: () => Promise<unknown>): Promise<number> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, used() - base)), 1);
  try {
    await fn();
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, used() - base);
  }
  return peak;
}

/** Deterministic bytes that do not compress (xorshift). */
function noise(n: number, seed = 42): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const GPX = '<?xml version="1.0"?><gpx><trk><name>Easy</name></trk></gpx>\n';
const TCX = "<?xml version=\"1.0\"?><TrainingCenterDatabase></TrainingCenterDatabase>\n";
const FIT = new Uint8Array([14, 0x20, 0x5c, 0x08, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54, 0, 0]);

describe("classifyEntry and names", () => {
  it("classifies by name alone", () => {
    expect(classifyEntry("activities.csv")).toBe("activities_csv");
    expect(classifyEntry("./activities.csv")).toBe("activities_csv");
    expect(classifyEntry("export_123/activities.csv")).toBe("activities_csv");
    expect(classifyEntry("a/b/activities.csv")).toBe("ignored");
    expect(classifyEntry("activities/123.fit.gz")).toBe("activity_file");
    expect(classifyEntry("activities\\123.GPX")).toBe("activity_file");
    expect(classifyEntry("export_123/activities/9.tcx")).toBe("activity_file");
    expect(classifyEntry("routes/1.gpx")).toBe("ignored");
    expect(classifyEntry("123.gpx")).toBe("ignored");
    expect(classifyEntry("activities/123.kml")).toBe("ignored");
    expect(classifyEntry("media/x.jpg")).toBe("ignored");
    expect(classifyEntry("activities/")).toBe("ignored");
    expect(classifyEntry("__MACOSX/activities/._1.gpx")).toBe("ignored");
    expect(classifyEntry("activities/._1.gpx")).toBe("ignored");
    for (const bad of ["../evil.gpx", "/etc/passwd", "C:\\x.gpx", "activities/../../x.gpx", "a\u0000.gpx", "\\\\server\\share\\x.gpx", "./", ""]) {
      expect(classifyEntry(bad), bad).toBe("unsafe");
    }
  });

  it("normalises names and says why one is unsafe", () => {
    expect(normaliseEntryName(".\\activities\\\\1.gpx")).toEqual({ name: "activities/1.gpx", unsafeReason: null });
    expect(normaliseEntryName("media/")).toEqual({ name: "media/", unsafeReason: null });
    expect(normaliseEntryName("activities/../../x.gpx")).toEqual({ name: "activities/../../x.gpx", unsafeReason: "parent-directory segment" });
    expect(normaliseEntryName("/etc/passwd")).toEqual({ name: "etc/passwd", unsafeReason: "absolute path" });
    expect(normaliseEntryName("C:\\x.gpx").unsafeReason).toBe("drive letter");
    expect(normaliseEntryName("a\u0000b").unsafeReason).toBe("control character in name");
  });

  it("reads the format and the file's id from a name", () => {
    expect(activityFileFormat("activities/1.FIT.GZ")).toEqual({ format: "fit", gzipped: true });
    expect(activityFileFormat("activities/1.tcx")).toEqual({ format: "tcx", gzipped: false });
    expect(activityFileFormat("activities/1.gz")).toBeNull();
    expect(activityFileFormat("activities/1.gpx.zip")).toBeNull();
    expect(activityIdFromName("activities/12116271787.fit.gz")).toBe("12116271787");
    expect(activityIdFromName("activities/morning.gpx")).toBeNull();
  });
});

describe("openArchive on a Strava-like archive", () => {
  const activities: ArchiveActivity[] = [
    { id: 101, format: "gpx", gz: false, bytes: GPX, name: "Easy, with \"quotes\"" },
    { id: 102, format: "fit", gz: true, bytes: FIT },
    { id: 103, format: "tcx", gz: true, bytes: TCX },
  ];
  let file: string;
  beforeAll(async () => {
    file = tmp("strava.zip");
    await makeArchive(file, {
      activities,
      extraEntries: [
        { name: "media/photo.jpg", bytes: noise(3000) },
        { name: "routes/1.gpx", bytes: GPX },
        { name: "nested.zip", bytes: "PK not really" },
        { name: "./activities/104.GPX", bytes: GPX, compress: false },
      ],
    });
  });

  it("lists every entry in order, classified, with declared sizes", async () => {
    const archive = await openArchive(file);
    try {
      expect(archive.entries.map((e) => [e.index, e.name, e.kind, e.uncompressedSize])).toEqual([
        [0, "activities/101.gpx", "activity_file", GPX.length],
        // createGzip and gzipSync make the same bytes at the same (default) level.
        [1, "activities/102.fit.gz", "activity_file", gzipSync(FIT).length],
        [2, "activities/103.tcx.gz", "activity_file", gzipSync(TCX).length],
        [3, "media/photo.jpg", "ignored", 3000],
        [4, "routes/1.gpx", "ignored", GPX.length],
        [5, "nested.zip", "ignored", 13],
        [6, "activities/104.GPX", "activity_file", GPX.length],
        [7, "activities.csv", "activities_csv", archive.entries[7]!.uncompressedSize],
      ]);
      expect(archive.entries[6]!.rawName).toBe("./activities/104.GPX");
      expect(archive.entries[6]!.compressedSize).toBe(GPX.length); // stored
      expect(archive.entries.filter((e) => e.nestedArchive).map((e) => e.name)).toEqual(["nested.zip"]);
      expect(archive.entries.some((e) => e.unsafe || e.isDirectory || e.encrypted)).toBe(false);
      expect(archive.activitiesCsv?.name).toBe("activities.csv");
      expect(archive.bytesInflated).toBe(0);
    } finally {
      await archive.close();
    }
  });

  it("reads plain, stored and gzipped files, and the CSV that names them", async () => {
    const archive = await openArchive(file);
    try {
      const gpx = archive.find("activities/101.gpx")!;
      expect(Buffer.from(await archive.read(gpx)).toString()).toBe(GPX);
      expect(await archive.readActivityFile(gpx)).toEqual({ format: "gpx", bytes: utf8(GPX), gzipped: false });

      const fit = await archive.readActivityFile(archive.find("./activities\\102.fit.gz")!);
      expect(fit).toEqual({ format: "fit", bytes: FIT, gzipped: true });
      const tcx = await archive.readActivityFile(archive.find("activities/103.tcx.gz")!);
      expect(tcx?.format).toBe("tcx");
      expect(Buffer.from(tcx!.bytes).toString()).toBe(TCX);
      const stored = await archive.readActivityFile(archive.find("activities/104.GPX")!);
      expect(stored).toEqual({ format: "gpx", bytes: utf8(GPX), gzipped: false });

      expect(await archive.readActivityFile(archive.find("media/photo.jpg")!)).toBeNull();
      expect(await archive.read(archive.find("media/photo.jpg")!)).toEqual(noise(3000));
      expect(archive.find("activities/999.gpx")).toBeNull();
      expect(archive.find("../activities/101.gpx")).toBeNull();

      const csv = parseStravaCsv(await archive.read(archive.activitiesCsv!));
      expect(csv.rows.map((r) => [r.activityId, r.filename, r.name, r.elapsedS, r.distanceM])).toEqual([
        ["101", "activities/101.gpx", 'Easy, with "quotes"', 1800, 5000],
        ["102", "activities/102.fit.gz", "Run 102", 1800, 5000],
        ["103", "activities/103.tcx.gz", "Run 103", 1800, 5000],
      ]);
      for (const row of csv.rows) expect(archive.find(row.filename!)?.kind).toBe("activity_file");
    } finally {
      await archive.close();
    }
  });

  it("counts the bytes it inflates, and is closed once", async () => {
    const archive = await openArchive(file);
    const gz = archive.find("activities/102.fit.gz")!;
    await archive.readActivityFile(gz);
    // The .gz entry as stored, then what it gunzips to.
    expect(archive.bytesInflated).toBe(gz.uncompressedSize + FIT.length);
    await archive.close();
    await archive.close();
    await expect(archive.read(gz)).rejects.toThrow(/closed/);
  });

  it("refuses an entry of another archive (a programming error, not an ImportError)", async () => {
    const a = await openArchive(file);
    const b = await openArchive(file);
    try {
      const foreign = { ...a.entries[0]! };
      await expect(b.read(foreign)).rejects.toThrow(/does not belong/);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("an export re-zipped inside its folder", () => {
  it("finds activities.csv one folder deep and resolves its filenames there", async () => {
    const file = tmp("wrapped.zip");
    await makeArchive(file, {
      activities: [{ id: 7, format: "gpx", gz: false, bytes: GPX, fileName: "export_9/activities/7.gpx" }],
      csvRows: [],
      extraEntries: [{ name: "__MACOSX/export_9/._activities.csv", bytes: "junk" }],
      csvName: "export_9/activities.csv",
    });
    const archive = await openArchive(file);
    try {
      expect(archive.activitiesCsv?.name).toBe("export_9/activities.csv");
      expect(archive.find("activities/7.gpx")?.name).toBe("export_9/activities/7.gpx");
      expect(archive.entries.map((e) => e.kind)).toEqual(["activity_file", "ignored", "activities_csv"]);
    } finally {
      await archive.close();
    }
  });
});

describe("unsafe names", () => {
  const names = ["../evil.gpx", "/etc/passwd", "C:\\x.gpx", "activities/../../x.gpx", "activities\\..\\y.gpx", "activities/a\u0000.gpx"];

  it("are listed, flagged and never read, while the rest of the archive is", async () => {
    const file = tmp("traversal.zip");
    await makeArchive(file, {
      activities: [{ id: 1, format: "gpx", gz: false, bytes: GPX }],
      extraEntries: [
        ...names.map((name) => ({ name, bytes: GPX })),
        { name: "activities/2.gpx", bytes: "/etc/passwd", mode: 0o120777 },
        { name: "activities/3.gpx", bytes: "", mode: 0o010644 },
      ],
      csvRows: null,
    });
    const archive = await openArchive(file);
    try {
      expect(archive.entries.map((e) => [e.rawName, e.unsafe, e.kind, e.unsafeReason])).toEqual([
        ["activities/1.gpx", false, "activity_file", null],
        ["../evil.gpx", true, "unsafe", "parent-directory segment"],
        ["/etc/passwd", true, "unsafe", "absolute path"],
        ["C:\\x.gpx", true, "unsafe", "drive letter"],
        ["activities/../../x.gpx", true, "unsafe", "parent-directory segment"],
        ["activities\\..\\y.gpx", true, "unsafe", "parent-directory segment"],
        ["activities/a\u0000.gpx", true, "unsafe", "control character in name"],
        ["activities/2.gpx", true, "unsafe", "symbolic link"],
        ["activities/3.gpx", true, "unsafe", "special file"],
      ]);
      for (const entry of archive.entries.slice(1)) {
        expect((await refusal(archive.read(entry))).code).toBe("unsafe_archive");
        expect((await refusal(archive.readActivityFile(entry))).code).toBe("unsafe_archive");
        expect(archive.find(entry.rawName)).toBeNull();
      }
      expect(archive.bytesInflated).toBe(0);
      expect(archive.find("activities/2.gpx")).toBeNull();
      expect((await archive.readActivityFile(archive.find("activities/1.gpx")!))?.bytes).toEqual(utf8(GPX));
    } finally {
      await archive.close();
    }
  });
});

describe("damaged and foreign files", () => {
  let good: Buffer;
  beforeAll(async () => {
    const file = tmp("good.zip");
    await makeArchive(file, { activities: [{ id: 1, format: "gpx", gz: false, bytes: GPX.repeat(50) }] });
    good = fs.readFileSync(file);
  });

  it.each([
    ["random bytes", () => Buffer.from(noise(10_000))],
    ["an empty file", () => Buffer.alloc(0)],
    ["a zip cut in half", () => good.subarray(0, good.length >> 1)],
    ["a zip missing its last byte", () => good.subarray(0, good.length - 1)],
    ["text", () => Buffer.from("Activity ID,Activity Name\n1,Run\n")],
  ])("refuses %s as bad_archive", async (_label, bytes) => {
    const file = tmp("bad.zip");
    fs.writeFileSync(file, bytes());
    const r = await refusal(openArchive(file));
    expect(r.code).toBe("bad_archive");
    expect(r.message).toMatch(/not a ZIP archive|damaged/);
  });

  it("refuses a damaged central directory as bad_archive", async () => {
    const file = tmp("bad-cd.zip");
    const copy = Buffer.from(good);
    const eocd = copy.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cd = copy.readUInt32LE(eocd + 16);
    copy.write("XXXX", cd, "latin1"); // the first record's signature
    fs.writeFileSync(file, copy);
    expect(await refusal(openArchive(file))).toMatchObject({ code: "bad_archive" });
  });

  it("refuses damaged data in one entry as bad_archive, naming it", async () => {
    const file = tmp("bad-data.zip");
    const copy = Buffer.from(good);
    for (let i = 60; i < 90; i++) copy[i] = copy[i]! ^ 0x55; // inside the first entry's deflate data
    fs.writeFileSync(file, copy);
    const archive = await openArchive(file);
    try {
      const r = await refusal(archive.read(archive.entries[0]!));
      expect(r.code).toBe("bad_archive");
      expect(r.message).toContain("activities/1.gpx");
      // The archive is still usable.
      expect((await archive.read(archive.activitiesCsv!)).length).toBe(archive.activitiesCsv!.uncompressedSize);
    } finally {
      await archive.close();
    }
  });

  it("passes file-system errors through unchanged", async () => {
    await expect(openArchive(path.join(dir, "missing.zip"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("declared sizes are not trusted", () => {
  const CONTENT = GPX.repeat(40); // 40 × 61 = 2,440 bytes

  async function archiveWith(patch: Parameters<typeof patchArchiveFile>[2]): Promise<string> {
    const file = tmp("lying.zip");
    await makeArchive(file, { activities: [{ id: 1, format: "gpx", gz: false, bytes: CONTENT }], csvRows: null });
    await patchArchiveFile(file, "activities/1.gpx", patch);
    return file;
  }

  it("refuses an entry that unpacks to more than it declares, mid-stream", async () => {
    const archive = await openArchive(await archiveWith({ uncompressedSize: 1000 }));
    try {
      const r = await refusal(archive.read(archive.entries[0]!));
      expect(r).toMatchObject({ code: "unsafe_archive" });
      expect(r.message).toMatch(/more than the 1000 bytes its header declares/);
    } finally {
      await archive.close();
    }
  });

  it("refuses an entry that unpacks to less than it declares", async () => {
    const archive = await openArchive(await archiveWith({ uncompressedSize: 5000 }));
    try {
      const r = await refusal(archive.read(archive.entries[0]!));
      expect(r).toEqual({
        code: "bad_archive",
        message: "activities/1.gpx in the archive is damaged: it unpacks to 2440 bytes, not the 5000 its header declares.",
      });
    } finally {
      await archive.close();
    }
  });

  it("refuses a wrong checksum", async () => {
    const archive = await openArchive(await archiveWith({ crc32: 12345 }));
    try {
      expect(await refusal(archive.read(archive.entries[0]!))).toMatchObject({ code: "bad_archive", message: expect.stringMatching(/checksum/) });
    } finally {
      await archive.close();
    }
  });

  it("refuses encrypted entries and unknown compression methods as unsupported_format", async () => {
    for (const patch of [{ flags: 0x1 }, { method: 12 }]) {
      const archive = await openArchive(await archiveWith(patch));
      try {
        expect(archive.entries[0]!.encrypted).toBe(patch.flags === 0x1);
        expect((await refusal(archive.read(archive.entries[0]!))).code).toBe("unsupported_format");
      } finally {
        await archive.close();
      }
    }
  });
});

describe("ZIP bombs and limits", () => {
  const HUNDRED_MIB = 100 * MiB;
  let bomb: string;
  beforeAll(async () => {
    bomb = tmp("bomb.zip");
    await makeArchive(bomb, {
      csvRows: null,
      extraEntries: [
        { name: "activities/9.gpx", bytes: repeated(HUNDRED_MIB) },
        { name: "activities/10.gpx", bytes: GPX },
      ],
    });
  });

  it("refuses 100 MB of zeros packed in ~100 KB as unsafe_archive, without inflating it", async () => {
    const archive = await openArchive(bomb);
    try {
      const entry = archive.entries[0]!;
      expect(entry.uncompressedSize).toBe(HUNDRED_MIB);
      // Deflate packs at most 258 bytes in about 2 bits: 100 MiB → about 100 KiB.
      expect(entry.compressedSize).toBeGreaterThan(90 * 1024);
      expect(entry.compressedSize).toBeLessThan(110 * 1024);
      let r: { code: string; message: string } | null = null;
      const growth = await peakGrowth(async () => (r = await refusal(archive.read(entry))));
      expect(r!.code).toBe("unsafe_archive");
      expect(r!.message).toMatch(/^activities\/9\.gpx unpacks to more than 200 times its packed size/);
      expect(growth).toBeLessThan(50 * MiB);
      expect(archive.bytesInflated).toBe(0);
      expect(await archive.read(archive.entries[1]!)).toEqual(utf8(GPX));
    } finally {
      await archive.close();
    }
  });

  it("refuses the same bomb mid-stream when its header claims 20 MB", async () => {
    const file = tmp("bomb-lying.zip");
    fs.copyFileSync(bomb, file);
    // 20 MB from ~100 KB is under the 200× ratio, so nothing is refused before inflating.
    await patchArchiveFile(file, "activities/9.gpx", { uncompressedSize: 20 * 1000 * 1000 });
    const archive = await openArchive(file);
    try {
      let r: { code: string; message: string } | null = null;
      const growth = await peakGrowth(async () => (r = await refusal(archive.read(archive.entries[0]!))));
      expect(r!.code).toBe("unsafe_archive");
      expect(growth).toBeLessThan(50 * MiB);
      // It stopped within a chunk or two of 20 MB.
      expect(archive.bytesInflated).toBeGreaterThan(20 * 1000 * 1000);
      expect(archive.bytesInflated).toBeLessThan(21 * 1000 * 1000);
    } finally {
      await archive.close();
    }
  });

  it("refuses a gzip bomb inside (.gpx.gz of 100 MB of zeros) mid-stream as unsafe_archive", async () => {
    const file = tmp("gzip-bomb.zip");
    const gz = await gzipBytes(repeated(HUNDRED_MIB));
    await makeArchive(file, { csvRows: null, extraEntries: [{ name: "activities/8.gpx.gz", bytes: gz }] });
    const archive = await openArchive(file);
    try {
      const entry = archive.entries[0]!;
      expect(entry.uncompressedSize).toBe(gz.length);
      let r: { code: string; message: string } | null = null;
      const growth = await peakGrowth(async () => (r = await refusal(archive.readActivityFile(entry))));
      expect(r!.code).toBe("unsafe_archive");
      expect(r!.message).toContain("activities/8.gpx.gz");
      expect(growth).toBeLessThan(50 * MiB);
      // Stopped once past 200 × the gzip's size, not at 100 MB.
      expect(archive.bytesInflated).toBeLessThan(gz.length + 200 * gz.length + MiB);
    } finally {
      await archive.close();
    }
  });

  it("refuses a damaged gzip as bad_archive, naming the entry", async () => {
    const file = tmp("bad-gzip.zip");
    const gz = gzipSync(GPX);
    await makeArchive(file, {
      csvRows: null,
      extraEntries: [
        { name: "activities/1.gpx.gz", bytes: "this is not gzip" },
        { name: "activities/2.gpx.gz", bytes: gz.subarray(0, gz.length - 6) },
      ],
    });
    const archive = await openArchive(file);
    try {
      for (const entry of archive.entries) {
        const r = await refusal(archive.readActivityFile(entry));
        expect(r.code).toBe("bad_archive");
        expect(r.message).toContain(entry.name);
      }
    } finally {
      await archive.close();
    }
  });

  it("refuses entries over the size limit, declared or counted", async () => {
    const file = tmp("large.zip");
    const big = noise(2 * MiB);
    // 1 MiB that does not compress, then 1 MiB of zeros: the .gz is about 1 MiB, its content 2 MiB.
    const half = Buffer.concat([noise(MiB, 7), Buffer.alloc(MiB)]);
    await makeArchive(file, {
      csvRows: null,
      extraEntries: [
        { name: "activities/1.fit", bytes: big },
        { name: "activities/2.fit.gz", bytes: await gzipBytes(half) },
        { name: "activities/3.fit", bytes: big },
      ],
    });
    await patchArchiveFile(file, "activities/3.fit", { uncompressedSize: 1_200_000 });
    const archive = await openArchive(file, { maxEntryBytes: 1.5 * MiB });
    try {
      const [declared, gzipped, lying] = archive.entries as [never, never, never];
      expect(await refusal(archive.read(declared))).toEqual({
        code: "too_large",
        message: "activities/1.fit is larger than 1.5 MB once unpacked; Patella reads files of at most that.",
      });
      expect(archive.bytesInflated).toBe(0);
      expect((await refusal(archive.readActivityFile(gzipped))).code).toBe("too_large");
      expect((await refusal(archive.read(lying))).code).toBe("unsafe_archive");
      // A lower limit for one read.
      expect((await refusal(archive.read(gzipped, { maxBytes: 1000 }))).code).toBe("too_large");
    } finally {
      await archive.close();
    }
  });

  it("stops at the archive's total", async () => {
    const file = tmp("total.zip");
    const content = noise(2000);
    await makeArchive(file, { csvRows: null, extraEntries: [1, 2, 3].map((i) => ({ name: `activities/${i}.fit`, bytes: content })) });
    const archive = await openArchive(file, { maxTotalBytes: 3000 });
    try {
      expect(await archive.read(archive.entries[0]!)).toEqual(content);
      expect((await refusal(archive.read(archive.entries[1]!))).code).toBe("too_large");
      expect((await refusal(archive.read(archive.entries[2]!))).message).toMatch(/^The archive unpacks to more than 3 KB/);
    } finally {
      await archive.close();
    }
  });

  it("refuses more entries than the limit", async () => {
    const file = tmp("many.zip");
    await makeArchive(file, { csvRows: null, extraEntries: [1, 2, 3, 4, 5].map((i) => ({ name: `media/${i}.jpg`, bytes: "x" })) });
    expect(await refusal(openArchive(file, { maxEntries: 4 }))).toEqual({
      code: "too_large",
      message: "The archive lists 5 files; Patella reads archives of at most 4.",
    });
    expect((await openArchive(file, { maxEntries: 5 })).entries).toHaveLength(5);
  });
});

describe("a larger archive, written from a generator", () => {
  it("lists 2,000 activities and reads the last one", async () => {
    const file = tmp("thousands.zip");
    function* activities(): Generator<ArchiveActivity> {
      for (let i = 1; i <= 2000; i++) yield { id: i, format: i % 2 ? "gpx" : "fit", gz: i % 3 === 0, bytes: i % 2 ? GPX : FIT };
    }
    await makeArchive(file, { activities: activities() });
    const archive = await openArchive(file);
    try {
      expect(archive.entries).toHaveLength(2001);
      expect(archive.entries.filter((e) => e.kind === "activity_file")).toHaveLength(2000);
      const csv = parseStravaCsv(await archive.read(archive.activitiesCsv!));
      expect(csv.rows).toHaveLength(2000);
      const last = archive.find(csv.rows[1999]!.filename!)!;
      expect(last.name).toBe("activities/2000.fit");
      expect(await archive.readActivityFile(last)).toEqual({ format: "fit", bytes: FIT, gzipped: false });
      const gz = archive.find(csv.rows[1997]!.filename!)!;
      expect(gz.name).toBe("activities/1998.fit.gz");
      expect(await archive.readActivityFile(gz)).toEqual({ format: "fit", bytes: FIT, gzipped: true });
    } finally {
      await archive.close();
    }
  });
});
