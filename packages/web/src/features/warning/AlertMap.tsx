import type { Alert, WarningLevel } from "@tracewater/contract";
import { Empty, Space, Spin, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useGeo } from "../../api/geo.js";
import { useSites } from "../../api/monitoring.js";
import { EChart } from "../../components/charts/EChart.js";
import { ensureGeoJsonMap } from "../../components/maps/world-geo.js";
import { LEVEL_COLORS, LEVELS, levelRank } from "./model.js";

export interface AlertMarker {
  site: string;
  name: string;
  lon: number;
  lat: number;
  /** open alerts at the site in the list */
  count: number;
  maxLevel: WarningLevel;
  /** the most severe, then latest alert (click target) */
  alertId: string;
}

/** One marker per site: count of alerts, highest level, the most severe/latest alert as the click target. */
export function alertMarkers(
  alerts: readonly Alert[],
  located: ReadonlyMap<string, { lon: number; lat: number }>,
): AlertMarker[] {
  const bySite = new Map<string, AlertMarker>();
  for (const a of alerts) {
    const at = located.get(a.site);
    if (!at) continue;
    const m = bySite.get(a.site);
    if (!m) {
      bySite.set(a.site, { site: a.site, name: a.siteName, ...at, count: 1, maxLevel: a.level, alertId: a.id });
      continue;
    }
    m.count++;
    if (levelRank(a.level) > levelRank(m.maxLevel)) {
      m.maxLevel = a.level;
      m.alertId = a.id;
    }
  }
  return [...bySite.values()];
}

/**
 * Alert markers on the offline 长治 base map (bundled boundaries from `/geo/changzhi`, ECharts geo + scatter): one
 * marker per alerting site, coloured by its highest level, sized by its number of alerts; click → that alert.
 * Sites come from the data source most of the listed alerts belong to.
 */
export function AlertMap({ alerts }: { alerts: readonly Alert[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const source = useMemo(() => {
    const n = new Map<string, number>();
    for (const a of alerts) n.set(a.source, (n.get(a.source) ?? 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1])[0]?.[0];
  }, [alerts]);
  const sites = useSites(source);
  const geo = useGeo("changzhi");
  if (geo.data) ensureGeoJsonMap("changzhi", geo.data);
  const markers = useMemo(() => {
    const located = new Map<string, { lon: number; lat: number }>();
    for (const s of sites.data ?? [])
      if (s.lon !== null && s.lat !== null) located.set(s.code, { lon: s.lon, lat: s.lat });
    return alertMarkers(
      alerts.filter((a) => a.source === source),
      located,
    );
  }, [alerts, sites.data, source]);

  const option = useMemo(
    () => ({
      tooltip: {
        trigger: "item",
        formatter: (p: { data?: { name: string; site: string; count: number; level: WarningLevel } }) =>
          p.data
            ? `${p.data.name} (${p.data.site})<br/>${t(`warning.level.${p.data.level}`)} · ${t("warning.alerts.count", { count: p.data.count })}`
            : "",
      },
      geo: {
        map: "changzhi",
        roam: true,
        itemStyle: { areaColor: "#eef2f6", borderColor: "#aab4c0", borderWidth: 0.5 },
        emphasis: { disabled: true },
        label: { show: true, color: "#555", fontSize: 11 },
        silent: true,
      },
      legend: { top: 8, right: 10 },
      series: LEVELS.map((level) => ({
        name: t(`warning.level.${level}`),
        type: "scatter",
        coordinateSystem: "geo",
        itemStyle: { color: LEVEL_COLORS[level], borderColor: "#333", borderWidth: 0.6 },
        symbolSize: (value: [number, number, number]) => 8 + 4 * Math.sqrt(value[2]),
        zlevel: 1 + LEVELS.indexOf(level),
        data: markers
          .filter((m) => m.maxLevel === level)
          .map((m) => ({
            name: m.name,
            site: m.site,
            count: m.count,
            level: m.maxLevel,
            alertId: m.alertId,
            value: [m.lon, m.lat, m.count],
          })),
      })),
    }),
    [markers, t],
  );

  if (!geo.data || sites.isPending) return <Spin data-testid="alert-map-loading" />;
  if (markers.length === 0) return <Empty description={t("warning.alerts.noneOnMap")} />;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <EChart
        option={option}
        height={560}
        testId="alert-map"
        onClick={(p) => {
          const id = (p.data as { alertId?: string } | undefined)?.alertId;
          if (id) navigate(`/alerts/${encodeURIComponent(id)}`);
        }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("warning.alerts.mapNote", { count: markers.length })} {t("map.baseMapCredit")}
      </Typography.Text>
    </Space>
  );
}
