import type { IndexResponse } from "@tracewater/contract";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useGeo } from "../../api/geo.js";
import { EChart } from "../../components/charts/EChart.js";
import { ensureGeoJsonMap } from "../../components/maps/world-geo.js";
import { GRADE_COLOURS, GRADE_ORDER } from "./grades.js";

/** The counties of 长治市 (bundled GeoJSON, offline) coloured by situation grade. */
export function GradeMap({ data }: { data: IndexResponse }) {
  const { t } = useTranslation();
  const geo = useGeo("changzhi");
  if (geo.data) ensureGeoJsonMap("changzhi", geo.data);
  const option = useMemo(
    () => ({
      tooltip: {
        trigger: "item",
        formatter: (p: { name: string; data?: { score: number | null; grade: string | null; rank: number | null } }) =>
          p.data
            ? `${p.name}<br/>${t("assessment.score")}: ${p.data.score === null ? "—" : p.data.score.toFixed(1)}<br/>${t("assessment.grade")}: ${p.data.grade ? t(`assessment.grades.${p.data.grade}`) : "—"}<br/>${t("assessment.rank")}: ${p.data.rank ?? "—"}`
            : p.name,
      },
      visualMap: {
        type: "piecewise",
        dimension: 0,
        left: 8,
        bottom: 8,
        pieces: GRADE_ORDER.map((g, i) => ({
          value: GRADE_ORDER.length - i,
          label: t(`assessment.grades.${g}`),
          color: GRADE_COLOURS[g],
        })),
      },
      series: [
        {
          type: "map",
          map: "changzhi",
          roam: true,
          label: { show: true, fontSize: 10 },
          data: data.districts.map((d) => ({
            name: d.jurisdictionNameZh ?? d.jurisdiction,
            value: d.grade ? GRADE_ORDER.length - GRADE_ORDER.indexOf(d.grade as (typeof GRADE_ORDER)[number]) : null,
            score: d.score,
            grade: d.grade,
            rank: d.rank,
          })),
        },
      ],
    }),
    [data, t],
  );
  if (!geo.data) return null;
  return <EChart option={option} height={420} testId="grade-map" />;
}
