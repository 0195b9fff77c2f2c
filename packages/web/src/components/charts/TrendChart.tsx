import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { TrendResponse } from "../../api/types.js";
import { EChart } from "./EChart.js";

/**
 * Multi-year mean of site daily means (mg/day/1000 inh). With the all-sites panel the number of sites per year
 * changes and is drawn as bars on a second axis (with a constant panel it is the panel size, listed below).
 */
export function TrendChart({ trend, testId = "trend-chart" }: { trend: TrendResponse; testId?: string }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 0, show: trend.panelMode === "all" },
      grid: { left: 60, right: 60, top: 50, bottom: 30 },
      xAxis: { type: "category", data: trend.series.map((p) => String(p.year)) },
      yAxis: [
        { type: "value", name: t("units.pnl"), nameTextStyle: { align: "left" } },
        {
          type: "value",
          name: t("trends.sitesAxis"),
          minInterval: 1,
          splitLine: { show: false },
          show: trend.panelMode === "all",
        },
      ],
      series: [
        {
          name: t("trends.meanOfDailyMeans"),
          z: 3,
          type: "line",
          data: trend.series.map((p) => (p.value === null ? null : Number(p.value.toFixed(2)))),
          symbolSize: 7,
          itemStyle: { color: "#cf1322" },
        },
        {
          name: t("trends.sitesAxis"),
          type: "bar",
          yAxisIndex: 1,
          data: trend.panelMode === "all" ? trend.series.map((p) => p.sites) : [],
          itemStyle: { color: "rgba(140,140,140,0.25)" },
          barMaxWidth: 24,
        },
      ],
    }),
    [trend, t],
  );
  return <EChart option={option} testId={testId} height={360} />;
}
