import { Card, Col, Empty, Row, Select, Space, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useLoads, useWeekly } from "../../api/monitoring.js";
import type { SiteSeriesResponse, WeeklyResponse } from "../../api/types.js";
import { LoadsBandChart } from "../../components/charts/LoadsBandChart.js";
import { WeekdayProfileChart } from "../../components/charts/WeekdayProfileChart.js";
import { YearlyMeansChart } from "../../components/charts/YearlyMeansChart.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { TrendTestCard } from "./TrendTestCard.js";
import { YearMeansTable } from "./YearMeansTable.js";

type AnalyteSeries = SiteSeriesResponse["analytes"][number];

/** Listing order Tue → Mon, so the EUDA weekend (Fri–Mon, the Monday sample covering Sunday) reads contiguously. */
const WEEK_ORDER = ["Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon"];

/** Sampling days of one week part in {@link WEEK_ORDER}, e.g. ["Tue", "Wed", "Thu"] (translated by the caller). */
function dayCodes(weekly: WeeklyResponse, part: "weekday" | "weekend"): string[] {
  const days = weekly.days.filter((d) => d.part === part).map((d) => d.weekday);
  return WEEK_ORDER.filter((d) => days.includes(d as (typeof days)[number]));
}

/** One analyte of a site: yearly means chart, weekday profile of a year, means table, MK/Sen test, loads band. */
export function AnalytePanel({
  site,
  series,
  year,
  onYearChange,
}: {
  site: string;
  series: AnalyteSeries;
  year: number | undefined;
  onYearChange: (year: number) => void;
}) {
  const { t } = useTranslation();
  const daysOf = (weekly: WeeklyResponse, part: "weekday" | "weekend") =>
    dayCodes(weekly, part)
      .map((d) => t(`weekdays.${d}`))
      .join(t("common.listSeparator"));
  const years = [...series.years].map((y) => y.year).sort((a, b) => b - a);
  const selectedYear = year !== undefined && years.includes(year) ? year : years[0];
  const weekly = useWeekly(site, series.analyte, selectedYear);
  const loads = useLoads(site, series.analyte);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card size="small" title={t("site.trendTestTitle")}>
        <TrendTestCard test={series.trendTest} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t("site.yearlyTitle")}>
            <YearlyMeansChart years={series.years} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t("site.weekdayTitle")}
            extra={
              <Select
                data-testid="year-select"
                size="small"
                style={{ width: 100 }}
                value={selectedYear}
                onChange={onYearChange}
                options={years.map((y) => ({ value: y, label: String(y) }))}
              />
            }
          >
            {weekly.error ? <ErrorAlert error={weekly.error} /> : null}
            {weekly.data ? (
              <>
                <WeekdayProfileChart weekly={weekly.data} />
                <Typography.Text
                  type="secondary"
                  style={{ fontSize: 12 }}
                  data-testid="weekday-definition"
                  title={weekly.data.definition}
                >
                  {t("site.definition", {
                    weekday: daysOf(weekly.data, "weekday"),
                    weekend: daysOf(weekly.data, "weekend"),
                  })}
                </Typography.Text>
              </>
            ) : weekly.isPending && selectedYear !== undefined ? (
              <Spin />
            ) : null}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t("site.meansTableTitle")}>
        <YearMeansTable years={series.years} />
      </Card>
      <Card size="small" title={t("site.loadsTitle")}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t("site.loadsExplain")}
        </Typography.Paragraph>
        {loads.error ? <ErrorAlert error={loads.error} /> : null}
        {loads.isPending ? <Spin /> : null}
        {loads.data && loads.data.rows.length > 0 ? <LoadsBandChart rows={loads.data.rows} /> : null}
        {loads.data && loads.data.rows.length === 0 ? <Empty description={t("common.noData")} /> : null}
        {loads.data ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("site.parameterSet", {
              set: loads.data.rows[0]?.parameterSet ?? "—",
              policy: t(`censoring.${loads.data.censoringPolicy}`, { defaultValue: loads.data.censoringPolicy }),
            })}
          </Typography.Text>
        ) : null}
      </Card>
    </Space>
  );
}
