import { ImportError } from "./types";

/**
 * A small, strict, streaming XML scanner: one pass, no DOM, bounded memory. It reports start tags
 * (with their raw attribute text), end tags and — only while the handler asks for it — text.
 *
 * Safe by construction: any DOCTYPE, ENTITY or other markup declaration is refused, so no entity
 * is ever defined or expanded; only the five predefined entities and character references are
 * decoded. Nesting depth and the length of a tag are bounded, end tags must match their start tags,
 * namespace prefixes must be declared, and input that ends inside an element is refused.
 *
 * The work is done on UTF-8 bytes by {@link XmlByteScanner}: every byte that matters to XML's
 * structure is ASCII, and no byte of a multi-byte UTF-8 character is, so markup is found without
 * decoding anything. Text becomes a string only when someone asks for it. {@link XmlScanner} is
 * the same scanner for text (string) input and string events.
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

/** A tag name, interned: one object per distinct name and scanner, so it can be compared by identity. */
export interface XmlName {
  /** The qualified name as written (e.g. "gpxtpx:hr"). */
  readonly name: string;
  /** The part after the prefix. */
  readonly local: string;
  /** The name's UTF-8 bytes. */
  readonly bytes: Uint8Array;
  /** Free for the handler, e.g. to cache what it makes of this name (0 until it is set). */
  kind: number;
}

/**
 * The byte-level events of {@link XmlByteScanner}. While a call lasts, the start tag's raw attribute
 * bytes are `scanner.buf[scanner.attrStart, scanner.attrEnd)` (see `attrText`), and in `leaf` the
 * text's raw bytes are `scanner.buf[scanner.textStart, scanner.textEnd)` (see `leafText`).
 */
export interface XmlEvents {
  /** Set by the handler in `start`: collect the text of the element just opened. */
  wantText: boolean;
  start(name: XmlName, depth: number): void;
  end(name: XmlName, depth: number): void;
  /** Decoded text of the element whose text was requested, delivered before its end. */
  text(value: string): void;
  /**
   * Optional fast path for `<name>text</name>` with nothing else inside: one call instead of start,
   * text and end. The text's entity and character references have been checked, not decoded.
   */
  leaf?(name: XmlName, depth: number): void;
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

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;
const QUOT = 0x22;
const APOS = 0x27;
const AMP = 0x26;
const BANG = 0x21;
const QUESTION = 0x3f;
/** How many distinct tag names a scanner keeps. */
const MAX_INTERNED_NAMES = 4096;
/**
 * How many names one bucket of the table keeps: the hash is easy to collide on purpose, and a
 * lookup walks its bucket (4096 names in one bucket made every tag cost thousands of compares).
 */
const MAX_BUCKET_NAMES = 8;
/** How much of a chunk is joined to the unfinished end of the previous one to finish it. */
const BRIDGE_BYTES = 4096;
/** One UTF-16 code unit takes at most 3 bytes of UTF-8: a bound on bytes from a bound on characters. */
const MAX_BYTES_PER_UNIT = 3;

const EMPTY = Buffer.alloc(0);
const COMMENT_OPEN = new TextEncoder().encode("<!--");
const CDATA_OPEN = new TextEncoder().encode("<![CDATA[");

/** UTF-8 to text; a byte-order mark inside a document is text like any other (only a leading one is not). */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** The text of bytes [start, end): Latin-1 (a plain copy) when they are ASCII, else UTF-8. */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (buf[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if (end - start < 32) {
      let s = "";
      for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
      return s;
    }
    return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1");
  }
  return utf8.decode(buf.subarray(start, end));
}

/** Whether buf holds the bytes of `s` at `at` (false where buf ends first). */
function bytesAt(buf: Uint8Array, at: number, s: Uint8Array): boolean {
  const n = s.length;
  if (at + n > buf.length) return false;
  for (let i = 0; i < n; i++) if (buf[at + i] !== s[i]) return false;
  return true;
}

/**
 * Whether buf, seen also through `view`, holds the name's bytes at `at` (4 at a time). The caller
 * has made sure that buf extends past them.
 */
function nameAt(view: DataView, buf: Uint8Array, at: number, e: NameEntry): boolean {
  const words = e.words;
  const n = words.length;
  for (let k = 0; k < n; k++) if (view.getInt32(at + 4 * k, true) !== words[k]) return false;
  const b = e.bytes;
  for (let i = 4 * n; i < b.length; i++) if (buf[at + i] !== b[i]) return false;
  return true;
}

interface NameEntry extends XmlName {
  /** The name's bytes as little-endian 32-bit words, but for the last length % 4. */
  readonly words: Int32Array;
  /** Index of the first ":" in `name`, or -1. */
  readonly colon: number;
  /** The scope epoch in which this name's prefix was last found declared. */
  checkedEpoch: number;
  /** The name of the start tag that came next after this one last time: the guess for next time. */
  next: NameEntry | null;
}

function isNameEnd(c: number): boolean {
  return c === GT || c === SLASH || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

export class XmlByteScanner {
  /** The bytes being scanned; with the spans below, valid only during an event. */
  buf: Buffer = EMPTY;
  private view: DataView = new DataView(EMPTY.buffer, EMPTY.byteOffset, 0);
  attrStart = 0;
  attrEnd = 0;
  textStart = 0;
  textEnd = 0;

  /** Interned names in a hash table of buckets (a plain array), and how many there are. */
  private readonly names: (NameEntry[] | undefined)[] = new Array<NameEntry[] | undefined>(1024).fill(undefined);
  private interned = 0;
  /** Bumped whenever a namespace declaration goes out of scope (prefix checks must be redone). */
  private epoch = 1;
  private pos = 0;
  private readonly stack: NameEntry[] = [];
  /** Depths of the open elements that declare namespace prefixes, and what they declare. */
  private readonly declaringDepths: number[] = [];
  private readonly declarations: string[][] = [];
  /** How many open elements declare each prefix. */
  private readonly inScope = new Map<string, number>();
  /** The name of the last start tag (see NameEntry.next). */
  private lastStart: NameEntry = { name: "", local: "", bytes: new Uint8Array(0), words: new Int32Array(0), kind: 0, colon: -1, checkedEpoch: 0, next: null };
  private rootSeen = false;
  private collecting = false;
  /**
   * Watching the text of an element opened without its end tag in sight: if nothing but text comes
   * before that end tag, the element is a leaf after all, and its text is checked as the leaf fast
   * path checks it (so chunk boundaries make no difference). `watched` holds that text, or is null
   * once it is too long to be a valid leaf's.
   */
  private watching = false;
  private watched: string | null = "";
  private collectDepth = 0;
  private collected = "";

  constructor(private readonly events: XmlEvents) {}

  /** Scans the next bytes of UTF-8 input; any chunk boundary gives the same events. */
  write(chunk: Uint8Array): void {
    const input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const rest = this.buf.length - this.pos;
    if (rest === 0) {
      this.scanFrom(input, 0);
    } else {
      // What the last chunk left unfinished (rarely more than a tag) is finished on a small join
      // of it and the start of this chunk; scanning then goes on in this chunk itself, uncopied.
      const take = Math.min(input.length, Math.max(BRIDGE_BYTES, 2 * rest));
      const bridge = Buffer.allocUnsafe(rest + take);
      bridge.set(this.buf.subarray(this.pos), 0);
      bridge.set(input.subarray(0, take), rest);
      this.scanFrom(bridge, 0);
      if (take < input.length) {
        if (this.pos >= rest) {
          this.scanFrom(input, this.pos - rest);
        } else {
          // Longer than the bridge (a long comment, say): join it all.
          const joined = Buffer.allocUnsafe(rest + take - this.pos + input.length - take);
          joined.set(bridge.subarray(this.pos), 0);
          joined.set(input.subarray(take), rest + take - this.pos);
          this.scanFrom(joined, 0);
        }
      }
    }
    // Keep only the unfinished tail (a copy: the caller may reuse its chunk).
    this.buf = this.pos < this.buf.length ? Buffer.from(this.buf.subarray(this.pos)) : EMPTY;
    this.pos = 0;
  }

  private scanFrom(buf: Buffer, pos: number): void {
    this.buf = buf;
    this.pos = pos;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.scan(false);
  }

  end(): void {
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.scan(true);
    // What is left starts with "<" (text is always consumed at the end).
    if (this.pos < this.buf.length) {
      throw new ImportError("malformed", "The file ends in the middle of a tag: it was probably cut off during download or export.");
    }
    if (this.stack.length > 0) {
      throw new ImportError(
        "malformed",
        `The file ends inside <${this.stack[this.stack.length - 1]!.name}>: it was probably cut off during download or export.`,
      );
    }
    if (!this.rootSeen) throw new ImportError("not_gpx", "This file holds no XML document.");
  }

  /** The current start tag's raw attribute text (not entity-decoded). */
  attrText(): string {
    return decodeUtf8(this.buf, this.attrStart, this.attrEnd);
  }

  /** The current leaf's text, entities decoded. */
  leafText(): string {
    return decodeEntities(decodeUtf8(this.buf, this.textStart, this.textEnd));
  }

  /** Whether buf[start, end) is more than `max` characters (UTF-16 code units) of text. */
  private longerThan(start: number, end: number, max: number): boolean {
    return end - start > max && utf8.decode(this.buf.subarray(start, end)).length > max;
  }

  /** The interned name written in buf[start, end), creating its entry on first sight. */
  private intern(buf: Buffer, start: number, end: number, hash: number): NameEntry {
    const key = hash & 1023;
    const length = end - start;
    const bucket = this.names[key];
    if (bucket !== undefined) {
      for (let k = 0; k < bucket.length; k++) {
        const e = bucket[k]!;
        const b = e.bytes;
        if (b.length !== length) continue;
        let i = 0;
        while (i < length && buf[start + i] === b[i]) i++;
        if (i === length) return e;
      }
    }
    const name = decodeUtf8(buf, start, end);
    const colon = name.indexOf(":");
    const bytes = Uint8Array.from(buf.subarray(start, end));
    const words = new Int32Array(length >> 2);
    const view = new DataView(bytes.buffer);
    for (let k = 0; k < words.length; k++) words[k] = view.getInt32(4 * k, true);
    const entry: NameEntry = {
      name,
      local: colon === -1 ? name : name.slice(colon + 1),
      bytes,
      words,
      kind: 0,
      colon,
      checkedEpoch: 0,
      next: null,
    };
    // A file never needs many names; past that many, new ones are not kept (memory stays bounded).
    if (this.interned < MAX_INTERNED_NAMES && (bucket === undefined || bucket.length < MAX_BUCKET_NAMES)) {
      this.interned++;
      if (bucket === undefined) this.names[key] = [entry];
      else bucket.push(entry);
    }
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
  private addText(start: number, end: number, cdata: boolean): void {
    const buf = this.buf;
    if (this.collecting) {
      const piece = decodeUtf8(buf, start, end);
      this.collected += cdata ? piece.replace(/&/g, "&amp;").replace(/</g, "&lt;") : piece;
      if (this.collected.length > MAX_TEXT_LENGTH) throw malformed("a text value is far too long");
    } else if (this.watching) {
      if (this.watched !== null) {
        this.watched += decodeUtf8(buf, start, end);
        if (this.watched.length > MAX_TEXT_LENGTH) this.watched = null;
      }
    } else if (this.stack.length === 0) {
      for (let i = start; i < end; i++) {
        if (!isSpace(buf[i]!)) throw malformed("there is text outside the root element");
      }
    }
  }

  private closeElement(): void {
    const depth = this.stack.length;
    const entry = this.stack.pop()!;
    if (this.declaringDepths[this.declaringDepths.length - 1] === depth) {
      this.declaringDepths.pop();
      for (const p of this.declarations.pop()!) this.inScope.set(p, this.inScope.get(p)! - 1);
      this.epoch++;
    }
    if (this.collecting && this.stack.length < this.collectDepth) {
      this.collecting = false;
      const value = decodeEntities(this.collected);
      this.collected = "";
      this.events.text(value);
    }
    this.events.end(entry, depth);
  }

  /** Declares the namespace prefixes of a start tag and checks its attributes' prefixes. */
  private namespaces(attrs: string, depth: number): boolean {
    let declared = false;
    if (attrs.indexOf("xmlns:") !== -1) {
      const prefixes: string[] = [];
      declared = true;
      this.declaringDepths.push(depth);
      this.declarations.push(prefixes);
      for (const m of attrs.matchAll(/(?:^|\s)xmlns:([^\s=/>]+)\s*=/g)) {
        prefixes.push(m[1]!);
        this.inScope.set(m[1]!, (this.inScope.get(m[1]!) ?? 0) + 1);
      }
    }
    // Names start after white space: tried at every position, `[^\s=]+` was quadratic on a long
    // run without "=" (a 60 KB attribute took seconds).
    for (const m of attrs.matchAll(/(?:^|\s)([^\s=]+)\s*=\s*(?:"[^"]*"|'[^']*')/g)) {
      const attrName = m[1]!;
      const c = attrName.indexOf(":");
      if (c > 0 && !attrName.startsWith("xmlns")) this.checkPrefix(attrName, c, "attribute");
    }
    return declared;
  }

  /** Handles the start tag at `lt`; returns the index after it, or -1 if it is not complete yet. */
  private startTag(buf: Buffer, lt: number): number {
    const len = buf.length;
    let i = lt + 1;
    // Tags come in a repeating order: first try the name that followed the previous one last time.
    // (A known name holds no delimiter, so if it is followed by one it is this tag's whole name.)
    let entry = this.lastStart.next;
    if (entry !== null && i + entry.bytes.length < len && isNameEnd(buf[i + entry.bytes.length]!) && nameAt(this.view, buf, i, entry)) {
      i += entry.bytes.length;
    } else {
      entry = null;
      let hash = 0;
      for (; i < len; i++) {
        const c = buf[i]!;
        if (c === GT || c === SLASH || isSpace(c)) break;
        if (c === LT || c === QUOT || c === APOS) throw malformed("a tag name is not valid");
        hash = (hash * 31 + c) | 0;
      }
      if (i - lt > MAX_TAG_LENGTH && this.longerThan(lt, i, MAX_TAG_LENGTH)) throw malformed("a tag is far too long");
      if (i === len) return -1;
      if (i === lt + 1) throw malformed("a tag has no name");
      entry = this.intern(buf, lt + 1, i, hash);
    }

    // Find the end of the tag, respecting quoted attribute values (which may hold ">").
    let end = -1;
    let quote = 0;
    let colons = false;
    const stop = Math.min(len, lt + MAX_TAG_LENGTH * MAX_BYTES_PER_UNIT);
    for (let j = i; j < stop; j++) {
      const c = buf[j]!;
      if (c === COLON) colons = true;
      else if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === GT) {
        end = j;
        break;
      } else if (c === QUOT || c === APOS) quote = c;
      else if (c === LT) throw malformed("a tag contains '<'");
    }
    if (end === -1) {
      if (stop < len || this.longerThan(lt, len, MAX_TAG_LENGTH - 1)) throw malformed("a tag is far too long");
      return -1;
    }
    if (this.longerThan(lt, end, MAX_TAG_LENGTH - 1)) throw malformed("a tag is far too long");

    if (this.collecting) throw malformed("an element was found inside a text value");
    const depth = this.stack.length + 1;
    if (depth === 1 && this.rootSeen) throw malformed("there is more than one root element");
    if (depth > MAX_DEPTH) throw malformed(`elements are nested more than ${MAX_DEPTH} deep`);
    this.rootSeen = true;
    const selfClosing = buf[end - 1] === SLASH;
    const attrStart = i;
    const attrEnd = i < end ? (selfClosing ? end - 1 : end) : i;
    this.lastStart.next = entry;
    this.lastStart = entry;

    let declared = false;
    if (colons && attrEnd > attrStart) declared = this.namespaces(decodeUtf8(buf, attrStart, attrEnd), depth);
    if (entry.colon !== -1 && entry.checkedEpoch !== this.epoch) {
      this.checkPrefix(entry.name, entry.colon, "element");
      entry.checkedEpoch = this.epoch;
    }

    const events = this.events;
    // Fast path: <name>text</name> — the commonest shape in a track — handled in one step.
    if (!selfClosing && !declared && events.leaf !== undefined) {
      let lt2 = end + 1;
      let amp = false;
      for (; lt2 < len; lt2++) {
        const c = buf[lt2]!;
        if (c === LT) break;
        if (c === AMP) amp = true;
      }
      const nameBytes = entry.bytes;
      const close = lt2 + 2 + nameBytes.length;
      if (close < len && buf[lt2 + 1] === SLASH && buf[close] === GT && nameAt(this.view, buf, lt2 + 2, entry)) {
        if (this.longerThan(end + 1, lt2, MAX_TEXT_LENGTH)) throw malformed("a text value is far too long");
        if (amp) decodeEntities(decodeUtf8(buf, end + 1, lt2)); // refuses unknown entities, as decoding would
        this.attrStart = attrStart;
        this.attrEnd = attrEnd;
        this.textStart = end + 1;
        this.textEnd = lt2;
        events.leaf(entry, depth);
        return close + 1;
      }
    }

    this.stack.push(entry);
    this.attrStart = attrStart;
    this.attrEnd = attrEnd;
    events.wantText = false;
    events.start(entry, depth);
    if (selfClosing) {
      if (events.wantText) events.text("");
      events.wantText = false;
      this.closeElement();
    } else if (events.wantText) {
      this.collecting = true;
      this.collectDepth = depth;
      this.collected = "";
    } else if (!declared && events.leaf !== undefined) {
      this.watching = true;
      this.watched = "";
    }
    return end + 1;
  }

  /** The watched element turned out to be a leaf: its text is checked as in the leaf fast path. */
  private checkWatched(): void {
    this.watching = false;
    if (this.watched === null) throw malformed("a text value is far too long");
    decodeEntities(this.watched); // refuses unknown entities, as decoding would
    this.watched = "";
  }

  /** Handles the end tag at `lt`; returns the index after it, or -1 if it is not complete yet. */
  private endTag(buf: Buffer, lt: number): number {
    const len = buf.length;
    const open = this.stack[this.stack.length - 1];
    if (open !== undefined) {
      // The common case, </name> exactly as opened.
      const after = lt + 2 + open.bytes.length;
      if (after < len && buf[after] === GT && nameAt(this.view, buf, lt + 2, open)) {
        if (this.watching) this.checkWatched();
        this.closeElement();
        return after + 1;
      }
    }
    const gt = buf.indexOf(GT, lt + 2);
    if (gt === -1) {
      if (this.longerThan(lt, len, MAX_TAG_LENGTH)) throw malformed("a tag is far too long");
      return -1;
    }
    const after = lt + 2 + (open === undefined ? 0 : open.bytes.length);
    if (open === undefined || !bytesAt(buf, lt + 2, open.bytes) || (after !== gt && !blankBetween(buf, after, gt))) {
      const name = decodeUtf8(buf, lt + 2, gt).trim();
      throw malformed(open === undefined ? `</${name}> closes nothing` : `<${open.name}> is closed by </${name}>`);
    }
    this.watching = false; // "</name >" never ends a leaf
    this.closeElement();
    return gt + 1;
  }

  private scan(final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = this.pos;
    for (;;) {
      let lt = pos;
      while (lt < len && buf[lt] !== LT) lt++;
      if (lt === len) {
        // Text up to the end of this chunk; a tag may start in the next one. A character cut by the
        // chunk boundary waits for its other bytes.
        if (pos < len && (this.collecting || this.watching || this.stack.length === 0)) {
          const cut = final ? len : utf8Boundary(buf, pos, len);
          if (cut > pos) this.addText(pos, cut, false);
          pos = cut;
        } else {
          pos = len;
        }
        break;
      }
      // Text between tags is only looked at when asked for, or outside the root element.
      if (lt > pos && (this.collecting || this.watching || this.stack.length === 0)) this.addText(pos, lt, false);
      pos = lt;
      if (lt + 1 === len) break; // "<" at the very end of the chunk
      const next = buf[lt + 1]!;

      if (next === SLASH) {
        const after = this.endTag(buf, lt);
        if (after === -1) break;
        pos = after;
        continue;
      }
      this.watching = false; // markup other than an end tag: the watched element is no leaf

      if (next === BANG) {
        if (bytesAt(buf, lt, COMMENT_OPEN)) {
          const end = buf.indexOf("-->", lt + 4, "latin1");
          if (end === -1) {
            if (this.longerThan(lt, len, MAX_TEXT_LENGTH * 16)) throw malformed("a comment never ends");
            break;
          }
          pos = end + 3;
          continue;
        }
        if (bytesAt(buf, lt, CDATA_OPEN)) {
          const end = buf.indexOf("]]>", lt + 9, "latin1");
          if (end === -1) {
            if (this.longerThan(lt, len, MAX_TEXT_LENGTH)) throw malformed("a CDATA section never ends");
            break;
          }
          if (this.stack.length === 0) throw malformed("there is a CDATA section outside the root element");
          this.addText(lt + 9, end, true);
          pos = end + 3;
          continue;
        }
        if (!final && this.charsBelow(lt, len, 9)) break; // cannot tell yet which declaration this is
        throw new ImportError(
          "unsafe_xml",
          "This file contains a document type or entity declaration, which GPX files never need; it was refused for safety.",
        );
      }

      if (next === QUESTION) {
        const end = buf.indexOf("?>", lt + 2, "latin1");
        if (end === -1) {
          if (this.longerThan(lt, len, MAX_TAG_LENGTH)) throw malformed("a processing instruction never ends");
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

  /** Whether buf[start, end) holds fewer than `n` characters (a character cut at `end` counts as one). */
  private charsBelow(start: number, end: number, n: number): boolean {
    return end - start < n || utf8.decode(this.buf.subarray(start, end)).length < n;
  }
}

/** Whether bytes [start, end) are white space, as String.prototype.trim sees it. */
function blankBetween(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (!isSpace(buf[i]!)) return decodeUtf8(buf, start, end).trim() === "";
  }
  return true;
}

/** The largest index ≤ end at which no UTF-8 character of buf[start, end) is cut. */
function utf8Boundary(buf: Uint8Array, start: number, end: number): number {
  let i = end - 1;
  // Back over at most three continuation bytes to the lead byte of the last character.
  while (i >= start && i > end - 4 && (buf[i]! & 0xc0) === 0x80) i--;
  if (i < start) return end;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return end - i < need ? i : end;
}

/**
 * The scanner for text input, with string events: the same scanner, fed the text's UTF-8 bytes.
 */
export class XmlScanner {
  private readonly scanner: XmlByteScanner;
  /** A high surrogate that ended the last chunk, waiting for its other half. */
  private pendingSurrogate = "";

  constructor(handler: XmlHandler) {
    const scanner: XmlByteScanner = new XmlByteScanner({
      get wantText() {
        return handler.wantText;
      },
      set wantText(value: boolean) {
        handler.wantText = value;
      },
      start: (name, depth) => handler.open(name.name, name.local, scanner.attrText(), depth),
      end: (name, depth) => handler.close(name.name, depth),
      text: (value) => handler.text(value),
      leaf: handler.leaf
        ? (name, depth) => handler.leaf!(name.name, name.local, scanner.attrText(), scanner.leafText(), depth)
        : undefined,
    });
    this.scanner = scanner;
  }

  write(chunk: string): void {
    let text = this.pendingSurrogate + chunk;
    this.pendingSurrogate = "";
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.pendingSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length > 0) this.scanner.write(Buffer.from(text, "utf8"));
  }

  end(): void {
    if (this.pendingSurrogate !== "") this.scanner.write(Buffer.from(this.pendingSurrogate, "utf8"));
    this.pendingSurrogate = "";
    this.scanner.end();
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

/**
 * The same search as {@link attribute}, on raw bytes buf[start, end): the value's span, or null
 * if absent. The value is raw (entities not decoded).
 */
export function attributeSpan(buf: Uint8Array, start: number, end: number, name: Uint8Array, out: { start: number; end: number }): boolean {
  const n = name.length;
  const first = name[0];
  for (let i = start; i + n <= end; i++) {
    if (buf[i] !== first) continue;
    let k = 1;
    while (k < n && buf[i + k] === name[k]) k++;
    if (k < n) continue;
    const before = i === start ? 0x20 : buf[i - 1]!;
    let j = i + n;
    while (j < end && isSpace(buf[j]!)) j++;
    if (isSpace(before) && j < end && buf[j] === 0x3d /* = */) {
      j++;
      while (j < end && isSpace(buf[j]!)) j++;
      const q = j < end ? buf[j] : -1;
      if (q === QUOT || q === APOS) {
        for (let c = j + 1; c < end; c++) {
          if (buf[c] === q) {
            out.start = j + 1;
            out.end = c;
            return true;
          }
        }
      }
      return false;
    }
  }
  return false;
}
