/**
 * Hono environment of the Tracewater app: per-request variables set by the middleware.
 * `me`/`sessionId` are set by `middleware/auth.ts` for authenticated requests; `log` by `middleware/request-log.ts`.
 */
import type { Me } from "@tracewater/contract";
import type { Logger } from "pino";
import type { RequestAccess } from "./middleware/policy.js";

export interface AppEnv {
  Variables: {
    me: Me;
    sessionId: string;
    log: Logger;
    requestId: string;
    /** set by `middleware/policy.ts` for routes whose policy is an action */
    access: RequestAccess;
  };
}
