import { Alert, Card, Segmented, Space, Spin, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useGeo } from "../../api/geo.js";
import { useChanges, useOverview, useSites } from "../../api/monitoring.js";
import { type MapPoint, type MapView, SiteMap } from "../../components/maps/SiteMap.js";
import { ensureGeoJsonMap, ensureWorldMap } from "../../components/maps/world-geo.js";
import { AnalyteSelect } from "../../components/ui/AnalyteSelect.js";
import { Attribution } from "../../components/ui/Attribution.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { isEudaSource } from "../../components/ui/hooks.js";
import { useSelectedSource } from "../../components/ui/SourceContext.js";
import { SimulatedBadge, SourceSelect } from "../../components/ui/SourceSelect.js";

type Region = "europe" | "changzhi";

/** Initial views. Europe: centred on the EUDA network, roam reaches the non-European SCORE sites. */
const VIEWS: Record<Region, MapView> = {
  europe: { map: "world", center: [16, 52], zoom: 5.2 },
  changzhi: { map: "changzhi" },
};

/** Rough lon/lat box of China: decides the default base map for a source's sites. */
function inChina(lon: number, lat: number): boolean {
  return lon > 73 && lon < 135 && lat > 18 && lat < 54;
}

/** Map of sites coloured by the latest PNL of a chosen analyte; click a site → its page. */
export default function MapPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { source } = useSelectedSource();
  const sites = useSites(source);
  const overview = useOverview(source);
  const [analyte, setAnalyte] = useState<string>();
  const [region, setRegion] = useState<Region>();

  const analyteRows = overview.data?.analytes ?? [];
  const selectedAnalyte = analyte && analyteRows.some((a) => a.analyte === analyte) ? analyte : analyteRows[0]?.analyte;
  const latestYear = analyteRows.find((a) => a.analyte === selectedAnalyte)?.latestYear ?? undefined;
  const changes = useChanges({ analyte: selectedAnalyte, year: latestYear, source });

  const located = useMemo(() => (sites.data ?? []).filter((s) => s.lon !== null && s.lat !== null), [sites.data]);
  const autoRegion: Region =
    located.length > 0 && located.filter((s) => inChina(s.lon as number, s.lat as number)).length > located.length / 2
      ? "changzhi"
      : "europe";
  const activeRegion = region ?? autoRegion;

  const [worldReady, setWorldReady] = useState(false);
  useEffect(() => {
    if (activeRegion !== "europe") return;
    let live = true;
    void ensureWorldMap().then(() => live && setWorldReady(true));
    return () => {
      live = false;
    };
  }, [activeRegion]);
  const changzhi = useGeo("changzhi", activeRegion === "changzhi");
  if (changzhi.data) ensureGeoJsonMap("changzhi", changzhi.data);
  const mapReady = activeRegion === "europe" ? worldReady : Boolean(changzhi.data);

  const points = useMemo<MapPoint[]>(() => {
    const current = new Map((changes.data?.rows ?? []).map((r) => [r.site, r.current]));
    return located.map((s) => ({
      code: s.code,
      name: s.city ? `${s.name} (${s.city})` : s.name,
      lon: s.lon as number,
      lat: s.lat as number,
      value: current.get(s.code) ?? null,
    }));
  }, [located, changes.data]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="map-page">
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("map.title")} <SimulatedBadge />
        </Typography.Title>
        <Space wrap>
          <SourceSelect />
          <AnalyteSelect codes={analyteRows.map((a) => a.analyte)} value={selectedAnalyte} onChange={setAnalyte} />
          <Segmented<Region>
            data-testid="region-switch"
            value={activeRegion}
            onChange={setRegion}
            options={[
              { value: "europe", label: t("map.europe") },
              { value: "changzhi", label: t("map.changzhi") },
            ]}
          />
        </Space>
      </Space>
      <Typography.Text type="secondary">
        {t("map.explain", { year: latestYear ?? "—", unit: t("units.pnl") })}
      </Typography.Text>
      {(
        [
          ["sites", sites.error],
          ["overview", overview.error],
          ["changes", changes.error],
          ["geo", changzhi.error],
        ] as const
      ).map(([name, e]) => (e ? <ErrorAlert key={name} error={e} /> : null))}
      {activeRegion === "changzhi" && located.length > 0 && autoRegion === "europe" ? (
        <Alert type="info" showIcon title={t("map.noSitesInRegion")} />
      ) : null}
      <Card styles={{ body: { padding: 8 } }}>
        {mapReady && !sites.isPending ? (
          <SiteMap
            view={VIEWS[activeRegion]}
            points={points}
            onSiteClick={(code) => navigate(`/sites/${encodeURIComponent(code)}`)}
          />
        ) : (
          <div style={{ height: 600, display: "flex", alignItems: "center", justifyContent: "center" }}>
            <Spin />
          </div>
        )}
      </Card>
      <Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("map.baseMapCredit")}
        </Typography.Text>
        {isEudaSource(source) ? <Attribution /> : null}
      </Space>
    </Space>
  );
}
