// Geo functions for location data:
//   haversine_km(lat1, lon1, lat2, lon2)  great-circle distance in km (mean Earth radius), scalar
//                                        and batch form (haversine_km_batch)
//   geohash(lat, lon, chars)             geohash cell of a point, 1..12 characters; declared with
//                                        on_null_input = 'call': NULL chars means 9, a NULL or
//                                        out-of-range coordinate gives NULL
//   geohash_distance_km(a, b)            distance between the centres of two geohash cells
// Coordinates are degrees. Invalid geohashes give NaN.
import {
  Column, andValidity, argColumn, argString, returnString, setResultNull,
} from "../../sdk/assemblyscript/plugsql";
export { plugsql_alloc, plugsql_reset, plugsql_result_is_null } from "../../sdk/assemblyscript/plugsql";

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

export function haversine_km_batch(rows: i32, args: usize, out: usize): i32 {
  const lat1 = argColumn(args, 0).values, lon1 = argColumn(args, 1).values;
  const lat2 = argColumn(args, 2).values, lon2 = argColumn(args, 3).values;
  const result = changetype<Column>(out);
  for (let i = 0; i < rows; i++) {
    const at = <usize>i << 3;
    store<f64>(result.values + at,
      haversine_km(load<f64>(lat1 + at), load<f64>(lon1 + at), load<f64>(lat2 + at), load<f64>(lon2 + at)));
  }
  andValidity(result, args, 4, rows);
  return 0;
}

function encode(lat: f64, lon: f64, precision: i32): string {
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

export function geohash(latNull: i32, lat: f64, lonNull: i32, lon: f64, charsNull: i32, chars: i32): u64 {
  if (latNull || lonNull || !(lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0)) {
    setResultNull();
    return 0;
  }
  return returnString(encode(lat, lon, charsNull ? 9 : chars));
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
