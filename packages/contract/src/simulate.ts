import { z } from "zod";
import { AnalyteCode, IsoDate, SiteKind } from "./common.js";

/**
 * `tracewater simulate --scenario <file>`: the JSON shape of a scenario file (core `Scenario`, docs/simulator.md).
 * Semantic rules (tree, catalogue analytes, LOD ≤ LOQ, event sites) are checked by core `validateScenario`.
 */
const PerProfile = z
  .object({ residential: z.number().min(0), hotel: z.number().min(0), entertainment: z.number().min(0) })
  .strict();

export const ScenarioAnalyteInput = z
  .object({
    code: AnalyteCode,
    lodNgPerL: z.number().min(0),
    loqNgPerL: z.number().min(0),
    baselinePnl: PerProfile,
    weekendFactor: PerProfile,
    seasonalAmplitude: z.number().gt(-1).lt(1),
    seasonalPeakDayOfYear: z.number().int().min(1).max(366),
    dailySigmaLog: z.number().min(0),
  })
  .strict();

export const ScenarioNodeInput = z
  .object({
    code: z.string().min(1),
    name: z.string().min(1),
    kind: SiteKind,
    venueType: z.enum(["hotel", "entertainment"]).nullable().optional(),
    jurisdictionCode: z.string().min(1),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    ownPopulation: z.number().min(0),
    downstream: z.string().min(1).nullable(),
    useLevel: z.number().min(0).optional(),
    flowLPerPersonPerDay: z.number().positive().optional(),
  })
  .strict();

export const SimEventType = z.enum(["party_spike", "step", "dumping", "new_substance", "lab_error"]);

export const ScenarioEventInput = z
  .object({
    type: SimEventType,
    site: z.string().min(1),
    analyte: AnalyteCode,
    start: IsoDate,
    end: IsoDate,
    factor: z.number().positive().nullable().optional(),
    pnlMgPerDayPer1000: z.number().positive().nullable().optional(),
    note: z.string().optional(),
  })
  .strict();

export const ScenarioInput = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    source: z.string().regex(/^[a-z0-9-]+$/, "a lowercase source label such as my-city-demo"),
    from: IsoDate,
    to: IsoDate,
    flowLPerPersonPerDay: z.number().positive(),
    flowSigmaLog: z.number().min(0),
    measurementSigmaLog: z.number().min(0),
    analytes: z.array(ScenarioAnalyteInput).min(1),
    nodes: z.array(ScenarioNodeInput).min(1),
    events: z.array(ScenarioEventInput),
  })
  .strict();
export type ScenarioInput = z.infer<typeof ScenarioInput>;

/** `tracewater simulate --json` output. */
export const SimulateResult = z.object({
  scenario: z.string(),
  source: z.string(),
  simulated: z.literal(true),
  from: IsoDate,
  to: IsoDate,
  seed: z.number().int(),
  outDir: z.string(),
  files: z.object({ sites: z.string(), labLong: z.string(), truth: z.string() }),
  sites: z.number().int(),
  labRows: z.number().int(),
  censoredRows: z.number().int(),
  events: z.array(
    z.object({
      type: SimEventType,
      site: z.string(),
      analyte: z.string(),
      start: IsoDate,
      end: IsoDate,
      factor: z.number().nullable(),
      pnlMgPerDayPer1000: z.number().optional(),
      note: z.string().optional(),
    }),
  ),
});
export type SimulateResult = z.infer<typeof SimulateResult>;
