import type { CareAggregates } from "@tracewater/contract";
import { Card, Space, Table, Typography } from "antd";
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
            <Table
              size="small"
              rowKey="id"
              pagination={{ pageSize: 15 }}
              scroll={{ x: true }}
              dataSource={a.centres}
              columns={[
                { title: t("care.aggregates.centre"), dataIndex: "name" },
                { title: t("care.aggregates.caseload"), render: (_, r) => show(r.caseload) },
                { title: t("care.aggregates.ratio"), render: (_, r) => `1:${r.workerRatio}` },
              ]}
            />
          </Card>
        </>
      ) : null}
    </Space>
  );
}
