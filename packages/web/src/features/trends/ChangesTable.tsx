import { Table } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ChangeClass, ChangesResponse, Site } from "../../api/types.js";
import { ClassTag } from "../../components/ui/ClassTag.js";
import { formatNumber, formatPercent } from "../../components/ui/format.js";
import { useLanguage } from "../../components/ui/hooks.js";

type ChangeRow = ChangesResponse["rows"][number];
const CLASSES: ChangeClass[] = ["increase", "decrease", "stable", "no-previous-data"];

/** Year-on-year change per site (current vs previous year daily mean, mg/day/1000 inh) with its class. */
export function ChangesTable({ changes, sites }: { changes: ChangesResponse; sites: Map<string, Site> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const unit = t("units.pnl");
  return (
    <Table<ChangeRow>
      data-testid="changes-table"
      rowKey="site"
      size="small"
      dataSource={changes.rows}
      pagination={{ pageSize: 20, showSizeChanger: true }}
      columns={[
        {
          title: t("trends.site"),
          dataIndex: "site",
          sorter: (a, b) => a.site.localeCompare(b.site),
          render: (code: string) => {
            const site = sites.get(code);
            return (
              <Link to={`/sites/${encodeURIComponent(code)}`}>
                {code}
                {site ? ` ${site.city ?? site.name}` : ""}
              </Link>
            );
          },
        },
        {
          title: `${changes.year} (${unit})`,
          dataIndex: "current",
          align: "right",
          sorter: (a, b) => (a.current ?? -1) - (b.current ?? -1),
          render: (v: number | null) => formatNumber(v, 2, language),
        },
        {
          title: `${changes.year - 1} (${unit})`,
          dataIndex: "previous",
          align: "right",
          render: (v: number | null) => formatNumber(v, 2, language),
        },
        {
          title: t("trends.changePercent"),
          dataIndex: "changePercent",
          align: "right",
          sorter: (a, b) => (a.changePercent ?? -Infinity) - (b.changePercent ?? -Infinity),
          render: (v: number | null) => formatPercent(v, language),
        },
        {
          title: t("trends.class"),
          dataIndex: "class",
          filters: CLASSES.map((c) => ({ text: t(`classes.${c}`), value: c })),
          onFilter: (value, row) => row.class === value,
          render: (c: ChangeClass) => <ClassTag value={c} />,
        },
      ]}
    />
  );
}
