/**
 * The explanation chart of an alert (pure option builder, ECharts): two stacked panels over the sample dates
 * around the alert —
 *  - values: the observed value and the detector's baseline (unit `valueUnit`), the alert's run (runStartDate →
 *    date) shaded in the level colour, the raising point marked; censored results (< LOQ) are drawn as hollow
 *    markers on the axis floor, never as zeros in a line;
 *  - score: the detector score against its threshold (per point, as returned by the API) and the grading
 *    rule's minimum score of the alert's level, the raising point marked.
 */
import type { Alert, AlertDetail, AlertSeries } from "@tracewater/contract";
import { addDays, LEVEL_COLORS } from "./model.js";

export type SeriesPoint = AlertSeries["points"][number];

export interface ExplanationLabels {
  value: string;
  baseline: string;
  score: string;
  threshold: string;
  minScore: string;
  censored: string;
  run: string;
  alertPoint: string;
}

/** Days shown before the raising date and after the latest evidence. */
export const WINDOW_BEFORE_DAYS = 90;
export const WINDOW_AFTER_DAYS = 30;

/**
 * Chart points from the alert's own evidence (raising point + appended points), used when the series endpoint is
 * unavailable: each graded point carries value, baseline, score and detector threshold in its explanation.
 */
export function pointsFromEvidence(alert: AlertDetail): SeriesPoint[] {
  const byDate = new Map<string, SeriesPoint>();
  const add = (e: Alert["explanation"]) =>
    byDate.set(e.date, {
      date: e.date,
      value: e.value,
      baseline: e.baseline,
      score: e.score,
      threshold: e.detectorThreshold,
      censored: false,
    });
  add(alert.explanation);
  for (const e of alert.evidence) add(e.explanation);
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** The points within [date − before, lastDate + after], sorted by date. */
export function windowPoints(
  points: readonly SeriesPoint[],
  alert: Pick<Alert, "date" | "lastDate">,
  before = WINDOW_BEFORE_DAYS,
  after = WINDOW_AFTER_DAYS,
): SeriesPoint[] {
  const from = addDays(alert.date, -before);
  const to = addDays(alert.lastDate, after);
  return points.filter((p) => p.date >= from && p.date <= to).sort((a, b) => a.date.localeCompare(b.date));
}

/** ECharts option of the explanation chart (see the module comment). */
export function explanationChartOption(
  alert: Pick<Alert, "date" | "lastDate" | "level" | "explanation">,
  points: readonly SeriesPoint[],
  labels: ExplanationLabels,
): Record<string, unknown> {
  const color = LEVEL_COLORS[alert.level];
  const e = alert.explanation;
  const unit = e.valueUnit ?? "";
  const raising = points.find((p) => p.date === alert.date);
  const observed = points.map((p) => [p.date, p.censored ? null : p.value]);
  const censored = points.filter((p) => p.censored).map((p) => [p.date, 0]);
  const hasThreshold = points.some((p) => p.threshold !== null);
  return {
    animation: false,
    legend: { top: 0, data: [labels.value, labels.baseline, labels.censored, labels.score, labels.threshold] },
    tooltip: { trigger: "axis", axisPointer: { type: "line" } },
    axisPointer: { link: [{ xAxisIndex: "all" }] },
    grid: [
      { left: 64, right: 24, top: 40, height: "44%" },
      { left: 64, right: 24, top: "64%", bottom: 32 },
    ],
    xAxis: [
      { type: "time", gridIndex: 0, axisLabel: { show: false } },
      { type: "time", gridIndex: 1 },
    ],
    yAxis: [
      { type: "value", gridIndex: 0, name: unit, nameTextStyle: { align: "left" }, scale: true },
      { type: "value", gridIndex: 1, name: `${labels.score} (${e.scoreLabel})`, nameTextStyle: { align: "left" } },
    ],
    series: [
      {
        name: labels.value,
        type: "line",
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: observed,
        connectNulls: false,
        symbolSize: 5,
        itemStyle: { color: "#434343" },
        lineStyle: { width: 1.5 },
        markArea: {
          silent: true,
          itemStyle: { color, opacity: 0.12 },
          // a one-day run has no width: its label would sit on the pin
          label: { show: e.runStartDate !== alert.date, position: "insideTop", color, formatter: labels.run },
          data: [[{ xAxis: e.runStartDate }, { xAxis: alert.date }]],
        },
        markPoint:
          raising && raising.value !== null
            ? {
                symbol: "pin",
                symbolSize: 44,
                itemStyle: { color },
                label: { show: false },
                data: [{ name: labels.alertPoint, coord: [alert.date, raising.value] }],
              }
            : undefined,
      },
      {
        name: labels.baseline,
        type: "line",
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: points.map((p) => [p.date, p.baseline]),
        showSymbol: false,
        lineStyle: { type: "dashed", color: "#1677ff", width: 1.5 },
        itemStyle: { color: "#1677ff" },
      },
      {
        name: labels.censored,
        type: "scatter",
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: censored,
        symbol: "emptyCircle",
        symbolSize: 7,
        itemStyle: { color: "#8c8c8c" },
      },
      {
        name: labels.score,
        type: "line",
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: points.map((p) => [p.date, p.score]),
        connectNulls: false,
        symbolSize: 4,
        itemStyle: { color: "#722ed1" },
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { color, type: "solid", width: 1 },
          label: { formatter: `${labels.minScore} ${e.condition.minScore}`, position: "insideEndTop", color },
          data: [{ yAxis: e.condition.minScore }],
        },
        markPoint:
          raising && raising.score !== null
            ? {
                symbol: "circle",
                symbolSize: 12,
                itemStyle: { color, borderColor: "#fff", borderWidth: 2 },
                label: { show: false },
                data: [{ name: labels.alertPoint, coord: [alert.date, raising.score] }],
              }
            : undefined,
      },
      ...(hasThreshold
        ? [
            {
              name: labels.threshold,
              type: "line",
              xAxisIndex: 1,
              yAxisIndex: 1,
              step: "middle",
              data: points.map((p) => [p.date, p.threshold]),
              showSymbol: false,
              lineStyle: { type: "dashed", color: "#cf1322", width: 1 },
              itemStyle: { color: "#cf1322" },
            },
          ]
        : []),
    ],
  };
}
