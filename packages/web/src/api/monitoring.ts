/** Monitoring endpoints — one TanStack Query hook per endpoint. PNL values are mg/day/1000 inh. */
import { useQuery } from "@tanstack/react-query";
import { apiGet } from "./client.js";
import { queryKeys } from "./keys.js";
import type {
  Analyte,
  ChangesResponse,
  DataSource,
  LoadsResponse,
  OverviewResponse,
  Page,
  Site,
  SiteSeriesResponse,
  TrendResponse,
  WeeklyResponse,
} from "./types.js";

/** `GET /sources` */
export function useSources() {
  return useQuery({
    queryKey: queryKeys.sources,
    queryFn: ({ signal }) => apiGet<DataSource[]>("/sources", undefined, signal),
    staleTime: 5 * 60_000,
  });
}

/** `GET /analytes` */
export function useAnalytes() {
  return useQuery({
    queryKey: queryKeys.analytes,
    queryFn: ({ signal }) => apiGet<Analyte[]>("/analytes", undefined, signal),
    staleTime: 30 * 60_000,
  });
}

/** `GET /overview?source=` */
export function useOverview(source: string | undefined) {
  return useQuery({
    queryKey: queryKeys.overview(source),
    queryFn: ({ signal }) => apiGet<OverviewResponse>("/overview", { source }, signal),
  });
}

/** `GET /sites?source=` — follows `nextCursor` until every page is loaded (the map needs all sites). */
export function useSites(source: string | undefined) {
  return useQuery({
    queryKey: queryKeys.sites(source),
    queryFn: async ({ signal }) => {
      const sites: Site[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 200; guard++) {
        const page: Page<Site> = await apiGet<Page<Site>>("/sites", { source, cursor, limit: 500 }, signal);
        sites.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return sites;
    },
    staleTime: 5 * 60_000,
  });
}

/** `GET /sites/{code}` */
export function useSite(code: string) {
  return useQuery({
    queryKey: queryKeys.site(code),
    queryFn: ({ signal }) => apiGet<Site>(`/sites/${encodeURIComponent(code)}`, undefined, signal),
  });
}

/** `GET /sites/{code}/series` */
export function useSiteSeries(code: string) {
  return useQuery({
    queryKey: queryKeys.siteSeries(code),
    queryFn: ({ signal }) => apiGet<SiteSeriesResponse>(`/sites/${encodeURIComponent(code)}/series`, undefined, signal),
  });
}

/** `GET /loads?site=&analyte=` (Monte Carlo p2.5/p50/p97.5 interval per row). */
export function useLoads(site: string, analyte: string | undefined) {
  return useQuery({
    queryKey: queryKeys.loads(site, analyte ?? ""),
    queryFn: ({ signal }) => apiGet<LoadsResponse>("/loads", { site, analyte }, signal),
    enabled: Boolean(analyte),
  });
}

/** `GET /weekly?site=&analyte=&year=` */
export function useWeekly(site: string, analyte: string | undefined, year: number | undefined) {
  return useQuery({
    queryKey: queryKeys.weekly(site, analyte ?? "", year ?? 0),
    queryFn: ({ signal }) => apiGet<WeeklyResponse>("/weekly", { site, analyte, year }, signal),
    enabled: Boolean(analyte) && year !== undefined,
  });
}

export interface TrendParams {
  analyte: string | undefined;
  panel: "constant" | "all";
  fromYear?: number;
  toYear?: number;
  source?: string;
}

/** `GET /trend?analyte=&panel=&fromYear=&toYear=&source=` */
export function useTrend(params: TrendParams) {
  return useQuery({
    queryKey: queryKeys.trend(params),
    queryFn: ({ signal }) => apiGet<TrendResponse>("/trend", { ...params }, signal),
    enabled: Boolean(params.analyte),
  });
}

export interface ChangesParams {
  analyte: string | undefined;
  year: number | undefined;
  source?: string;
}

/** `GET /changes?analyte=&year=&source=` */
export function useChanges(params: ChangesParams) {
  return useQuery({
    queryKey: queryKeys.changes(params),
    queryFn: ({ signal }) => apiGet<ChangesResponse>("/changes", { ...params }, signal),
    enabled: Boolean(params.analyte) && params.year !== undefined,
  });
}
