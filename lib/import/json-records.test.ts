import { describe, expect, it } from "vitest";
import { JsonRecordSplitter } from "./json-records";
import { ImportError } from "./types";

const LIMITS = { maxRecords: 10, maxRecordBytes: 100 };

/** Splits `text` fed in chunks of `size` bytes. */
function split(text: string, size: number, limits = LIMITS): string[] {
  const bytes = Buffer.from(text);
  const out: string[] = [];
  const s = new JsonRecordSplitter("part.json", limits);
  for (let i = 0; i < bytes.length; i += size) s.write(bytes.subarray(i, i + size), (t) => out.push(t));
  s.end();
  return out;
}

function refusal(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error("not refused");
}

describe("JsonRecordSplitter", () => {
  const text = ' [ {"a":"x,}]\\"{"}, [1,[2]] ,"s]",3 ,null]\n';
  it("gives each element's text, whatever the chunking (strings, escapes and nesting kept whole)", () => {
    for (const size of [1, 2, 3, 7, 1000]) {
      const records = split(text, size).map((t) => JSON.parse(t) as unknown);
      expect(records, `chunks of ${size}`).toEqual([{ a: 'x,}]"{' }, [1, [2]], "s]", 3, null]);
    }
  });

  it("reads an empty list and a list of empty objects", () => {
    expect(split("[]", 1)).toEqual([]);
    expect(split("[{},{},{}]", 2)).toEqual(["{}", "{}", "{}"]);
  });

  it("refuses more records than the cap, and a record larger than the cap, as too_large", () => {
    expect(refusal(() => split(`[${"{},".repeat(10)}{}]`, 5))).toMatchObject({ code: "too_large", message: expect.stringMatching(/more than 10 records/) });
    expect(refusal(() => split(`[{"a":"${"x".repeat(100)}"}]`, 7)).code).toBe("too_large");
  });

  it("refuses what is not one list, or a list cut short, as bad_archive", () => {
    for (const bad of ['{"a":1}', "[1,,2]", "[1] 2", "[{}", "", "[,1]"]) {
      expect(refusal(() => split(bad, 3)).code, bad).toBe("bad_archive");
    }
  });
});
