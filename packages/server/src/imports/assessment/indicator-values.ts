/**
 * Import of indicator values per jurisdiction and period (CSV/XLSX; docs/import-formats.md "Indicator values").
 * Columns (Chinese or English headers): indicator (code or Chinese/English name), jurisdiction_code (GB/T 2260),
 * period (`2024`, `2024Q1`, `2024-03`), value; optional unit (must equal the definition's), source, simulated.
 * Rules: computed indicators (wastewater, hair) are rejected — they come from stored results; values ≥ 0,
 * percentages ≤ 100; one row per (indicator, jurisdiction, period); re-importing the same value changes nothing;
 * a different value for a stored key becomes revision + 1 (the old row is marked superseded).
 */

import { importIssue, type AssessmentImportReport, type ImportError } from "@tracewater/contract";
import { formatPeriod, parsePeriod } from "@tracewater/core";
import { uuidv7 } from "uuidv7";
import { listIndicatorDefinitions } from "../../services/assessment/indicators.js";
import type { AppContext } from "../../services/context.js";
import { headerKey } from "../parse/headers.js";
import type { FileInput } from "../parse/types.js";
import { runAssessmentImport } from "./batch.js";
import { mapColumns, parseFlag, RowReader, readAssessmentFile } from "./read-table.js";

const COLUMNS = {
  indicator: ["indicator", "indicator_code", "指标", "指标代码", "指标名称"],
  jurisdiction_code: ["jurisdiction_code", "jurisdiction", "行政区划代码", "区划代码", "地区代码"],
  period: ["period", "期间", "时期", "统计期", "周期"],
  value: ["value", "数值", "值", "指标值"],
  unit: ["unit", "单位"],
  source: ["source", "来源", "数据来源"],
  simulated: ["simulated", "模拟", "是否模拟"],
} as const;
type Col = keyof typeof COLUMNS;

export interface ParsedIndicatorValue {
  indicator: string;
  jurisdiction: string;
  period: string;
  periodKind: string;
  value: number;
  source: string;
  simulated: boolean;
  row: number;
}

export interface IndicatorImportOptions {
  actor?: string | null;
  sheet?: string;
  /** default source label (default: the file name) */
  source?: string;
  /**
   * jurisdiction codes the importer may write (its `monitoring.import` scope, issue #3 SEC-05); rows for other
   * jurisdictions are errors. Absent = unrestricted (console CLI, seeds).
   */
  jurisdictionCodes?: ReadonlySet<string>;
}

/** Parses and imports one indicator-values file. Never throws for bad input: errors are in the report. */
export async function importIndicatorValues(
  ctx: AppContext,
  input: FileInput,
  opts: IndicatorImportOptions = {},
): Promise<AssessmentImportReport> {
  const read = await readAssessmentFile(input, opts.sheet);
  const errors: ImportError[] = [...read.errors];
  const parsed: ParsedIndicatorValue[] = [];
  const t = read.table;
  if (t) {
    const defs = await listIndicatorDefinitions(ctx);
    const byKey = new Map<string, (typeof defs)[number]>();
    for (const d of defs) for (const n of [d.code, d.nameZh, d.nameEn]) byKey.set(headerKey(n), d);
    const jur = new Set(
      (await ctx.database.raw.query<{ code: string }>("SELECT code FROM jurisdiction")).rows.map((r) => r.code),
    );
    const m = mapColumns<Col>(t, COLUMNS, ["indicator", "jurisdiction_code", "period", "value"]);
    errors.push(...m.errors);
    if (m.errors.length === 0) {
      const r = new RowReader<Col>(t, m.cols, errors);
      const seen = new Map<string, number>();
      for (const { row, cells } of t.rows) {
        const name = r.required(row, cells, "indicator", "an indicator code or name");
        const def = name ? byKey.get(headerKey(name)) : undefined;
        if (name && !def)
          r.error(row, "indicator", name, `unknown indicator; expected one of ${defs.map((d) => d.code).join(", ")}`, importIssue("unknown-indicator", { expected: defs.map((d) => d.code).join(", ") }));
        if (def && def.origin !== "imported")
          r.error(
            row,
            "indicator",
            name,
            `${def.code} is computed from stored ${def.origin === "computed-hair" ? "hair surveys" : "wastewater results"}; it cannot be imported`,
            importIssue(def.origin === "computed-hair" ? "computed-indicator-hair" : "computed-indicator-wastewater", { indicator: def.code }),
          );
        const j = r.required(row, cells, "jurisdiction_code", "a jurisdiction code (GB/T 2260, e.g. 140403)");
        if (j && !jur.has(j))
          r.error(
            row,
            "jurisdiction_code",
            j,
            "unknown jurisdiction code; expected a code of the jurisdiction tree (e.g. 140400, 140403)",
            importIssue("unknown-jurisdiction-expected", {}),
          );
        else if (j && opts.jurisdictionCodes && !opts.jurisdictionCodes.has(j))
          r.error(row, "jurisdiction_code", j, `jurisdiction ${j} is outside your jurisdiction scope for imports`, importIssue("scope-jurisdiction", { jurisdiction: j }));
        const pText = r.required(row, cells, "period", "a period 2024, 2024Q1 or 2024-03");
        let period: ReturnType<typeof parsePeriod> | null = null;
        if (pText) {
          try {
            period = parsePeriod(pText);
          } catch {
            r.error(row, "period", pText, "expected a period 2024, 2024Q1 or 2024-03", importIssue("bad-period", {}));
          }
        }
        const value = r.number(row, cells, "value", {
          min: 0,
          required: true,
          ...(def?.unit === "%" ? { max: 100 } : {}),
        });
        if (def && m.cols.unit) {
          const u = r.text(cells, "unit");
          if (u !== "" && headerKey(u) !== headerKey(def.unit))
            r.error(row, "unit", u, `${def.code} is in ${def.unit}; convert the value or leave the unit empty`, importIssue("indicator-unit-mismatch", { indicator: def.code, unit: def.unit }));
        }
        const sim = parseFlag(r.text(cells, "simulated"), false);
        if (sim === undefined)
          r.error(row, "simulated", r.text(cells, "simulated"), "expected true/false, 是/否 or 1/0", importIssue("bad-flag", {}));
        if (
          !def ||
          def.origin !== "imported" ||
          !j ||
          !jur.has(j) ||
          !period ||
          value === undefined ||
          value === null ||
          sim === undefined
        )
          continue;
        const key = `${def.code}|${j}|${formatPeriod(period)}`;
        const first = seen.get(key);
        if (first !== undefined) {
          r.error(row, "period", pText, `duplicate of row ${first} (same indicator, jurisdiction and period)`, importIssue("duplicate-indicator-value", { row: first }));
          continue;
        }
        seen.set(key, row);
        parsed.push({
          indicator: def.code,
          jurisdiction: j,
          period: formatPeriod(period),
          periodKind: period.kind,
          value,
          source: r.text(cells, "source") || opts.source || read.file,
          simulated: sim,
          row,
        });
      }
    }
  }
  return runAssessmentImport(ctx, {
    kind: "indicator-values",
    file: read.file,
    sha256: read.sha256,
    encoding: read.encoding,
    rows: t?.rows.length ?? 0,
    errors,
    actor: opts.actor ?? null,
    write: (tx, importId) => writeIndicatorValues(tx, importId, parsed, ctx.now()),
  });
}

/** Writes parsed values (inside the caller's transaction): insert, unchanged or revise. */
export async function writeIndicatorValues(
  tx: { query: AppContext["database"]["raw"]["query"] },
  importId: string,
  values: readonly ParsedIndicatorValue[],
  now: Date,
): Promise<{ inserted: number; unchanged: number; revised: number }> {
  const counts = { inserted: 0, unchanged: 0, revised: 0 };
  if (values.length === 0) return counts;
  const current = await tx.query<{
    id: string;
    indicator_code: string;
    jurisdiction_code: string;
    period: string;
    value: number;
    revision: number;
  }>(
    `SELECT id, indicator_code, jurisdiction_code, period, value, revision FROM indicator_value
      WHERE superseded_by IS NULL AND indicator_code = ANY($1)`,
    [[...new Set(values.map((v) => v.indicator))]],
  );
  const byKey = new Map(current.rows.map((r) => [`${r.indicator_code}|${r.jurisdiction_code}|${r.period}`, r]));
  const rows: unknown[][] = [];
  for (const v of values) {
    const old = byKey.get(`${v.indicator}|${v.jurisdiction}|${v.period}`);
    if (old && old.value === v.value) {
      counts.unchanged++;
      continue;
    }
    const id = uuidv7();
    if (old) {
      await tx.query("UPDATE indicator_value SET superseded_by = $1 WHERE id = $2", [id, old.id]);
      counts.revised++;
    } else counts.inserted++;
    rows.push([
      id,
      v.indicator,
      v.jurisdiction,
      v.period,
      v.periodKind,
      v.value,
      v.simulated,
      v.source,
      v.row,
      (old?.revision ?? 0) + 1,
      importId,
      now,
    ]);
  }
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const params: unknown[] = [];
    const tuples = chunk.map((r) => `(${r.map((x) => `$${params.push(x)}`).join(",")})`);
    await tx.query(
      `INSERT INTO indicator_value (id, indicator_code, jurisdiction_code, period, period_kind, value, simulated, source, source_row, revision, import_id, recorded_at)
       VALUES ${tuples.join(",")}`,
      params,
    );
  }
  return counts;
}
