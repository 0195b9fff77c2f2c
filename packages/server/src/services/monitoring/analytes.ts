/** Analyte catalogue as stored (seeded from core's ANALYTES), in catalogue order. */
import type { Analyte } from "@tracewater/contract";
import { ANALYTES } from "@tracewater/core";
import type { AppContext } from "../context.js";
import { NotFoundError } from "../errors.js";

export async function listAnalytes(ctx: AppContext): Promise<Analyte[]> {
  const res = await ctx.database.raw.query<{ code: string; name_zh: string; name_en: string; parent_drug: string | null }>(
    "SELECT code, name_zh, name_en, parent_drug FROM analyte",
  );
  const order = new Map(ANALYTES.map((a, i) => [a.code, i]));
  return res.rows
    .sort((a, b) => (order.get(a.code) ?? 999) - (order.get(b.code) ?? 999) || a.code.localeCompare(b.code))
    .map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, parentDrug: r.parent_drug }));
}

/** @throws NotFoundError for a code not in the catalogue */
export async function requireAnalyte(ctx: AppContext, code: string): Promise<void> {
  const res = await ctx.database.raw.query("SELECT 1 FROM analyte WHERE code = $1", [code]);
  if (res.rows.length === 0) throw new NotFoundError(`unknown analyte code: ${code}`, "analyte");
}
