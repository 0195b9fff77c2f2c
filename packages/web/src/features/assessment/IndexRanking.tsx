import type { IndexResponse } from "@tracewater/contract";
import { Table, Tag } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { EChart } from "../../components/charts/EChart.js";
import { GRADE_COLOURS } from "./grades.js";

type District = IndexResponse["districts"][number];

/** Ranking table and a stacked bar of each indicator's contribution to the score (contributions add up). */
export function IndexRanking({ data, names }: { data: IndexResponse; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const scored = data.districts.filter((d) => d.score !== null);
  const option = useMemo(() => {
    const indicators = data.method.weights.map((w) => w.indicatorCode);
    const rows = [...scored].reverse();
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 90, right: 24, top: 8, bottom: 48 },
      xAxis: { type: "value", max: 100, name: t("assessment.score") },
      yAxis: { type: "category", data: rows.map((d) => d.jurisdictionNameZh ?? d.jurisdiction) },
      series: indicators.map((code) => ({
        name: names.get(code) ?? code,
        type: "bar",
        stack: "score",
        data: rows.map((d) =>
          Number((d.contributions.find((c) => c.indicator === code)?.contribution ?? 0).toFixed(2)),
        ),
      })),
    };
  }, [data, scored, names, t]);
  return (
    <>
      <Table<District>
        data-testid="index-table"
        size="small"
        rowKey="jurisdiction"
        dataSource={data.districts}
        pagination={false}
        columns={[
          { title: t("assessment.rank"), dataIndex: "rank", width: 64 },
          { title: t("assessment.jurisdiction"), key: "j", render: (_, d) => d.jurisdictionNameZh ?? d.jurisdiction },
          {
            title: t("assessment.score"),
            key: "score",
            render: (_, d) => (d.score === null ? "—" : d.score.toFixed(1)),
          },
          {
            title: t("assessment.grade"),
            key: "grade",
            render: (_, d) =>
              d.grade ? <Tag color={GRADE_COLOURS[d.grade]}>{t(`assessment.grades.${d.grade}`)}</Tag> : "—",
          },
          { title: t("assessment.coverage"), key: "coverage", render: (_, d) => `${Math.round(d.coverage * 100)}%` },
        ]}
      />
      <EChart option={option} height={Math.max(240, scored.length * 28 + 80)} testId="index-contributions" />
    </>
  );
}
