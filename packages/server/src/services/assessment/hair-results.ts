/**
 * Person-linked hair results: read ONLY through this service. Every sample is authorised with
 * `decide(actor, "test_result.read", {jurisdictionPath, purpose})` and every access — allowed or denied — is an
 * audit event `hair_result.read` naming the sample (docs/domain.md SEC-03, SEC-05, SEC-06). The subject is an
 * opaque reference; the person register (care) resolves it for those allowed to see persons.
 */
import type { HairSampleOut } from "@tracewater/contract";
import { decide } from "../../security/policy.js";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { appendAuditEvent } from "../security/audit-log.js";
import { PermissionDeniedError } from "../security/staff.js";
import type { StaffViewer } from "./viewer.js";

export interface HairResultsQuery {
  subject?: string;
  sampleNo?: string;
  jurisdiction?: string;
}

interface SampleRow {
  id: string;
  sample_no: string;
  part: "A" | "B";
  subject_ref: string;
  jurisdiction_code: string;
  path: string | null;
  collected_at: Date;
  head_site: string;
  collectors: string[];
  length_cm: number | null;
  mass_mg: number | null;
  lab: string;
  method: string;
  retest_no: string | null;
  retest_part: string | null;
}

/**
 * Samples (with segments and current results) matching the query that the viewer may read.
 * @throws InvalidInputError without any filter; PermissionDeniedError when samples matched but none may be read
 */
export async function listHairResults(
  ctx: AppContext,
  viewer: StaffViewer,
  q: HairResultsQuery,
): Promise<HairSampleOut[]> {
  if (!q.subject && !q.sampleNo && !q.jurisdiction)
    throw new InvalidInputError("give a subject, a sample number or a jurisdiction");
  const res = await ctx.database.raw.query<SampleRow>(
    `SELECT s.id, s.sample_no, s.part, s.subject_ref, s.jurisdiction_code, j.path, s.collected_at, s.head_site, s.collectors,
            s.length_cm, s.mass_mg, s.lab, s.method, r.sample_no AS retest_no, r.part AS retest_part
       FROM hair_sample s LEFT JOIN jurisdiction j ON j.code = s.jurisdiction_code LEFT JOIN hair_sample r ON r.id = s.retest_of_sample_id
      WHERE ($1::text IS NULL OR s.subject_ref = $1) AND ($2::text IS NULL OR s.sample_no = $2) AND ($3::text IS NULL OR s.jurisdiction_code = $3)
      ORDER BY s.collected_at, s.sample_no, s.part`,
    [q.subject ?? null, q.sampleNo ?? null, q.jurisdiction ?? null],
  );
  const now = ctx.now();
  const allowed: SampleRow[] = [];
  let lastDenial: string | null = null;
  for (const s of res.rows) {
    const d = decide(
      viewer.actor,
      "test_result.read",
      { jurisdictionPath: s.path ?? `unknown:${s.jurisdiction_code}`, purpose: viewer.purpose ?? null },
      now,
    );
    await appendAuditEvent(ctx, {
      actor: viewer.actor.username,
      roles: viewer.actor.roles,
      jurisdiction: s.jurisdiction_code,
      purpose: viewer.purpose ?? null,
      action: "hair_result.read",
      object: `hair_sample:${s.sample_no}/${s.part}`,
      outcome: d.allow ? "success" : "denied",
      clientAddress: viewer.clientAddress ?? null,
      details: d.allow ? {} : { reason: d.reason },
    });
    if (d.allow) allowed.push(s);
    else lastDenial = d.message;
  }
  if (allowed.length === 0 && lastDenial !== null) throw new PermissionDeniedError("test_result.read", lastDenial);
  const segs = await ctx.database.raw.query<{
    id: string;
    hair_sample_id: string;
    from_cm: number;
    to_cm: number;
    growth_cm_per_month: number;
    est_period_start: string;
    est_period_end: string;
  }>("SELECT * FROM hair_segment WHERE hair_sample_id = ANY($1) ORDER BY from_cm", [allowed.map((s) => s.id)]);
  const results = await ctx.database.raw.query<{
    segment_id: string;
    analyte_code: string;
    value_reported: string | null;
    unit_reported: string | null;
    concentration_ng_per_mg: number | null;
    detection: HairSampleOut["segments"][number]["results"][number]["detection"];
    lod_ng_per_mg: number | null;
    loq_ng_per_mg: number | null;
    cutoff_set_id: string;
    cutoff_ng_per_mg: number | null;
    result: HairSampleOut["segments"][number]["results"][number]["result"];
    revision: number;
  }>("SELECT * FROM hair_result WHERE superseded_by IS NULL AND segment_id = ANY($1) ORDER BY analyte_code", [
    segs.rows.map((s) => s.id),
  ]);
  return allowed.map((s) => ({
    sampleNo: s.sample_no,
    part: s.part,
    subjectRef: s.subject_ref,
    jurisdiction: s.jurisdiction_code,
    collectedAt: new Date(s.collected_at).toISOString(),
    headSite: s.head_site,
    collectors: s.collectors,
    lengthCm: s.length_cm,
    massMg: s.mass_mg,
    lab: s.lab,
    method: s.method,
    retestOf: s.retest_no ? { sampleNo: s.retest_no, part: s.retest_part ?? "" } : null,
    segments: segs.rows
      .filter((g) => g.hair_sample_id === s.id)
      .map((g) => ({
        fromCm: g.from_cm,
        toCm: g.to_cm,
        growthCmPerMonth: g.growth_cm_per_month,
        estimatedStart: g.est_period_start,
        estimatedEnd: g.est_period_end,
        estimate: true as const,
        results: results.rows
          .filter((r) => r.segment_id === g.id)
          .map((r) => ({
            analyte: r.analyte_code,
            valueReported: r.value_reported,
            unitReported: r.unit_reported,
            concentrationNgPerMg: r.concentration_ng_per_mg,
            detection: r.detection,
            lodNgPerMg: r.lod_ng_per_mg,
            loqNgPerMg: r.loq_ng_per_mg,
            cutoffSet: r.cutoff_set_id,
            cutoffNgPerMg: r.cutoff_ng_per_mg,
            result: r.result,
            revision: r.revision,
          })),
      })),
  }));
}
