/**
 * Offline base maps. The world map comes from the bundled `world-atlas` TopoJSON (Natural Earth 1:50m
 * countries, public domain) converted with topojson-client and loaded lazily; the 长治 map is the bundled
 * GeoJSON served by the API (`/api/v1/geo/changzhi`). No online tiles.
 */
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { echarts } from "../charts/echarts.js";

type Position = number[];

/**
 * Rings that cross the antimeridian (Russia's Chukotka, Fiji) mix longitudes near +180 and −180; a planar
 * projection then draws a band across the whole map. Such rings get their western longitudes shifted by +360.
 */
function unwrapRing(ring: Position[]): void {
  const lons = ring.map((p) => p[0] as number);
  if (Math.max(...lons) - Math.min(...lons) <= 180) return;
  for (const p of ring) if ((p[0] as number) < 0) p[0] = (p[0] as number) + 360;
}

function unwrapAntimeridian(geometry: { type: string; coordinates?: unknown } | null): void {
  if (!geometry?.coordinates) return;
  if (geometry.type === "Polygon") for (const ring of geometry.coordinates as Position[][]) unwrapRing(ring);
  if (geometry.type === "MultiPolygon")
    for (const polygon of geometry.coordinates as Position[][][]) for (const ring of polygon) unwrapRing(ring);
}

let worldPromise: Promise<void> | null = null;

/** Registers the ECharts map `world` once (lazy: the TopoJSON is a separate chunk). */
export function ensureWorldMap(): Promise<void> {
  worldPromise ??= import("world-atlas/countries-50m.json").then((module) => {
    const topology = (module.default ?? module) as unknown as Topology<{ countries: GeometryCollection }>;
    const countries = feature(topology, topology.objects.countries);
    for (const country of countries.features) unwrapAntimeridian(country.geometry);
    echarts.registerMap("world", countries as unknown as Parameters<typeof echarts.registerMap>[1]);
  });
  return worldPromise;
}

const registered = new Set<string>();

/** Registers a GeoJSON FeatureCollection under `name` (idempotent). */
export function ensureGeoJsonMap(name: string, geoJson: unknown): void {
  if (registered.has(name)) return;
  echarts.registerMap(name, geoJson as Parameters<typeof echarts.registerMap>[1]);
  registered.add(name);
}
