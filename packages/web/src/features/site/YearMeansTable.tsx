import { Table } from "antd";
import { useTranslation } from "react-i18next";
import type { SiteSeriesResponse } from "../../api/types.js";
import { formatNumber } from "../../components/ui/format.js";
import { useLanguage } from "../../components/ui/hooks.js";

type YearRow = SiteSeriesResponse["analytes"][number]["years"][number];

/** Daily / weekday / weekend mean PNL per year (mg/day/1000 inh), newest first. */
export function YearMeansTable({ years }: { years: YearRow[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const sorted = [...years].sort((a, b) => b.year - a.year);
  const unit = t("units.pnl");
  return (
    <Table<YearRow>
      data-testid="means-table"
      rowKey="year"
      size="small"
      pagination={false}
      dataSource={sorted}
      onRow={(row) => ({ "data-testid": `means-row-${row.year}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t("site.year"), dataIndex: "year" },
        {
          title: `${t("site.dailyMean")} (${unit})`,
          dataIndex: "dailyMean",
          align: "right",
          render: (v: number | null) => <span data-testid="daily-mean">{formatNumber(v, 2, language)}</span>,
        },
        {
          title: `${t("site.weekdayMean")} (${unit})`,
          dataIndex: "weekdayMean",
          align: "right",
          render: (v: number | null) => <span data-testid="weekday-mean">{formatNumber(v, 2, language)}</span>,
        },
        {
          title: `${t("site.weekendMean")} (${unit})`,
          dataIndex: "weekendMean",
          align: "right",
          render: (v: number | null) => <span data-testid="weekend-mean">{formatNumber(v, 2, language)}</span>,
        },
      ]}
    />
  );
}
