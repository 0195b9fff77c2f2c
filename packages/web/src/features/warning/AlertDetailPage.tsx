import type { AlertTransitionRequest, DetectorName } from "@tracewater/contract";
import {
  App,
  Button,
  type ButtonProps,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useAlert, useAlertTransition } from "../../api/warning.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { formatNumber } from "../../components/ui/format.js";
import { useAnalyteName, useLanguage } from "../../components/ui/hooks.js";
import { CreateLeadModal } from "./CreateLeadModal.js";
import { ExplanationChart } from "./ExplanationChart.js";
import { alertActions, chinaDateTime } from "./model.js";
import { NetworkDiagram } from "./NetworkDiagram.js";
import { AlertStatusTag, LevelTag } from "./Tags.js";
import { displayUnit } from "./units.js";
import { reasonText } from "./warning-message.js";
import { useWarningMessageNames } from "./warning-message-names.js";

type ReasonDialog = { to: "dismissed" | "closed" } | null;

/** Detail values as text (arrays joined, objects as JSON). */
function detailText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** One alert: explanation (values, baseline, threshold, detector) with its chart; actions; evidence; network. */
export default function AlertDetailPage() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const language = useLanguage();
  const analyteName = useAnalyteName();
  const names = useWarningMessageNames();
  const alert = useAlert(id);
  const transition = useAlertTransition(id);
  const [leadOpen, setLeadOpen] = useState(false);
  const [reasonDialog, setReasonDialog] = useState<ReasonDialog>(null);
  const [form] = Form.useForm<{ reason: string }>();

  if (alert.isPending) return <Spin />;
  if (alert.error) return <ErrorAlert error={alert.error} />;
  const a = alert.data;
  const lastChange = a.history.at(-1);
  const e = a.explanation;
  const unit = displayUnit(e.valueUnit, t);
  const act = (body: AlertTransitionRequest) =>
    transition.mutate(body, {
      onSuccess: () => {
        void message.success(t("warning.actions.done"));
        setReasonDialog(null);
      },
      onError: (err) => void message.error(err.message),
    });
  const actions = alertActions(a.status);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="alert-detail">
      <Link to="/alerts">← {t("warning.alerts.back")}</Link>
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="alert-title">
          <LevelTag level={a.level} /> {a.siteName} · {analyteName(a.analyte)}{" "}
          {a.simulated ? <Tag color="orange">{t("common.simulated")}</Tag> : null}
        </Typography.Title>
        <Space wrap>
          <AlertStatusTag status={a.status} />
          {actions.includes("acknowledge") ? (
            <Button
              data-testid="alert-acknowledge"
              loading={transition.isPending}
              onClick={() => act({ to: "acknowledged" })}
            >
              {t("warning.actions.acknowledge")}
            </Button>
          ) : null}
          {actions.includes("createLead") ? (
            <Button type="primary" data-testid="alert-create-lead" onClick={() => setLeadOpen(true)}>
              {t("warning.actions.createLead")}
            </Button>
          ) : null}
          {actions.includes("dismiss") ? (
            <Button danger data-testid="alert-dismiss" onClick={() => setReasonDialog({ to: "dismissed" })}>
              {t("warning.actions.dismiss")}
            </Button>
          ) : null}
          {actions.includes("close") ? (
            <Button data-testid="alert-close" onClick={() => setReasonDialog({ to: "closed" })}>
              {t("warning.actions.close")}
            </Button>
          ) : null}
          {a.leadId ? (
            <Link to={`/leads/${encodeURIComponent(a.leadId)}`} data-testid="alert-lead-link">
              {t("warning.alerts.toLead")}
            </Link>
          ) : null}
        </Space>
      </Space>

      <Card title={t("warning.explanation.title")} size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="alert-explanation">
          <Descriptions.Item label={t("warning.fields.detector")}>
            {t(`warning.detector.${a.detector as DetectorName}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.fields.date")}>{a.date}</Descriptions.Item>
          <Descriptions.Item label={t("warning.fields.lastDate")}>{a.lastDate}</Descriptions.Item>
          <Descriptions.Item label={t("warning.explanation.value")}>
            <span data-testid="explanation-value">
              {formatNumber(e.value, 3, language)} {unit}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.explanation.baseline")}>
            <span data-testid="explanation-baseline">
              {formatNumber(e.baseline, 3, language)} {unit}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.explanation.score")}>
            {formatNumber(e.score, 2, language)} ({e.scoreLabel})
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.explanation.threshold")}>
            {e.detectorThreshold === null || e.detectorThreshold === undefined
              ? t("warning.explanation.thresholdInRule")
              : formatNumber(e.detectorThreshold, 2, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.explanation.rule")}>
            {t("warning.explanation.ruleText", {
              level: t(`warning.level.${e.condition.level}`),
              minScore: e.condition.minScore,
              days: e.condition.persistenceDays,
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.explanation.run")}>
            {t("warning.explanation.runText", { from: e.runStartDate, days: e.runDays })}
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.fields.site")}>
            <Link to={`/sites/${encodeURIComponent(a.site)}`}>{a.site}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.fields.evidence")}>{a.evidenceCount}</Descriptions.Item>
          {a.statusReason ? (
            <Descriptions.Item label={t("warning.fields.reason")}>
              {/* the last state change wrote the status reason: its code renders it in the UI language */}
              {lastChange?.reason === a.statusReason ? reasonText(lastChange, i18n, names) : a.statusReason}
            </Descriptions.Item>
          ) : null}
          {Object.entries(e.details ?? {}).map(([key, value]) => (
            <Descriptions.Item key={key} label={key}>
              {detailText(value)}
            </Descriptions.Item>
          ))}
        </Descriptions>
        <ExplanationChart alert={a} />
      </Card>

      <Tabs
        items={[
          {
            key: "network",
            label: t("warning.network.title"),
            children: <NetworkDiagram site={a.site} alertId={a.id} />,
          },
          {
            key: "evidence",
            label: t("warning.alerts.evidence", { count: a.evidence.length }),
            children: (
              <Table
                size="small"
                rowKey="date"
                dataSource={a.evidence}
                pagination={false}
                columns={[
                  { title: t("warning.fields.date"), dataIndex: "date" },
                  { title: t("warning.fields.level"), dataIndex: "level", render: (l) => <LevelTag level={l} /> },
                  {
                    title: t("warning.fields.score"),
                    dataIndex: "score",
                    render: (s: number) => formatNumber(s, 2, language),
                  },
                  {
                    title: t("warning.explanation.value"),
                    render: (_, ev) => `${formatNumber(ev.explanation.value, 3, language)} ${unit}`,
                  },
                  {
                    title: t("warning.explanation.baseline"),
                    render: (_, ev) => `${formatNumber(ev.explanation.baseline, 3, language)} ${unit}`,
                  },
                ]}
              />
            ),
          },
          {
            key: "history",
            label: t("warning.history"),
            children: (
              <Timeline
                items={a.history.map((h) => ({
                  content: `${chinaDateTime(h.at)} · ${h.by} · ${h.from ? t(`warning.alertStatus.${h.from}`) : "—"} → ${t(`warning.alertStatus.${h.to}`)}${h.reason ? ` · ${reasonText(h, i18n, names)}` : ""}`,
                }))}
              />
            ),
          },
        ]}
      />

      <CreateLeadModal alert={a} open={leadOpen} onClose={() => setLeadOpen(false)} />
      <Modal
        open={reasonDialog !== null}
        title={reasonDialog?.to === "dismissed" ? t("warning.actions.dismiss") : t("warning.actions.close")}
        okText={t("warning.actions.confirm")}
        cancelText={t("warning.actions.cancel")}
        confirmLoading={transition.isPending}
        onCancel={() => setReasonDialog(null)}
        okButtonProps={{ "data-testid": "transition-submit" } as ButtonProps}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={({ reason }) =>
            reasonDialog && act({ to: reasonDialog.to, ...(reason?.trim() ? { reason: reason.trim() } : {}) })
          }
        >
          <Form.Item
            name="reason"
            label={t("warning.fields.reason")}
            rules={
              reasonDialog?.to === "dismissed"
                ? [{ required: true, whitespace: true, message: t("warning.actions.reasonRequired") }]
                : []
            }
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="transition-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
