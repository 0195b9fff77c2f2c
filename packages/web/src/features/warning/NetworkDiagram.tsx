import type { TracePlan } from "@tracewater/contract";
import { Descriptions, Empty, InputNumber, Space, Spin, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNetwork, useTracePlan } from "../../api/warning.js";
import { EChart } from "../../components/charts/EChart.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { formatNumber } from "../../components/ui/format.js";
import { useLanguage } from "../../components/ui/hooks.js";
import "./echarts-warning.js";
import { LEVEL_COLORS, LEVELS } from "./model.js";
import { countLeaves, type NetworkTreeDatum, networkTreeData } from "./network-chart.js";
import { SamplingRounds } from "./SamplingRounds.js";
import { TraceMap } from "./TraceMap.js";
import { priorBasisText } from "./warning-message.js";

/**
 * The sewer tree containing `site` (`GET /network/{site}`) as an ECharts tree, the plant on the right (water flows
 * towards it). With `alertId`, the trace plan (`GET /alerts/{id}/trace?k=`) is overlaid: candidate upstream
 * sub-catchments outlined and shaded by prior, the proposed next sampling points as diamonds, the plan listed; the
 * same tree and plan are drawn on the map ({@link TraceMap}). An optional round budget (hours) is passed to the
 * planner (`budgetHours`): points whose round would last longer are not proposed.
 */
export function NetworkDiagram({ site, alertId }: { site: string; alertId?: string }) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const [k, setK] = useState(2);
  const [budget, setBudget] = useState<number | null>(null);
  const network = useNetwork(site);
  const trace = useTracePlan(alertId, k, budget);
  const traceData: TracePlan | null = alertId ? (trace.data ?? null) : null;

  const root = useMemo(
    () => (network.data ? networkTreeData(network.data, traceData, traceData ? undefined : site) : null),
    [network.data, traceData, site],
  );
  const names = useMemo(() => new Map((network.data?.nodes ?? []).map((n) => [n.site, n.name])), [network.data]);

  const option = useMemo(() => {
    if (!root) return null;
    return {
      tooltip: {
        trigger: "item",
        formatter: (p: { data?: NetworkTreeDatum }) => {
          const d = p.data;
          if (!d) return "";
          const lines = [`<b>${d.name}</b> (${d.site})`, `${t("warning.network.kind")}: ${d.kind}`];
          if (d.openAlerts > 0)
            lines.push(
              `${t("warning.network.openAlerts")}: ${d.openAlerts} · ${d.maxLevel ? t(`warning.level.${d.maxLevel}`) : ""}`,
            );
          if (d.candidate)
            lines.push(
              `${t("warning.network.candidate")} · ${t("warning.network.prior")} ${formatNumber(d.prior, 3, language)}`,
            );
          if (d.planPoint) lines.push(t("warning.network.planPoint"));
          return lines.join("<br/>");
        },
      },
      series: [
        {
          type: "tree",
          data: [root],
          orient: "RL",
          top: 20,
          bottom: 20,
          left: 200,
          right: 140,
          expandAndCollapse: false,
          initialTreeDepth: -1,
          roam: true,
          lineStyle: { color: "#8c8c8c", width: 1.2, curveness: 0.4 },
          label: { position: "left", verticalAlign: "middle", align: "right", fontSize: 12 },
          leaves: { label: { position: "left", verticalAlign: "middle", align: "right" } },
          emphasis: { focus: "ancestor" },
          animationDuration: 300,
        },
      ],
    };
  }, [root, t, language]);

  if (network.isPending) return <Spin />;
  if (network.error) return <ErrorAlert error={network.error} />;
  if (!root || !option) return <Empty />;
  const height = Math.max(320, 28 * countLeaves(root));
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid="network-diagram">
      <Space wrap size="small">
        {LEVELS.map((l) => (
          <Tag key={l} color={LEVEL_COLORS[l]}>
            {t(`warning.level.${l}`)}
          </Tag>
        ))}
        <Tag style={{ borderColor: "#fa541c", borderWidth: 2 }}>{t("warning.network.candidate")}</Tag>
        <Tag color="#08979c">◆ {t("warning.network.planPoint")}</Tag>
        {alertId ? (
          <Space size={4}>
            <span>{t("warning.network.k")}</span>
            <InputNumber min={1} max={10} value={k} onChange={(v) => setK(v ?? 2)} size="small" data-testid="trace-k" />
            <span>{t("warning.network.budget")}</span>
            <InputNumber
              min={24}
              max={720}
              value={budget}
              placeholder={t("warning.network.noBudget")}
              onChange={(v) => setBudget(v ?? null)}
              size="small"
              style={{ width: 90 }}
              data-testid="trace-budget"
            />
          </Space>
        ) : null}
      </Space>
      <EChart option={option} height={height} testId="network-chart" />
      {network.data ? (
        <>
          <Typography.Text strong>{t("warning.traceMap.title")}</Typography.Text>
          <TraceMap tree={network.data} trace={traceData} />
        </>
      ) : null}
      {alertId && trace.error ? <ErrorAlert error={trace.error} /> : null}
      {traceData ? (
        <Descriptions size="small" bordered column={1} data-testid="trace-plan">
          <Descriptions.Item label={t("warning.network.candidates")}>
            {traceData.candidates.length === 0
              ? "—"
              : traceData.candidates
                  .map((c) => `${c.siteName ?? c.site} (${formatNumber(c.prior * 100, 1, language)} %)`)
                  .join(t("common.listSeparator"))}
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.network.priorBasis")}>
            {priorBasisText(traceData, i18n)}
          </Descriptions.Item>
          <Descriptions.Item label={t("warning.network.roundsDone")}>{traceData.roundsDone}</Descriptions.Item>
          <Descriptions.Item label={t("warning.network.nextRound")}>
            {traceData.localised ? (
              <Typography.Text strong>
                {t("warning.network.localised", { site: names.get(traceData.localised) ?? traceData.localised })}
              </Typography.Text>
            ) : traceData.plan ? (
              <span data-testid="trace-next-round">
                {traceData.plan.points
                  .map((p) => {
                    const lag = traceData.plan?.windows?.find((w) => w.site === p)?.travelTimeToAlertHours;
                    const name = names.get(p) ?? p;
                    return lag === undefined || lag === null
                      ? name
                      : `${name}${t("warning.network.lag", { hours: formatNumber(lag, 1, language) })}`;
                  })
                  .join(t("common.listSeparator"))}{" "}
                ·{" "}
                {t("warning.network.bits", { bits: formatNumber(traceData.plan.expectedInformationBits, 2, language) })}
              </span>
            ) : (
              t("warning.network.noPlan")
            )}
          </Descriptions.Item>
          {traceData.plan && traceData.plan.roundHours !== undefined ? (
            <Descriptions.Item label={t("warning.network.roundHours")}>
              <span data-testid="trace-round-hours">
                {traceData.plan.roundHours === null
                  ? t("warning.network.roundHoursUnknown")
                  : t("warning.network.roundHoursValue", {
                      hours: formatNumber(traceData.plan.roundHours, 1, language),
                    })}
                {traceData.plan.budgetHours
                  ? t("warning.network.budgetNote", { hours: formatNumber(traceData.plan.budgetHours, 0, language) })
                  : null}
              </span>
            </Descriptions.Item>
          ) : null}
          {traceData.plan?.windows?.some((w) => w.travelTimeToAlertHours !== null) ? (
            <Descriptions.Item label={t("warning.network.windows")}>
              <span data-testid="trace-windows">
                {traceData.plan.windows
                  .filter((w) => w.windowStartOffsetHours !== null && w.windowEndOffsetHours !== null)
                  .map((w) =>
                    t("warning.network.window", {
                      site: names.get(w.site) ?? w.site,
                      from: formatNumber(w.windowStartOffsetHours as number, 1, language),
                      to: formatNumber(w.windowEndOffsetHours as number, 1, language),
                    }),
                  )
                  .join(t("common.listSeparator"))}
              </span>
              <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                {t("warning.network.windowsHint", { site: names.get(traceData.site) ?? traceData.site })}
              </Typography.Text>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      ) : null}
      {traceData ? <SamplingRounds plan={traceData} names={names} /> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("warning.network.hint")}
      </Typography.Text>
    </Space>
  );
}
