import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { LoadRow } from "../../api/types.js";
import { EChart } from "./EChart.js";

/**
 * Loads over time: measured PNL (mg/day/1000 inh) and estimated consumption (median, mg/day/1000 inh) with
 * its Monte Carlo 95 % interval (p2.5–p97.5) drawn as a band (stacked lower bound + width).
 */
export function LoadsBandChart({ rows, testId = "loads-chart" }: { rows: LoadRow[]; testId?: string }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const sorted = [...rows].sort((a, b) => a.date.localeCompare(b.date));
    const lower = sorted.map((r) => r.interval?.p2_5 ?? null);
    const width = sorted.map((r) => (r.interval ? r.interval.p97_5 - r.interval.p2_5 : null));
    const bandName = t("site.interval95");
    return {
      tooltip: {
        trigger: "axis",
        formatter: (params: Array<{ dataIndex: number }>) => {
          const row = sorted[params[0]?.dataIndex ?? 0];
          if (!row) return "";
          const f = (v: number | null | undefined) => (typeof v === "number" ? v.toFixed(2) : "—");
          return [
            row.date,
            `${t("site.pnl")}: ${f(row.pnlMgPerDayPer1000)}`,
            `${t("site.consumptionMedian")}: ${f(row.interval?.p50 ?? row.consumptionMgPerDayPer1000)}`,
            `${bandName}: ${f(row.interval?.p2_5)} – ${f(row.interval?.p97_5)}`,
            `${t("units.pnl")}`,
          ].join("<br/>");
        },
      },
      legend: { top: 0, data: [t("site.pnl"), t("site.consumptionMedian"), bandName] },
      grid: { left: 60, right: 20, top: 50, bottom: 70 },
      dataZoom: [{ type: "slider", bottom: 10 }, { type: "inside" }],
      xAxis: { type: "category", data: sorted.map((r) => r.date), boundaryGap: false },
      yAxis: { type: "value", name: t("units.pnl"), nameTextStyle: { align: "left" } },
      series: [
        {
          name: `${bandName}-lower`,
          type: "line",
          stack: "band",
          data: lower,
          lineStyle: { opacity: 0 },
          symbol: "none",
          tooltip: { show: false },
          legendHoverLink: false,
          silent: true,
        },
        {
          name: bandName,
          type: "line",
          stack: "band",
          data: width,
          lineStyle: { opacity: 0 },
          areaStyle: { color: "rgba(22,119,255,0.18)" },
          itemStyle: { color: "rgba(22,119,255,0.35)" },
          symbol: "none",
          silent: true,
        },
        {
          name: t("site.consumptionMedian"),
          type: "line",
          data: sorted.map((r) => r.interval?.p50 ?? r.consumptionMgPerDayPer1000),
          itemStyle: { color: "#1677ff" },
          symbolSize: 4,
        },
        {
          name: t("site.pnl"),
          type: "line",
          data: sorted.map((r) => r.pnlMgPerDayPer1000),
          itemStyle: { color: "#52c41a" },
          symbolSize: 4,
        },
      ],
    };
  }, [rows, t]);
  return <EChart option={option} testId={testId} height={360} />;
}
