/**
 * Seeds the SIMULATED assessment data of the changzhi-demo (core `simulateAssessmentDemo`): monthly indicator
 * values 2023–2025 for the 12 counties and the city, and quarterly anonymous hair surveys — all stored with
 * `simulated = true` and source `changzhi-demo (simulated)`. Called at start-up next to the demo wastewater
 * seed; idempotent (a second run finds every value unchanged and writes nothing but its `assessment_import` row).
 */
import { createHash } from "node:crypto";
import type { AssessmentImportReport } from "@tracewater/contract";
import {
  DEFAULT_CUTOFF_SET_ID,
  formatPeriod,
  parsePeriod,
  periodBounds,
  simulateAssessmentDemo,
} from "@tracewater/core";
import { runAssessmentImport } from "../../imports/assessment/batch.js";
import { writeHairSurveys } from "../../imports/assessment/hair-survey.js";
import { writeIndicatorValues } from "../../imports/assessment/indicator-values.js";
import type { AppContext } from "../context.js";
import { seedIndicatorDefinitions } from "./indicators.js";

export const DEMO_SOURCE = "changzhi-demo (simulated)";

/** @returns the two import reports (indicator values, hair surveys) */
export async function seedAssessmentDemo(ctx: AppContext): Promise<AssessmentImportReport[]> {
  await seedIndicatorDefinitions(ctx);
  const demo = simulateAssessmentDemo();
  const sha = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex");
  const values = demo.values.map((v, i) => ({
    indicator: v.indicator,
    jurisdiction: v.jurisdiction,
    period: v.period,
    periodKind: parsePeriod(v.period).kind,
    value: v.value,
    source: DEMO_SOURCE,
    simulated: true,
    row: i + 1,
  }));
  const surveys = demo.surveys.map((s) => {
    const b = periodBounds(parsePeriod(s.period));
    return {
      ...s,
      period: formatPeriod(parsePeriod(s.period)),
      periodStart: b.start,
      periodEnd: b.end,
      cutoffSetId: DEFAULT_CUTOFF_SET_ID,
      source: DEMO_SOURCE,
      simulated: true,
    };
  });
  const a = await runAssessmentImport(ctx, {
    kind: "indicator-values",
    file: `${DEMO_SOURCE} indicators seed ${demo.seed}`,
    sha256: sha(demo.values),
    encoding: "generated",
    rows: values.length,
    errors: [],
    actor: "seed",
    write: (tx, id) => writeIndicatorValues(tx, id, values, ctx.now()),
  });
  const b = await runAssessmentImport(ctx, {
    kind: "hair-survey",
    file: `${DEMO_SOURCE} hair surveys seed ${demo.seed}`,
    sha256: sha(demo.surveys),
    encoding: "generated",
    rows: surveys.length,
    errors: [],
    actor: "seed",
    write: (tx, id) => writeHairSurveys(tx, id, surveys),
  });
  return [a, b];
}
