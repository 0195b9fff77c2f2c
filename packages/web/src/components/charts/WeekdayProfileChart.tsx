import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { WeeklyResponse } from "../../api/types.js";
import { EChart } from "./EChart.js";

/**
 * Bar chart, in date order (a sampling week may start on any day), of one sampling week's PNL (mg/day/1000 inh); bars coloured by the year's weekday/weekend
 * definition, with the weekday and weekend means as horizontal lines.
 */
export function WeekdayProfileChart({ weekly, testId = "weekday-chart" }: { weekly: WeeklyResponse; testId?: string }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const days = [...weekly.days].sort((a, b) => a.date.localeCompare(b.date));
    const data = days.map((d) => ({
      value: d.pnlMgPerDayPer1000 ?? null,
      itemStyle: { color: d.part === "weekend" ? "#fa8c16" : "#1677ff" },
      date: d.date,
    }));
    // one-line labels right of the plot, the higher mean's moved up and the lower's down: close or equal means (both
    // 0 when every value is censored) no longer print their labels on top of each other
    const weekdayHigher = (weekly.weekdayMean ?? 0) >= (weekly.weekendMean ?? 0);
    const meanLine = (name: string, value: number, color: string, labelColor: string, up: boolean) => ({
      yAxis: value,
      name,
      lineStyle: { color },
      label: { formatter: `${name} ${value.toFixed(2)}`, position: "end", offset: [0, up ? -8 : 8], color: labelColor },
    });
    const markLines: object[] = [];
    if (weekly.weekdayMean !== null)
      markLines.push(meanLine(t("site.weekdayMean"), weekly.weekdayMean, "#1677ff", "#1677ff", weekdayHigher));
    if (weekly.weekendMean !== null)
      markLines.push(meanLine(t("site.weekendMean"), weekly.weekendMean, "#fa8c16", "#d46b08", !weekdayHigher));
    return {
      tooltip: {
        trigger: "axis",
        valueFormatter: (v: unknown) => (typeof v === "number" ? v.toFixed(2) : "—"),
      },
      grid: { left: 60, right: 130, top: 40, bottom: 40 },
      xAxis: {
        type: "category",
        data: days.map((d) => `${t(`weekdays.${d.weekday}`)}\n${d.date.slice(5)}`),
      },
      yAxis: { type: "value", name: t("units.pnl"), nameTextStyle: { align: "left" } },
      series: [
        {
          type: "bar",
          name: t("site.pnl"),
          data,
          barMaxWidth: 48,
          markLine: { symbol: "none", silent: true, data: markLines },
        },
      ],
    };
  }, [weekly, t]);
  return <EChart option={option} testId={testId} height={320} />;
}
