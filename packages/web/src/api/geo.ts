/** `GET /geo/{name}` — bundled administrative boundaries (GeoJSON FeatureCollection keyed by adcode). */
import { useQuery } from "@tanstack/react-query";
import { apiGet } from "./client.js";
import { queryKeys } from "./keys.js";

export interface GeoFeatureCollection {
  type: "FeatureCollection";
  features: Array<{ type: "Feature"; properties: Record<string, unknown>; geometry: unknown }>;
}

export function useGeo(name: "changzhi" | "shanxi", enabled = true) {
  return useQuery({
    queryKey: queryKeys.geo(name),
    queryFn: ({ signal }) => apiGet<GeoFeatureCollection>(`/geo/${name}`, undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
  });
}
