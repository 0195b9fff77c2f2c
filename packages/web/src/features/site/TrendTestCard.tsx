import { Descriptions, Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { SiteSeriesResponse } from "../../api/types.js";
import { formatNumber, formatPValue } from "../../components/ui/format.js";
import { useLanguage } from "../../components/ui/hooks.js";

type TrendTest = SiteSeriesResponse["analytes"][number]["trendTest"];

const COLORS: Record<TrendTest["direction"], string> = {
  increasing: "red",
  decreasing: "green",
  "no-trend": "blue",
  "insufficient-data": "default",
};

/** Mann-Kendall test with Sen's slope over the site's yearly daily means. */
export function TrendTestCard({ test }: { test: TrendTest }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <Descriptions
      data-testid="trend-test"
      size="small"
      column={{ xs: 1, sm: 2, lg: 3 }}
      bordered
      items={[
        {
          key: "direction",
          label: t("site.trendDirection"),
          children: <Tag color={COLORS[test.direction]}>{t(`site.directions.${test.direction}`)}</Tag>,
        },
        { key: "p", label: t("site.pValue"), children: <span data-testid="trend-p">{formatPValue(test.pValue)}</span> },
        {
          key: "sen",
          label: t("site.senSlope"),
          children: `${formatNumber(test.senSlopePerYear, 2, language)} ${t("units.pnlPerYear")}`,
        },
        { key: "n", label: t("site.nYears"), children: test.n },
        { key: "s", label: "S", children: test.s },
        { key: "z", label: "Z", children: formatNumber(test.z, 3, language) },
        { key: "tau", label: "Kendall τ", children: formatNumber(test.tau, 3, language) },
      ]}
    />
  );
}
