import type { NetworkTree, TracePlan } from "@tracewater/contract";
import { Empty, Space, Spin, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useGeo } from "../../api/geo.js";
import { EChart } from "../../components/charts/EChart.js";
import { ensureGeoJsonMap } from "../../components/maps/world-geo.js";
import { formatNumber } from "../../components/ui/format.js";
import { useLanguage } from "../../components/ui/hooks.js";
import "./echarts-warning.js";
import { LEVEL_COLORS } from "./model.js";
import { boundaryRings, type TraceMapSite, traceMapData } from "./trace-map.js";

const CANDIDATE_COLOR = "#fa541c";
const PLAN_COLOR = "#08979c";
const OTHER_COLOR = "#8c8c8c";
/**
 * Map height (px), and a lower bound of its width / height on the alert and network pages (1366 × 520 px in a
 * 1440-px window, ≈ 1200 px wide in a 1280-px one: 2.6 and 2.3).
 */
const MAP_HEIGHT = 520;
const VIEW_ASPECT = 2;

/**
 * The sewer tree and the trace plan on the offline 长治 base map (bundled boundaries from `/geo/changzhi`, ECharts
 * geo + lines + scatter; no online tiles): sewer links as lines with the arrow downstream (candidate sub-tree in
 * orange), candidate sources as orange circles sized by prior, the alert node as a pin, the proposed sampling points
 * as teal diamonds labelled with their order and sampling window. It opens on the tree and the nearest stretch of
 * county boundary (`traceMapData` bounds); plan labels that would overlap are stacked apart, labels of other sites
 * and candidates that would overlap them or each other are hidden (ECharts labelLayout). The chart element carries
 * ECharts' generated aria-label (series and data names), which the browser test reads.
 */
export function TraceMap({ tree, trace }: { tree: NetworkTree; trace: TracePlan | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const geo = useGeo("changzhi");
  if (geo.data) ensureGeoJsonMap("changzhi", geo.data);
  const rings = useMemo(() => boundaryRings(geo.data), [geo.data]);
  const data = useMemo(() => traceMapData(tree, trace, rings, VIEW_ASPECT), [tree, trace, rings]);

  const option = useMemo(() => {
    const names = new Map(tree.nodes.map((n) => [n.site, n.name]));
    const maxPrior = Math.max(0, ...data.sites.map((s) => s.prior ?? 0));
    const hours = (h: number) => formatNumber(h, 1, language);
    const windowText = (s: TraceMapSite) =>
      s.window ? t("warning.traceMap.window", { from: hours(s.window.from), to: hours(s.window.to) }) : "";
    const point = (s: TraceMapSite, name = s.name) => ({
      name,
      site: s.site,
      siteName: s.name,
      value: [s.lon, s.lat],
      s,
    });
    const alertSite = data.sites.find((s) => s.role === "alert");
    const alertLevel = tree.nodes.find((n) => n.site === alertSite?.site)?.maxLevel;
    return {
      aria: { enabled: true, label: { data: { maxCount: 500 } } },
      tooltip: {
        trigger: "item",
        formatter: (p: { seriesType?: string; name?: string; data?: { s?: TraceMapSite } }) => {
          if (p.seriesType === "lines") return p.name ?? "";
          const s = p.data?.s;
          if (!s) return "";
          const lines = [`<b>${s.name}</b> (${s.site})`];
          if (s.prior !== null)
            lines.push(
              `${t("warning.network.candidate")} · ${t("warning.network.prior")} ${formatNumber(s.prior, 3, language)}`,
            );
          if (s.order !== null) lines.push(t("warning.traceMap.order", { order: s.order }));
          if (s.window) lines.push(`${t("warning.network.windows")}: ${windowText(s)}`);
          return lines.join("<br/>");
        },
      },
      legend: { top: 8, left: 10, orient: "vertical", backgroundColor: "rgba(255,255,255,0.85)" },
      geo: {
        map: "changzhi",
        roam: true,
        ...(data.bounds ? { boundingCoords: data.bounds } : {}),
        itemStyle: { areaColor: "#eef2f6", borderColor: "#aab4c0", borderWidth: 0.8 },
        emphasis: { disabled: true },
        label: { show: true, color: "#8c8c8c", fontSize: 12 },
        silent: true,
      },
      series: [
        {
          name: t("warning.traceMap.links"),
          type: "lines",
          coordinateSystem: "geo",
          symbol: ["none", "arrow"],
          symbolSize: 8,
          zlevel: 1,
          lineStyle: { color: OTHER_COLOR, width: 1.5, opacity: 0.9 },
          data: data.links.map((l) => ({
            name: `${names.get(l.from) ?? l.from} → ${names.get(l.to) ?? l.to}`,
            coords: l.coords,
            ...(l.candidate ? { lineStyle: { color: CANDIDATE_COLOR, width: 3, opacity: 0.9 } } : {}),
          })),
        },
        {
          name: t("warning.traceMap.otherSites"),
          type: "scatter",
          coordinateSystem: "geo",
          zlevel: 2,
          symbolSize: 7,
          itemStyle: { color: "#d9d9d9", borderColor: "#595959", borderWidth: 0.8 },
          label: { show: true, position: "bottom", fontSize: 10, color: "#8c8c8c", formatter: "{b}" },
          labelLayout: { hideOverlap: true },
          data: data.sites.filter((s) => s.role === "other").map((s) => point(s)),
        },
        {
          name: t("warning.network.candidate"),
          type: "scatter",
          coordinateSystem: "geo",
          zlevel: 3,
          // at most 25 px: below the plan diamonds (26 px), whose labels must win the overlap test
          symbolSize: (_: unknown, p: { data: { s: TraceMapSite } }) =>
            9 + 16 * Math.sqrt((p.data.s.prior ?? 0) / (maxPrior || 1)),
          itemStyle: { color: "rgba(250, 84, 28, 0.35)", borderColor: CANDIDATE_COLOR, borderWidth: 2 },
          label: { show: true, position: "bottom", fontSize: 11, color: "#ad2102", formatter: "{b}" },
          labelLayout: { hideOverlap: true },
          data: data.sites.filter((s) => s.role === "candidate").map((s) => point(s)),
        },
        {
          name: t("warning.traceMap.alertSite"),
          type: "scatter",
          coordinateSystem: "geo",
          zlevel: 4,
          symbol: "pin",
          symbolSize: 34,
          itemStyle: {
            color: alertLevel ? LEVEL_COLORS[alertLevel] : "#cf1322",
            borderColor: "#333",
            borderWidth: 0.8,
          },
          label: { show: true, position: "left", distance: 4, fontWeight: "bold", formatter: "{b}" },
          data: alertSite ? [point(alertSite)] : [],
        },
        {
          name: t("warning.network.planPoint"),
          type: "scatter",
          coordinateSystem: "geo",
          zlevel: 5,
          symbol: "diamond",
          symbolSize: 26,
          itemStyle: { color: PLAN_COLOR, borderColor: CANDIDATE_COLOR, borderWidth: 2 },
          label: {
            show: true,
            position: "right",
            distance: 8,
            color: "#00474f",
            fontWeight: "bold",
            backgroundColor: "rgba(255,255,255,0.9)",
            borderColor: PLAN_COLOR,
            borderWidth: 1,
            borderRadius: 3,
            padding: [3, 5],
            formatter: (p: { name: string; data: { s: TraceMapSite } }) =>
              p.data.s.window ? `${p.name}\n${windowText(p.data.s)}` : p.name,
          },
          // plan labels of points close together (zoomed out) are stacked vertically; ECharts hides the overlapping
          // label with the smaller symbol, so the labels of other sites and candidates give way to these
          labelLayout: { moveOverlap: "shiftY", hideOverlap: true },
          data: data.sites
            .filter((s) => s.role === "plan")
            .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
            .map((s) => point(s, `${s.order}. ${s.name}`)),
        },
      ],
    };
  }, [data, tree, t, language]);

  if (geo.isPending) return <Spin data-testid="trace-map-loading" />;
  if (data.sites.length === 0) return <Empty description={t("warning.traceMap.noCoordinates")} />;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <EChart option={option} height={MAP_HEIGHT} testId="trace-map" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {trace?.plan
          ? t("warning.traceMap.note", { site: tree.nodes.find((n) => n.site === trace.site)?.name ?? trace.site })
          : null}
        {data.unlocated > 0 ? ` ${t("warning.traceMap.unlocated", { count: data.unlocated })}` : ""}{" "}
        {t("map.baseMapCredit")}
      </Typography.Text>
    </Space>
  );
}
