import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { EChart } from "../charts/EChart.js";
import { quantileClasses } from "./quantile-classes.js";

export interface MapPoint {
  code: string;
  name: string;
  lon: number;
  lat: number;
  /** latest PNL of the chosen analyte (mg/day/1000 inh); null = no value */
  value: number | null;
}

export interface MapView {
  /** ECharts map name registered before (e.g. `world`, `changzhi`) */
  map: string;
  /** [[west, north], [east, south]] lon/lat of the initial view */
  boundingCoords?: [[number, number], [number, number]];
  center?: [number, number];
  zoom?: number;
}

/**
 * Sites on an offline base map (ECharts geo + scatter), coloured by value in quantile classes
 * (`quantileClasses`: equal-count classes suit skewed PNL values); roam (zoom/pan) enabled; clicking a site
 * calls `onSiteClick(code)`.
 */
export function SiteMap({
  view,
  points,
  onSiteClick,
  testId = "site-map",
}: {
  view: MapView;
  points: MapPoint[];
  onSiteClick: (code: string) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const withValue = points.filter((p) => p.value !== null);
    const withoutValue = points.filter((p) => p.value === null);
    const classes = quantileClasses(withValue.map((p) => p.value as number));
    const toData = (p: MapPoint) => ({ name: p.name, value: [p.lon, p.lat, p.value], code: p.code });
    return {
      tooltip: {
        trigger: "item",
        formatter: (params: { data?: { code: string; name: string; value: [number, number, number | null] } }) => {
          const d = params.data;
          if (!d) return "";
          const v = d.value[2];
          return `${d.code} ${d.name}<br/>${typeof v === "number" ? v.toFixed(2) : t("map.noValue")} ${typeof v === "number" ? t("units.pnl") : ""}`;
        },
      },
      geo: {
        map: view.map,
        roam: true,
        ...(view.boundingCoords ? { boundingCoords: view.boundingCoords } : {}),
        ...(view.center ? { center: view.center } : {}),
        ...(view.zoom ? { zoom: view.zoom } : {}),
        scaleLimit: { min: 0.5, max: 40 },
        itemStyle: { areaColor: "#eef2f6", borderColor: "#aab4c0", borderWidth: 0.5 },
        emphasis: { disabled: true },
        label: { show: view.map !== "world", color: "#555", fontSize: 11 },
        silent: true,
      },
      visualMap: {
        type: "piecewise",
        seriesIndex: 0,
        dimension: 2,
        left: 10,
        bottom: 20,
        // no `text`: with it ECharts hides the piece labels (the unit is in the page caption and the tooltip)
        pieces: classes.map((c) => ({ gte: c.min, lte: c.max, color: c.color, label: c.label })),
        show: classes.length > 0,
      },
      legend: { top: 8, right: 10, data: [t("map.withValue"), t("map.noValue")] },
      series: [
        {
          name: t("map.withValue"),
          type: "scatter",
          coordinateSystem: "geo",
          symbolSize: 11,
          itemStyle: { color: "#e34a33", borderColor: "#333", borderWidth: 0.6 },
          data: withValue.map(toData),
          zlevel: 2,
        },
        {
          name: t("map.noValue"),
          type: "scatter",
          coordinateSystem: "geo",
          symbolSize: 7,
          itemStyle: { color: "#bfbfbf", borderColor: "#666", borderWidth: 0.5 },
          data: withoutValue.map(toData),
          zlevel: 1,
        },
      ],
    };
  }, [points, view, t]);
  return (
    <EChart
      option={option}
      height={600}
      testId={testId}
      onClick={(params) => {
        const code = (params.data as { code?: string } | undefined)?.code;
        if (code) onSiteClick(code);
      }}
    />
  );
}
