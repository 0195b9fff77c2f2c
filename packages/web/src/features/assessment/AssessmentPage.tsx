import { Alert, Card, Col, Row, Select, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useDecline, useHairSurveys, useIndicatorDefinitions, useSituationIndex } from "../../api/assessment.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { DeclineTable } from "./DeclineTable.js";
import { GradeMap } from "./GradeMap.js";
import { IndexRanking } from "./IndexRanking.js";
import { SurveyTable } from "./SurveyTable.js";

/** 毒情研判: continuous-decline table, situation index (ranking, contributions, map by grade), hair surveys. */
export default function AssessmentPage() {
  const { t, i18n } = useTranslation();
  const thisYear = new Date().getFullYear();
  const years = [thisYear - 3, thisYear - 2, thisYear - 1, thisYear].map(String);
  const [year, setYear] = useState(String(thisYear - 1));
  // two periods by default: two year-on-year comparisons need three years of data
  const [lastN, setLastN] = useState(2);
  const [kind, setKind] = useState<"year" | "quarter" | "month">("year");
  const asOf = kind === "year" ? year : kind === "quarter" ? `${year}Q4` : `${year}-12`;
  const defs = useIndicatorDefinitions();
  const decline = useDecline(asOf, lastN);
  const index = useSituationIndex(year);
  const surveys = useHairSurveys(year);
  const names = useMemo(
    () => new Map((defs.data?.items ?? []).map((d) => [d.code, i18n.language === "en" ? d.nameEn : d.nameZh])),
    [defs.data, i18n.language],
  );
  const countyNames = useMemo(
    () => new Map((index.data?.districts ?? []).map((d) => [d.jurisdiction, d.jurisdictionNameZh ?? d.jurisdiction])),
    [index.data],
  );
  const simulated = Boolean(
    index.data?.simulated ||
      decline.data?.rows.some((r) => r.simulated) ||
      surveys.data?.items.some((s) => s.simulated),
  );
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }} data-testid="assessment-page">
      <Space wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("assessment.title")}
        </Typography.Title>
        <Select
          value={year}
          onChange={setYear}
          options={years.map((y) => ({ value: y, label: y }))}
          data-testid="assessment-year"
        />
        <Select
          value={kind}
          onChange={setKind}
          data-testid="assessment-kind"
          options={(["year", "quarter", "month"] as const).map((k) => ({
            value: k,
            label: t(`assessment.kinds.${k}`),
          }))}
        />
        <Select
          value={lastN}
          onChange={setLastN}
          options={[2, 3, 4, 5].map((n) => ({ value: n, label: t("assessment.lastN", { n }) }))}
        />
      </Space>
      {simulated && <Alert type="warning" showIcon title={t("assessment.simulated")} data-testid="simulated-banner" />}
      <Card title={t("assessment.declineTitle")}>
        {decline.error ? <ErrorAlert error={decline.error} /> : decline.data && <DeclineTable data={decline.data} />}
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card
            title={t("assessment.indexTitle")}
            extra={
              index.data
                ? `${index.data.method.version} · ${t(`assessment.norm.${index.data.method.normalisation}`)}`
                : null
            }
          >
            {index.error ? (
              <ErrorAlert error={index.error} />
            ) : (
              index.data && <IndexRanking data={index.data} names={names} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t("assessment.mapTitle")}>{index.data && <GradeMap data={index.data} />}</Card>
        </Col>
      </Row>
      <Card
        title={t("assessment.surveyTitle")}
        extra={surveys.data?.k ? t("assessment.kNote", { k: surveys.data.k }) : null}
      >
        {surveys.error ? (
          <ErrorAlert error={surveys.error} />
        ) : (
          surveys.data && <SurveyTable data={surveys.data} names={countyNames} />
        )}
      </Card>
      <Typography.Paragraph type="secondary">{t("assessment.methodNote")}</Typography.Paragraph>
    </Space>
  );
}
