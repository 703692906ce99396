/** 10^0 … 10^22: every one is exactly a double. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * The number written in ASCII bytes buf[start, end) as a plain decimal — an optional sign, digits,
 * and optionally a point followed by digits, at most 15 digits in all — exactly as Number() reads
 * it; NaN for anything else (white space, exponents, more digits, other characters), which the
 * caller must then read with Number().
 *
 * Exact: the digits form an integer below 10^15 < 2^53, held exactly in a double, and divided by
 * an exact power of ten; IEEE division rounds correctly, so the result is the double nearest the
 * decimal value, which is what Number() returns.
 */
export function plainDecimal(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  const sign = start < end ? buf[start] : 0;
  if (sign === 0x2d /* - */ || sign === 0x2b /* + */) i++;
  const intStart = i;
  let m = 0;
  for (; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
  }
  const intDigits = i - intStart;
  if (intDigits === 0) return NaN;
  let fracDigits = 0;
  if (i < end && buf[i] === 0x2e /* . */) {
    const fracStart = ++i;
    for (; i < end; i++) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
    }
    fracDigits = i - fracStart;
    if (fracDigits === 0) return NaN;
  }
  if (i !== end || intDigits + fracDigits > 15) return NaN;
  const v = fracDigits === 0 ? m : m / POW10[fracDigits]!;
  return sign === 0x2d ? -v : v;
}
