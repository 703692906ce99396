import { ImportError } from "./types";

/**
 * A small, strict, streaming XML scanner: one pass, no DOM, bounded memory. It reports start tags
 * (with their raw attribute text), end tags and — only while the handler asks for it — text.
 *
 * Safe by construction: any DOCTYPE, ENTITY or other markup declaration is refused, so no entity
 * is ever defined or expanded; only the five predefined entities and character references are
 * decoded. Nesting depth and the length of a tag are bounded, end tags must match their start tags,
 * namespace prefixes must be declared, and input that ends inside an element is refused.
 */
export interface XmlHandler {
  /**
   * A start tag. `name` is the qualified name as written (e.g. "gpxtpx:hr"), `local` the part after
   * the prefix, `attrs` the raw attribute text, `depth` the element's depth (the root is 1).
   */
  open(name: string, local: string, attrs: string, depth: number): void;
  /** An end tag (also sent right after the start tag of an empty element); `depth` as in open. */
  close(name: string, depth: number): void;
  /** Decoded text of the element whose text was requested, delivered before its end tag. */
  text(value: string): void;
  /** Set by the handler: collect the text of the element just opened. */
  wantText: boolean;
  /**
   * Optional fast path for an element holding only text, written `<name>text</name>` with nothing
   * else inside: one call instead of open, text and close (`text` already decoded).
   */
  leaf?(name: string, local: string, attrs: string, text: string, depth: number): void;
}

export const MAX_DEPTH = 64;
export const MAX_TAG_LENGTH = 64 * 1024;
export const MAX_TEXT_LENGTH = 64 * 1024;

const malformed = (why: string) => new ImportError("malformed", `This file is not valid XML (${why}), so it cannot be read.`);

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeEntities(raw: string): string {
  if (raw.indexOf("&") === -1) return raw;
  return raw.replace(/&([^;&\s]{0,12});/g, (_, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const allowed =
        code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0x10ffff && code !== 0xfffe && code !== 0xffff);
      if (!Number.isFinite(code) || !allowed) throw malformed(`a character reference &${ref}; names no allowed character`);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[ref];
    if (value === undefined) throw malformed(`the entity &${ref}; is not defined`);
    return value;
  });
}

/** buf.startsWith(s, at), without the cost of the built-in on short names. */
function sameAt(buf: string, at: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (buf.charCodeAt(at + i) !== s.charCodeAt(i)) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** A tag name seen before: one string object per distinct name, so lookups hash it only once. */
interface NameEntry {
  name: string;
  local: string;
  /** Index of the ":" in `name`, or -1. */
  colon: number;
  /** The scope epoch in which this name's prefix was last found declared. */
  checkedEpoch: number;
}

export class XmlScanner {
  /** Interned names, bucketed by length and last character (a plain array: no hashing). */
  private readonly names: (NameEntry[] | undefined)[] = [];
  /** Bumped whenever a namespace declaration goes out of scope (prefix checks must be redone). */
  private epoch = 1;
  private buf = "";
  private pos = 0;
  private readonly stack: string[] = [];
  /** Depths of the open elements that declare namespace prefixes, and what they declare. */
  private readonly declaringDepths: number[] = [];
  private readonly declarations: string[][] = [];
  /** How many open elements declare each prefix. */
  private readonly inScope = new Map<string, number>();
  private rootSeen = false;
  private collecting = false;
  private collectDepth = 0;
  private collected = "";

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string): void {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + chunk : chunk;
    this.pos = 0;
    this.scan(false);
  }

  end(): void {
    this.scan(true);
    if (this.buf.slice(this.pos).trim() !== "") {
      throw new ImportError("malformed", "The file ends in the middle of a tag: it was probably cut off during download or export.");
    }
    if (this.stack.length > 0) {
      throw new ImportError(
        "malformed",
        `The file ends inside <${this.stack[this.stack.length - 1]}>: it was probably cut off during download or export.`,
      );
    }
    if (!this.rootSeen) throw new ImportError("not_gpx", "This file holds no XML document.");
  }

  /** The interned name written in buf[start, end), creating its entry on first sight. */
  private nameAt(buf: string, start: number, end: number, colon: number): NameEntry {
    const length = end - start;
    const key = (Math.min(length, 63) << 6) | (buf.charCodeAt(end - 1) & 0x3f);
    let bucket = this.names[key];
    if (bucket) {
      for (const e of bucket) if (e.name.length === length && sameAt(buf, start, e.name)) return e;
    } else {
      bucket = [];
      this.names[key] = bucket;
    }
    const name = buf.slice(start, end);
    const at = colon === -1 ? -1 : colon - start;
    const entry = { name, local: at === -1 ? name : name.slice(at + 1), colon: at, checkedEpoch: 0 };
    bucket.push(entry);
    return entry;
  }

  private checkPrefix(qname: string, colon: number, what: string): void {
    const prefix = qname.slice(0, colon);
    if (prefix !== "xml" && prefix !== "xmlns" && !this.inScope.get(prefix)) {
      throw malformed(`the ${what} <${qname}> uses the namespace prefix "${prefix}" without declaring it`);
    }
  }

  /**
   * Collects raw text; entities are decoded once the element ends, since a reference may be split
   * across two chunks. CDATA content is escaped on the way in so that decoding restores it as is.
   */
  private addText(piece: string, cdata: boolean): void {
    if (this.collecting) {
      this.collected += cdata ? piece.replace(/&/g, "&amp;").replace(/</g, "&lt;") : piece;
      if (this.collected.length > MAX_TEXT_LENGTH) throw malformed("a text value is far too long");
    } else if (this.stack.length === 0) {
      for (let i = 0; i < piece.length; i++) {
        if (!isSpace(piece.charCodeAt(i))) throw malformed("there is text outside the root element");
      }
    }
  }

  private closeElement(): void {
    const depth = this.stack.length;
    const name = this.stack.pop()!;
    if (this.declaringDepths[this.declaringDepths.length - 1] === depth) {
      this.declaringDepths.pop();
      for (const p of this.declarations.pop()!) this.inScope.set(p, this.inScope.get(p)! - 1);
      this.epoch++;
    }
    if (this.collecting && this.stack.length < this.collectDepth) {
      this.collecting = false;
      const value = decodeEntities(this.collected);
      this.collected = "";
      this.handler.text(value);
    }
    this.handler.close(name, depth);
  }

  /** Handles the start tag at `lt`; returns the index after it, or -1 if it is not complete yet. */
  private startTag(buf: string, lt: number): number {
    const len = buf.length;
    let i = lt + 1;
    let colon = -1;
    for (; i < len; i++) {
      const c = buf.charCodeAt(i);
      if (c === 0x3e || c === 0x2f || isSpace(c)) break;
      if (c === 0x3a && colon === -1) colon = i;
      if (c === 0x3c || c === 0x22 || c === 0x27) throw malformed("a tag name is not valid");
    }
    if (i - lt > MAX_TAG_LENGTH) throw malformed("a tag is far too long");
    if (i === len) return -1;
    if (i === lt + 1) throw malformed("a tag has no name");

    // Find the end of the tag, respecting quoted attribute values (which may hold ">").
    let end = -1;
    let quote = 0;
    const stop = Math.min(len, lt + MAX_TAG_LENGTH);
    for (let j = i; j < stop; j++) {
      const c = buf.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x3e) {
        end = j;
        break;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3c) throw malformed("a tag contains '<'");
    }
    if (end === -1) {
      if (stop - lt >= MAX_TAG_LENGTH) throw malformed("a tag is far too long");
      return -1;
    }

    if (this.collecting) throw malformed("an element was found inside a text value");
    if (this.stack.length === 0 && this.rootSeen) throw malformed("there is more than one root element");
    if (this.stack.length >= MAX_DEPTH) throw malformed(`elements are nested more than ${MAX_DEPTH} deep`);
    this.rootSeen = true;
    const selfClosing = buf.charCodeAt(end - 1) === 0x2f;
    const attrs = i < end ? buf.slice(i, selfClosing ? end - 1 : end) : "";
    const entry = this.nameAt(buf, lt + 1, i, colon);
    const { name, local } = entry;

    let declared: string[] | null = null;
    if (attrs.length > 0) {
      if (attrs.indexOf("xmlns:") !== -1) {
        declared = [];
        this.declaringDepths.push(this.stack.length + 1);
        this.declarations.push(declared);
        for (const m of attrs.matchAll(/(?:^|\s)xmlns:([^\s=/>]+)\s*=/g)) {
          declared.push(m[1]!);
          this.inScope.set(m[1]!, (this.inScope.get(m[1]!) ?? 0) + 1);
        }
      }
      if (attrs.indexOf(":") !== -1) {
        for (const m of attrs.matchAll(/([^\s=]+)\s*=\s*(?:"[^"]*"|'[^']*')/g)) {
          const attrName = m[1]!;
          const c = attrName.indexOf(":");
          if (c > 0 && !attrName.startsWith("xmlns")) this.checkPrefix(attrName, c, "attribute");
        }
      }
    }
    if (entry.colon !== -1 && entry.checkedEpoch !== this.epoch) {
      this.checkPrefix(name, entry.colon, "element");
      entry.checkedEpoch = this.epoch;
    }

    // Fast path: <name>text</name> — the commonest shape in a track — handled in one step.
    if (!selfClosing && declared === null && this.handler.leaf) {
      const lt2 = buf.indexOf("<", end + 1);
      const close = lt2 + 2 + name.length;
      if (lt2 !== -1 && buf.charCodeAt(lt2 + 1) === 0x2f && buf.charCodeAt(close) === 0x3e && sameAt(buf, lt2 + 2, name)) {
        if (lt2 - end - 1 > MAX_TEXT_LENGTH) throw malformed("a text value is far too long");
        this.handler.leaf(name, local, attrs, decodeEntities(buf.slice(end + 1, lt2)), this.stack.length + 1);
        return close + 1;
      }
    }

    this.stack.push(name);

    this.handler.wantText = false;
    this.handler.open(name, local, attrs, this.stack.length);
    if (selfClosing) {
      if (this.handler.wantText) this.handler.text("");
      this.handler.wantText = false;
      this.closeElement();
    } else if (this.handler.wantText) {
      this.collecting = true;
      this.collectDepth = this.stack.length;
      this.collected = "";
    }
    return end + 1;
  }

  private scan(final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = this.pos;
    for (;;) {
      const lt = buf.indexOf("<", pos);
      if (lt === -1) {
        // Text up to the end of this chunk; a tag may start in the next one.
        if (pos < len && (this.collecting || this.stack.length === 0)) this.addText(buf.slice(pos), false);
        pos = len;
        break;
      }
      // Text between tags is only looked at when asked for, or outside the root element.
      if (lt > pos && (this.collecting || this.stack.length === 0)) this.addText(buf.slice(pos, lt), false);
      pos = lt;
      const next = buf.charCodeAt(lt + 1);
      if (Number.isNaN(next)) break; // "<" at the very end of the chunk

      if (next === 0x2f /* / */) {
        const gt = buf.indexOf(">", lt + 2);
        if (gt === -1) {
          if (len - lt > MAX_TAG_LENGTH) throw malformed("a tag is far too long");
          break;
        }
        const open = this.stack[this.stack.length - 1];
        const after = lt + 2 + (open?.length ?? 0);
        if (open === undefined || !sameAt(buf, lt + 2, open) || (after !== gt && buf.slice(after, gt).trim() !== "")) {
          const name = buf.slice(lt + 2, gt).trim();
          throw malformed(open === undefined ? `</${name}> closes nothing` : `<${open}> is closed by </${name}>`);
        }
        this.closeElement();
        pos = gt + 1;
        continue;
      }

      if (next === 0x21 /* ! */) {
        if (buf.startsWith("<!--", lt)) {
          const end = buf.indexOf("-->", lt + 4);
          if (end === -1) {
            if (len - lt > MAX_TEXT_LENGTH * 16) throw malformed("a comment never ends");
            break;
          }
          pos = end + 3;
          continue;
        }
        if (buf.startsWith("<![CDATA[", lt)) {
          const end = buf.indexOf("]]>", lt + 9);
          if (end === -1) {
            if (len - lt > MAX_TEXT_LENGTH) throw malformed("a CDATA section never ends");
            break;
          }
          if (this.stack.length === 0) throw malformed("there is a CDATA section outside the root element");
          this.addText(buf.slice(lt + 9, end), true);
          pos = end + 3;
          continue;
        }
        if (len - lt < 9 && !final) break; // cannot tell yet which declaration this is
        throw new ImportError(
          "unsafe_xml",
          "This file contains a document type or entity declaration, which GPX files never need; it was refused for safety.",
        );
      }

      if (next === 0x3f /* ? */) {
        const end = buf.indexOf("?>", lt + 2);
        if (end === -1) {
          if (len - lt > MAX_TAG_LENGTH) throw malformed("a processing instruction never ends");
          break;
        }
        pos = end + 2;
        continue;
      }

      const after = this.startTag(buf, lt);
      if (after === -1) break; // the tag continues in the next chunk
      pos = after;
    }
    this.pos = pos;
  }
}

/** The value of an attribute in a start tag's raw attribute text, entities decoded; null if absent. */
export function attribute(attrs: string, name: string): string | null {
  let i = attrs.indexOf(name);
  while (i !== -1) {
    const before = i === 0 ? 0x20 : attrs.charCodeAt(i - 1);
    let j = i + name.length;
    while (j < attrs.length && isSpace(attrs.charCodeAt(j))) j++;
    if (isSpace(before) && attrs.charCodeAt(j) === 0x3d /* = */) {
      j++;
      while (j < attrs.length && isSpace(attrs.charCodeAt(j))) j++;
      const q = attrs.charCodeAt(j);
      if (q === 0x22 || q === 0x27) {
        const close = attrs.indexOf(q === 0x22 ? '"' : "'", j + 1);
        if (close !== -1) return decodeEntities(attrs.slice(j + 1, close));
      }
      return null;
    }
    i = attrs.indexOf(name, i + 1);
  }
  return null;
}
