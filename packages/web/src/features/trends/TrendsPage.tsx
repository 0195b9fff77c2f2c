import { Alert, Card, Empty, Segmented, Select, Space, Spin, Statistic, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useChanges, useOverview, useSites, useTrend } from "../../api/monitoring.js";
import type { ChangeClass } from "../../api/types.js";
import { TrendChart } from "../../components/charts/TrendChart.js";
import { AnalyteSelect } from "../../components/ui/AnalyteSelect.js";
import { Attribution } from "../../components/ui/Attribution.js";
import { ClassTag } from "../../components/ui/ClassTag.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { isEudaSource, useAnalyteName } from "../../components/ui/hooks.js";
import { useSelectedSource } from "../../components/ui/SourceContext.js";
import { SimulatedBadge, SourceSelect } from "../../components/ui/SourceSelect.js";
import { ChangesTable } from "./ChangesTable.js";
import { PanelList } from "./PanelList.js";

const CLASSES: ChangeClass[] = ["increase", "decrease", "stable", "no-previous-data"];

/** Trends: constant-panel (or all-sites) multi-year trend and the year-on-year changes table. */
export default function TrendsPage() {
  const { t } = useTranslation();
  const { source } = useSelectedSource();
  const [params, setParams] = useSearchParams();
  const overview = useOverview(source);
  const sites = useSites(source);
  const analyteName = useAnalyteName();
  const codes = (overview.data?.analytes ?? []).map((a) => a.analyte);
  const analyte = codes.includes(params.get("analyte") ?? "") ? (params.get("analyte") as string) : codes[0];
  const panel = params.get("panel") === "all" ? "all" : "constant";
  const trend = useTrend({ analyte, panel, source });
  const years = (trend.data?.series ?? []).map((p) => p.year).sort((a, b) => b - a);
  const latest = overview.data?.analytes.find((a) => a.analyte === analyte)?.latestYear ?? years[0];
  const yearParam = Number(params.get("year"));
  const year = years.includes(yearParam) ? yearParam : (latest ?? undefined);
  const changes = useChanges({ analyte, year, source });
  const siteMap = useMemo(() => new Map((sites.data ?? []).map((s) => [s.code, s])), [sites.data]);
  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  };
  const counts = CLASSES.map((c) => [c, (changes.data?.rows ?? []).filter((r) => r.class === c).length] as const);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="trends-page">
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("trends.title")} <SimulatedBadge />
        </Typography.Title>
        <Space wrap>
          <SourceSelect />
          <AnalyteSelect codes={codes} value={analyte} onChange={(code) => update({ analyte: code })} />
        </Space>
      </Space>
      {overview.error ? <ErrorAlert error={overview.error} /> : null}
      <Card
        size="small"
        title={t("trends.trendTitle", { analyte: analyte ? analyteName(analyte) : "" })}
        extra={
          <Segmented<"constant" | "all">
            data-testid="panel-switch"
            value={panel}
            onChange={(value) => update({ panel: value })}
            options={[
              { value: "constant", label: t("trends.panelConstant") },
              { value: "all", label: t("trends.panelAll") },
            ]}
          />
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {panel === "constant" ? t("trends.constantExplain") : t("trends.allExplain")}
        </Typography.Paragraph>
        {trend.error ? <ErrorAlert error={trend.error} /> : null}
        {trend.isPending && analyte ? <Spin /> : null}
        {trend.data && trend.data.series.length > 0 ? (
          <>
            <TrendChart trend={trend.data} />
            {panel === "constant" ? <PanelList panel={trend.data.panel} sites={siteMap} /> : null}
          </>
        ) : trend.data ? (
          <Empty description={t("trends.noPanel")} />
        ) : null}
      </Card>
      <Card
        size="small"
        title={t("trends.changesTitle", { year: year ?? "—", previous: year ? year - 1 : "—" })}
        extra={
          <Select
            data-testid="changes-year"
            size="small"
            style={{ width: 100 }}
            value={year}
            onChange={(value: number) => update({ year: String(value) })}
            options={years.map((y) => ({ value: y, label: String(y) }))}
          />
        }
      >
        <Alert type="info" showIcon title={t("trends.bandExplain")} style={{ marginBottom: 12 }} />
        {changes.error ? <ErrorAlert error={changes.error} /> : null}
        <Space size="large" wrap style={{ marginBottom: 12 }} data-testid="changes-counts">
          {counts.map(([c, n]) => (
            <Statistic key={c} title={<ClassTag value={c} />} value={n} />
          ))}
        </Space>
        {changes.isPending && year !== undefined ? <Spin /> : null}
        {changes.data ? <ChangesTable changes={changes.data} sites={siteMap} /> : null}
      </Card>
      {isEudaSource(source) ? <Attribution /> : null}
    </Space>
  );
}
