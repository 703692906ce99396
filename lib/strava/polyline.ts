/**
 * Google's encoded polyline algorithm (precision 5), which Strava uses for map.summary_polyline
 * and map.polyline: each point is the difference from the previous one in 1e-5 degrees,
 * zig-zag encoded (sign in the lowest bit) and written as 5-bit chunks, lowest first, each chunk
 * + 63 as one ASCII character, 0x20 set on every chunk but a value's last.
 * https://developers.google.com/maps/documentation/utilities/polylinealgorithm
 */

export interface DecodedPolyline {
  /** Degrees, one entry per point. */
  lat: Float64Array;
  lon: Float64Array;
}

/** 1e5: precision 5 stores degrees as integers of 1e-5 degree (about 1.1 m of latitude). */
const SCALE = 1e5;
/**
 * The largest legitimate delta is a jump across the whole globe, 360° = 36,000,000 units, whose
 * zig-zag form fits 26 bits: six chunks. Seven are allowed (35 bits); more is not a polyline.
 */
const MAX_CHUNKS = 7;

/**
 * The points of an encoded polyline, or null when the text is not one: a character outside
 * '?'..'~', a value cut off mid-way, a latitude without its longitude, a value too long, or a
 * position outside ±90° / ±180°. Never throws; time is linear in the length of the text. "" is
 * a valid polyline of no points.
 */
export function decodePolyline(encoded: string): DecodedPolyline | null {
  // Every value takes at least one character and every point two values.
  const capacity = Math.floor(encoded.length / 2);
  const lat = new Float64Array(capacity);
  const lon = new Float64Array(capacity);
  let count = 0;
  let index = 0;
  let latE5 = 0;
  let lonE5 = 0;

  /** The next zig-zag value, or null when the text is malformed. */
  const next = (): number | null => {
    let result = 0;
    for (let chunk = 0; chunk < MAX_CHUNKS; chunk++) {
      if (index >= encoded.length) return null; // the value was cut off
      const b = encoded.charCodeAt(index++) - 63;
      if (b < 0 || b > 63) return null; // not a polyline character
      // Multiplication rather than shifts: JavaScript's bitwise operators work on 32 bits.
      result += (b & 0x1f) * 2 ** (5 * chunk);
      if (b < 0x20) return result % 2 === 1 ? -(result + 1) / 2 : result / 2;
    }
    return null;
  };

  while (index < encoded.length) {
    const dLat = next();
    if (dLat === null || index >= encoded.length) return null; // bad value, or no longitude
    const dLon = next();
    if (dLon === null) return null;
    // Integer sums stay exact; dividing once per point avoids accumulating rounding.
    latE5 += dLat;
    lonE5 += dLon;
    const la = latE5 / SCALE;
    const lo = lonE5 / SCALE;
    if (Math.abs(la) > 90 || Math.abs(lo) > 180) return null;
    lat[count] = la;
    lon[count] = lo;
    count++;
  }
  return { lat: lat.slice(0, count), lon: lon.slice(0, count) };
}
