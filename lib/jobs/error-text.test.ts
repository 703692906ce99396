import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanErrorText, errorText, MAX_ERROR_CHARS } from "./error-text";

describe("cleanErrorText", () => {
  it("keeps ordinary text as it is", () => {
    expect(cleanErrorText("Strava answered 429: rate limit exceeded (ünïcödé, 日本, 🏃)")).toBe(
      "Strava answered 429: rate limit exceeded (ünïcödé, 日本, 🏃)",
    );
  });

  it("removes control characters; line breaks and tabs become one space", () => {
    expect(cleanErrorText("a\u0000b\u0007c\u001b[0m\u007f\u0085d")).toBe("abc[0md");
    expect(cleanErrorText("first line\r\n\tsecond   line\n")).toBe("first line second line");
    expect(cleanErrorText("\u202egnp.exe\u202c \u2066x\u2069")).toBe("gnp.exe x");
  });

  it("replaces lone surrogates, keeps pairs", () => {
    expect(cleanErrorText("a\ud800b\udc00c 🏃")).toBe("a\ufffdb\ufffdc 🏃");
  });

  it("cuts long text to 2,000 code points, ending with an ellipsis, never inside a pair", () => {
    const cut = cleanErrorText("🏃".repeat(3_000));
    expect(Array.from(cut)).toHaveLength(MAX_ERROR_CHARS);
    expect(cut.endsWith("🏃…")).toBe(true);
    expect(Array.from(cleanErrorText("x".repeat(MAX_ERROR_CHARS)))).toHaveLength(MAX_ERROR_CHARS);
    expect(cleanErrorText("x".repeat(MAX_ERROR_CHARS)).endsWith("…")).toBe(false);
    // A huge message costs no more than a long one, and is still cut.
    const huge = cleanErrorText("y".repeat(20_000_000));
    expect(huge).toHaveLength(MAX_ERROR_CHARS);
    // Cut before the controls are removed is still cut, and says so.
    expect(cleanErrorText(`${"\u0001".repeat(10_000)}tail`)).toBe("…");
  });

  it("always gives storable text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 3_000 }), (text) => {
        const out = cleanErrorText(text);
        expect(Array.from(out).length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
        expect(out).not.toMatch(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u);
        expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
    );
  });
});

describe("errorText", () => {
  it("names the error and says what it said", () => {
    expect(errorText(new TypeError("x is not a function"))).toBe("TypeError: x is not a function");
    expect(errorText("plain string")).toBe("plain string");
    expect(errorText(undefined)).toBe("undefined");
  });

  it("keeps a wrapped database error's own message, not the query's parameters", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: "23505" });
    const wrapped = new Error('Failed query: insert into "users" ... params: secret@example.com,hash', { cause });
    expect(errorText(wrapped)).toBe('DatabaseError (23505): duplicate key value violates unique constraint "x"');
  });
});
