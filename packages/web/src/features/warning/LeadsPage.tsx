import type { Lead, LeadStatus } from "@tracewater/contract";
import { Alert as AntAlert, Badge, Card, Col, Empty, Row, Segmented, Space, Switch, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useLeads, useSupervisionOrders } from "../../api/warning.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { useAnalyteName } from "../../components/ui/hooks.js";
import { LEAD_STATUSES, leadColumns } from "./model.js";
import { useOrgUnits } from "./org-units.js";
import { Deadline, LeadStatusTag, LevelTag } from "./Tags.js";
import { supervisionReasonText } from "./warning-message.js";
import { useWarningMessageNames } from "./warning-message-names.js";

function LeadCard({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const analyteName = useAnalyteName();
  return (
    <Card
      size="small"
      data-testid={`lead-card-${lead.id}`}
      style={lead.overdue ? { borderColor: "#ff4d4f", background: "#fff1f0" } : undefined}
      styles={{ body: { padding: 10 } }}
    >
      <Space orientation="vertical" size={2} style={{ width: "100%" }}>
        <Space size={4} wrap>
          <LevelTag level={lead.level} />
          <Link to={`/leads/${encodeURIComponent(lead.id)}`} data-testid="lead-link">
            {lead.title}
          </Link>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("warning.labelValue", { label: t("warning.fields.orgUnit"), value: lead.orgUnitName ?? lead.orgUnit })}
        </Typography.Text>
        {lead.analyte ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {analyteName(lead.analyte)} · {lead.site ?? ""}
          </Typography.Text>
        ) : null}
        <span style={{ fontSize: 12 }}>
          {t("warning.labelValue", { label: t("warning.fields.deadline"), value: "" })}
          <Deadline deadline={lead.deadline} overdue={lead.overdue} />
        </span>
      </Space>
    </Card>
  );
}

/** 线索 board: columns by state (open → in progress → reported → closed) or a table; open 督办 orders on top. */
export default function LeadsPage() {
  const { t, i18n } = useTranslation();
  const names = useWarningMessageNames();
  const [view, setView] = useState<"board" | "table">("board");
  const [overdueOnly, setOverdueOnly] = useState(false);
  const leads = useLeads(overdueOnly ? { overdue: true } : {});
  const orders = useSupervisionOrders("open");
  const columns = useMemo(() => leadColumns(leads.data ?? []), [leads.data]);
  const units = useOrgUnits();
  const unitName = (code: string) => units.find((u) => u.code === code)?.name ?? code;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="leads-page">
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("warning.leads.title")}
        </Typography.Title>
        <Space wrap>
          <Space size={4}>
            <Switch checked={overdueOnly} onChange={setOverdueOnly} data-testid="overdue-only" />
            <span>{t("warning.leads.overdueOnly")}</span>
          </Space>
          <Segmented<"board" | "table">
            value={view}
            onChange={setView}
            options={[
              { value: "board", label: t("warning.leads.board") },
              { value: "table", label: t("warning.leads.table") },
            ]}
          />
        </Space>
      </Space>
      {leads.error ? <ErrorAlert error={leads.error} /> : null}
      {(orders.data?.items ?? []).length > 0 ? (
        <AntAlert
          type="warning"
          showIcon
          data-testid="supervision-orders"
          title={t("warning.leads.supervisionOrders", { count: orders.data?.items.length ?? 0 })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {(orders.data?.items ?? []).map((o) => (
                <li key={o.id}>
                  <Link to={`/leads/${encodeURIComponent(o.leadId)}`}>{o.leadTitle}</Link> · {unitName(o.orgUnit)} ·{" "}
                  {t("warning.fields.deadline")} {o.deadline} · {supervisionReasonText(o, i18n, names)}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {view === "board" ? (
        <Row gutter={12} data-testid="lead-board">
          {LEAD_STATUSES.map((status: LeadStatus) => (
            <Col key={status} xs={24} md={12} xl={6}>
              <Card
                size="small"
                data-testid={`lead-column-${status}`}
                title={
                  <Space>
                    <LeadStatusTag status={status} />
                    <Badge count={columns[status].length} showZero color="#8c8c8c" />
                  </Space>
                }
                styles={{ body: { background: "#fafafa", minHeight: 240, padding: 8 } }}
              >
                <Space orientation="vertical" size={8} style={{ width: "100%" }}>
                  {columns[status].length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
                  {columns[status].map((lead) => (
                    <LeadCard key={lead.id} lead={lead} />
                  ))}
                </Space>
              </Card>
            </Col>
          ))}
        </Row>
      ) : (
        <Table<Lead>
          rowKey="id"
          size="small"
          data-testid="leads-table"
          loading={leads.isPending}
          dataSource={leads.data ?? []}
          columns={[
            { title: t("warning.fields.level"), dataIndex: "level", width: 80, render: (l) => <LevelTag level={l} /> },
            {
              title: t("warning.fields.title"),
              dataIndex: "title",
              render: (title: string, l) => <Link to={`/leads/${encodeURIComponent(l.id)}`}>{title}</Link>,
            },
            {
              title: t("warning.fields.status"),
              dataIndex: "status",
              render: (s: LeadStatus) => <LeadStatusTag status={s} />,
            },
            { title: t("warning.fields.orgUnit"), render: (_, l) => l.orgUnitName ?? l.orgUnit },
            {
              title: t("warning.fields.deadline"),
              dataIndex: "deadline",
              sorter: (a, b) => a.deadline.localeCompare(b.deadline),
              render: (_, l) => <Deadline deadline={l.deadline} overdue={l.overdue} />,
            },
            { title: t("warning.fields.alerts"), render: (_, l) => l.alertIds.length, align: "right" },
            {
              title: t("warning.fields.outcome"),
              render: (_, l) => (l.feedback ? t(`warning.outcome.${l.feedback.outcome}`) : "—"),
            },
          ]}
        />
      )}
    </Space>
  );
}
