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
  /** ≥ n × 10 (the first n × 10 are used) indexes into `dict`: siteCode, sampleDate, datePrecision, analyte, quantity, unitReported, detection, file, sheet, column */
  refs: Uint32Array;
  /** ≥ n × 5 (the first n × 5 are used): valueCanonical, lodNgPerL, loqNgPerL, flowM3PerDay, populationServed (NaN = null) */
  numbers: Float64Array;
  /** ≥ n row numbers (the first n are used; 1-based, as the user sees them) */
  rows: Int32Array;
  /** n reported values (cell text) */
  valuesReported: (string | null)[];
}

/**
 * Packs rows one at a time as the parser produces them, so that no row object outlives its row: the parser worker
 * packed whole batches of 5 000 objects before, and those objects survived the young generation (1M-row import: the
 * worker spent ≈ 1.4 s of its ≈ 3.8 s in garbage collection — docs/performance.md, "Import", fifth round).
 * The typed arrays hold `capacity` rows and double when full; {@link take} hands them over (a transfer moves them)
 * and starts new ones. Consecutive rows mostly repeat their site, date, analyte…: each text field remembers its last
 * string and index, so the dictionary map is consulted only when a field changes.
 */
export class PackedMeasurementsBuilder {
  private n = 0;
  private dict: string[] = [];
  private index = new Map<string, number>();
  private refs: Uint32Array;
  private numbers: Float64Array;
  private rows: Int32Array;
  private valuesReported: (string | null)[] = [];
  /** per text field: the last string seen (undefined: none yet) and its index */
  private readonly lastText: (string | null | undefined)[] = new Array(TEXT_FIELDS).fill(undefined);
  private readonly lastRef = new Uint32Array(TEXT_FIELDS);

  /** @param capacity rows the first arrays hold (the batch size; they grow when exceeded) */
  constructor(private readonly capacity = 5000) {
    this.refs = new Uint32Array(capacity * TEXT_FIELDS);
    this.numbers = new Float64Array(capacity * NUMBER_FIELDS);
    this.rows = new Int32Array(capacity);
  }

  /** Rows pushed since the last {@link take}. */
  get length(): number {
    return this.n;
  }

  private ref(field: number, s: string | null): number {
    if (s === this.lastText[field]) return this.lastRef[field] as number;
    let i: number;
    if (s === null) i = NULL_REF;
    else {
      const known = this.index.get(s);
      if (known === undefined) {
        i = this.dict.length;
        this.dict.push(s);
        this.index.set(s, i);
      } else i = known;
    }
    this.lastText[field] = s;
    this.lastRef[field] = i;
    return i;
  }

  private grow(): void {
    const cap = this.rows.length * 2;
    const refs = new Uint32Array(cap * TEXT_FIELDS);
    refs.set(this.refs);
    const numbers = new Float64Array(cap * NUMBER_FIELDS);
    numbers.set(this.numbers);
    const rows = new Int32Array(cap);
    rows.set(this.rows);
    this.refs = refs;
    this.numbers = numbers;
    this.rows = rows;
  }

  /** Appends one row. */
  push(m: ParsedMeasurement): void {
    const i = this.n;
    if (i === this.rows.length) this.grow();
    const refs = this.refs;
    const r = i * TEXT_FIELDS;
    refs[r] = this.ref(0, m.siteCode);
    refs[r + 1] = this.ref(1, m.sampleDate);
    refs[r + 2] = this.ref(2, m.datePrecision);
    refs[r + 3] = this.ref(3, m.analyte);
    refs[r + 4] = this.ref(4, m.quantity);
    refs[r + 5] = this.ref(5, m.unitReported);
    refs[r + 6] = this.ref(6, m.detection);
    refs[r + 7] = this.ref(7, m.file);
    refs[r + 8] = this.ref(8, m.sheet);
    refs[r + 9] = this.ref(9, m.column);
    const numbers = this.numbers;
    const k = i * NUMBER_FIELDS;
    numbers[k] = m.valueCanonical ?? Number.NaN;
    numbers[k + 1] = m.lodNgPerL ?? Number.NaN;
    numbers[k + 2] = m.loqNgPerL ?? Number.NaN;
    numbers[k + 3] = m.flowM3PerDay ?? Number.NaN;
    numbers[k + 4] = m.populationServed ?? Number.NaN;
    this.rows[i] = m.row;
    this.valuesReported.push(m.valueReported);
    this.n = i + 1;
  }

  /** The rows pushed since the last call, packed; the builder starts over (new dictionary, new arrays). */
  take(): PackedMeasurements {
    const out: PackedMeasurements = {
      n: this.n,
      dict: this.dict,
      refs: this.refs,
      numbers: this.numbers,
      rows: this.rows,
      valuesReported: this.valuesReported,
    };
    this.n = 0;
    this.dict = [];
    this.index = new Map();
    this.refs = new Uint32Array(this.capacity * TEXT_FIELDS);
    this.numbers = new Float64Array(this.capacity * NUMBER_FIELDS);
    this.rows = new Int32Array(this.capacity);
    this.valuesReported = [];
    this.lastText.fill(undefined);
    return out;
  }
}

/** Packs a batch (see the module comment). */
export function packMeasurements(ms: readonly ParsedMeasurement[]): PackedMeasurements {
  const b = new PackedMeasurementsBuilder(Math.max(1, ms.length));
  for (const m of ms) b.push(m);
  return b.take();
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
