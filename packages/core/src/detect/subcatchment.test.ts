import { describe, expect, it } from "vitest";
import { dateOfDayNumber, dayNumber } from "./day-number.js";
import { subcatchmentDifference } from "./subcatchment.js";

const mondays = (lns: (number | null)[]) =>
  lns.map((v, i) => ({ date: dateOfDayNumber(dayNumber("2024-01-01") + 7 * i), value: v === null ? null : Math.exp(v), censored: false }));

describe("sub-catchment vs parent plant", () => {
  it("a city-wide rise cancels; a rise of the venue's share is flagged", () => {
    // parent ln = 1,1,1,1,8 (the whole city rises by e^7 in week 5)
    // (a) sub ln = 2,3,4,5,12 → d = 1,2,3,4,4; baseline {1,2,3,4}: median 2.5, MAD 1 → z = (4 − 2.5)/1.4826 = 1.011736
    const a = subcatchmentDifference(mondays([2, 3, 4, 5, 12]), mondays([1, 1, 1, 1, 8]));
    expect(a.map((p) => p.logRatio)).toEqual([1, 2, 3, 4, 4].map((x) => expect.closeTo(x, 12)));
    expect(a[4]?.z).toBeCloseTo(1.5 / 1.4826, 10);
    // (b) sub ln = 2,3,4,5,20 → d5 = 12 → z = (12 − 2.5)/1.4826 = 6.407662
    const b = subcatchmentDifference(mondays([2, 3, 4, 5, 20]), mondays([1, 1, 1, 1, 8]));
    expect(b[4]?.z).toBeCloseTo(9.5 / 1.4826, 10);
    expect(b[4]?.baselineLogRatio).toBeCloseTo(2.5, 12);
  });

  it("no plant sample or a censored load on a day → no difference that day (and not in the baseline)", () => {
    const parent = mondays([1, 1, 1, 1, 1, 1]).filter((_, i) => i !== 2); // plant not sampled in week 3
    const sub = mondays([2, 3, 4, 5, 6, 20]);
    const r = subcatchmentDifference(sub, parent);
    expect(r[2]?.logRatio).toBeNull();
    // week 6: baseline {d1, d2, d4, d5} = {1, 2, 4, 5}: median 3, |dev| 2,1,1,2 → MAD 1.5 → z = (19 − 3)/(1.5·1.4826)
    expect(r[5]?.baselineCount).toBe(4);
    expect(r[5]?.z).toBeCloseTo(16 / (1.5 * 1.4826), 10);
    const cens = subcatchmentDifference(mondays([2, 3, 4, 5, 20]).map((p, i) => ({ ...p, censored: i === 4 })), mondays([1, 1, 1, 1, 1]));
    expect(cens[4]?.z).toBeNull();
  });
});
