import { z } from "zod";

/** C0 control characters other than tab, line feed and carriage return (PostgreSQL refuses NUL). */
 
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function stripControlChars(s: string): string {
  return s.replace(CONTROL_CHARS, "");
}

/** A trimmed single-line text field without control characters. */
export function plainText(max: number, label: string) {
  return z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters for ${label}.`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), `${label[0]!.toUpperCase()}${label.slice(1)} cannot contain control characters.`);  
}
