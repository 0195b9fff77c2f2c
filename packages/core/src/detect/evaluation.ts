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

export interface EventTypeScore {
  type: string;
  events: number;
  detected: number;
  /** detected / events */
  sensitivity: number;
  /** median delay in days over detected events; null when none detected */
  medianDelayDays: number | null;
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
  if (!Number.isInteger(graceDays) || graceDays < 0) throw new ScienceInputError("graceDays", graceDays, "an integer ≥ 0");
  const delays = new Map<string, number[]>();
  const counts = new Map<string, number>();
  let falseAlarms = 0;
  let monitoredDays = 0;
  series.forEach((s, si) => {
    if (!(s.monitoredDays >= 0 && Number.isFinite(s.monitoredDays))) {
      throw new ScienceInputError(`series[${si}].monitoredDays`, s.monitoredDays, "a finite number ≥ 0");
    }
    monitoredDays += s.monitoredDays;
    const alarms = [...new Set(s.alarmDates.map((d, i) => dayNumber(d, `series[${si}].alarmDates[${i}]`)))].sort((a, b) => a - b);
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
    return { type, events, detected: ds.length, sensitivity: ds.length / events, medianDelayDays: ds.length ? median(ds) : null };
  });
  return { byType, falseAlarms, monitoredDays, falseAlarmsPerSiteYear: monitoredDays > 0 ? falseAlarms / (monitoredDays / 365.25) : 0 };
}
