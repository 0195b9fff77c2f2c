/**
 * Offline base maps. The world map comes from the bundled `world-atlas` TopoJSON (Natural Earth 1:50m
 * countries, public domain) converted with topojson-client and loaded lazily; the 长治 map is the bundled
 * GeoJSON served by the API (`/api/v1/geo/changzhi`). No online tiles.
 */
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { echarts } from "../charts/echarts.js";

let worldPromise: Promise<void> | null = null;

/** Registers the ECharts map `world` once (lazy: the TopoJSON is a separate chunk). */
export function ensureWorldMap(): Promise<void> {
  worldPromise ??= import("world-atlas/countries-50m.json").then((module) => {
    const topology = (module.default ?? module) as unknown as Topology<{ countries: GeometryCollection }>;
    const countries = feature(topology, topology.objects.countries);
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
