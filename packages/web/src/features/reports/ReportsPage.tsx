import type { ReportAudience, ReportBlock, ReportDetail, ReportStatus } from "@tracewater/contract";
import { ReportPeriod } from "@tracewater/contract";
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Col,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { reportFileUrl, useGenerateReport, useReport, useReportAction, useReports, useSaveAnalystText } from "./api.js";

const STATUS_COLOR: Record<ReportStatus, string> = { draft: "default", reviewed: "blue", issued: "green" };

/** Codes offered while typing (any jurisdiction, EUDA site or EUDA country code is accepted). */
const SUGGESTIONS = [
  { value: "140400", label: "140400 长治市" },
  { value: "AT001", label: "AT001 Graz (EUDA)" },
  { value: "BE", label: "BE — EUDA Belgium" },
  { value: "NL", label: "NL — EUDA Netherlands" },
];

/** Stable key of a block (captions and texts are unique within a section). */
function blockKey(b: ReportBlock): string {
  return `${b.type}:${"caption" in b ? b.caption : b.text}`;
}

function BlockView({ block }: { block: ReportBlock }) {
  switch (block.type) {
    case "heading":
      return <Typography.Text strong>{block.text}</Typography.Text>;
    case "paragraph":
      return <Typography.Paragraph style={{ textIndent: "2em", marginBottom: 8 }}>{block.text}</Typography.Paragraph>;
    case "note":
      return (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {block.text}
        </Typography.Paragraph>
      );
    case "chart":
      return (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          [{block.caption}]
        </Typography.Paragraph>
      );
    case "table":
      return (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text strong>{block.caption}</Typography.Text>
          <Table
            size="small"
            pagination={false}
            scroll={{ x: true }}
            rowKey={(_, i) => String(i)}
            columns={block.columns.map((c, i) => ({
              title: c,
              key: String(i),
              render: (_: unknown, row: string[]) => row[i],
            }))}
            dataSource={block.rows}
          />
          {block.note && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {block.note}
            </Typography.Paragraph>
          )}
        </div>
      );
  }
}

function ReportView({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const [text, setText] = useState(report.analystText);
  const save = useSaveAnalystText();
  const act = useReportAction();
  useEffect(() => setText(report.analystText), [report.analystText]);
  const draft = report.status === "draft";
  const error = save.error ?? act.error;
  return (
    <Card
      data-testid="report-view"
      title={
        <Space wrap>
          <span data-testid="report-title">{report.document.title}</span>
          <Tag color={STATUS_COLOR[report.status]} data-testid="report-status">
            {t(`reports.status.${report.status}`)}
          </Tag>
        </Space>
      }
      extra={
        <Space wrap>
          <Button href={reportFileUrl(report.id, "docx")} data-testid="report-download-docx">
            {t("reports.downloadDocx")}
          </Button>
          <Button href={reportFileUrl(report.id, "pdf")} data-testid="report-download-pdf">
            {t("reports.downloadPdf")}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: "100%" }}>
        <Typography.Text type="secondary">
          {report.document.subtitle} · {t(`reports.audience.${report.audience}`)} · {t("reports.dataAsOf")}{" "}
          {report.document.dataAsOf ?? "—"}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="report-snapshot-hash">
          {t("reports.snapshot")}: {report.snapshotSha256.slice(0, 16)}… ·{" "}
          {Object.entries(report.parameterVersions)
            .map(([k, v]) => `${k} ${v}`)
            .join(" · ")}
        </Typography.Text>
        {error && <ErrorAlert error={error} />}
        <Space wrap>
          <Button
            disabled={!draft}
            loading={act.isPending}
            onClick={() => act.mutate({ id: report.id, action: "regenerate" })}
          >
            {t("reports.regenerate")}
          </Button>
          <Button
            disabled={!draft}
            onClick={() => act.mutate({ id: report.id, action: "review" })}
            data-testid="report-review"
          >
            {t("reports.review")}
          </Button>
          <Button
            type="primary"
            disabled={report.status !== "reviewed"}
            onClick={() => act.mutate({ id: report.id, action: "issue" })}
            data-testid="report-issue"
          >
            {t("reports.issue")}
          </Button>
        </Space>
        {report.status === "issued" && <Alert type="info" showIcon title={t("reports.immutable")} />}
        {report.document.sections.map((s) => (
          <div key={s.id} data-testid={`report-section-${s.id}`}>
            <Typography.Title level={5}>{s.title}</Typography.Title>
            {s.id === "analyst" ? (
              <Space direction="vertical" style={{ width: "100%" }}>
                <Input.TextArea
                  rows={5}
                  value={text}
                  disabled={!draft}
                  onChange={(e) => setText(e.target.value)}
                  placeholder={t("reports.analystPlaceholder")}
                  data-testid="report-analyst-text"
                />
                <Button
                  disabled={!draft || text === report.analystText}
                  loading={save.isPending}
                  onClick={() => save.mutate({ id: report.id, analystText: text })}
                  data-testid="report-save-text"
                >
                  {t("reports.saveText")}
                </Button>
              </Space>
            ) : (
              s.blocks.map((b) => <BlockView key={blockKey(b)} block={b} />)
            )}
          </div>
        ))}
        <Typography.Title level={5}>{t("reports.history")}</Typography.Title>
        <Timeline
          data-testid="report-history"
          items={report.history.map((e) => ({
            children: `${e.at.slice(0, 19).replace("T", " ")} · ${t(`reports.action.${e.action}`)} · ${e.actor}${e.note ? ` · ${e.note}` : ""}`,
          }))}
        />
      </Space>
    </Card>
  );
}

/** 毒情形势评估报告: generate a draft for a jurisdiction and period, review, issue, download, history. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const selected = params.get("id");
  const list = useReports();
  const report = useReport(selected);
  const generate = useGenerateReport();
  const [form] = Form.useForm<{
    jurisdiction: string;
    period: string;
    audience: ReportAudience;
    analystText: string;
  }>();
  const open = (id: string) => setParams({ id });
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }} data-testid="reports-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("reports.title")}
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} xl={9}>
          <Card title={t("reports.generate")}>
            <Form
              form={form}
              layout="vertical"
              initialValues={{ jurisdiction: "140400", period: "2024", audience: "internal", analystText: "" }}
              onFinish={(v) => generate.mutate(v, { onSuccess: (d) => open(d.id) })}
            >
              <Form.Item
                name="jurisdiction"
                label={t("reports.jurisdiction")}
                rules={[{ required: true }]}
                extra={t("reports.jurisdictionHelp")}
              >
                <AutoComplete options={SUGGESTIONS} data-testid="report-jurisdiction" />
              </Form.Item>
              <Form.Item
                name="period"
                label={t("reports.period")}
                extra={t("reports.periodHelp")}
                rules={[
                  {
                    validator: (_, v) =>
                      ReportPeriod.safeParse(v).success
                        ? Promise.resolve()
                        : Promise.reject(new Error(t("reports.periodHelp"))),
                  },
                ]}
              >
                <Input data-testid="report-period" />
              </Form.Item>
              <Form.Item name="audience" label={t("reports.audienceLabel")}>
                <Select
                  data-testid="report-audience"
                  options={(["internal", "public", "person-access"] as const).map((a) => ({
                    value: a,
                    label: t(`reports.audience.${a}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="analystText" label={t("reports.analystLabel")}>
                <Input.TextArea rows={3} placeholder={t("reports.analystPlaceholder")} />
              </Form.Item>
              {generate.error && <ErrorAlert error={generate.error} />}
              <Button type="primary" htmlType="submit" loading={generate.isPending} data-testid="report-generate">
                {t("reports.generateButton")}
              </Button>
            </Form>
          </Card>
          <Card title={t("reports.list")} style={{ marginTop: 16 }}>
            {list.error && <ErrorAlert error={list.error} />}
            <Table
              size="small"
              rowKey="id"
              data-testid="reports-table"
              loading={list.isLoading}
              dataSource={list.data ?? []}
              pagination={{ pageSize: 10 }}
              onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: "pointer" } })}
              columns={[
                { title: t("reports.jurisdiction"), dataIndex: "jurisdictionName" },
                { title: t("reports.period"), dataIndex: "period" },
                {
                  title: t("reports.statusLabel"),
                  dataIndex: "status",
                  render: (s: ReportStatus) => <Tag color={STATUS_COLOR[s]}>{t(`reports.status.${s}`)}</Tag>,
                },
                {
                  title: t("reports.createdAt"),
                  dataIndex: "createdAt",
                  render: (v: string) => v.slice(0, 16).replace("T", " "),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          {report.error && <ErrorAlert error={report.error} />}
          {report.data ? (
            <ReportView report={report.data} />
          ) : (
            <Card>
              <Typography.Text type="secondary">{t("reports.pick")}</Typography.Text>
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}
