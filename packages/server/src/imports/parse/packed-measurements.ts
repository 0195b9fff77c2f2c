/**
 * A compact, transferable form of a batch of {@link ParsedMeasurement}s, for handing parsed rows from the parser
 * worker to the import's write side (`streaming-worker.ts`). Posting 5 000 row objects to another thread costs more
 * to structured-clone than to parse (measured: docs/performance.md, "Import"); this form is three typed arrays
 * (moved, not copied) and two string arrays:
 * - the ten low-cardinality text fields (site code, date, date precision, analyte, quantity, unit, detection, file,
 *   sheet, column) as indexes into one per-batch dictionary of distinct strings (`NULL_REF` = null);
 * - the five numbers (value ng/L or mg/day/1000 inh, LOD ng/L, LOQ ng/L, flow m³/day, population persons) as
 *   float64 with NaN for null (the parser never produces NaN: `parseNumber` rejects it);
 * - the row numbers as int32, and the reported values (the cell text) as an array.
 * `unpackMeasurements(packMeasurements(rows))` equals `rows` field by field (tested).
 */
import type { DatePrecision, Detection, ParsedMeasurement } from "./types.js";

/** Index meaning null in {@link PackedMeasurements.refs}. */
export const NULL_REF = 0xffff_ffff;
/** Text fields per row in {@link PackedMeasurements.refs}, in this order. */
const TEXT_FIELDS = 10;
/** Number fields per row in {@link PackedMeasurements.numbers}, in this order. */
const NUMBER_FIELDS = 5;

export interface PackedMeasurements {
  n: number;
  /** distinct strings of the text fields of this batch */
  dict: string[];
  /** n × 10 indexes into `dict`: siteCode, sampleDate, datePrecision, analyte, quantity, unitReported, detection, file, sheet, column */
  refs: Uint32Array;
  /** n × 5: valueCanonical, lodNgPerL, loqNgPerL, flowM3PerDay, populationServed (NaN = null) */
  numbers: Float64Array;
  /** n row numbers (1-based, as the user sees them) */
  rows: Int32Array;
  /** n reported values (cell text) */
  valuesReported: (string | null)[];
}

/** Packs a batch (see the module comment). */
export function packMeasurements(ms: readonly ParsedMeasurement[]): PackedMeasurements {
  const n = ms.length;
  const dict: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string | null): number => {
    if (s === null) return NULL_REF;
    let i = index.get(s);
    if (i === undefined) {
      i = dict.length;
      dict.push(s);
      index.set(s, i);
    }
    return i;
  };
  const num = (v: number | null): number => (v === null ? Number.NaN : v);
  const refs = new Uint32Array(n * TEXT_FIELDS);
  const numbers = new Float64Array(n * NUMBER_FIELDS);
  const rows = new Int32Array(n);
  const valuesReported: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const m = ms[i] as ParsedMeasurement;
    const r = i * TEXT_FIELDS;
    refs[r] = ref(m.siteCode);
    refs[r + 1] = ref(m.sampleDate);
    refs[r + 2] = ref(m.datePrecision);
    refs[r + 3] = ref(m.analyte);
    refs[r + 4] = ref(m.quantity);
    refs[r + 5] = ref(m.unitReported);
    refs[r + 6] = ref(m.detection);
    refs[r + 7] = ref(m.file);
    refs[r + 8] = ref(m.sheet);
    refs[r + 9] = ref(m.column);
    const k = i * NUMBER_FIELDS;
    numbers[k] = num(m.valueCanonical);
    numbers[k + 1] = num(m.lodNgPerL);
    numbers[k + 2] = num(m.loqNgPerL);
    numbers[k + 3] = num(m.flowM3PerDay);
    numbers[k + 4] = num(m.populationServed);
    rows[i] = m.row;
    valuesReported[i] = m.valueReported;
  }
  return { n, dict, refs, numbers, rows, valuesReported };
}

/** The buffers of a packed batch, for a `postMessage` transfer list. */
export function packedTransferList(p: PackedMeasurements): ArrayBuffer[] {
  return [p.refs.buffer as ArrayBuffer, p.numbers.buffer as ArrayBuffer, p.rows.buffer as ArrayBuffer];
}

/** The row objects of a packed batch (inverse of {@link packMeasurements}). */
export function unpackMeasurements(p: PackedMeasurements): ParsedMeasurement[] {
  const { n, dict, refs, numbers, rows, valuesReported } = p;
  const text = (i: number): string | null => (i === NULL_REF ? null : (dict[i] as string));
  const num = (v: number): number | null => (Number.isNaN(v) ? null : v);
  const out: ParsedMeasurement[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = i * TEXT_FIELDS;
    const k = i * NUMBER_FIELDS;
    out[i] = {
      siteCode: dict[refs[r] as number] as string,
      sampleDate: dict[refs[r + 1] as number] as string,
      datePrecision: dict[refs[r + 2] as number] as DatePrecision,
      analyte: dict[refs[r + 3] as number] as string,
      quantity: dict[refs[r + 4] as number] as ParsedMeasurement["quantity"],
      valueReported: valuesReported[i] ?? null,
      unitReported: text(refs[r + 5] as number),
      valueCanonical: num(numbers[k] as number),
      detection: dict[refs[r + 6] as number] as Detection,
      lodNgPerL: num(numbers[k + 1] as number),
      loqNgPerL: num(numbers[k + 2] as number),
      flowM3PerDay: num(numbers[k + 3] as number),
      populationServed: num(numbers[k + 4] as number),
      file: dict[refs[r + 7] as number] as string,
      sheet: text(refs[r + 8] as number),
      row: rows[i] as number,
      column: text(refs[r + 9] as number),
    };
  }
  return out;
}
