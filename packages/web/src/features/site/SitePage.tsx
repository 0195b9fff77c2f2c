import { Card, Descriptions, Empty, Space, Spin, Tabs, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { useSiteSeries, useSources } from "../../api/monitoring.js";
import { Attribution } from "../../components/ui/Attribution.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { formatInteger, formatNumber } from "../../components/ui/format.js";
import { isEudaSource, useAnalyteName, useLanguage, useSourceName } from "../../components/ui/hooks.js";
import { AnalytePanel } from "./AnalytePanel.js";

/** Site page: site facts and, per analyte, the time series (`?analyte=&year=` keep the selection linkable). */
export default function SitePage() {
  const { t } = useTranslation();
  const { code = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const series = useSiteSeries(code);
  const sources = useSources();
  const analyteName = useAnalyteName();
  const sourceName = useSourceName();
  const language = useLanguage();

  if (series.isPending) return <Spin />;
  if (series.error) return <ErrorAlert error={series.error} />;
  const { site, analytes } = series.data;
  const source = sources.data?.find((s) => s.code === site.source);
  const analyte = analytes.some((a) => a.analyte === params.get("analyte"))
    ? (params.get("analyte") as string)
    : analytes[0]?.analyte;
  const yearParam = Number(params.get("year"));
  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="site-page">
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="site-title">
        {site.code} · {site.name}
        {site.city ? ` (${site.city})` : ""}{" "}
        {source?.simulated ? <Tag color="orange">{t("common.simulated")}</Tag> : null}
      </Typography.Title>
      <Link to="/map">{t("site.backToMap")}</Link>
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: "kind", label: t("site.kind"), children: t(`siteKinds.${site.kind}`) },
            { key: "country", label: t("site.country"), children: site.country ?? "—" },
            { key: "city", label: t("site.city"), children: site.city ?? "—" },
            {
              key: "population",
              label: t("site.population"),
              children: `${formatInteger(site.populationServed, language)} ${t("units.inhabitants")}`,
            },
            {
              key: "coords",
              label: t("site.coordinates"),
              children:
                site.lon !== null && site.lat !== null
                  ? `${formatNumber(site.lat, 4, "en")}, ${formatNumber(site.lon, 4, "en")}`
                  : "—",
            },
            { key: "source", label: t("common.source"), children: sourceName(source, site.source) },
            { key: "downstream", label: t("site.downstream"), children: site.downstreamSite ?? "—" },
            { key: "jurisdiction", label: t("site.jurisdiction"), children: site.jurisdictionCode ?? "—" },
          ]}
        />
      </Card>
      {analytes.length === 0 ? (
        <Empty description={t("common.noData")} />
      ) : (
        <Tabs
          data-testid="analyte-tabs"
          activeKey={analyte}
          onChange={(key) => update({ analyte: key })}
          destroyOnHidden
          items={analytes.map((a) => ({
            key: a.analyte,
            label: <span data-testid={`analyte-tab-${a.analyte}`}>{analyteName(a.analyte)}</span>,
            children: (
              <AnalytePanel
                site={site.code}
                series={a}
                year={Number.isFinite(yearParam) && yearParam > 0 ? yearParam : undefined}
                onYearChange={(year) => update({ year: String(year) })}
              />
            ),
          }))}
        />
      )}
      {isEudaSource(site.source) ? <Attribution /> : null}
    </Space>
  );
}
