import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { EChart } from "./EChart.js";

export interface YearlyMeans {
  year: number;
  dailyMean: number | null;
  weekdayMean: number | null;
  weekendMean: number | null;
}

/** Line chart of a site's yearly daily / weekday / weekend mean PNL (mg/day/1000 inh). */
export function YearlyMeansChart({ years, testId = "yearly-chart" }: { years: YearlyMeans[]; testId?: string }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const sorted = [...years].sort((a, b) => a.year - b.year);
    const line = (name: string, key: keyof Omit<YearlyMeans, "year">, color: string, dashed = false) => ({
      name,
      type: "line",
      connectNulls: false,
      symbolSize: 6,
      itemStyle: { color },
      lineStyle: dashed ? { type: "dashed", color } : { width: 3, color },
      data: sorted.map((y) => y[key]),
    });
    return {
      tooltip: { trigger: "axis", valueFormatter: (v: unknown) => (typeof v === "number" ? v.toFixed(2) : "—") },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 50, bottom: 30 },
      xAxis: { type: "category", data: sorted.map((y) => String(y.year)) },
      yAxis: { type: "value", name: t("units.pnl"), nameTextStyle: { align: "left" } },
      series: [
        line(t("site.dailyMean"), "dailyMean", "#595959"),
        line(t("site.weekdayMean"), "weekdayMean", "#1677ff", true),
        line(t("site.weekendMean"), "weekendMean", "#fa8c16", true),
      ],
    };
  }, [years, t]);
  return <EChart option={option} testId={testId} height={340} />;
}
