/** TanStack Query keys, one family per endpoint (so invalidation is explicit). */
export const queryKeys = {
  me: ["auth", "me"] as const,
  sources: ["sources"] as const,
  analytes: ["analytes"] as const,
  overview: (source: string | undefined) => ["overview", source ?? null] as const,
  sites: (source: string | undefined) => ["sites", source ?? null] as const,
  site: (code: string) => ["site", code] as const,
  siteSeries: (code: string) => ["site", code, "series"] as const,
  loads: (site: string, analyte: string) => ["loads", site, analyte] as const,
  weekly: (site: string, analyte: string, year: number) => ["weekly", site, analyte, year] as const,
  trend: (p: object) => ["trend", p] as const,
  changes: (p: object) => ["changes", p] as const,
  imports: ["imports"] as const,
  geo: (name: string) => ["geo", name] as const,
};
