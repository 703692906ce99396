import type { FileFormat } from "./types";

/**
 * What a file is, from its first bytes rather than its name (pure): gzip by its magic number
 * (1f 8b), FIT by its header (a 12- or 14-byte header with ".FIT" at bytes 8–11), GPX and TCX by
 * the XML document's root element (<gpx> or <TrainingCenterDatabase>, any namespace prefix), after
 * an optional byte-order mark (UTF-8 or UTF-16), XML declaration, comments, processing instructions
 * and DOCTYPE. Only the first SNIFF_BYTES are looked at; null when none of these is recognised (the
 * caller then falls back to the file's name, so the parser's own refusal explains what is wrong).
 */

export const SNIFF_BYTES = 4096;

export type Sniffed = "gzip" | FileFormat;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function isFit(bytes: Uint8Array): boolean {
  const headerSize = bytes[0];
  return (
    bytes.length >= 12 &&
    (headerSize === 12 || headerSize === 14) &&
    bytes[8] === 0x2e && // "."
    bytes[9] === 0x46 && // "F"
    bytes[10] === 0x49 && // "I"
    bytes[11] === 0x54 // "T"
  );
}

/** The local name of the XML root element in the head of the file, or null. */
export function xmlRootName(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, SNIFF_BYTES);
  let text: string;
  if (head[0] === 0xff && head[1] === 0xfe) text = new TextDecoder("utf-16le").decode(head.subarray(2));
  else if (head[0] === 0xfe && head[1] === 0xff) text = new TextDecoder("utf-16be").decode(head.subarray(2));
  else text = new TextDecoder("utf-8").decode(head); // strips a UTF-8 BOM; a cut character is harmless
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] !== "<") return null;
    if (text.startsWith("<?", i)) {
      const end = text.indexOf("?>", i + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (text.startsWith("<!", i)) {
      // <!DOCTYPE …> (an internal subset in [ ] is skipped as a whole)
      let j = i + 2;
      let bracket = 0;
      for (; j < text.length; j++) {
        const c = text[j];
        if (c === "[") bracket++;
        else if (c === "]") bracket--;
        else if (c === ">" && bracket <= 0) break;
      }
      if (j >= text.length) return null;
      i = j + 1;
    } else {
      const m = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/.exec(text.slice(i, i + 200));
      if (!m) return null;
      const name = m[1]!;
      const colon = name.indexOf(":");
      return colon < 0 ? name : name.slice(colon + 1);
    }
  }
}

export function sniffFormat(bytes: Uint8Array): Sniffed | null {
  if (isGzip(bytes)) return "gzip";
  if (isFit(bytes)) return "fit";
  const root = xmlRootName(bytes);
  if (root === "gpx") return "gpx";
  if (root === "TrainingCenterDatabase") return "tcx";
  return null;
}
