/**
 * Sewer travel time of a simulated link (the registry column `travel_time_hours`, issue #4): the time sewage takes
 * from a node to its downstream node,
 *
 *   t [h] = d_gc [m] · ROUTE_FACTOR / v [m/s] / 3600,
 *
 * d_gc = great-circle distance between the two nodes' coordinates (haversine on a sphere of the IUGG mean Earth
 * radius 6 371 008.8 m; Moritz 2000, Geodetic Reference System 1980, J Geodesy 74:128), ROUTE_FACTOR = how much
 * longer the sewer is than the straight line (sewers follow streets; 1.3 is a judgement, not a measured value),
 * v = SEWER_VELOCITY_M_PER_S = 0.6 m/s, the minimum design velocity of a sewage pipe at design fullness in
 * GB 50014-2021 《室外排水设计标准》 (self-cleansing velocity; real velocities are often 0.6–1 m/s, so the times
 * are at the long end). Rounded to 0.1 h, at least 0.1 h (the registry requires > 0).
 */

/** m/s — GB 50014-2021 minimum design velocity of sewage pipes at design fullness (self-cleansing). */
export const SEWER_VELOCITY_M_PER_S = 0.6;
/** sewer length ÷ straight-line distance (judgement: pipes follow the street grid). */
export const SEWER_ROUTE_FACTOR = 1.3;
/** m — IUGG mean Earth radius R₁ (GRS 80, Moritz 2000). */
export const EARTH_MEAN_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two WGS-84 points (degrees), haversine formula. */
export function greatCircleDistanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_MEAN_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Simulated travel time in hours from a node at (lon1, lat1) to its downstream node at (lon2, lat2), see the
 * module comment; rounded to 0.1 h, minimum 0.1 h.
 */
export function simulatedTravelTimeHours(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const hours = (greatCircleDistanceM(lon1, lat1, lon2, lat2) * SEWER_ROUTE_FACTOR) / SEWER_VELOCITY_M_PER_S / 3600;
  return Math.max(0.1, Math.round(hours * 10) / 10);
}
