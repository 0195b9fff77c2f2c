/**
 * Prior weights of candidate sources for tracing (core `candidateSources`): how likely each site's own
 * sub-catchment is to hold the source before any sampling.
 *
 *   w(site) = (own population + VENUE_PRIOR_PERSONS × [venue outfall]) × (1 + past alerts at the site)
 *
 * own population = population served − Σ population served of the direct inflows (≥ 1). A venue outfall counts as
 * VENUE_PRIOR_PERSONS extra persons because venues (KTV, bars, hotels) are over-represented among drug-use settings
 * (science.md §4; the figure is judgement, to be tuned with the tracing evaluation). Past alerts multiply: a site that
 * alerted before is more likely again. Sites without a population get 1 person.
 */

/** Extra prior persons of a venue outfall (judgement, see the module comment). */
export const VENUE_PRIOR_PERSONS = 5_000;

/** Human-readable basis of the priors (shown with a trace plan). */
export const PRIOR_BASIS = `own population + ${VENUE_PRIOR_PERSONS} per venue outfall, × (1 + past alerts at the site)`;
/** Code + params of {@link PRIOR_BASIS} (contract WARNING_PRIOR_BASIS_PARAMS), rendered by the web in the UI language. */
export const PRIOR_BASIS_CODE = "population-venues-past-alerts" as const;
export const PRIOR_BASIS_PARAMS = { venuePersons: VENUE_PRIOR_PERSONS };

export interface PriorSite {
  code: string;
  downstream: string | null;
  kind: string;
  populationServed: number | null;
}

/** Prior weight per site code. @param pastAlerts alerts per site code (any status) */
export function tracingPriors(
  sites: readonly PriorSite[],
  pastAlerts: ReadonlyMap<string, number>,
): Map<string, number> {
  const inflowPop = new Map<string, number>();
  for (const s of sites)
    if (s.downstream) inflowPop.set(s.downstream, (inflowPop.get(s.downstream) ?? 0) + (s.populationServed ?? 0));
  const out = new Map<string, number>();
  for (const s of sites) {
    const own = Math.max(1, (s.populationServed ?? 0) - (inflowPop.get(s.code) ?? 0));
    const venue = s.kind === "venue_outfall" ? VENUE_PRIOR_PERSONS : 0;
    out.set(s.code, (own + venue) * (1 + (pastAlerts.get(s.code) ?? 0)));
  }
  return out;
}
