/**
 * Import of PERSON-LINKED hair lab results (CSV/XLSX, long layout: one row per sample × segment × analyte;
 * docs/import-formats.md "Hair lab results"; docs/domain.md §2.1–§2.3).
 *
 * Columns: sample_no, part (A/B), subject_ref (opaque reference from the person register — never a name or ID
 * number), jurisdiction_code, collected_at (date, optionally with a time, Asia/Shanghai), head_site, collectors
 * (separated by `;`, `、` or `,`), length_cm, mass_mg, lab, method, retest_of (`<sample_no>/<part>` of the
 * re-tested sample), segment_from_cm, segment_to_cm, analyte, concentration (number, `<LOD`/`未检出`, `<0.1`…),
 * unit (ng/mg or pg/mg…), lod, loq (same unit), cutoff_set (default cn-mps-2018-938), growth_cm_per_month
 * (default 1.0). Sample fields must agree on every row of a sample.
 *
 * Every sample is authorised with `decide(actor, "test_result.write", {jurisdictionPath})` and audited
 * (`hair_result.write`), in the import's transaction. Re-import: identical values unchanged; a changed value
 * becomes revision + 1; changed sample fields (collection, lab…) are an error (they are not corrected by import).
 */

import { importIssue, type AssessmentImportReport, type ImportError, type ImportIssue } from "@tracewater/contract";
import {
  CUTOFF_SETS,
  classifyHairResult,
  DEFAULT_CUTOFF_SET_ID,
  getCutoffSet,
  type HairDetection,
  resolveHairAnalyte,
  segmentPeriod,
  toNgPerMg,
} from "@tracewater/core";
import { uuidv7 } from "uuidv7";
import { decide } from "../../security/policy.js";
import type { StaffViewer } from "../../services/assessment/viewer.js";
import type { AppContext } from "../../services/context.js";
import { appendAuditEvent } from "../../services/security/audit-log.js";
import type { TxClient } from "../../storage/open-database.js";
import { parseDateCell } from "../parse/dates.js";
import type { Cell, FileInput } from "../parse/types.js";
import { cellText, parseResultCell } from "../parse/values.js";
import { runAssessmentImport } from "./batch.js";
import { mapColumns, RowReader, readAssessmentFile } from "./read-table.js";

const COLUMNS = {
  sample_no: ["sample_no", "sample", "样本编号", "检材编号", "样品编号"],
  part: ["part", "sample_part", "ab", "A/B", "样本类型", "检材类型"],
  subject_ref: ["subject_ref", "subject", "人员编号", "受检人编号"],
  jurisdiction_code: ["jurisdiction_code", "jurisdiction", "行政区划代码", "区划代码"],
  collected_at: ["collected_at", "collection date", "采集时间", "采集日期"],
  head_site: ["head_site", "site", "采集部位", "部位"],
  collectors: ["collectors", "collector", "采集人", "采集人员"],
  length_cm: ["length_cm", "length", "长度", "毛发长度"],
  mass_mg: ["mass_mg", "mass", "质量", "重量", "毛发质量"],
  lab: ["lab", "laboratory", "检测机构", "实验室"],
  method: ["method", "检测方法", "方法"],
  retest_of: ["retest_of", "re-test of", "复检原样本", "复检样本"],
  segment_from_cm: ["segment_from_cm", "from_cm", "分段起点", "起点cm", "分段起"],
  segment_to_cm: ["segment_to_cm", "to_cm", "分段终点", "终点cm", "分段止"],
  analyte: ["analyte", "substance", "检测项目", "目标物", "物质"],
  concentration: ["concentration", "value", "result", "浓度", "检测结果", "含量"],
  unit: ["unit", "单位"],
  lod: ["lod", "检出限"],
  loq: ["loq", "定量限"],
  cutoff_set: ["cutoff_set", "cut-off set", "临界值标准"],
  growth_cm_per_month: ["growth_cm_per_month", "growth", "生长速度"],
} as const;
type Col = keyof typeof COLUMNS;

const REQUIRED: Col[] = [
  "sample_no",
  "part",
  "subject_ref",
  "jurisdiction_code",
  "collected_at",
  "head_site",
  "collectors",
  "lab",
  "method",
  "segment_from_cm",
  "segment_to_cm",
  "analyte",
  "concentration",
  "unit",
];

/** Sample-level fields compared across the rows of one sample. */
const SAMPLE_FIELDS: Col[] = [
  "subject_ref",
  "jurisdiction_code",
  "collected_at",
  "head_site",
  "collectors",
  "length_cm",
  "mass_mg",
  "lab",
  "method",
  "retest_of",
];

interface ParsedResult {
  analyte: string;
  valueReported: string;
  unitReported: string;
  concentrationNgPerMg: number | null;
  detection: HairDetection;
  lodNgPerMg: number | null;
  loqNgPerMg: number | null;
  cutoffSetId: string;
  cutoffNgPerMg: number | null;
  result: string;
  row: number;
}
interface ParsedSegment {
  fromCm: number;
  toCm: number;
  growth: number;
  start: string;
  end: string;
  results: ParsedResult[];
}
interface ParsedSample {
  sampleNo: string;
  part: "A" | "B";
  subjectRef: string;
  jurisdiction: string;
  collectedAt: Date;
  collectedDate: string;
  headSite: string;
  collectors: string[];
  lengthCm: number | null;
  massMg: number | null;
  lab: string;
  method: string;
  retestOf: { sampleNo: string; part: string } | null;
  row: number;
  segments: Map<string, ParsedSegment>;
}

const TIME_RE = /^(.+?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** Date (+ optional time) in Asia/Shanghai (UTC+8, no DST) → instant. */
function collectedInstant(cell: Cell | undefined, date1904: boolean): { date: string; at: Date } | null {
  if (cell instanceof Date)
    return { date: cell.toISOString().slice(0, 10), at: new Date(`${cell.toISOString().slice(0, 10)}T00:00:00+08:00`) };
  const text = cellText(cell);
  const m = TIME_RE.exec(text);
  const date = parseDateCell(m ? (m[1] ?? "") : (cell ?? null), date1904);
  if (!date) return null;
  const hh = m ? Number(m[2]) : 0;
  const mm = m ? Number(m[3]) : 0;
  const ss = m?.[4] ? Number(m[4]) : 0;
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const at = new Date(
    `${date}T${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}:${String(ss).padStart(2, "0")}+08:00`,
  );
  return { date, at };
}

export async function importHairResults(
  ctx: AppContext,
  input: FileInput,
  viewer: StaffViewer,
  opts: { sheet?: string } = {},
): Promise<AssessmentImportReport> {
  const read = await readAssessmentFile(input, opts.sheet);
  const errors: ImportError[] = [...read.errors];
  const samples = new Map<string, ParsedSample>();
  const t = read.table;
  const jurisdictions = new Map(
    (await ctx.database.raw.query<{ code: string; path: string }>("SELECT code, path FROM jurisdiction")).rows.map(
      (r) => [r.code, r.path],
    ),
  );
  if (t) {
    const m = mapColumns<Col>(t, COLUMNS, REQUIRED);
    errors.push(...m.errors);
    if (m.errors.length === 0) {
      const r = new RowReader<Col>(t, m.cols, errors);
      const firstValues = new Map<string, { row: number; values: Record<string, string> }>();
      const seenResult = new Map<string, number>();
      for (const { row, cells } of t.rows) {
        const before = errors.length;
        const sampleNo = r.required(row, cells, "sample_no", "the sample number");
        const partText = r.required(row, cells, "part", "A or B");
        const part = partText?.toUpperCase();
        if (partText && part !== "A" && part !== "B") r.error(row, "part", partText, "expected A or B", importIssue("bad-hair-part", {}));
        const subject = r.required(row, cells, "subject_ref", "the opaque subject reference from the person register");
        const j = r.required(row, cells, "jurisdiction_code", "a jurisdiction code");
        if (j && !jurisdictions.has(j)) r.error(row, "jurisdiction_code", j, "unknown jurisdiction code", importIssue("unknown-jurisdiction", {}));
        const collected = collectedInstant(r.cell(cells, "collected_at"), t.date1904);
        if (!collected)
          r.error(
            row,
            "collected_at",
            r.cell(cells, "collected_at"),
            "expected a date such as 2024-03-13 or 2024-03-13 10:30",
            importIssue("bad-collected-at", {}),
          );
        const headSite = r.required(row, cells, "head_site", "the site on the head, e.g. 头顶后部 / posterior vertex");
        const collectorsText = r.required(row, cells, "collectors", "the collectors (two, separated by ;)");
        const lengthCm = r.number(row, cells, "length_cm", { min: 0 });
        const massMg = r.number(row, cells, "mass_mg", { min: 0 });
        const lab = r.required(row, cells, "lab", "the laboratory");
        const method = r.required(row, cells, "method", "the method, e.g. LC-MS/MS");
        const retestText = r.text(cells, "retest_of");
        let retestOf: ParsedSample["retestOf"] = null;
        if (retestText) {
          const mm = /^(.+)\/([ABab])$/.exec(retestText);
          if (!mm) r.error(row, "retest_of", retestText, "expected <sample_no>/<A|B>, e.g. HS-2024-001/A", importIssue("bad-retest-of", {}));
          else retestOf = { sampleNo: mm[1] ?? "", part: (mm[2] ?? "").toUpperCase() };
        }
        const from = r.number(row, cells, "segment_from_cm", { min: 0, required: true });
        const to = r.number(row, cells, "segment_to_cm", { min: 0, required: true });
        const growth = r.number(row, cells, "growth_cm_per_month", { min: 0.01, max: 5 }) ?? 1.0;
        if (typeof from === "number" && typeof to === "number" && to <= from)
          r.error(row, "segment_to_cm", String(to), `expected more than segment_from_cm (${from})`, importIssue("segment-order", { from }));
        const analyteText = r.required(row, cells, "analyte", "an analyte name");
        const analyte = analyteText ? resolveHairAnalyte(analyteText) : undefined;
        if (analyteText && !analyte)
          r.error(
            row,
            "analyte",
            analyteText,
            "unknown hair analyte; expected e.g. 甲基苯丙胺, 氯胺酮, 吗啡, 6-单乙酰吗啡, THC",
            importIssue("unknown-hair-analyte", {}),
          );
        const unit = r.required(row, cells, "unit", "ng/mg or pg/mg") ?? "";
        let factorOk = true;
        try {
          toNgPerMg(1, unit);
        } catch {
          factorOk = false;
          if (unit) r.error(row, "unit", unit, "unknown hair concentration unit; expected ng/mg, pg/mg, ng/g or µg/g", importIssue("unknown-hair-unit", {}));
        }
        const conv = (x: number) => (factorOk ? toNgPerMg(x, unit) : x);
        const lod = r.number(row, cells, "lod", { min: 0 });
        const loq = r.number(row, cells, "loq", { min: 0 });
        const setId = r.text(cells, "cutoff_set") || DEFAULT_CUTOFF_SET_ID;
        const set = getCutoffSet(setId);
        if (!set)
          r.error(
            row,
            "cutoff_set",
            setId,
            `unknown cut-off set; expected ${CUTOFF_SETS.map((s) => s.id).join(" or ")}`,
            importIssue("unknown-cutoff-set", { expected: CUTOFF_SETS.map((s) => s.id).join(" or ") }),
          );
        const cell = r.cell(cells, "concentration");
        const rc = parseResultCell(cell, t.decimalComma);
        let detection: HairDetection = "detected";
        let conc: number | null = null;
        if (rc.kind === "number") {
          if (rc.value < 0) r.error(row, "concentration", cell, "expected a concentration ≥ 0", importIssue("negative-concentration", {}));
          conc = conv(rc.value);
        } else if (rc.kind === "censored") {
          detection =
            rc.mark === "below_loq"
              ? "below_loq"
              : rc.mark === "below_lod"
                ? "below_lod"
                : loq !== null && loq !== undefined && rc.limit === loq
                  ? "below_loq"
                  : "below_lod";
          conc = rc.limit === null ? null : conv(rc.limit);
        } else if (rc.kind === "not_analysed") detection = "not_analysed";
        else
          r.error(
            row,
            "concentration",
            cell,
            "expected a number, a censoring mark (<LOD, <LOQ, <0.1, 未检出) or 未检测",
            importIssue("bad-hair-concentration", {}),
          );
        if (
          errors.length > before ||
          !sampleNo ||
          !part ||
          !subject ||
          !j ||
          !collected ||
          !headSite ||
          !collectorsText ||
          !lab ||
          !method ||
          !analyte ||
          !set ||
          typeof from !== "number" ||
          typeof to !== "number" ||
          lengthCm === undefined ||
          massMg === undefined ||
          lod === undefined ||
          loq === undefined
        )
          continue;
        // consistency of sample fields across rows
        const key = `${sampleNo}/${part}`;
        const values: Record<string, string> = {};
        for (const f of SAMPLE_FIELDS) values[f] = r.text(cells, f);
        const first = firstValues.get(key);
        if (first) {
          const diff = SAMPLE_FIELDS.find((f) => first.values[f] !== values[f]);
          if (diff) {
            r.error(
              row,
              diff,
              values[diff],
              `differs from row ${first.row} of the same sample (${first.values[diff] || "empty"})`,
              importIssue("sample-field-differs", { row: first.row, previous: first.values[diff] || null }),
            );
            continue;
          }
        } else firstValues.set(key, { row, values });
        let sample = samples.get(key);
        if (!sample) {
          sample = {
            sampleNo,
            part: part as "A" | "B",
            subjectRef: subject,
            jurisdiction: j,
            collectedAt: collected.at,
            collectedDate: collected.date,
            headSite,
            collectors: collectorsText
              .split(/[;；、,，]/)
              .map((s) => s.trim())
              .filter((s) => s !== ""),
            lengthCm,
            massMg,
            lab,
            method,
            retestOf,
            row,
            segments: new Map(),
          };
          samples.set(key, sample);
        }
        const segKey = `${from}-${to}`;
        let seg = sample.segments.get(segKey);
        if (!seg) {
          const p = segmentPeriod({ fromCm: from, toCm: to, collectedAt: collected.date, growthCmPerMonth: growth });
          seg = { fromCm: from, toCm: to, growth, start: p.estimatedStart, end: p.estimatedEnd, results: [] };
          sample.segments.set(segKey, seg);
        }
        const rk = `${key}|${segKey}|${analyte}`;
        const dup = seenResult.get(rk);
        if (dup !== undefined) {
          r.error(row, "analyte", analyteText, `duplicate of row ${dup} (same sample, segment and analyte)`, importIssue("duplicate-hair-result", { row: dup }));
          continue;
        }
        seenResult.set(rk, row);
        const lodN = lod === null ? null : conv(lod);
        const loqN = loq === null ? null : conv(loq);
        const cls = classifyHairResult(
          { analyte, concentrationNgPerMg: conc, detection, lodNgPerMg: lodN, loqNgPerMg: loqN },
          set,
        );
        seg.results.push({
          analyte,
          valueReported: cellText(cell),
          unitReported: unit,
          concentrationNgPerMg: conc,
          detection,
          lodNgPerMg: lodN,
          loqNgPerMg: loqN,
          cutoffSetId: set.id,
          cutoffNgPerMg: cls.cutoffNgPerMg,
          result: cls.result,
          row,
        });
      }
      // re-test links must name a sample of this file or of the store (checked when writing)
    }
  }
  // authorisation of every sample BEFORE the write transaction, so that denials are audited even though the
  // import is rejected (allowed writes are audited inside the transaction, with the rows they record)
  const now = ctx.now();
  for (const s of samples.values()) {
    const path = jurisdictions.get(s.jurisdiction) ?? `unknown:${s.jurisdiction}`;
    const d = decide(
      viewer.actor,
      "test_result.write",
      { jurisdictionPath: path, purpose: viewer.purpose ?? null },
      now,
    );
    if (d.allow) continue;
    await appendAuditEvent(ctx, {
      actor: viewer.actor.username,
      roles: viewer.actor.roles,
      jurisdiction: s.jurisdiction,
      purpose: viewer.purpose ?? null,
      action: "hair_result.write",
      object: `hair_sample:${s.sampleNo}/${s.part}`,
      outcome: "denied",
      clientAddress: viewer.clientAddress ?? null,
      details: { file: read.file, reason: d.reason },
    });
    errors.push({
      file: read.file,
      sheet: t?.sheet ?? null,
      row: s.row,
      column: "jurisdiction_code",
      value: s.jurisdiction,
      message: `not allowed to write test results of ${s.jurisdiction}: ${d.message}`,
      ...importIssue("hair-write-denied", { jurisdiction: s.jurisdiction, detail: d.message }),
    });
  }
  return runAssessmentImport(ctx, {
    kind: "hair-results",
    file: read.file,
    sha256: read.sha256,
    encoding: read.encoding,
    rows: t?.rows.length ?? 0,
    errors,
    actor: viewer.actor.username,
    write: (tx, importId, writeErrors) =>
      writeHairSamples(ctx, tx, importId, [...samples.values()], viewer, read.file, writeErrors),
  });
}

async function writeHairSamples(
  ctx: AppContext,
  tx: TxClient,
  importId: string,
  samples: readonly ParsedSample[],
  viewer: StaffViewer,
  file: string,
  errors: ImportError[],
): Promise<{ inserted: number; unchanged: number; revised: number }> {
  const counts = { inserted: 0, unchanged: 0, revised: 0 };
  const now = ctx.now();
  const fileError = (row: number, column: string, value: string | null, message: string, issue: ImportIssue) =>
    errors.push({ file, sheet: null, row, column, value, message, ...issue });
  // A samples before B samples so that a B re-test can link to an A of the same file
  const ordered = [...samples].sort((a, b) => a.part.localeCompare(b.part));
  for (const s of ordered) {
    await appendAuditEvent(
      ctx,
      {
        actor: viewer.actor.username,
        roles: viewer.actor.roles,
        jurisdiction: s.jurisdiction,
        purpose: viewer.purpose ?? null,
        action: "hair_result.write",
        object: `hair_sample:${s.sampleNo}/${s.part}`,
        outcome: "success",
        clientAddress: viewer.clientAddress ?? null,
        details: { file },
      },
      tx,
    );
    let retestId: string | null = null;
    if (s.retestOf) {
      const rt = await tx.query<{ id: string }>("SELECT id FROM hair_sample WHERE sample_no = $1 AND part = $2", [
        s.retestOf.sampleNo,
        s.retestOf.part,
      ]);
      retestId = rt.rows[0]?.id ?? null;
      if (!retestId) {
        fileError(
          s.row,
          "retest_of",
          `${s.retestOf.sampleNo}/${s.retestOf.part}`,
          "no stored sample with this number and part (import the original first)",
          importIssue("retest-original-missing", {}),
        );
        continue;
      }
    }
    const old = await tx.query<{
      id: string;
      subject_ref: string;
      jurisdiction_code: string;
      collected_at: Date;
      head_site: string;
      lab: string;
      method: string;
    }>(
      "SELECT id, subject_ref, jurisdiction_code, collected_at, head_site, lab, method FROM hair_sample WHERE sample_no = $1 AND part = $2",
      [s.sampleNo, s.part],
    );
    let sampleId: string;
    const o = old.rows[0];
    if (o) {
      const diffs: Array<[string, string, string]> = [];
      if (o.subject_ref !== s.subjectRef) diffs.push(["subject_ref", o.subject_ref, s.subjectRef]);
      if (o.jurisdiction_code !== s.jurisdiction)
        diffs.push(["jurisdiction_code", o.jurisdiction_code, s.jurisdiction]);
      if (new Date(o.collected_at).getTime() !== s.collectedAt.getTime())
        diffs.push(["collected_at", new Date(o.collected_at).toISOString(), s.collectedAt.toISOString()]);
      if (o.lab !== s.lab) diffs.push(["lab", o.lab, s.lab]);
      if (o.method !== s.method) diffs.push(["method", o.method, s.method]);
      if (diffs.length > 0) {
        const [col, was, now2] = diffs[0] as [string, string, string];
        fileError(
          s.row,
          col,
          now2,
          `sample ${s.sampleNo}/${s.part} is stored with ${col} = ${was}; sample data are not corrected by import`,
          importIssue("stored-sample-differs", { sample: `${s.sampleNo}/${s.part}`, column: col, stored: was }),
        );
        continue;
      }
      sampleId = o.id;
    } else {
      sampleId = uuidv7();
      await tx.query(
        `INSERT INTO hair_sample (id, sample_no, part, subject_ref, jurisdiction_code, collected_at, head_site, collectors, length_cm, mass_mg, lab, method, retest_of_sample_id, import_id, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9,$10,$11,$12,$13,$14,$15)`,
        [
          sampleId,
          s.sampleNo,
          s.part,
          s.subjectRef,
          s.jurisdiction,
          s.collectedAt,
          s.headSite,
          JSON.stringify(s.collectors),
          s.lengthCm,
          s.massMg,
          s.lab,
          s.method,
          retestId,
          importId,
          now,
        ],
      );
    }
    for (const seg of s.segments.values()) {
      const existing = await tx.query<{ id: string }>(
        "SELECT id FROM hair_segment WHERE hair_sample_id = $1 AND from_cm = $2 AND to_cm = $3",
        [sampleId, seg.fromCm, seg.toCm],
      );
      let segId = existing.rows[0]?.id;
      if (!segId) {
        segId = uuidv7();
        await tx.query(
          "INSERT INTO hair_segment (id, hair_sample_id, from_cm, to_cm, growth_cm_per_month, est_period_start, est_period_end) VALUES ($1,$2,$3,$4,$5,$6,$7)",
          [segId, sampleId, seg.fromCm, seg.toCm, seg.growth, seg.start, seg.end],
        );
      }
      const cur = await tx.query<{
        id: string;
        analyte_code: string;
        value_reported: string | null;
        unit_reported: string | null;
        lod_ng_per_mg: number | null;
        loq_ng_per_mg: number | null;
        cutoff_set_id: string;
        revision: number;
      }>(
        "SELECT id, analyte_code, value_reported, unit_reported, lod_ng_per_mg, loq_ng_per_mg, cutoff_set_id, revision FROM hair_result WHERE segment_id = $1 AND superseded_by IS NULL",
        [segId],
      );
      const byAnalyte = new Map(cur.rows.map((c) => [c.analyte_code, c]));
      for (const res of seg.results) {
        const c = byAnalyte.get(res.analyte);
        if (
          c &&
          c.value_reported === res.valueReported &&
          c.unit_reported === res.unitReported &&
          c.lod_ng_per_mg === res.lodNgPerMg &&
          c.loq_ng_per_mg === res.loqNgPerMg &&
          c.cutoff_set_id === res.cutoffSetId
        ) {
          counts.unchanged++;
          continue;
        }
        const id = uuidv7();
        if (c) {
          await tx.query("UPDATE hair_result SET superseded_by = $1 WHERE id = $2", [id, c.id]);
          counts.revised++;
        } else counts.inserted++;
        await tx.query(
          `INSERT INTO hair_result (id, segment_id, analyte_code, value_reported, unit_reported, concentration_ng_per_mg, detection, lod_ng_per_mg, loq_ng_per_mg, cutoff_set_id, cutoff_ng_per_mg, result, revision, import_id, recorded_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
          [
            id,
            segId,
            res.analyte,
            res.valueReported,
            res.unitReported,
            res.concentrationNgPerMg,
            res.detection,
            res.lodNgPerMg,
            res.loqNgPerMg,
            res.cutoffSetId,
            res.cutoffNgPerMg,
            res.result,
            (c?.revision ?? 0) + 1,
            importId,
            now,
          ],
        );
      }
    }
  }
  return counts;
}
