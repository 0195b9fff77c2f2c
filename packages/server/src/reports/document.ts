/**
 * The report template: snapshot + analyst text → the document model (sections of paragraphs, tables, charts and
 * notes). Pure and deterministic: no clock, no randomness, fixed number formats; the only date shown is the last
 * sample date of the data (`dataAsOf`).
 */
import type { ReportBlock, ReportChart, ReportDocument, ReportSection } from "@tracewater/contract";
import type { ChangeClass } from "@tracewater/core";
import type { HairPart, IndexPart, IndicatorPart, NotApplicable, WarningsPart } from "./data/other-sources.js";
import type { AnalyteSummary } from "./data/wastewater.js";
import { comparisonLabel } from "./period.js";
import type { ReportSnapshot } from "./snapshot.js";
import { SUPPRESSED_MARK } from "./suppression.js";

export const PNL_UNIT = "mg/天/千人";

export const CLASS_ZH: Readonly<Record<ChangeClass, string>> = {
  increase: "上升",
  decrease: "下降",
  stable: "持平",
  "no-previous-data": "无上年数据",
};

const SECTION_NUMBERS = ["一", "二", "三", "四", "五", "六", "七", "八"] as const;

/** Fixed-decimal text of a number (`—` for null). */
export function num(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits);
}

/** Signed percentage with one decimal, e.g. `+12.3%`, `−4.0%`. */
export function pct(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  const s = Math.abs(x).toFixed(1);
  return x > 0 ? `+${s}%` : x < 0 && s !== "0.0" ? `-${s}%` : `${s}%`;
}

/** Population in 万人 (10⁴ people), one decimal. */
function wan(p: number): string {
  return (p / 10_000).toFixed(1);
}

function changeSentence(a: AnalyteSummary, base: string): string {
  if (a.class === null || a.matchedSites === 0) return `无${base}可比数据`;
  if (a.class === "stable") return `与${base}基本持平（${pct(a.changePercent)}，可比点位${a.matchedSites}个）`;
  if (a.class === "no-previous-data") return `无${base}可比数据`;
  const dir = a.class === "increase" ? "上升" : "下降";
  if (a.changePercent === null) return `较${base}${dir}（${base}为0，可比点位${a.matchedSites}个）`;
  return `较${base}${dir}${Math.abs(a.changePercent).toFixed(1)}%（可比点位${a.matchedSites}个）`;
}

function notApplicableSection(id: ReportSection["id"], title: string, source: NotApplicable): ReportSection {
  return {
    id,
    title,
    dataSource: "missing",
    blocks: [{ type: "note", text: `EUDA 数据只含污水监测，本节不适用（所需数据：${source.source}）。` }],
  };
}

const UNIT_ZH: Readonly<Record<string, string>> = {
  persons: "人",
  "person-times": "人次",
  cases: "起",
  kg: "千克",
  "%": "%",
};

function valueText(v: number | null | undefined, unit: string, suppressed: boolean): string {
  if (suppressed) return SUPPRESSED_MARK;
  if (v === null || v === undefined) return "—";
  return unit === "kg" || unit === "%" ? v.toFixed(unit === "kg" ? 3 : 1) : String(Math.round(v));
}

function changeText(cur: number | null | undefined, prev: number | null | undefined): string {
  if (cur === null || cur === undefined || prev === null || prev === undefined || prev === 0) return "—";
  return pct(((cur - prev) / prev) * 100);
}

/** Indicator tables: one row per indicator × jurisdiction (scope first), this period, a year earlier, change. */
function indicatorBlocks(part: IndicatorPart, s: ReportSnapshot, caption: string): ReportBlock[] {
  const base = comparisonLabel(s.period);
  const rows: string[][] = [];
  for (const r of part.rows)
    for (const j of part.jurisdictions) {
      const cur = r.current[j.code];
      const prev = r.previous[j.code];
      const supCur = r.suppressed.includes(`current:${j.code}`);
      const supPrev = r.suppressed.includes(`previous:${j.code}`);
      if (cur === null && prev === null && !supCur && !supPrev) continue;
      rows.push([
        `${r.nameZh}（${UNIT_ZH[r.unit] ?? r.unit}）`,
        j.name,
        valueText(cur, r.unit, supCur),
        valueText(prev, r.unit, supPrev),
        supCur || supPrev ? "—" : changeText(cur, prev),
      ]);
    }
  const blocks: ReportBlock[] = [];
  const main = part.rows
    .map((r) => ({
      r,
      cur: r.current[s.scope.code],
      prev: r.previous[s.scope.code],
      sup: r.suppressed.some((x) => x.endsWith(`:${s.scope.code}`)),
    }))
    .filter((x) => x.cur !== null && x.cur !== undefined && !x.sup)
    .map(
      (x) =>
        `${x.r.nameZh}${valueText(x.cur, x.r.unit, false)}${UNIT_ZH[x.r.unit] ?? x.r.unit}${x.prev !== null && x.prev !== undefined ? `（${base}${valueText(x.prev, x.r.unit, false)}，${changeText(x.cur, x.prev)}）` : ""}`,
    );
  if (main.length > 0)
    blocks.push({ type: "paragraph", text: `${s.period.label}，${s.scope.name}${main.join("；")}。` });
  blocks.push({
    type: "table",
    caption,
    columns: ["指标", "地区", "本期", base, "同比变化"],
    rows,
    note:
      [
        part.rows.some((r) => r.suppressed.length > 0) && part.k !== null
          ? `标“${SUPPRESSED_MARK}”的计数已隐藏：小于 ${part.k} 的人数/人次/起数，以及可据合计推算它们的数值（小数抑制，k = ${part.k}）。`
          : "",
        part.rows.some((r) => r.simulated) ? "部分数值为模拟数据（演示用），不代表实际情况。" : "",
      ]
        .filter(Boolean)
        .join("") || undefined,
  });
  return blocks;
}

function indicatorSection(
  id: ReportSection["id"],
  title: string,
  part: IndicatorPart | NotApplicable,
  s: ReportSnapshot,
  caption: string,
): ReportSection {
  if (part.status === "not-applicable") return notApplicableSection(id, title, part);
  if (part.status === "no-data")
    return {
      id,
      title,
      dataSource: "no-data",
      blocks: [{ type: "paragraph", text: `${s.period.label}，${s.scope.name}没有${part.source}数据。` }],
    };
  return { id, title, dataSource: "available", blocks: indicatorBlocks(part, s, caption) };
}

function hairSection(part: HairPart | NotApplicable, s: ReportSnapshot): ReportSection {
  const title = "毛发检测";
  if (part.status === "not-applicable") return notApplicableSection("hair", title, part);
  if (part.status === "no-data")
    return {
      id: "hair",
      title,
      dataSource: "no-data",
      blocks: [{ type: "paragraph", text: `${s.period.label}，${s.scope.name}没有毛发检测（人群筛查）数据。` }],
    };
  const blocks: ReportBlock[] = [];
  if (part.surveys.length > 0) {
    const n = part.surveys.reduce((a, x) => a + x.nTested, 0);
    blocks.push({
      type: "paragraph",
      text: `${s.period.label}，${s.scope.name}开展毛发人群筛查${part.surveys.length}组，共检测${n}人。`,
    });
    const pctOf = (x: number | null) => (x === null ? "—" : (x * 100).toFixed(1));
    blocks.push({
      type: "table",
      caption: "表 毛发人群筛查阳性率（任一目标物，Wilson 95% 置信区间）",
      columns: ["筛查组", "地区", "期间", "检测人数", "阳性人数", "阳性率（%）", "95% 置信区间（%）"],
      rows: part.surveys.map((x) => [
        x.groupLabel,
        [{ code: s.scope.code, name: s.scope.name }, ...s.scope.districts].find((d) => d.code === x.jurisdiction)
          ?.name ?? x.jurisdiction,
        x.period,
        String(x.nTested),
        x.positivesAny === null ? SUPPRESSED_MARK : String(x.positivesAny),
        pctOf(x.positivityAny.proportion),
        x.positivityAny.lower === null ? "—" : `${pctOf(x.positivityAny.lower)}—${pctOf(x.positivityAny.upper)}`,
      ]),
      note:
        [
          part.surveys.some((x) => x.positivesAny === null)
            ? `标“${SUPPRESSED_MARK}”的阳性人数小于 k，已隐藏（小数抑制）。`
            : "",
          part.surveys.some((x) => x.simulated) ? "部分数值为模拟数据（演示用）。" : "",
        ]
          .filter(Boolean)
          .join("") || undefined,
    });
  }
  if (part.positivity.status === "available")
    blocks.push(...indicatorBlocks(part.positivity, s, "表 毛发检测阳性率指标"));
  return { id: "hair", title, dataSource: "available", blocks };
}

const LEVEL_ZH: Readonly<Record<string, string>> = { blue: "蓝色", yellow: "黄色", orange: "橙色", red: "红色" };
const ALERT_STATUS_ZH: Readonly<Record<string, string>> = {
  new: "新",
  acknowledged: "已确认",
  lead: "已转线索",
  dismissed: "已排除",
  closed: "已关闭",
};
const LEAD_STATUS_ZH: Readonly<Record<string, string>> = {
  open: "待办",
  in_progress: "办理中",
  reported: "已反馈",
  closed: "已办结",
};

function warningsSection(part: WarningsPart | NotApplicable, s: ReportSnapshot): ReportSection {
  const title = "预警与线索";
  if (part.status === "not-applicable") return notApplicableSection("warnings", title, part);
  if (part.status === "no-data")
    return {
      id: "warnings",
      title,
      dataSource: "no-data",
      blocks: [{ type: "paragraph", text: `${s.period.label}，${s.scope.name}没有预警和线索。` }],
    };
  const byLevel = (["red", "orange", "yellow", "blue"] as const).map(
    (l) => `${LEVEL_ZH[l]}${part.alerts.filter((a) => a.level === l).length}条`,
  );
  const blocks: ReportBlock[] = [
    {
      type: "paragraph",
      text: `${s.period.label}，${s.scope.name}污水监测共产生预警${part.alerts.length}条（${byLevel.join("、")}），期内新建线索${part.leads.length}条。`,
    },
  ];
  const nameZh = new Map(s.wastewater.analytes.map((a) => [a.analyte, a.nameZh]));
  if (part.alerts.length > 0)
    blocks.push({
      type: "table",
      caption: "表 本期预警",
      columns: ["采样日期", "点位", "目标物", "级别", "状态"],
      rows: part.alerts.map((a) => [
        a.date,
        `${a.siteName}（${a.site}）`,
        nameZh.get(a.analyte) ?? a.analyte,
        LEVEL_ZH[a.level] ?? a.level,
        ALERT_STATUS_ZH[a.status] ?? a.status,
      ]),
      note: part.alerts.some((a) => a.simulated) ? "部分预警来自模拟数据（演示用）。" : undefined,
    });
  if (part.leads.length > 0)
    blocks.push({
      type: "table",
      caption: "表 本期线索",
      columns: part.leadTitlesShown ? ["承办单位", "线索", "级别", "状态"] : ["承办单位", "级别", "状态"],
      rows: part.leads.map((l) => [
        l.orgUnitName ?? l.orgUnit,
        ...(part.leadTitlesShown ? [l.title ?? ""] : []),
        l.level ? (LEVEL_ZH[l.level] ?? l.level) : "—",
        LEAD_STATUS_ZH[l.status] ?? l.status,
      ]),
      note: part.leadTitlesShown ? undefined : "线索内容仅向有人员数据权限的读者提供，本报告只列承办单位和状态。",
    });
  return { id: "warnings", title, dataSource: "available", blocks };
}

function indexBlocks(part: IndexPart | NotApplicable, s: ReportSnapshot): ReportBlock[] {
  if (part.status === "not-applicable") return [];
  if (part.status === "no-data")
    return [{ type: "note", text: `${s.period.label}没有可用的毒情综合指数和持续下降指标数据。` }];
  const blocks: ReportBlock[] = [];
  const scored = part.districts.filter((d) => d.score !== null);
  if (scored.length > 0)
    blocks.push({
      type: "table",
      caption: `表 毒情综合指数排名（方法 ${part.methodVersion ?? "—"}，${part.normalisation ?? "—"} 标准化）`,
      columns: ["排名", "区县", "综合指数", "等级"],
      rows: part.districts.map((d) => [
        d.rank === null ? "—" : String(d.rank),
        d.jurisdictionNameZh ?? d.jurisdiction,
        num(d.score),
        d.grade ?? "—",
      ]),
      note: part.simulated ? "综合指数含模拟指标数据（演示用）。" : undefined,
    });
  if (part.decline.length > 0) {
    const verdictZh = {
      improving: "向好",
      worsening: "变差",
      "no-trend": "无显著趋势",
      "insufficient-data": "数据不足",
    } as const;
    blocks.push({
      type: "table",
      caption: `表 持续下降情况（${s.scope.name}，最近${part.lastN}期）`,
      columns: ["指标", `向好期数/${part.lastN}`, "持续下降", "趋势检验"],
      rows: part.decline.map((r) => [
        r.indicatorNameZh,
        String(r.improvedCount),
        r.continuous === null ? "—" : r.continuous ? "是" : "否",
        verdictZh[r.verdict],
      ]),
    });
  }
  return blocks;
}

function titled(sections: ReportSection[]): ReportSection[] {
  return sections.map((s, i) => ({ ...s, title: `${SECTION_NUMBERS[i]}、${s.title}` }));
}

function summarySection(s: ReportSnapshot): ReportSection {
  const w = s.wastewater;
  const base = comparisonLabel(s.period);
  const blocks: ReportBlock[] = [];
  if (w.analytes.length === 0) {
    blocks.push({ type: "paragraph", text: `${s.period.label}，${s.scope.name}没有污水监测数据。` });
  } else {
    const sitesWithData = new Set(w.siteValues.map((v) => v.site));
    const pop = s.scope.sites
      .filter((x) => sitesWithData.has(x.code) && x.populationServed !== null)
      .reduce((a, x) => a + (x.populationServed as number), 0);
    blocks.push({
      type: "paragraph",
      text: `${s.period.label}，${s.scope.name}共有${sitesWithData.size}个污水处理厂点位有监测数据，覆盖服务人口约${wan(pop)}万人，数据截至${w.dataAsOf ?? "—"}。共检测到${w.analytes.length}种目标物。`,
    });
    const parts = w.analytes.map(
      (a) => `${a.nameZh}人口加权负荷为${num(a.weightedPnl)} ${PNL_UNIT}，${changeSentence(a, base)}`,
    );
    blocks.push({ type: "paragraph", text: `${parts.join("；")}。` });
    const key = w.analytes.find((a) => a.analyte === w.keyAnalyte);
    if (key) {
      const c = key.classes;
      blocks.push({
        type: "paragraph",
        text: `按点位看，${key.nameZh}较${base}上升的点位${c.increase}个、下降${c.decrease}个、持平${c.stable}个、无${base}数据${c["no-previous-data"]}个（变化超过±10%记为上升或下降）。`,
      });
      if (key.trend.test.direction !== "insufficient-data") {
        const dir = { increasing: "上升趋势", decreasing: "下降趋势", "no-trend": "无显著趋势" }[
          key.trend.test.direction
        ];
        const years = key.trend.years;
        blocks.push({
          type: "paragraph",
          text: `${years[0]?.year}—${years.at(-1)?.year}年${key.nameZh}年度人口加权负荷呈${dir}（Mann-Kendall 检验，n = ${key.trend.test.n}，p = ${num(key.trend.test.pValue, 3)}）。`,
        });
      }
    }
  }
  const empty = (["hair", "users", "cases", "warnings"] as const).filter((k) => s.other[k].status === "no-data");
  if (empty.length > 0)
    blocks.push({
      type: "note",
      text: `本期没有以下数据，相应章节未作评估：${empty.map((k) => s.other[k].source).join("；")}。`,
    });
  return { id: "summary", title: "总体情况", dataSource: w.analytes.length ? "available" : "no-data", blocks };
}

function wastewaterSection(s: ReportSnapshot): ReportSection {
  const w = s.wastewater;
  const base = comparisonLabel(s.period);
  const blocks: ReportBlock[] = [];
  if (w.analytes.length === 0) {
    blocks.push({ type: "paragraph", text: `${s.period.label}，${s.scope.name}没有污水监测数据。` });
    return { id: "wastewater", title: "污水监测", dataSource: "no-data", blocks };
  }
  blocks.push({ type: "heading", text: "（一）负荷与同比变化" });
  blocks.push({
    type: "table",
    caption: `表1 ${s.period.label}各目标物负荷（${s.scope.name}）`,
    columns: [
      "目标物",
      "点位数",
      "覆盖人口（万人）",
      `人口加权负荷（${PNL_UNIT}）`,
      "总负荷（g/天）",
      `估算消费量（${PNL_UNIT}）`,
      `${base}（可比点位）`,
      "同比变化",
      "类别",
    ],
    rows: w.analytes.map((a) => [
      a.nameZh,
      String(a.sites),
      wan(a.populationCovered),
      num(a.weightedPnl),
      num(a.totalLoadGPerDay, 1),
      num(a.consumptionMgPerDayPer1000),
      num(a.matchedPreviousPnl),
      pct(a.changePercent),
      a.class ? CLASS_ZH[a.class] : "—",
    ]),
    note: `人口加权负荷 = Σ(点位负荷×服务人口)/Σ服务人口；同比按${base}两期均有数据的点位计算，变化超过±10%记为上升或下降（EUDA 口径）；估算消费量 = 负荷×校正系数（参数集 ${s.parameterSetVersion}）。`,
  });
  blocks.push({ type: "heading", text: "（二）点位明细" });
  const siteName = new Map(
    s.scope.sites.map((x) => [x.code, x.city ? `${x.city}（${x.code}）` : `${x.name}（${x.code}）`]),
  );
  const nameZh = new Map(w.analytes.map((a) => [a.analyte, a.nameZh]));
  blocks.push({
    type: "table",
    caption: `表2 ${s.period.label}各点位负荷（${PNL_UNIT}）`,
    columns: ["点位", "目标物", "本期", base, "同比变化", "类别"],
    rows: w.siteValues.map((v) => [
      siteName.get(v.site) ?? v.site,
      nameZh.get(v.analyte) ?? v.analyte,
      num(v.pnl),
      num(v.previousPnl),
      pct(v.changePercent),
      CLASS_ZH[v.class],
    ]),
  });
  blocks.push({ type: "heading", text: "（三）年度趋势" });
  const years = [...new Set(w.analytes.flatMap((a) => a.trend.years.map((y) => y.year)))].sort((a, b) => a - b);
  if (years.length > 0) {
    const chart: ReportChart = {
      kind: "line",
      title: `年度人口加权负荷（${PNL_UNIT}，对数坐标）`,
      unit: PNL_UNIT,
      categories: years.map(String),
      series: w.analytes.map((a) => ({
        name: a.nameZh,
        values: years.map((y) => {
          const v = a.trend.years.find((t) => t.year === y)?.weightedPnl;
          return v === undefined ? null : Number(v.toFixed(4));
        }),
      })),
    };
    blocks.push({ type: "chart", caption: `图1 ${s.scope.name}年度人口加权负荷`, chart });
    const dirZh = {
      increasing: "上升",
      decreasing: "下降",
      "no-trend": "无显著趋势",
      "insufficient-data": "数据不足",
    } as const;
    blocks.push({
      type: "table",
      caption: "表3 年度趋势检验（Mann-Kendall，α = 0.05）",
      columns: ["目标物", "年份", "年数", "Sen 斜率（每年）", "p 值", "结论"],
      rows: w.analytes.map((a) => [
        a.nameZh,
        a.trend.years.length ? `${a.trend.years[0]?.year}—${a.trend.years.at(-1)?.year}` : "—",
        String(a.trend.test.n),
        num(a.trend.test.senSlopePerYear),
        num(a.trend.test.pValue, 3),
        dirZh[a.trend.test.direction],
      ]),
      note: "每年取当年有数据的点位计算人口加权负荷（非固定点位面板），年数少于4年时不作检验。",
    });
  }
  const method =
    w.method === "annual-daily-mean"
      ? "年度报告采用各点位的年度日均负荷（EUDA 数据为其公布的日均值），同比与上年日均值比较。"
      : `月度、季度报告采用期内各采样日负荷的平均值，同比与${base}的平均值比较。`;
  const euda =
    s.scope.kind === "jurisdiction"
      ? ""
      : "EUDA 数据为每年一周的采样（日期为名义日期：当年第11个 ISO 周的周三至下周二），月度、季度报告只在含该周的期间有数据。";
  const key = w.analytes.find((a) => a.analyte === w.keyAnalyte);
  const ranked = w.units.filter((u) => u.analyte === key?.analyte);
  if (s.scope.geo && key && ranked.length > 0) {
    blocks.push({ type: "heading", text: "（四）区县分布" });
    blocks.push({
      type: "chart",
      caption: `${s.scope.name}${key.nameZh}人口加权负荷分布图（${s.period.label}）`,
      chart: {
        kind: "map",
        title: `${key.nameZh}（${PNL_UNIT}）`,
        unit: PNL_UNIT,
        geo: s.scope.geo,
        categories: ranked.map((u) => u.name),
        series: [{ name: key.nameZh, values: ranked.map((u) => Number(u.weightedPnl.toFixed(4))) }],
      },
    });
  }
  blocks.push({ type: "note", text: `方法：${method}低于定量限的结果按0计（EUDA 口径）。${euda}` });
  return { id: "wastewater", title: "污水监测", dataSource: "available", blocks };
}

function comparisonSection(s: ReportSnapshot): ReportSection {
  const w = s.wastewater;
  const blocks: ReportBlock[] = [];
  const units = s.scope.units;
  const analytes = w.analytes.filter((a) => w.units.some((u) => u.analyte === a.analyte));
  if (units.length < 2 || analytes.length === 0) {
    blocks.push({
      type: "paragraph",
      text:
        units.length === 1
          ? `${s.scope.name}只有一个比较单元，不按污水负荷排名。`
          : `${s.period.label}没有可比较的污水监测数据。`,
    });
    return {
      id: "comparison",
      title: s.scope.kind === "jurisdiction" ? "区县对比与排名" : "城市对比与排名",
      dataSource: s.other.index.status === "available" ? "available" : "no-data",
      blocks: [...blocks, ...indexBlocks(s.other.index, s)],
    };
  }
  const unitTitle = s.scope.kind === "jurisdiction" ? "区县" : "城市";
  blocks.push({
    type: "table",
    caption: `表4 ${s.period.label}各${unitTitle}人口加权负荷（${PNL_UNIT}）与排名（1 = 最高）`,
    columns: [unitTitle, ...analytes.map((a) => a.nameZh)],
    rows: units
      .filter((u) => w.units.some((x) => x.unit === u.code))
      .map((u) => [
        u.name,
        ...analytes.map((a) => {
          const v = w.units.find((x) => x.unit === u.code && x.analyte === a.analyte);
          return v ? `${num(v.weightedPnl)}（${v.rank}）` : "—";
        }),
      ]),
  });
  const key = analytes.find((a) => a.analyte === w.keyAnalyte) ?? analytes[0];
  if (key) {
    const ranked = w.units.filter((u) => u.analyte === key.analyte).sort((a, b) => a.rank - b.rank);
    blocks.push({
      type: "paragraph",
      text: `${key.nameZh}负荷最高的${unitTitle}依次为：${ranked
        .slice(0, 3)
        .map((u) => `${u.name}（${num(u.weightedPnl)}）`)
        .join("、")}。`,
    });
    blocks.push({
      type: "chart",
      caption: `图2 各${unitTitle}${key.nameZh}人口加权负荷`,
      chart: {
        kind: "bar",
        title: `${key.nameZh}（${PNL_UNIT}）`,
        unit: PNL_UNIT,
        categories: ranked.map((u) => u.name),
        series: [{ name: key.nameZh, values: ranked.map((u) => Number(u.weightedPnl.toFixed(4))) }],
      },
    });
  }
  blocks.push(...indexBlocks(s.other.index, s));
  return { id: "comparison", title: `${unitTitle}对比与排名`, dataSource: "available", blocks };
}

function analystSection(text: string): ReportSection {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return {
    id: "analyst",
    title: "分析研判意见",
    dataSource: paragraphs.length ? "available" : "no-data",
    blocks: paragraphs.length
      ? paragraphs.map((p) => ({ type: "paragraph" as const, text: p }))
      : [{ type: "note", text: "（分析员尚未填写本节。）" }],
  };
}

/** Builds the document of `snapshot` with the analyst's section text. */
export function buildDocument(snapshot: ReportSnapshot, analystText: string): ReportDocument {
  const s = snapshot;
  const sections = titled([
    summarySection(s),
    wastewaterSection(s),
    hairSection(s.other.hair, s),
    indicatorSection("users", "吸毒人员", s.other.users, s, "表 吸毒人员指标"),
    indicatorSection("cases", "案件与缴获", s.other.cases, s, "表 毒品案件与缴获指标"),
    comparisonSection(s),
    warningsSection(s.other.warnings, s),
    analystSection(analystText),
  ]);
  // number tables and figures in document order
  let tables = 0;
  let figures = 0;
  for (const section of sections)
    section.blocks = section.blocks.map((b) =>
      b.type === "table"
        ? { ...b, caption: `表${++tables} ${b.caption.replace(/^表\d*\s*/, "")}` }
        : b.type === "chart"
          ? { ...b, caption: `图${++figures} ${b.caption.replace(/^图\d*\s*/, "")}` }
          : b,
    );
  return {
    templateVersion: s.templateVersion,
    title: `${s.scope.name}毒情形势评估报告`,
    subtitle: `${s.period.label}（${s.period.from} 至 ${s.period.to}）`,
    jurisdiction: { code: s.scope.code, name: s.scope.name, kind: s.scope.kind },
    period: { code: s.period.code, kind: s.period.kind, label: s.period.label, from: s.period.from, to: s.period.to },
    audience: s.audience,
    dataAsOf: s.wastewater.dataAsOf,
    parameterSetVersion: s.parameterSetVersion,
    sections,
  };
}
