/**
 * Jurisdiction tree (city → county → township/street → community → grid; docs/domain.md SEC-05, §8).
 * City and counties are seeded from the bundled GeoJSON of 长治市 (GB/T 2260 codes: adcode/name properties of
 * `data/geo/changzhi-140400.geojson`); townships, communities and grids are imported from CSV.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { BUNDLED_DATA_DIR } from "../paths.js";

export const JURISDICTION_LEVELS = ["city", "county", "township", "community", "grid"] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

export interface Jurisdiction {
  code: string;
  nameZh: string;
  level: JurisdictionLevel;
  parentCode: string | null;
  path: string;
}

export const CHANGZHI_GEOJSON = path.join(BUNDLED_DATA_DIR, "geo", "changzhi-140400.geojson");
const CITY = { code: "140400", nameZh: "长治市" };

/** Seeds 长治市 (140400) and its counties from the bundled GeoJSON. Idempotent. Returns the rows inserted now. */
export async function seedChangzhiJurisdictions(ctx: AppContext, geojsonPath = CHANGZHI_GEOJSON): Promise<number> {
  const geo = JSON.parse(readFileSync(geojsonPath, "utf8")) as {
    features: { properties: { adcode: number | string; name: string; parent?: { adcode?: number } } }[];
  };
  const source = path.basename(geojsonPath);
  const rows: Jurisdiction[] = [
    { code: CITY.code, nameZh: CITY.nameZh, level: "city", parentCode: null, path: CITY.code },
  ];
  for (const f of geo.features) {
    const code = String(f.properties.adcode);
    if (!/^\d{6}$/.test(code) || String(f.properties.parent?.adcode) !== CITY.code)
      throw new InvalidInputError(
        `${source}: feature ${code} (${f.properties.name}) is not a 6-digit county code under ${CITY.code}`,
      );
    rows.push({
      code,
      nameZh: f.properties.name,
      level: "county",
      parentCode: CITY.code,
      path: `${CITY.code}/${code}`,
    });
  }
  let inserted = 0;
  await ctx.database.transaction(async (tx) => {
    for (const r of rows) {
      const res = await tx.query(
        "INSERT INTO jurisdiction (code, name_zh, level, parent_code, path, source) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (code) DO NOTHING RETURNING code",
        [r.code, r.nameZh, r.level, r.parentCode, r.path, source],
      );
      inserted += res.rows.length;
    }
  });
  return inserted;
}

/** All jurisdictions, ordered by path. */
export async function listJurisdictions(ctx: AppContext): Promise<Jurisdiction[]> {
  const res = await ctx.database.raw.query<{
    code: string;
    name_zh: string;
    level: JurisdictionLevel;
    parent_code: string | null;
    path: string;
  }>("SELECT code, name_zh, level, parent_code, path FROM jurisdiction ORDER BY path");
  return res.rows.map((r) => ({
    code: r.code,
    nameZh: r.name_zh,
    level: r.level,
    parentCode: r.parent_code,
    path: r.path,
  }));
}

/** The code path of a jurisdiction, or null when unknown. */
export async function jurisdictionPath(ctx: AppContext, code: string): Promise<string | null> {
  const res = await ctx.database.raw.query<{ path: string }>("SELECT path FROM jurisdiction WHERE code = $1", [code]);
  return res.rows[0]?.path ?? null;
}

/**
 * Imports townships, communities and grids from CSV (UTF-8, header `code,name_zh,level,parent_code`). Parents
 * must exist (in the database or earlier in the file) and be exactly one level up. One transaction; rows already
 * present with the same name, level and parent are unchanged; a different definition of an existing code is an error.
 * @throws InvalidInputError listing every bad row (file, row, column, value, expected)
 */
export async function importJurisdictionsCsv(
  ctx: AppContext,
  file: { name: string; text: string },
): Promise<{ inserted: number; unchanged: number }> {
  const parsed = Papa.parse<Record<string, string>>(file.text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: true,
  });
  const errors: { file: string; row: number; column: string; value: string; message: string }[] = [];
  for (const col of ["code", "name_zh", "level", "parent_code"])
    if (!parsed.meta.fields?.includes(col))
      errors.push({ file: file.name, row: 1, column: col, value: "", message: `missing header column "${col}"` });
  if (errors.length) throw new InvalidInputError(`${file.name}: bad header`, errors);
  const known = new Map((await listJurisdictions(ctx)).map((j) => [j.code, j]));
  const toInsert: Jurisdiction[] = [];
  let unchanged = 0;
  for (const [i, rec] of parsed.data.entries()) {
    const row = i + 2; // 1-based, after the header
    const code = (rec.code ?? "").trim();
    const nameZh = (rec.name_zh ?? "").trim();
    const level = (rec.level ?? "").trim() as JurisdictionLevel;
    const parentCode = (rec.parent_code ?? "").trim();
    const bad = (column: string, value: string, message: string) =>
      errors.push({ file: file.name, row, column, value, message });
    if (!/^[0-9A-Za-z_-]{1,32}$/.test(code)) {
      bad("code", code, "1–32 letters, digits, _ or -");
      continue;
    }
    if (!nameZh) {
      bad("name_zh", nameZh, "a name");
      continue;
    }
    const levelIndex = JURISDICTION_LEVELS.indexOf(level);
    if (levelIndex < 2) {
      bad("level", level, "township, community or grid");
      continue;
    }
    const parent = known.get(parentCode);
    if (!parent) {
      bad("parent_code", parentCode, "the code of an existing jurisdiction (in the database or earlier in this file)");
      continue;
    }
    if (JURISDICTION_LEVELS.indexOf(parent.level) !== levelIndex - 1) {
      bad("parent_code", parentCode, `a ${JURISDICTION_LEVELS[levelIndex - 1]} (found a ${parent.level})`);
      continue;
    }
    const existing = known.get(code);
    const j: Jurisdiction = { code, nameZh, level, parentCode, path: `${parent.path}/${code}` };
    if (existing) {
      if (existing.nameZh === j.nameZh && existing.level === j.level && existing.parentCode === j.parentCode)
        unchanged++;
      else
        bad(
          "code",
          code,
          `code already defined as ${existing.nameZh} (${existing.level}) under ${existing.parentCode}`,
        );
      continue;
    }
    known.set(code, j);
    toInsert.push(j);
  }
  if (errors.length) throw new InvalidInputError(`${file.name}: ${errors.length} bad row(s); nothing imported`, errors);
  await ctx.database.transaction(async (tx) => {
    for (const j of toInsert)
      await tx.query(
        "INSERT INTO jurisdiction (code, name_zh, level, parent_code, path, source) VALUES ($1,$2,$3,$4,$5,$6)",
        [j.code, j.nameZh, j.level, j.parentCode, j.path, file.name],
      );
  });
  return { inserted: toInsert.length, unchanged };
}
