import { afterAll, describe, expect, it } from "vitest";
import { ImportError } from "@/lib/import/types";
import { closeHeavyPool, runHeavyTask } from "./pool";
import { stretch } from "../../tests/support/time-factor";

afterAll(() => closeHeavyPool());

describe("heavy-work pool", () => {
  it("runs a task on a thread and answers its result", async () => {
    expect(await runHeavyTask("echo", { a: [1, 2], b: "x" })).toEqual({ a: [1, 2], b: "x" });
  }, stretch(60_000));

  it("keeps an ImportError's code across the thread, and other errors as errors", async () => {
    const gz = new Uint8Array([1, 2, 3]);
    const refused = await runHeavyTask("decode", { fileName: "a.gpx.gz", bytes: gz, now: new Date(), maxDecompressedBytes: 1024 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportError);
    expect((refused as ImportError).code).toBe("malformed");
    const failed = await runHeavyTask("fail", { message: "boom" }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toBe("boom");
  }, stretch(60_000));

  it("a task that eats the heap kills its thread, not the process; the next task runs on a new thread", async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    const refused = await runHeavyTask("exhaustHeap", null).catch((e: unknown) => e);
    clearInterval(timer);
    expect(refused).toBeInstanceOf(ImportError);
    expect((refused as ImportError).code).toBe("too_large");
    // This thread kept running its timers while the other one filled its heap.
    expect(ticks).toBeGreaterThan(0);
    expect(await runHeavyTask("echo", 42)).toBe(42);
  }, stretch(120_000));

  it("refuses an unknown task", async () => {
    await expect(runHeavyTask("nope", null)).rejects.toThrow("no heavy task named nope");
  }, stretch(60_000));
});
