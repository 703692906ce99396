import { ImportError } from "./types";

/**
 * Splits a JSON array arriving in chunks into its elements, one at a time, never holding more than
 * one element: `[ {…}, {…}, … ]` → the text of each element, for JSON.parse. A part of a restored
 * export (activities.json…) is read this way, so its size costs time, never memory, and the caps on
 * the number of records and the size of one record are enforced as the bytes come.
 *
 * It only finds where each element ends (depth, strings, escapes); JSON.parse checks the element
 * itself. Whatever is not an array of at most `maxRecords` elements of at most `maxRecordBytes`
 * bytes each is refused with an ImportError ("bad_archive" or "too_large") naming `label`.
 */
export interface JsonRecordLimits {
  maxRecords: number;
  maxRecordBytes: number;
}

const enum State {
  BeforeArray,
  BeforeElement,
  InElement,
  AfterElement,
  AfterArray,
}

const SPACE = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

export class JsonRecordSplitter {
  private state = State.BeforeArray;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pieces: Uint8Array[] = [];
  private pieceBytes = 0;
  private count = 0;
  private readonly decoder = new TextDecoder("utf-8", { fatal: false });

  constructor(
    private readonly label: string,
    private readonly limits: JsonRecordLimits,
  ) {}

  get records(): number {
    return this.count;
  }

  private damaged(what: string): ImportError {
    return new ImportError("bad_archive", `${this.label} in this Patella export is damaged (${what}). Export your data again.`);
  }

  /** Feeds the next bytes; calls `onRecord` with each element's text as it completes. */
  write(chunk: Uint8Array, onRecord: (text: string) => void): void {
    // Where the current element's bytes begin in this chunk: at 0 when one is already under way.
    let start = this.state === State.InElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      switch (this.state) {
        case State.BeforeArray:
          if (SPACE(b) || (i === 0 && b === 0xef) || b === 0xbb || b === 0xbf) continue; // whitespace, a UTF-8 BOM
          if (b !== 0x5b) throw this.damaged("not a list");
          this.state = State.BeforeElement;
          continue;
        case State.BeforeElement:
          if (SPACE(b)) continue;
          if (b === 0x5d && this.count === 0) {
            this.state = State.AfterArray;
            continue;
          }
          if (b === 0x5d || b === 0x2c) throw this.damaged("not valid JSON");
          this.count += 1;
          if (this.count > this.limits.maxRecords) {
            throw new ImportError(
              "too_large",
              `${this.label} holds more than ${this.limits.maxRecords.toLocaleString("en")} records, more than Patella restores from one export.`,
            );
          }
          this.state = State.InElement;
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          start = i;
          i -= 1; // read this byte again as part of the element
          continue;
        case State.InElement: {
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (b === 0x5c) this.escaped = true;
            else if (b === 0x22) this.inString = false;
            continue;
          }
          if (b === 0x22) this.inString = true;
          else if (b === 0x7b || b === 0x5b) this.depth += 1;
          else if (b === 0x7d || b === 0x5d) {
            if (this.depth === 0) {
              // The array's own "]" right after a scalar element.
              this.emit(chunk.subarray(start, i), onRecord);
              start = -1;
              this.state = State.AfterArray;
              continue;
            }
            this.depth -= 1;
            if (this.depth === 0) {
              this.emit(chunk.subarray(start, i + 1), onRecord);
              start = -1;
              this.state = State.AfterElement;
            }
          } else if (b === 0x2c && this.depth === 0) {
            this.emit(chunk.subarray(start, i), onRecord);
            start = -1;
            this.state = State.BeforeElement;
          }
          continue;
        }
        case State.AfterElement:
          if (SPACE(b)) continue;
          if (b === 0x2c) this.state = State.BeforeElement;
          else if (b === 0x5d) this.state = State.AfterArray;
          else throw this.damaged("not valid JSON");
          continue;
        case State.AfterArray:
          if (!SPACE(b)) throw this.damaged("data after the list");
          continue;
      }
    }
    if (start !== -1) this.keep(chunk.subarray(start));
  }

  /** After the last chunk: refuses a list cut short. */
  end(): void {
    if (this.state !== State.AfterArray) throw this.damaged(this.state === State.BeforeArray ? "empty" : "cut short");
  }

  private keep(bytes: Uint8Array): void {
    this.pieceBytes += bytes.length;
    if (this.pieceBytes > this.limits.maxRecordBytes) {
      throw new ImportError(
        "too_large",
        `A record of ${this.label} is larger than ${Math.round(this.limits.maxRecordBytes / 1024)} KiB, more than Patella restores.`,
      );
    }
    this.pieces.push(bytes.slice());
  }

  private emit(tail: Uint8Array, onRecord: (text: string) => void): void {
    this.keep(tail);
    const whole = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces);
    this.pieces = [];
    this.pieceBytes = 0;
    onRecord(this.decoder.decode(whole));
  }
}
