/**
 * Detector evaluation against known truth (issue #4 "Evaluation": per event type, sensitivity, median detection
 * delay in days, false alarms per site-year; goal ≤ 1 false alarm per site-year with a shorter delay than EARS C2).
 * Pure bookkeeping over alarm dates and injected event windows; the simulator and the CLI supply them.
 *
 * Definitions (ours, stated so the table in docs/performance.md can be read):
 * - an event (window [start, end], inclusive dates) is detected when at least one alarm falls in
 *   [start, end + graceDays]; its delay = first such alarm − start, in days (0 = on the first day);
 * - an alarm outside every event's [start, end + graceDays] of its series is a false alarm;
 * - false alarms per site-year = false alarms / (monitored days / 365.25), summed over series;
 * - sensitivity = detected / events; median delay = median over detected events (type-7 = mean of the middle two).
 *
 * The median over detected events alone is a CONDITIONAL delay: a detector that catches only the easiest events can
 * show a short delay while missing most of them, so two detectors with different sensitivities cannot be compared on
 * it. The standard remedy of the surveillance-evaluation literature (Buckeridge et al. 2005, J Biomed Inform 38:99,
 * "Algorithms for rapid outbreak detection: a research synthesis" — timeliness curves, detection probability as a
 * function of days after onset; Fricker 2013, "Introduction to Statistical Methods for Biosurveillance", Cambridge
 * UP — the conditional expected delay (CED) is read together with the probability of successful detection (PSD))
 * is also reported here:
 * - unconditional median delay: the median over ALL events of a type, a missed event counting as delay = ∞; it is
 *   ∞ (reported as null) when the middle order statistic(s) are missed, i.e. when at most half of the events are
 *   detected for an even count (the type-7 median averages the two middle values) or fewer than half for an odd one;
 * - timeliness: the fraction of ALL events detected with delay ≤ d days, d ∈ {@link TIMELINESS_DAYS} (1, 3, 7).
 */
import { ScienceInputError } from "../errors.js";
import { median } from "../stats/quantile.js";
import { dayNumber } from "./day-number.js";

/** An injected event of the simulator (truth). */
export interface TruthEvent {
  /** event type, e.g. "weekend-spike", "persistent-rise", "dumping", "new-substance", "lab-error" */
  type: string;
  /** first and last day affected, `YYYY-MM-DD` */
  start: string;
  end: string;
}

/** One series (site × analyte) with its alarms and truth. */
export interface EvaluatedSeries {
  /** dates on which the detector alarmed (any order, duplicates ignored) */
  alarmDates: readonly string[];
  events: readonly TruthEvent[];
  /** number of monitored days of the series (for the false-alarm rate) */
  monitoredDays: number;
}

/** Horizons of the timeliness curve, days after onset (Buckeridge et al. 2005 report detection by day d). */
export const TIMELINESS_DAYS = [1, 3, 7] as const;

/** One point of the timeliness curve. */
export interface TimelinessPoint {
  /** horizon d, days after the event's first day */
  days: number;
  /** events detected with delay ≤ d, over ALL events of the type (missed events count as not detected) */
  fraction: number;
}

export interface EventTypeScore {
  type: string;
  events: number;
  detected: number;
  /** detected / events */
  sensitivity: number;
  /** CONDITIONAL median delay in days, over detected events only; null when none detected */
  medianDelayDays: number | null;
  /** unconditional median delay in days over all events (missed = ∞); null = ∞ (see the module comment) */
  unconditionalMedianDelayDays: number | null;
  /** fraction of all events detected within 1, 3 and 7 days ({@link TIMELINESS_DAYS}) */
  timeliness: TimelinessPoint[];
}

/**
 * Type-7 median of `events` delays of which only the ascending `detectedDelays` are finite (the rest are ∞).
 * @returns the median in days, or null when it is ∞ (also for events = 0)
 */
export function unconditionalMedianDelay(detectedDelays: readonly number[], events: number): number | null {
  if (events === 0) return null;
  const d = [...detectedDelays].sort((a, b) => a - b);
  const h = (events - 1) / 2;
  const lo = Math.floor(h);
  if (h === lo) return lo < d.length ? (d[lo] as number) : null;
  return lo + 1 < d.length ? ((d[lo] as number) + (d[lo + 1] as number)) / 2 : null;
}

/** Timeliness curve: fraction of `events` detected with delay ≤ d for each d of `horizons`. */
export function timelinessCurve(
  detectedDelays: readonly number[],
  events: number,
  horizons: readonly number[] = TIMELINESS_DAYS,
): TimelinessPoint[] {
  return horizons.map((days) => ({
    days,
    fraction: events > 0 ? detectedDelays.filter((x) => x <= days).length / events : 0,
  }));
}

/** How a detector's score on one event type compares with a reference detector's (EARS C2 in issue #4). */
export interface GoalComparison {
  /** unconditional median delay shorter (a finite median beats ∞; both ∞ → false) */
  byUnconditionalMedian: boolean;
  /** conditional median delay (detected events only) shorter — shown for completeness, biased, not used for `met` */
  byConditionalMedian: boolean;
  /** the timeliness curve dominates: fraction ≥ the reference's at every horizon and > at one */
  byTimeliness: boolean;
  /** `byUnconditionalMedian || byTimeliness` (the caller also checks the false-alarm budget) */
  met: boolean;
}

/**
 * Compares `candidate` with `reference` on the same event type. "Shorter delay than the reference" is judged on the
 * unbiased metrics only (unconditional median, timeliness dominance), not on the conditional median.
 * @throws ScienceInputError when the event types or the timeliness horizons differ
 */
export function compareWithReference(candidate: EventTypeScore, reference: EventTypeScore): GoalComparison {
  if (candidate.type !== reference.type)
    throw new ScienceInputError("reference.type", reference.type, `the candidate's type ${candidate.type}`);
  const c = candidate.unconditionalMedianDelayDays;
  const r = reference.unconditionalMedianDelayDays;
  const byUnconditionalMedian = c !== null && (r === null || c < r);
  const cc = candidate.medianDelayDays;
  const rc = reference.medianDelayDays;
  const byConditionalMedian = cc !== null && (rc === null || cc < rc);
  if (candidate.timeliness.map((t) => t.days).join() !== reference.timeliness.map((t) => t.days).join()) {
    throw new ScienceInputError("reference.timeliness", "other horizons", "the candidate's horizons");
  }
  const pairs = candidate.timeliness.map(
    (t, i) => [t.fraction, (reference.timeliness[i] as TimelinessPoint).fraction] as const,
  );
  const byTimeliness = pairs.every(([a, b]) => a >= b) && pairs.some(([a, b]) => a > b);
  return { byUnconditionalMedian, byConditionalMedian, byTimeliness, met: byUnconditionalMedian || byTimeliness };
}

export interface DetectorEvaluation {
  byType: EventTypeScore[];
  falseAlarms: number;
  monitoredDays: number;
  /** false alarms per site-year (365.25 days) */
  falseAlarmsPerSiteYear: number;
}

/**
 * Scores alarms against truth over many series.
 * @param graceDays days after an event's end during which an alarm still counts as detecting it (integer ≥ 0;
 *   default 0)
 * @throws ScienceInputError for invalid dates, end < start, negative monitored days or grace
 */
export function evaluateDetector(series: readonly EvaluatedSeries[], graceDays = 0): DetectorEvaluation {
  if (!Number.isInteger(graceDays) || graceDays < 0)
    throw new ScienceInputError("graceDays", graceDays, "an integer ≥ 0");
  const delays = new Map<string, number[]>();
  const counts = new Map<string, number>();
  let falseAlarms = 0;
  let monitoredDays = 0;
  series.forEach((s, si) => {
    if (!(s.monitoredDays >= 0 && Number.isFinite(s.monitoredDays))) {
      throw new ScienceInputError(`series[${si}].monitoredDays`, s.monitoredDays, "a finite number ≥ 0");
    }
    monitoredDays += s.monitoredDays;
    const alarms = [...new Set(s.alarmDates.map((d, i) => dayNumber(d, `series[${si}].alarmDates[${i}]`)))].sort(
      (a, b) => a - b,
    );
    const windows = s.events.map((e, ei) => {
      const a = dayNumber(e.start, `series[${si}].events[${ei}].start`);
      const b = dayNumber(e.end, `series[${si}].events[${ei}].end`);
      if (b < a) throw new ScienceInputError(`series[${si}].events[${ei}].end`, e.end, `a date ≥ start ${e.start}`);
      return { type: e.type, from: a, to: b + graceDays };
    });
    for (const w of windows) {
      counts.set(w.type, (counts.get(w.type) ?? 0) + 1);
      const first = alarms.find((d) => d >= w.from && d <= w.to);
      if (first !== undefined) {
        const list = delays.get(w.type) ?? [];
        list.push(first - w.from);
        delays.set(w.type, list);
      }
    }
    for (const d of alarms) if (!windows.some((w) => d >= w.from && d <= w.to)) falseAlarms++;
  });
  const byType = [...counts.keys()].sort().map((type) => {
    const ds = delays.get(type) ?? [];
    const events = counts.get(type) as number;
    return {
      type,
      events,
      detected: ds.length,
      sensitivity: ds.length / events,
      medianDelayDays: ds.length ? median(ds) : null,
      unconditionalMedianDelayDays: unconditionalMedianDelay(ds, events),
      timeliness: timelinessCurve(ds, events),
    };
  });
  return {
    byType,
    falseAlarms,
    monitoredDays,
    falseAlarmsPerSiteYear: monitoredDays > 0 ? falseAlarms / (monitoredDays / 365.25) : 0,
  };
}
