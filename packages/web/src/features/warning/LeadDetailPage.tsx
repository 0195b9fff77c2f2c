import { UploadOutlined } from "@ant-design/icons";
import { type LeadFeedbackInput, LeadOutcome, type SupervisionOrder } from "@tracewater/contract";
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
} from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import {
  leadAttachmentUrl,
  useAlertsByIds,
  useLead,
  useLeadFeedback,
  useLeadTransition,
  useUploadLeadAttachment,
} from "../../api/warning.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { formatInteger } from "../../components/ui/format.js";
import { useAnalyteName, useLanguage } from "../../components/ui/hooks.js";
import { chinaDateTime, leadAcceptsFeedback, leadNextTransition } from "./model.js";
import { useOrgUnits } from "./org-units.js";
import { AlertStatusTag, Deadline, LeadStatusTag, LevelTag } from "./Tags.js";
import { reasonText, supervisionReasonText } from "./warning-message.js";
import { useWarningMessageNames } from "./warning-message-names.js";

/** One lead (线索): assignment and deadline, its alerts, feedback (findings + outcome), attachments, 督办 orders. */
export default function LeadDetailPage() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const language = useLanguage();
  const analyteName = useAnalyteName();
  const names = useWarningMessageNames();
  const lead = useLead(id);
  const transition = useLeadTransition(id);
  const feedback = useLeadFeedback(id);
  const upload = useUploadLeadAttachment(id);
  const alerts = useAlertsByIds(lead.data?.alertIds ?? []);
  const [form] = Form.useForm<LeadFeedbackInput>();
  const units = useOrgUnits();

  if (lead.isPending) return <Spin />;
  if (lead.error) return <ErrorAlert error={lead.error} />;
  const l = lead.data;
  const next = leadNextTransition(l.status);
  const fail = (e: Error) => void message.error(e.message);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="lead-detail">
      <Link to="/leads">← {t("warning.leads.back")}</Link>
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="lead-title-heading">
          <LevelTag level={l.level} /> {l.title}
        </Typography.Title>
        <Space>
          <LeadStatusTag status={l.status} />
          {next ? (
            <Button
              type="primary"
              data-testid={`lead-to-${next}`}
              loading={transition.isPending}
              onClick={() => transition.mutate({ to: next }, { onError: fail })}
            >
              {t(`warning.leads.to.${next}`)}
            </Button>
          ) : null}
        </Space>
      </Space>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t("warning.fields.orgUnit")}>{l.orgUnitName ?? l.orgUnit}</Descriptions.Item>
          <Descriptions.Item label={t("warning.fields.deadline")}>
            <Deadline deadline={l.deadline} overdue={l.overdue} />
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.fields.assignedBy")}>
            {l.assignedBy}
            {l.assigningUnit ? ` (${l.assigningUnit})` : ""}
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.fields.site")}>{l.site ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={t("common.analyte")}>{l.analyte ? analyteName(l.analyte) : "—"}</Descriptions.Item>
          <Descriptions.Item label={t("warning.fields.createdAt")}>
            {chinaDateTime(l.createdAt).slice(0, 10)}
          </Descriptions.Item>
          {l.description ? (
            <Descriptions.Item label={t("warning.fields.description")} span={3}>
              {l.description}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      {l.supervisionOrders.length > 0 ? (
        <Card size="small" title={t("warning.leads.supervision")} data-testid="lead-supervision-orders">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={l.supervisionOrders}
            columns={[
              { title: t("warning.fields.issuedAt"), dataIndex: "issuedAt", render: (v: string) => chinaDateTime(v) },
              {
                title: t("warning.fields.supervisorUnit"),
                dataIndex: "supervisorUnit",
                render: (v: string | null) => (v ? (units.find((u) => u.code === v)?.name ?? v) : "—"),
              },
              {
                title: t("warning.fields.reason"),
                dataIndex: "reason",
                render: (_: string, o: SupervisionOrder) => supervisionReasonText(o, i18n, names),
              },
              {
                title: t("warning.fields.status"),
                dataIndex: "status",
                render: (s: "open" | "resolved") => (
                  <Tag color={s === "open" ? "red" : "default"}>{t(`warning.supervision.${s}`)}</Tag>
                ),
              },
            ]}
          />
        </Card>
      ) : null}

      <Card size="small" title={t("warning.leads.alerts", { count: l.alertIds.length })}>
        <Table
          size="small"
          rowKey={(r) => r.id}
          pagination={false}
          data-testid="lead-alerts"
          dataSource={alerts.flatMap((q) => (q.data ? [q.data] : []))}
          columns={[
            { title: t("warning.fields.level"), dataIndex: "level", render: (v) => <LevelTag level={v} /> },
            { title: t("warning.fields.date"), dataIndex: "date" },
            {
              title: t("warning.fields.site"),
              render: (_, a) => <Link to={`/alerts/${encodeURIComponent(a.id)}`}>{a.siteName}</Link>,
            },
            { title: t("common.analyte"), render: (_, a) => analyteName(a.analyte) },
            { title: t("warning.fields.detector"), render: (_, a) => t(`warning.detector.${a.detector}`) },
            { title: t("warning.fields.status"), render: (_, a) => <AlertStatusTag status={a.status} /> },
          ]}
        />
      </Card>

      <Card size="small" title={t("warning.leads.feedback")}>
        {l.feedback ? (
          <Descriptions size="small" column={1} data-testid="lead-feedback">
            <Descriptions.Item label={t("warning.fields.outcome")}>
              {t(`warning.outcome.${l.feedback.outcome}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("warning.fields.findings")}>
              <span style={{ whiteSpace: "pre-wrap" }}>{l.feedback.findings}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("warning.fields.submittedBy")}>
              {l.feedback.submittedBy} · {chinaDateTime(l.feedback.submittedAt)}
            </Descriptions.Item>
          </Descriptions>
        ) : null}
        {leadAcceptsFeedback(l.status) ? (
          <Form<LeadFeedbackInput>
            form={form}
            layout="vertical"
            data-testid="feedback-form"
            onFinish={(values) =>
              feedback.mutate(values, {
                onSuccess: () => {
                  form.resetFields();
                  void message.success(t("warning.leads.feedbackSent"));
                },
                onError: fail,
              })
            }
          >
            <Form.Item name="outcome" label={t("warning.fields.outcome")} rules={[{ required: true }]}>
              <Select
                data-testid="feedback-outcome"
                style={{ maxWidth: 320 }}
                options={LeadOutcome.options.map((o) => ({ value: o, label: t(`warning.outcome.${o}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="findings"
              label={t("warning.fields.findings")}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input.TextArea rows={4} maxLength={20_000} data-testid="feedback-findings" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={feedback.isPending} data-testid="feedback-submit">
              {t("warning.leads.submitFeedback")}
            </Button>
          </Form>
        ) : l.feedback ? null : (
          <Typography.Text type="secondary">{t("warning.leads.noFeedback")}</Typography.Text>
        )}
      </Card>

      <Card size="small" title={t("warning.leads.attachments", { count: l.attachments.length })}>
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            data-testid="lead-attachments"
            dataSource={l.attachments}
            columns={[
              {
                title: t("warning.fields.fileName"),
                dataIndex: "fileName",
                render: (name: string, a) => (
                  <a href={leadAttachmentUrl(l.id, a.id)} target="_blank" rel="noreferrer">
                    {name}
                  </a>
                ),
              },
              {
                title: t("warning.fields.size"),
                dataIndex: "sizeBytes",
                render: (n: number) => `${formatInteger(n, language)} B`,
              },
              { title: "SHA-256", dataIndex: "sha256", render: (h: string) => <code>{h.slice(0, 16)}…</code> },
              { title: t("warning.fields.uploadedBy"), dataIndex: "uploadedBy" },
              {
                title: t("warning.fields.uploadedAt"),
                dataIndex: "uploadedAt",
                render: (v: string) => chinaDateTime(v),
              },
            ]}
          />
          {l.status !== "closed" ? (
            <Upload
              showUploadList={false}
              customRequest={({ file, onSuccess, onError }) =>
                upload.mutate(file as File, {
                  onSuccess: (r) => {
                    onSuccess?.(r);
                    void message.success(t("warning.leads.uploaded"));
                  },
                  onError: (e) => {
                    onError?.(e);
                    fail(e);
                  },
                })
              }
            >
              <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="attachment-upload">
                {t("warning.leads.upload")}
              </Button>
            </Upload>
          ) : null}
        </Space>
      </Card>

      <Card size="small" title={t("warning.history")}>
        <Timeline
          items={l.history.map((h) => ({
            content: `${chinaDateTime(h.at)} · ${h.by} · ${h.from ? t(`warning.leadStatus.${h.from}`) : "—"} → ${t(`warning.leadStatus.${h.to}`)}${h.reason ? ` · ${reasonText(h, i18n, names)}` : ""}`,
          }))}
        />
      </Card>
    </Space>
  );
}
