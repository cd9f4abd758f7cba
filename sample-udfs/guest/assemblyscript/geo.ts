// Geo functions for location data:
//   haversine_km(lat1, lon1, lat2, lon2)  great-circle distance in km (mean Earth radius)
//   geohash(lat, lon, precision)         geohash cell of a point, 1..12 characters
//   geohash_distance_km(a, b)            distance between the centres of two geohash cells
// Coordinates are degrees. Invalid coordinates give '' (geohash) or NaN (distances).
import { argString, returnString } from "../../sdk/assemblyscript/plugsql";
export { plugsql_alloc, plugsql_reset } from "../../sdk/assemblyscript/plugsql";

const EARTH_RADIUS_KM: f64 = 6371.0088;
const BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

function radians(degrees: f64): f64 {
  return degrees * (Math.PI / 180.0);
}

export function haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64): f64 {
  const dLat = radians(lat2 - lat1);
  const dLon = radians(lon2 - lon1);
  const s = Math.sin(dLat / 2);
  const t = Math.sin(dLon / 2);
  const a = s * s + Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * t * t;
  return 2.0 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
}

function encode(lat: f64, lon: f64, precision: i32): string {
  if (!(lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0)) return "";
  const chars = precision < 1 ? 1 : precision > 12 ? 12 : precision;
  let latLo = -90.0, latHi = 90.0, lonLo = -180.0, lonHi = 180.0;
  let hash = "";
  let evenBit = true;
  let bit = 0, index = 0;
  while (hash.length < chars) {
    if (evenBit) {
      const mid = (lonLo + lonHi) / 2;
      if (lon >= mid) { index = (index << 1) | 1; lonLo = mid; } else { index = index << 1; lonHi = mid; }
    } else {
      const mid = (latLo + latHi) / 2;
      if (lat >= mid) { index = (index << 1) | 1; latLo = mid; } else { index = index << 1; latHi = mid; }
    }
    evenBit = !evenBit;
    if (++bit == 5) {
      hash += BASE32.charAt(index);
      bit = 0;
      index = 0;
    }
  }
  return hash;
}

export function geohash(lat: f64, lon: f64, precision: i32): u64 {
  return returnString(encode(lat, lon, precision));
}

/** Decodes a geohash to its cell centre [lat, lon]; NaNs for an empty or invalid hash. */
function decodeCentre(hash: string): StaticArray<f64> {
  const centre = new StaticArray<f64>(2);
  let latLo = -90.0, latHi = 90.0, lonLo = -180.0, lonHi = 180.0;
  let evenBit = true;
  const lower = hash.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const value = BASE32.indexOf(lower.charAt(i));
    if (value < 0 || lower.length > 12) {
      centre[0] = NaN;
      centre[1] = NaN;
      return centre;
    }
    for (let b = 4; b >= 0; b--) {
      const on = ((value >> b) & 1) == 1;
      if (evenBit) {
        const mid = (lonLo + lonHi) / 2;
        if (on) lonLo = mid; else lonHi = mid;
      } else {
        const mid = (latLo + latHi) / 2;
        if (on) latLo = mid; else latHi = mid;
      }
      evenBit = !evenBit;
    }
  }
  centre[0] = lower.length == 0 ? NaN : (latLo + latHi) / 2;
  centre[1] = lower.length == 0 ? NaN : (lonLo + lonHi) / 2;
  return centre;
}

export function geohash_distance_km(aPtr: usize, aLen: i32, bPtr: usize, bLen: i32): f64 {
  const a = decodeCentre(argString(aPtr, aLen));
  const b = decodeCentre(argString(bPtr, bLen));
  return haversine_km(a[0], a[1], b[0], b[1]);
}
