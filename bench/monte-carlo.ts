/**
 * Monte Carlo draws per second of the uncertainty kernel (`monteCarloDrawsInto`) versus a bare loop that draws the
 * same number of standard normal variates from the same seeded generator and only sums them (the cost floor of
 * any Monte Carlo over these components). Target: ratio ≥ 0.5.
 */
import { createRng, DEFAULT_RSD, kernelParams, monteCarloDrawsInto } from "@tracewater/core";
import { type BenchResult, medianMs } from "./lib.js";

const DRAWS = 1_000_000;

export async function benchMonteCarlo(): Promise<BenchResult> {
  const params = kernelParams(58.1, DEFAULT_RSD, true);
  const out = new Float64Array(DRAWS);
  // One kernel draw consumes three standard normals (lognormal part, flow factor, CF factor; see its docstring).
  const normalsPerDraw = 3;
  let sink = 0;
  const baselineMs = await medianMs(() => {
    const rng = createRng(42);
    let s = 0;
    for (let i = 0; i < DRAWS; i++) {
      let acc = 0;
      for (let k = 0; k < normalsPerDraw; k++) acc += rng.normal();
      s += acc;
    }
    sink += s;
  });
  const subjectMs = await medianMs(() => {
    monteCarloDrawsInto(out, params, createRng(42));
    sink += out[DRAWS - 1] as number;
  });
  const subject = DRAWS / (subjectMs / 1000);
  const baseline = DRAWS / (baselineMs / 1000);
  const ratio = subject / baseline;
  return {
    name: "monte-carlo",
    subject: `monteCarloDrawsInto, ${normalsPerDraw} components`,
    baseline: `bare loop of ${normalsPerDraw} seeded normals per draw`,
    value: Math.round(subject),
    unit: "draws/s",
    baselineValue: Math.round(baseline),
    ratio,
    target: "ratio ≥ 0.5",
    pass: ratio >= 0.5,
    notes: `${DRAWS} draws, median of 5 runs; checksum ${sink.toExponential(3)}`,
  };
}
