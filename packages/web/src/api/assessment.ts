/** Assessment endpoints (`/assessment/*`, issue #5) — one TanStack Query hook per endpoint. */
import { useQuery } from "@tanstack/react-query";
import type { DeclineResponse, HairSurveysResponse, IndexResponse, IndicatorDefinitionOut } from "@tracewater/contract";
import { apiGet } from "./client.js";

/** `GET /assessment/indicators` */
export function useIndicatorDefinitions() {
  return useQuery({
    queryKey: ["assessment", "indicators"],
    queryFn: ({ signal }) => apiGet<{ items: IndicatorDefinitionOut[] }>("/assessment/indicators", undefined, signal),
    staleTime: 10 * 60_000,
  });
}

/** `GET /assessment/decline?asOf=&lastN=` */
export function useDecline(asOf: string, lastN: number) {
  return useQuery({
    queryKey: ["assessment", "decline", asOf, lastN],
    queryFn: ({ signal }) => apiGet<DeclineResponse>("/assessment/decline", { asOf, lastN }, signal),
  });
}

/** `GET /assessment/index?period=` */
export function useSituationIndex(period: string) {
  return useQuery({
    queryKey: ["assessment", "index", period],
    queryFn: ({ signal }) => apiGet<IndexResponse>("/assessment/index", { period }, signal),
  });
}

/** `GET /assessment/hair-surveys?period=` */
export function useHairSurveys(period: string) {
  return useQuery({
    queryKey: ["assessment", "hair-surveys", period],
    queryFn: ({ signal }) => apiGet<HairSurveysResponse>("/assessment/hair-surveys", { period }, signal),
  });
}
