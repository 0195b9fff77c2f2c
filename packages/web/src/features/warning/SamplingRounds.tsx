import type { SamplingTask, TracePlan } from "@tracewater/contract";
import { App, Button, Input, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCreateSamplingTask, useSamplingTasks } from "../../api/warning.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { addDays } from "./model.js";
import { chinaToday } from "./org-units.js";

/**
 * The sampling rounds of an alert's tracing (`GET /sampling-tasks?alertId=`) and a button that plans the trace
 * plan's proposed round (`POST /sampling-tasks`, one point per proposed site on the chosen date; the server assigns
 * the chain-of-custody codes and attaches imported results later).
 */
export function SamplingRounds({ plan, names }: { plan: TracePlan; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tasks = useSamplingTasks(plan.alertId);
  const create = useCreateSamplingTask();
  const [date, setDate] = useState(() => addDays(chinaToday(), 1));
  const points = plan.plan?.points ?? [];
  // one round at a time: the next proposal depends on the results of the round in flight
  const inFlight = (tasks.data?.items ?? []).some((task) => task.status === "planned" || task.status === "in_progress");
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid="sampling-rounds">
      {points.length > 0 ? (
        <Space wrap>
          <span>{t("warning.sampling.date")}</span>
          <Input
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            style={{ width: 160 }}
            data-testid="sampling-date"
          />
          <Button
            type="primary"
            data-testid="plan-sampling"
            loading={create.isPending}
            disabled={!date || inFlight}
            onClick={() =>
              create.mutate(
                { alertId: plan.alertId, analyte: plan.analyte, points: points.map((site) => ({ site, date })) },
                {
                  onSuccess: (task) => void message.success(t("warning.sampling.planned", { round: task.round })),
                  onError: (e) => void message.error(e.message),
                },
              )
            }
          >
            {t("warning.sampling.planNext", { count: points.length })}
          </Button>
        </Space>
      ) : null}
      {tasks.error ? <ErrorAlert error={tasks.error} /> : null}
      <Table<SamplingTask>
        size="small"
        rowKey="id"
        pagination={false}
        loading={tasks.isPending}
        dataSource={tasks.data?.items ?? []}
        locale={{ emptyText: t("warning.sampling.none") }}
        columns={[
          { title: t("warning.sampling.round"), dataIndex: "round", width: 70 },
          {
            title: t("warning.fields.status"),
            dataIndex: "status",
            width: 100,
            render: (s: SamplingTask["status"]) => <Tag>{t(`warning.sampling.status.${s}`)}</Tag>,
          },
          {
            title: t("warning.sampling.points"),
            render: (_, task) => (
              <Space orientation="vertical" size={0}>
                {task.points.map((p) => (
                  <span key={p.custodyCode} data-testid="sampling-point">
                    {p.siteName ?? names.get(p.site) ?? p.site} · {p.date} ·{" "}
                    <Typography.Text code>{p.custodyCode}</Typography.Text>
                    {p.positive === null ? null : (
                      <Tag color={p.positive ? "red" : "green"} style={{ marginInlineStart: 6 }}>
                        {p.positive ? t("warning.sampling.positive") : t("warning.sampling.negative")}
                      </Tag>
                    )}
                  </span>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
