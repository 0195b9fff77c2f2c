import type { DeclineResponse } from "@tracewater/contract";
import { Table, Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";

type Row = DeclineResponse["rows"][number];

/** The continuous-decline table: YoY change per period (✓ improved / ✗ not), continuity and the trend test. */
export function DeclineTable({ data }: { data: DeclineResponse }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const periods = data.rows[0]?.periods.map((p) => p.period) ?? [];
  return (
    <Table<Row>
      data-testid="decline-table"
      size="small"
      rowKey={(r) => `${r.indicator}|${r.jurisdiction}`}
      dataSource={data.rows}
      pagination={{ pageSize: 26, hideOnSinglePage: true }}
      scroll={{ x: true }}
      columns={[
        {
          title: t("assessment.indicator"),
          key: "indicator",
          render: (_, r) => (en ? r.indicatorNameEn : r.indicatorNameZh),
        },
        {
          title: t("assessment.jurisdiction"),
          key: "jurisdiction",
          render: (_, r) => r.jurisdictionNameZh ?? r.jurisdiction,
        },
        ...periods.map((p, i) => ({
          title: `${p} ${t("assessment.yoy")}`,
          key: p,
          render: (_: unknown, r: Row) => {
            const c = r.periods[i];
            if (!c) return "—";
            const label =
              c.yoyChangePct === null
                ? r.suppressed
                  ? t("assessment.suppressed")
                  : "—"
                : `${c.yoyChangePct > 0 ? "+" : ""}${c.yoyChangePct.toFixed(1)}%`;
            return (
              <Tooltip title={`${c.value ?? "—"} / ${c.lastYearValue ?? "—"} ${r.unit}`}>
                <Tag color={c.improved === true ? "green" : c.improved === false ? "red" : "default"}>
                  {label} {c.improved === true ? "✓" : c.improved === false ? "✗" : ""}
                </Tag>
              </Tooltip>
            );
          },
        })),
        {
          title: t("assessment.continuous"),
          key: "continuous",
          render: (_, r) =>
            r.continuous === null ? (
              <Tag>{t("assessment.undecided")}</Tag>
            ) : r.continuous ? (
              <Tag color="green" data-testid="continuous-yes">
                {t("assessment.yes")}
              </Tag>
            ) : (
              <Tag color="red">{t("assessment.no")}</Tag>
            ),
        },
        {
          title: t("assessment.trend"),
          key: "trend",
          render: (_, r) =>
            `${t(`assessment.trends.${r.trend.verdict}`)}${r.trend.pValue !== null ? ` (p = ${r.trend.pValue.toFixed(3)})` : ""}`,
        },
      ]}
    />
  );
}
