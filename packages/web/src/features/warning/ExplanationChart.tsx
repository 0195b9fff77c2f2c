import type { AlertDetail } from "@tracewater/contract";
import { Alert as AntAlert, Space, Spin } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.js";
import { useAlertSeries } from "../../api/warning.js";
import { EChart } from "../../components/charts/EChart.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import "./echarts-warning.js";
import { explanationChartOption, pointsFromEvidence, windowPoints } from "./explanation-chart.js";
import { displayUnit } from "./units.js";

/**
 * The alert's explanation chart: `GET /alerts/{id}/series` around the alert date (values + baseline, score +
 * threshold, the raising point marked). When the server has no series endpoint (404) the alert's own graded
 * evidence points are drawn instead, with a note.
 */
export function ExplanationChart({ alert }: { alert: AlertDetail }) {
  const { t } = useTranslation();
  const series = useAlertSeries(alert.id);
  const fallback = series.error instanceof ApiError && series.error.status === 404;
  const option = useMemo(() => {
    const points = series.data ? series.data.points : fallback ? pointsFromEvidence(alert) : null;
    if (!points) return null;
    const unit = displayUnit(series.data?.valueUnit || alert.explanation.valueUnit, t);
    const withUnit = { ...alert, explanation: { ...alert.explanation, valueUnit: unit } };
    return explanationChartOption(withUnit, windowPoints(points, alert), {
      value: t("warning.chart.value"),
      baseline: t("warning.chart.baseline"),
      score: t("warning.chart.score"),
      threshold: t("warning.chart.threshold"),
      minScore: t("warning.chart.minScore", { level: t(`warning.level.${alert.level}`) }),
      censored: t("warning.chart.censored"),
      run: t("warning.chart.run"),
      alertPoint: t("warning.chart.alertPoint"),
    });
  }, [series.data, fallback, alert, t]);
  if (series.isPending) return <Spin />;
  if (series.error && !fallback) return <ErrorAlert error={series.error} />;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {fallback ? <AntAlert type="info" showIcon title={t("warning.chart.evidenceOnly")} /> : null}
      {option ? <EChart option={option} height={420} testId="explanation-chart" /> : null}
    </Space>
  );
}
