/** Data sources (the `source` label of sites) with display names and whether they are simulated. */
import type { AppContext } from "../context.js";

export interface SourceInfo {
  code: string;
  nameZh: string;
  nameEn: string;
  simulated: boolean;
  sites: number;
}

/** Known source labels. Anything else is listed with its code as the name and `simulated: false`. */
export const KNOWN_SOURCES: Record<string, Omit<SourceInfo, "code" | "sites">> = {
  "euda-2025": {
    nameZh: "欧盟药物管理局 (EUDA) / SCORE 欧洲污水监测 2011–2024",
    nameEn: "EUDA / SCORE European wastewater monitoring 2011–2024",
    simulated: false,
  },
  lab: { nameZh: "实验室导入", nameEn: "Laboratory imports", simulated: false },
  registry: { nameZh: "站点登记", nameEn: "Site registry", simulated: false },
  odm: { nameZh: "PHES-ODM 导入", nameEn: "PHES-ODM imports", simulated: false },
  "changzhi-demo": { nameZh: "长治演示数据（模拟）", nameEn: "Changzhi demonstration data (simulated)", simulated: true },
};

export async function listSources(ctx: AppContext): Promise<SourceInfo[]> {
  const res = await ctx.database.raw.query<{ source: string; n: number }>(
    "SELECT source, count(*)::int AS n FROM site GROUP BY source ORDER BY source",
  );
  return res.rows.map((r) => {
    const known = KNOWN_SOURCES[r.source];
    return {
      code: r.source,
      nameZh: known?.nameZh ?? r.source,
      nameEn: known?.nameEn ?? r.source,
      simulated: known?.simulated ?? r.source.endsWith("-demo"),
      sites: r.n,
    };
  });
}
