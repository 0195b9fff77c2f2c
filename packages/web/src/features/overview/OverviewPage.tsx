import { Card, Col, Empty, Row, Space, Spin, Statistic, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useOverview } from "../../api/monitoring.js";
import type { ChangeClass, OverviewResponse } from "../../api/types.js";
import { Attribution } from "../../components/ui/Attribution.js";
import { ClassTag } from "../../components/ui/ClassTag.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { formatNumber } from "../../components/ui/format.js";
import { isEudaSource, useAnalyteName, useLanguage } from "../../components/ui/hooks.js";
import { useSelectedSource } from "../../components/ui/SourceContext.js";
import { SimulatedBadge, SourceSelect } from "../../components/ui/SourceSelect.js";

type AnalyteRow = OverviewResponse["analytes"][number];
const CLASSES: ChangeClass[] = ["increase", "decrease", "stable", "no-previous-data"];

function AnalyteCard({ row }: { row: AnalyteRow }) {
  const { t } = useTranslation();
  const analyteName = useAnalyteName();
  const language = useLanguage();
  return (
    <Card
      data-testid={`overview-card-${row.analyte}`}
      title={analyteName(row.analyte)}
      extra={<Link to={`/trends?analyte=${encodeURIComponent(row.analyte)}`}>{t("overview.toTrends")}</Link>}
      size="small"
    >
      <Row gutter={16}>
        <Col span={14}>
          <Statistic
            title={t("overview.medianTitle", { year: row.latestYear ?? "—" })}
            value={formatNumber(row.medianPnlMgPerDayPer1000, 1, language)}
            suffix={<span style={{ fontSize: 12, color: "#888" }}>{t("units.pnl")}</span>}
            data-testid={`overview-median-${row.analyte}`}
          />
        </Col>
        <Col span={10}>
          <Statistic title={t("overview.sites")} value={row.sites} data-testid={`overview-sites-${row.analyte}`} />
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("overview.classesTitle", { year: row.latestYear ?? "—" })}
      </Typography.Text>
      <div style={{ marginTop: 4 }} data-testid={`overview-classes-${row.analyte}`}>
        {CLASSES.map((c) => (
          <span key={c} style={{ marginRight: 4, display: "inline-block" }}>
            <ClassTag value={c} /> <b>{row.classes[c]}</b>
          </span>
        ))}
      </div>
    </Card>
  );
}

/** Overview: per analyte number of sites, latest-year median PNL and year-on-year class counts. */
export default function OverviewPage() {
  const { t } = useTranslation();
  const { source } = useSelectedSource();
  const overview = useOverview(source);
  const analyteName = useAnalyteName();
  const language = useLanguage();
  const rows = overview.data?.analytes ?? [];
  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }} data-testid="overview-page">
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("overview.title")} <SimulatedBadge />
        </Typography.Title>
        <SourceSelect />
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("overview.explain")}
      </Typography.Paragraph>
      {overview.error ? <ErrorAlert error={overview.error} /> : null}
      {overview.isPending && source ? <Spin /> : null}
      {!overview.isPending && rows.length === 0 && !overview.error ? <Empty description={t("common.noData")} /> : null}
      <Row gutter={[16, 16]}>
        {rows.map((row) => (
          <Col key={row.analyte} xs={24} md={12} xl={8}>
            <AnalyteCard row={row} />
          </Col>
        ))}
      </Row>
      {rows.length > 0 ? (
        <Table<AnalyteRow>
          data-testid="overview-table"
          rowKey="analyte"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t("common.analyte"), dataIndex: "analyte", render: (code: string) => analyteName(code) },
            { title: t("overview.sites"), dataIndex: "sites", align: "right" },
            { title: t("overview.latestYear"), dataIndex: "latestYear", align: "right" },
            {
              title: `${t("overview.median")} (${t("units.pnl")})`,
              dataIndex: "medianPnlMgPerDayPer1000",
              align: "right",
              render: (v: number | null) => formatNumber(v, 1, language),
            },
            ...CLASSES.map((c) => ({
              title: <ClassTag value={c} />,
              key: c,
              align: "right" as const,
              render: (_: unknown, row: AnalyteRow) => row.classes[c],
            })),
          ]}
        />
      ) : null}
      <Space>
        {isEudaSource(overview.data?.source ?? source) ? <Attribution /> : null}
        {overview.data ? <Tag>{t("overview.stableBand")}</Tag> : null}
      </Space>
    </Space>
  );
}
