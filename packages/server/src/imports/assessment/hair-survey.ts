/**
 * Import of ANONYMOUS population hair surveys (CSV/XLSX; docs/import-formats.md "Anonymous hair surveys";
 * docs/domain.md §2.4). One row per survey: survey_code, group_kind (occupation | venue | community | other),
 * group (label, e.g. 娱乐场所从业人员), jurisdiction_code, period, n_tested, positives_any, then one column per
 * analyte (header = analyte name, e.g. 甲基苯丙胺 / methamphetamine) holding the number of positives; optional
 * cutoff_set (default cn-mps-2018-938), source, simulated.
 *
 * A file with any column that could identify a person (name, ID number, phone, subject…) is rejected: this store
 * has no person key or link. Checks: 0 ≤ positives ≤ n; positives_any ≥ every analyte's positives (a person
 * positive for one analyte is positive for any) and ≤ n. Re-import: same numbers → unchanged; changed analyte
 * positives → revision + 1; changed n / positives_any → the survey row is updated and the old numbers kept in
 * `history`.
 */

import { importIssue, type AssessmentImportReport, type ImportError } from "@tracewater/contract";
import {
  CUTOFF_SETS,
  DEFAULT_CUTOFF_SET_ID,
  formatPeriod,
  parsePeriod,
  periodBounds,
  resolveHairAnalyte,
} from "@tracewater/core";
import { uuidv7 } from "uuidv7";
import type { AppContext } from "../../services/context.js";
import type { TxClient } from "../../storage/open-database.js";
import { headerKey } from "../parse/headers.js";
import type { FileInput } from "../parse/types.js";
import { cellText, parseNumber } from "../parse/values.js";
import { runAssessmentImport } from "./batch.js";
import { mapColumns, parseFlag, RowReader, readAssessmentFile } from "./read-table.js";

const COLUMNS = {
  survey_code: ["survey_code", "survey", "调查编号", "抽检编号", "批次编号"],
  group_kind: ["group_kind", "group type", "人群类别", "群体类别"],
  group: ["group", "group_label", "人群", "群体", "抽检对象"],
  jurisdiction_code: ["jurisdiction_code", "jurisdiction", "行政区划代码", "区划代码"],
  period: ["period", "期间", "时期", "统计期"],
  n_tested: ["n_tested", "tested", "n", "检测人数", "受检人数"],
  positives_any: ["positives_any", "positive_any", "any positive", "阳性人数", "任一阳性人数"],
  cutoff_set: ["cutoff_set", "cut-off set", "临界值标准"],
  source: ["source", "来源"],
  simulated: ["simulated", "模拟", "是否模拟"],
} as const;
type Col = keyof typeof COLUMNS;

export const GROUP_KINDS = ["occupation", "venue", "community", "other"] as const;
const GROUP_KIND_ZH: Record<string, (typeof GROUP_KINDS)[number]> = {
  职业: "occupation",
  行业: "occupation",
  场所: "venue",
  社区: "community",
  其他: "other",
};

/** Header words that mark person-identifying columns (this store must hold none). */
const PERSON_HEADERS = [
  "name",
  "姓名",
  "id_number",
  "身份证",
  "身份证号",
  "phone",
  "电话",
  "手机",
  "subject",
  "subject_ref",
  "person",
  "人员编号",
  "address",
  "住址",
];

export interface ParsedSurvey {
  surveyCode: string;
  groupKind: string;
  groupLabel: string;
  jurisdiction: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  nTested: number;
  positivesAny: number;
  cutoffSetId: string;
  source: string;
  simulated: boolean;
  analytes: Array<{ analyte: string; positives: number }>;
}

export async function importHairSurveys(
  ctx: AppContext,
  input: FileInput,
  opts: {
    actor?: string | null;
    sheet?: string;
    source?: string;
    /** jurisdiction codes the importer may write (issue #3 SEC-05); absent = unrestricted (console CLI, seeds) */
    jurisdictionCodes?: ReadonlySet<string>;
  } = {},
): Promise<AssessmentImportReport> {
  const read = await readAssessmentFile(input, opts.sheet);
  const errors: ImportError[] = [...read.errors];
  const parsed: ParsedSurvey[] = [];
  const t = read.table;
  if (t) {
    const jur = new Set(
      (await ctx.database.raw.query<{ code: string }>("SELECT code FROM jurisdiction")).rows.map((r) => r.code),
    );
    const m = mapColumns<Col>(t, COLUMNS, [
      "survey_code",
      "group_kind",
      "group",
      "jurisdiction_code",
      "period",
      "n_tested",
      "positives_any",
    ]);
    errors.push(...m.errors);
    const analyteCols: Array<{ index: number; header: string; analyte: string }> = [];
    const personKeys = new Set(PERSON_HEADERS.map(headerKey));
    for (const u of m.unmapped) {
      const a = resolveHairAnalyte(u.header.replace(/[(（].*[)）]\s*$/, "").trim());
      if (a) analyteCols.push({ ...u, analyte: a });
      else if (personKeys.has(headerKey(u.header)))
        errors.push({
          file: t.file,
          sheet: t.sheet,
          row: t.headerRow,
          column: u.header,
          value: u.header,
          message:
            "a person-identifying column is not allowed in an anonymous survey (this store has no person key or link)",
          ...importIssue("person-column-not-allowed", {}),
        });
      else
        errors.push({
          file: t.file,
          sheet: t.sheet,
          row: t.headerRow,
          column: u.header,
          value: u.header,
          message: "unknown column; expected a survey field or an analyte name (e.g. 甲基苯丙胺, ketamine)",
          ...importIssue("unknown-survey-column", {}),
        });
    }
    if (errors.length === 0) {
      const r = new RowReader<Col>(t, m.cols, errors);
      const seen = new Map<string, number>();
      for (const { row, cells } of t.rows) {
        const before = errors.length;
        const code = r.required(row, cells, "survey_code", "a survey code");
        const kindText = r.required(row, cells, "group_kind", `one of ${GROUP_KINDS.join(", ")} (职业/场所/社区/其他)`);
        const kind = kindText
          ? (GROUP_KINDS as readonly string[]).includes(kindText.toLowerCase())
            ? kindText.toLowerCase()
            : GROUP_KIND_ZH[kindText]
          : undefined;
        if (kindText && !kind)
          r.error(row, "group_kind", kindText, `expected one of ${GROUP_KINDS.join(", ")} or 职业/场所/社区/其他`, importIssue("bad-group-kind", { expected: GROUP_KINDS.join(", ") }));
        const label = r.required(row, cells, "group", "the group, e.g. 娱乐场所从业人员");
        const j = r.required(row, cells, "jurisdiction_code", "a jurisdiction code");
        if (j && !jur.has(j)) r.error(row, "jurisdiction_code", j, "unknown jurisdiction code", importIssue("unknown-jurisdiction", {}));
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
        const n = r.number(row, cells, "n_tested", { min: 1, integer: true, required: true });
        const any = r.number(row, cells, "positives_any", { min: 0, integer: true, required: true });
        if (typeof n === "number" && typeof any === "number" && any > n)
          r.error(row, "positives_any", String(any), `more positives than persons tested (${n})`, importIssue("positives-exceed-tested", { tested: n }));
        const setId = r.text(cells, "cutoff_set") || DEFAULT_CUTOFF_SET_ID;
        if (!CUTOFF_SETS.some((s) => s.id === setId))
          r.error(
            row,
            "cutoff_set",
            setId,
            `unknown cut-off set; expected ${CUTOFF_SETS.map((s) => s.id).join(" or ")}`,
            importIssue("unknown-cutoff-set", { expected: CUTOFF_SETS.map((s) => s.id).join(" or ") }),
          );
        const sim = parseFlag(r.text(cells, "simulated"), false);
        if (sim === undefined)
          r.error(row, "simulated", r.text(cells, "simulated"), "expected true/false, 是/否 or 1/0", importIssue("bad-flag", {}));
        const analytes: ParsedSurvey["analytes"] = [];
        for (const a of analyteCols) {
          const cell = cells[a.index];
          const text = cellText(cell);
          if (text === "") continue;
          const x = parseNumber(cell ?? null, t.decimalComma);
          if (x === null || !Number.isInteger(x) || x < 0) {
            errors.push({
              file: t.file,
              sheet: t.sheet,
              row,
              column: a.header,
              value: text,
              message: "expected a count of positives (integer ≥ 0)",
              ...importIssue("bad-positives", {}),
            });
            continue;
          }
          if (typeof n === "number" && x > n)
            errors.push({
              file: t.file,
              sheet: t.sheet,
              row,
              column: a.header,
              value: text,
              message: `more positives than persons tested (${n})`,
              ...importIssue("positives-exceed-tested", { tested: n }),
            });
          if (typeof any === "number" && x > any)
            errors.push({
              file: t.file,
              sheet: t.sheet,
              row,
              column: a.header,
              value: text,
              message: `more than positives_any (${any}): a person positive for one analyte is positive for any`,
              ...importIssue("positives-exceed-any", { any }),
            });
          analytes.push({ analyte: a.analyte, positives: x });
        }
        if (code) {
          const first = seen.get(code);
          if (first !== undefined) r.error(row, "survey_code", code, `duplicate of row ${first}`, importIssue("duplicate-survey", { row: first }));
          else seen.set(code, row);
        }
        if (
          errors.length > before ||
          !code ||
          !kind ||
          !label ||
          !j ||
          !period ||
          typeof n !== "number" ||
          typeof any !== "number" ||
          sim === undefined
        )
          continue;
        const b = periodBounds(period);
        parsed.push({
          surveyCode: code,
          groupKind: kind,
          groupLabel: label,
          jurisdiction: j,
          period: formatPeriod(period),
          periodStart: b.start,
          periodEnd: b.end,
          nTested: n,
          positivesAny: any,
          cutoffSetId: setId,
          source: r.text(cells, "source") || opts.source || read.file,
          simulated: sim,
          analytes,
        });
      }
    }
  }
  return runAssessmentImport(ctx, {
    kind: "hair-survey",
    file: read.file,
    sha256: read.sha256,
    encoding: read.encoding,
    rows: t?.rows.length ?? 0,
    errors,
    actor: opts.actor ?? null,
    write: (tx, importId) => writeHairSurveys(tx, importId, parsed),
  });
}

/** Writes parsed surveys inside the caller's transaction. */
export async function writeHairSurveys(
  tx: TxClient,
  importId: string,
  surveys: readonly ParsedSurvey[],
): Promise<{ inserted: number; unchanged: number; revised: number }> {
  const counts = { inserted: 0, unchanged: 0, revised: 0 };
  for (const s of surveys) {
    const old = await tx.query<{
      id: string;
      n_tested: number;
      positives_any: number;
      group_kind: string;
      group_label: string;
      jurisdiction_code: string;
      period: string;
    }>(
      "SELECT id, n_tested, positives_any, group_kind, group_label, jurisdiction_code, period FROM hair_survey WHERE survey_code = $1",
      [s.surveyCode],
    );
    let surveyId: string;
    let changed = false;
    const o = old.rows[0];
    if (!o) {
      surveyId = uuidv7();
      await tx.query(
        `INSERT INTO hair_survey (id, survey_code, group_kind, group_label, jurisdiction_code, period, period_start, period_end, n_tested, positives_any, cutoff_set_id, simulated, source, import_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
        [
          surveyId,
          s.surveyCode,
          s.groupKind,
          s.groupLabel,
          s.jurisdiction,
          s.period,
          s.periodStart,
          s.periodEnd,
          s.nTested,
          s.positivesAny,
          s.cutoffSetId,
          s.simulated,
          s.source,
          importId,
        ],
      );
      counts.inserted++;
    } else {
      surveyId = o.id;
      if (
        o.n_tested !== s.nTested ||
        o.positives_any !== s.positivesAny ||
        o.group_kind !== s.groupKind ||
        o.group_label !== s.groupLabel ||
        o.jurisdiction_code !== s.jurisdiction ||
        o.period !== s.period
      ) {
        await tx.query(
          `UPDATE hair_survey SET history = history || $2::jsonb, n_tested = $3, positives_any = $4, group_kind = $5, group_label = $6,
                  jurisdiction_code = $7, period = $8, period_start = $9, period_end = $10, import_id = $11 WHERE id = $1`,
          [
            surveyId,
            JSON.stringify([
              {
                nTested: o.n_tested,
                positivesAny: o.positives_any,
                groupKind: o.group_kind,
                groupLabel: o.group_label,
                jurisdiction: o.jurisdiction_code,
                period: o.period,
              },
            ]),
            s.nTested,
            s.positivesAny,
            s.groupKind,
            s.groupLabel,
            s.jurisdiction,
            s.period,
            s.periodStart,
            s.periodEnd,
            importId,
          ],
        );
        changed = true;
      }
    }
    const cur = await tx.query<{ id: string; analyte_code: string; positives: number; revision: number }>(
      "SELECT id, analyte_code, positives, revision FROM hair_survey_count WHERE survey_id = $1 AND superseded_by IS NULL",
      [surveyId],
    );
    const byAnalyte = new Map(cur.rows.map((c) => [c.analyte_code, c]));
    for (const a of s.analytes) {
      const c = byAnalyte.get(a.analyte);
      if (c && c.positives === a.positives) continue;
      const id = uuidv7();
      if (c) await tx.query("UPDATE hair_survey_count SET superseded_by = $1 WHERE id = $2", [id, c.id]);
      await tx.query(
        "INSERT INTO hair_survey_count (id, survey_id, analyte_code, positives, revision, import_id) VALUES ($1,$2,$3,$4,$5,$6)",
        [id, surveyId, a.analyte, a.positives, (c?.revision ?? 0) + 1, importId],
      );
      changed = true;
    }
    if (o) {
      if (changed) counts.revised++;
      else counts.unchanged++;
    }
  }
  return counts;
}
