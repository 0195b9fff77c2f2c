import type { HairSurveysResponse } from "@tracewater/contract";
import { Table } from "antd";
import { useTranslation } from "react-i18next";
import { pct } from "./grades.js";

type Survey = HairSurveysResponse["items"][number];

/** Anonymous hair surveys: positivity (any analyte and per analyte) with Wilson 95 % intervals. */
export function SurveyTable({ data, names }: { data: HairSurveysResponse; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const analytes = [...new Set(data.items.flatMap((s) => s.analytes.map((a) => a.analyte)))];
  const rate = (w: Survey["positivityAny"], suppressed: boolean) =>
    suppressed ? t("assessment.suppressed") : `${pct(w.proportion)} (${pct(w.lower)}–${pct(w.upper)})`;
  return (
    <Table<Survey>
      data-testid="survey-table"
      size="small"
      rowKey="surveyCode"
      dataSource={data.items}
      pagination={{ pageSize: 12, hideOnSinglePage: true }}
      scroll={{ x: true }}
      columns={[
        { title: t("assessment.survey"), dataIndex: "surveyCode" },
        { title: t("assessment.group"), dataIndex: "groupLabel" },
        {
          title: t("assessment.jurisdiction"),
          key: "j",
          render: (_, s) => names.get(s.jurisdiction) ?? s.jurisdiction,
        },
        { title: t("assessment.period"), dataIndex: "period" },
        { title: t("assessment.tested"), dataIndex: "nTested" },
        {
          title: t("assessment.positiveAny"),
          key: "any",
          render: (_, s) => rate(s.positivityAny, s.positivesAny === null),
        },
        ...analytes.map((a) => ({
          title: t(`assessment.analytes.${a}`, { defaultValue: a }),
          key: a,
          render: (_: unknown, s: Survey) => {
            const x = s.analytes.find((y) => y.analyte === a);
            return x ? rate(x.positivity, x.suppressed) : "—";
          },
        })),
      ]}
    />
  );
}
