/** Mean and maximum of the values present (NaN = missing); nulls when none is. */
export function meanMax(values: Float32Array | Float64Array, ignoreZero = false): { mean: number | null; max: number | null } {
  let sum = 0;
  let n = 0;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || (ignoreZero && v === 0)) continue;
    sum += v;
    n++;
    if (v > max) max = v;
  }
  return n === 0 ? { mean: null, max: null } : { mean: sum / n, max };
}
