/**
 * Typed fetch client for the Tracewater REST API (`/api/v1`, same origin).
 * - cookies: `credentials: 'same-origin'` (session cookie `tw_session`, HttpOnly, SameSite=Strict)
 * - every state-changing request sends `X-Requested-With: tracewater` (CSRF guard checked by the server)
 * - errors: RFC 9457 problem+json is parsed into {@link ApiError} (status, stable `code`, `errors[]`)
 */
import type { Problem } from "@tracewater/contract";

export const API_BASE = "/api/v1";

/** An HTTP error from the API; `code` is the problem's stable machine code (or `http-<status>`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.detail ?? problem?.title ?? fallback);
    this.name = "ApiError";
    this.status = status;
    this.code = problem?.code ?? `http-${status}`;
    this.problem = problem;
  }
  /** `errors` of the problem (e.g. import validation errors), empty when absent. */
  get errors(): unknown[] {
    return this.problem?.errors ?? [];
  }
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

/** Builds `/api/v1<path>?<params>` skipping null/undefined/empty values. */
export function apiUrl(path: string, params?: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ""}`;
}

async function parseResponse<T>(response: Response): Promise<T> {
  const type = response.headers.get("content-type") ?? "";
  if (!response.ok) {
    let problem: Problem | null = null;
    if (type.includes("json")) {
      try {
        problem = (await response.json()) as Problem;
      } catch {
        problem = null;
      }
    }
    throw new ApiError(response.status, problem, `${response.status} ${response.statusText}`);
  }
  if (response.status === 204) return undefined as T;
  if (type.includes("json")) return (await response.json()) as T;
  return (await response.text()) as T;
}

/** GET a JSON resource (extra `headers`, e.g. `X-Purpose`). Throws {@link ApiError}. */
export async function apiGet<T>(
  path: string,
  params?: QueryParams,
  signal?: AbortSignal,
  headers?: Record<string, string>,
): Promise<T> {
  const response = await fetch(apiUrl(path, params), {
    method: "GET",
    credentials: "same-origin",
    headers: { Accept: "application/json", ...headers },
    signal,
  });
  return parseResponse<T>(response);
}

/** POST JSON (plain object) or multipart (FormData). Throws {@link ApiError}. */
export async function apiPost<T>(path: string, body?: unknown, params?: QueryParams): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", "X-Requested-With": "tracewater" };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(apiUrl(path, params), {
    method: "POST",
    credentials: "same-origin",
    headers,
    body: payload,
  });
  return parseResponse<T>(response);
}
