/**
 * `GET /api/v1/geo/{name}`: the bundled boundary maps from `data/geo/` (see its PROVENANCE.md):
 * `changzhi` → changzhi-140400.geojson (长治市), `shanxi` → shanxi-140000.geojson (山西省).
 * Files are read and validated once, kept in memory, served as JSON (RFC 7946 FeatureCollection).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createRoute } from "@hono/zod-openapi";
import { GeoParams } from "@tracewater/contract";
import type { z } from "zod";
import { BUNDLED_DATA_DIR } from "../../services/paths.js";
import { type App, authErrors, notFound, S } from "../openapi.js";

/** Repository `data/geo/` folder. */
export const GEO_DIR = path.join(BUNDLED_DATA_DIR, "geo");

export const GEO_FILES: Record<z.infer<typeof GeoParams>["name"], string> = {
  changzhi: "changzhi-140400.geojson",
  shanxi: "shanxi-140000.geojson",
};

type FeatureCollection = z.infer<typeof S.GeoFeatureCollection>;
const cache = new Map<string, FeatureCollection>();

/** The parsed map, validated against the contract schema once (a broken bundled file is a 500, logged). */
async function geoJson(name: keyof typeof GEO_FILES): Promise<FeatureCollection> {
  let value = cache.get(name);
  if (value === undefined) {
    const text = await readFile(path.join(GEO_DIR, GEO_FILES[name]), "utf8");
    value = S.GeoFeatureCollection.parse(JSON.parse(text));
    cache.set(name, value);
  }
  return value;
}

export function registerGeoRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/geo/{name}",
      tags: ["geo"],
      summary: "A bundled GeoJSON boundary map (changzhi | shanxi)",
      request: { params: GeoParams },
      responses: {
        200: {
          description: "GeoJSON FeatureCollection (RFC 7946).",
          content: { "application/json": { schema: S.GeoFeatureCollection } },
        },
        ...authErrors,
        ...notFound,
      },
    }),
    async (c) => {
      c.header("cache-control", "private, max-age=86400");
      return c.json(await geoJson(c.req.valid("param").name), 200);
    },
  );
}
