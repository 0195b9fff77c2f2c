import type { CareAggregates } from "@tracewater/contract";
import { Card, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { useAggregates } from "./api.js";

const show = (v: number | null, suffix = "") => (v === null ? "<k" : `${v}${suffix}`);

/** Leaders' aggregates by jurisdiction; suppressed small counts show as "<k". */
export default function AggregatesPage() {
  const { t } = useTranslation();
  const q = useAggregates();
  const a: CareAggregates | undefined = q.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="care-aggregates-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("care.aggregates.title")}
      </Typography.Title>
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {a ? (
        <>
          <Typography.Text type="secondary">{t("care.aggregates.note", { k: a.k, asOf: a.asOf })}</Typography.Text>
          <Table
            size="small"
            rowKey="jurisdictionCode"
            pagination={false}
            scroll={{ x: true }}
            data-testid="care-aggregates"
            dataSource={a.rows}
            columns={[
              { title: t("care.aggregates.jurisdiction"), dataIndex: "name" },
              { title: t("care.aggregates.activeCases"), render: (_, r) => show(r.activeCases) },
              { title: t("care.aggregates.workers"), render: (_, r) => show(r.workers) },
              { title: t("care.aggregates.executionRate"), render: (_, r) => show(r.executionRatePct, "%") },
              { title: t("care.aggregates.testCompliance"), render: (_, r) => show(r.testCompliancePct, "%") },
              { title: t("care.aggregates.abstinent"), render: (_, r) => show(r.abstinentThreeYears) },
              { title: t("care.aggregates.services"), render: (_, r) => show(r.servicesDelivered) },
            ]}
          />
          <Card size="small" title={t("care.aggregates.centres")}>
            <Typography.Paragraph type="secondary" data-testid="care-caseload-ratio">
              {t("care.aggregates.ratioNote", {
                min: a.caseloadRatio.min,
                max: a.caseloadRatio.max,
                count: a.centres.length,
              })}
            </Typography.Paragraph>
            <Table
              data-testid="care-centres"
              size="small"
              rowKey="id"
              pagination={{ pageSize: 15 }}
              scroll={{ x: true }}
              dataSource={a.centres}
              columns={[
                { title: t("care.aggregates.centre"), dataIndex: "name" },
                { title: t("care.aggregates.caseload"), render: (_, r) => show(r.caseload) },
                { title: t("care.aggregates.centreWorkers"), dataIndex: "workers" },
                {
                  title: t("care.aggregates.casesPerWorker"),
                  render: (_, r) => (r.casesPerWorker === null ? (r.caseload === null ? "<k" : "—") : r.casesPerWorker),
                },
                {
                  title: t("care.aggregates.caseloadStatus"),
                  render: (_, r) =>
                    r.caseloadStatus ? (
                      <Tag
                        color={r.caseloadStatus === "over" ? "red" : r.caseloadStatus === "within" ? "green" : "blue"}
                      >
                        {t(`care.aggregates.caseloadStatusValue.${r.caseloadStatus}`)}
                        {r.workersOver ? ` · ${t("care.aggregates.workersOver", { count: r.workersOver })}` : ""}
                      </Tag>
                    ) : (
                      "—"
                    ),
                },
                { title: t("care.aggregates.ratio"), render: (_, r) => `1:${r.workerRatio}` },
              ]}
            />
          </Card>
        </>
      ) : null}
    </Space>
  );
}
